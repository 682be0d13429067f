"""Which failures are worth retrying: a store that may answer next time, not a wrong path.

A task retry only helps when the cause can go away by itself (a network fault, a store that is
overloaded or restarting). A lake root that is a file, a permission refused, a missing bucket
or a bug fails the same way every time: retrying only delays the message and repeats the
traceback.
"""

from __future__ import annotations

import errno

from botocore.exceptions import BotoCoreError, ClientError
from obstore.exceptions import BaseError as ObstoreError

from xxgk.storage.errors import ObjectGoneError, ObjectRefusedError, ObjectStoreError

#: Local failures that fail the same way every time.
_PERMANENT_OS_ERRORS = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)
_PERMANENT_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.ENAMETOOLONG, errno.EDQUOT}
#: Client errors (HTTP 4xx) that mean "try again later", not "this request is wrong".
_TRANSIENT_CODES = {
    "RequestTimeout",
    "RequestTimeTooSkewed",
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "TooManyRequests",
    "RequestLimitExceeded",
}


def is_transient(error: BaseException) -> bool:
    """Whether a failed store operation may succeed if tried again later."""
    if isinstance(error, ObjectGoneError | ObjectRefusedError):
        return False
    if isinstance(error, ObjectStoreError):
        cause = error.__cause__
        # obstore's failures that are not a refusal (sorted out above) are the store's.
        return cause is None or isinstance(cause, ObstoreError) or is_transient(cause)
    if isinstance(error, ClientError):
        response = error.response
        code = str(response.get("Error", {}).get("Code", ""))
        status = int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return code in _TRANSIENT_CODES or status >= 500 or status in (408, 429)
    if isinstance(error, BotoCoreError):
        return True  # connection refused, timed out, reset, cut short
    if isinstance(error, _PERMANENT_OS_ERRORS):
        return False
    if isinstance(error, OSError):
        # pyarrow's S3 errors are plain OSErrors without an errno; name the refusals that stay.
        text = str(error)
        if any(word in text for word in ("ACCESS_DENIED", "NO_SUCH_BUCKET", "InvalidAccessKey")):
            return False
        return error.errno not in _PERMANENT_ERRNOS
    return False  # ValueError, RuntimeError, …: a bug or bad input, the same next time
