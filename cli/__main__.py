"""`python -m cli …`: the `xxgk` command without its console script."""

from cli.app import app

app()
