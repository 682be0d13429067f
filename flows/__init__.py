"""Prefect flows: the only code that knows about runs and the Prefect runtime."""
