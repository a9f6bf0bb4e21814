"""Block storage: the volume service (``nova-lite-volume``), its RPC API,
the file backend, the API-side create flow and usage notifications."""
