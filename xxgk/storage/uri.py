"""Parse the locations users pass: a local path, `file://…` or `s3://bucket/prefix`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse


@dataclass(frozen=True)
class Location:
    scheme: str  # "file" or "s3"
    bucket: str  # empty for local folders
    prefix: str  # absolute folder for "file"; key prefix without leading "/" for "s3"

    def __str__(self) -> str:
        if self.scheme == "s3":
            return f"s3://{self.bucket}/{self.prefix}".rstrip("/")
        return f"file://{self.prefix}"


def parse_location(uri: str) -> Location:
    parsed = urlparse(uri)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError(f"{uri!r}: an s3:// URI needs a bucket (s3://bucket/prefix)")
        return Location("s3", parsed.netloc, parsed.path.strip("/"))
    if parsed.scheme == "file":
        return Location("file", "", str(Path(unquote(parsed.path)).resolve()))
    if parsed.scheme and len(parsed.scheme) > 1:
        raise ValueError(
            f"{uri!r}: unsupported scheme {parsed.scheme!r} (use a path, file:// or s3://)"
        )
    return Location("file", "", str(Path(uri).expanduser().resolve()))
