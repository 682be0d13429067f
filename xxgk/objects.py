"""What the pipeline knows about one source object and one run, independent of the store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SourceObject:
    """A listed object: enough to fetch it and to tell whether it changed since last time."""

    key: str
    uri: str
    etag: str
    size: int
    last_modified: datetime


@dataclass(frozen=True)
class RunContext:
    run_id: str
    started_at: datetime


def report_id_of(data: bytes) -> str:
    """The contract's `report_id`: lowercase hex SHA-256 of the raw bytes."""
    return hashlib.sha256(data).hexdigest()
