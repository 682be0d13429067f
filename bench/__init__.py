"""Benchmark and fuzz tooling (not part of the installed package)."""
