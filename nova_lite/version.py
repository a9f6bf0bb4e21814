"""The nova_lite release."""

VERSION = '0.1.0'
