"""Errors of the document front ends."""

from __future__ import annotations


class UnreadableDocumentError(ValueError):
    """A document that cannot be read as a report (corrupt, encrypted, scanned: no text)."""
