"""A tiny flow for tests/harness/test_prefect_server_support.py: a served process ran it."""

from __future__ import annotations

from pathlib import Path

from prefect import flow

__all__ = ["DemoFlowError", "demo"]


class DemoFlowError(RuntimeError):
    """Raised on purpose by :func:`demo` when asked to fail."""


@flow(name="demo", retries=0, log_prints=False)
def demo(path: str, text: str, fail: bool = False) -> str:
    """Write ``text`` to ``path`` (UTF-8) and return ``path``; raise instead if ``fail``."""
    if fail:
        raise DemoFlowError(f"demo flow asked to fail (path={path!r})")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return path
