"""Thin Prefect tasks over batches of reports: discover, process, publish."""
