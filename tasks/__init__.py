"""Thin Prefect tasks over batches of reports: process a batch, record a run, quality report."""
