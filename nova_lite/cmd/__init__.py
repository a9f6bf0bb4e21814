"""Daemon entry points.  Each module's first import is monkey_patch."""
