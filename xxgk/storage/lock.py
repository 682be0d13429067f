"""A lease-based lock on a lake, so concurrent runs commit one at a time.

The lock is one object, `_lock.json`, created only if absent: an exclusive create on a local
disk, a conditional PUT (`If-None-Match: *`) on S3. It holds its owner and an expiry; a lock
whose holder died is taken over once its lease has run out.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from botocore.exceptions import ClientError

from xxgk.settings import Settings
from xxgk.storage.objects import get_bytes, s3_request
from xxgk.storage.s3_config import S3Config
from xxgk.storage.uri import Location, parse_location

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

LOCK_NAME = "_lock.json"


class LakeLockedError(RuntimeError):
    """Another run holds the lake's lock and did not release it in time."""


@dataclass(frozen=True)
class Lease:
    owner: str
    host: str
    pid: int
    acquired_at: str
    expires_at: str

    def expired(self, now: datetime) -> bool:
        """Its lease ran out, or its holder was a process on this machine that is gone (a
        crashed run need not block the next one for a whole lease)."""
        if datetime.fromisoformat(self.expires_at) <= now:
            return True
        return self.host == socket.gethostname() and not _alive(self.pid)

    def describe(self) -> str:
        return (
            f"run {self.owner} on {self.host} (pid {self.pid}) since {self.acquired_at}; "
            f"its lease expires at {self.expires_at}"
        )


class LockStore(Protocol):
    def create(self, body: bytes) -> bool:
        """Write the lock object if it does not exist; False when it does."""

    def read(self) -> bytes | None: ...

    def delete(self) -> None: ...


class LocalLockStore:
    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_NAME

    def create(self, body: bytes) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
        return True

    def read(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


class S3LockStore:
    def __init__(self, location: Location, settings: Settings) -> None:
        self.bucket = location.bucket
        self.key = f"{location.prefix}/{LOCK_NAME}" if location.prefix else LOCK_NAME
        self.uri = f"s3://{self.bucket}/{self.key}"
        self.config = S3Config.from_settings(settings)
        self.max_attempts = settings.s3_max_attempts

    @cached_property
    def client(self) -> S3Client:
        return self.config.boto3_client()

    def create(self, body: bytes) -> bool:
        with s3_request(self.config.where, "PutObject", self.uri):
            try:
                self.client.put_object(Bucket=self.bucket, Key=self.key, Body=body, IfNoneMatch="*")
            except ClientError as error:
                # By status: a 412 whose error body was cut off has no code but "412".
                if _status(error) in {409, 412}:
                    return False
                raise
        return True

    def read(self) -> bytes | None:
        with s3_request(self.config.where, "GetObject", self.uri):
            try:
                return get_bytes(self.client, self.bucket, self.key, self.max_attempts)
            except ClientError as error:
                if _status(error) == 404:
                    return None
                raise

    def delete(self) -> None:
        with s3_request(self.config.where, "DeleteObject", self.uri):
            self.client.delete_object(Bucket=self.bucket, Key=self.key)


class LakeLock:
    def __init__(self, store: LockStore, where: str, settings: Settings) -> None:
        self.store = store
        self.where = where
        self.wait = settings.lock_wait_seconds
        self.lease = timedelta(seconds=settings.lock_lease_seconds)

    @contextlib.contextmanager
    def held(self, owner: str) -> Iterator[None]:
        """Hold the lock for a short critical section (a commit, a recovery)."""
        self._acquire(owner)
        try:
            yield
        except BaseException:
            # Whatever failed matters more than a release that fails with it (the store may
            # be down for both): a lock left behind is taken over once its lease runs out.
            with contextlib.suppress(Exception):
                self._release(owner)
            raise
        self._release(owner)

    def _acquire(self, owner: str) -> None:
        deadline = time.monotonic() + self.wait
        pause = 0.05
        while True:
            now = datetime.now(UTC)
            lease = Lease(
                owner=owner,
                host=socket.gethostname(),
                pid=os.getpid(),
                acquired_at=now.isoformat(),
                expires_at=(now + self.lease).isoformat(),
            )
            body = json.dumps(lease.__dict__).encode()
            if self.store.create(body):
                return
            current = self.store.read()
            if current == body:
                # Our create went through but its answer was lost, and the client's retry
                # was refused because of it: the lock is ours.
                return
            holder = _lease(current)
            if holder is not None and holder.expired(now):
                self.store.delete()  # its holder died: the lease ran out
                continue
            if time.monotonic() >= deadline:
                held_by = holder.describe() if holder else "a run that just released it"
                raise LakeLockedError(
                    f"the lake at {self.where} is locked by {held_by}; gave up after "
                    f"{self.wait:.0f} s (XXGK_LOCK_WAIT_SECONDS)"
                )
            time.sleep(pause)
            pause = min(pause * 2, 1.0)

    def _release(self, owner: str) -> None:
        holder = _lease(self.store.read())
        if holder is not None and holder.owner == owner:
            self.store.delete()


def _status(error: ClientError) -> int | None:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def _lease(body: bytes | None) -> Lease | None:
    if body is None:
        return None
    try:
        return Lease(**json.loads(body))
    except (ValueError, TypeError):
        return Lease(
            "unknown", "unknown", 0, "unknown", datetime.min.replace(tzinfo=UTC).isoformat()
        )


def lake_lock(uri: str, settings: Settings) -> LakeLock:
    location = parse_location(uri)
    if location.scheme == "s3":
        return LakeLock(S3LockStore(location, settings), str(location), settings)
    return LakeLock(LocalLockStore(Path(location.prefix)), str(location), settings)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return pid > 0
