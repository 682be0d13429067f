"""Pure parsing core: raw bytes of one report in, typed records out (no I/O, no Prefect)."""
