"""Benchmarks and fault injection against any Compute API endpoint
(``nova-lite-bench``, ``tools/chaos/``).  Speaks only the REST API: the
same run measures nova_lite and the reference Nova."""
