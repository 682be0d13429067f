"""The storage errors the pipeline reasons about, free of any S3 client library, so the pure
core (`xxgk.batch`) can name them without importing boto3."""

from __future__ import annotations


class ObjectTooLargeError(ValueError):
    """An object exceeds `max_object_bytes`; it is rejected rather than read into memory."""


class ObjectStoreError(OSError):
    """A request to the object store failed for good, after the client's retries. Its message
    says which request, on which object, at which endpoint, and why (never the credentials):
    the clients' own say only the operation."""


class ObjectGoneError(ObjectStoreError, FileNotFoundError):
    """The store answered that the object is not there (HTTP 404): reading it again cannot help."""


class ObjectRefusedError(ObjectStoreError, PermissionError):
    """The store refused to hand the object over (HTTP 401/403): the same answer next time."""
