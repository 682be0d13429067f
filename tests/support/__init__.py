"""Test-support helpers (real services started for the test suite)."""
