"""An unreliable object store: faults at random on reads and writes are retried away, and a
store that stays down fails the run clearly and resumably, never with a partial commit.

Every request goes through `tests/support/fault_proxy.py`, a real HTTP proxy in front of the
real SeaweedFS server. Timeouts and retry budgets are cut short through xxgk's documented
settings (XXGK_S3_*), so that the module's own work takes under a minute.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlparse
from uuid import UUID

import pytest
from pydantic import SecretStr

from flows.ingest import ingest
from schemas.codes import Dataset
from tests.conftest import ROOT, seed_paths
from tests.support.fault_proxy import (
    ALL_FAULTS,
    READS,
    WRITES,
    DownMode,
    Fault,
    FaultProxy,
    fault_proxy,
)
from tests.support.lake import lake_rows
from tests.support.seaweedfs import S3Endpoint, duckdb_s3_connection, s3_client
from xxgk.lake import open_lake
from xxgk.settings import Settings
from xxgk.storage.lock import LakeLockedError, lake_lock
from xxgk.storage.objects import open_store

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = [pytest.mark.s3, pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

Rows = dict[Dataset, list[tuple[object, ...]]]

RATE = 0.1  # each request's chance of a fault
SEED = 20261217  # its streams fault every kind, on reads too, well within one run's requests
BATCH_SIZE = 2
READ_TIMEOUT = 1.0  # XXGK_S3_READ_TIMEOUT_SECONDS; the proxy's `timeout` fault holds longer
HOLD = 1.5
OPERATION = (
    r"\b(Get|Put|Head|Delete|Copy)Object\b|\bListObjectsV2\b|\bDeleteObjects\b"
    r"|\b(Create|Complete|Abort)MultipartUpload\b|\bUploadPart\b"
)


#: The pipeline without Prefect, in a process of its own: `python -c PLAIN_RUN SOURCE DEST N`.
PLAIN_RUN = (
    "import sys; from xxgk.pipeline import ingest_in_threads; from xxgk.settings import Settings; "
    "ingest_in_threads(sys.argv[1], sys.argv[2], int(sys.argv[3]), Settings())"
)


@dataclass(frozen=True)
class Corpus:
    bucket: str
    source: str
    uris: list[str]  # in listing order, as runs batch them


@pytest.fixture(scope="module")
def corpus(s3: S3Client) -> Corpus:
    """The seeds, in a bucket of their own: five objects, three batches."""
    bucket = "faults-corpus"
    s3.create_bucket(Bucket=bucket)
    for path in seed_paths():
        s3.put_object(Bucket=bucket, Key=f"raw/{path.name}", Body=path.read_bytes())
    uris = [f"s3://{bucket}/raw/{path.name}" for path in seed_paths()]
    return Corpus(bucket, f"s3://{bucket}/raw", sorted(uris))


def _store_env(endpoint: S3Endpoint, url: str, attempts: int) -> dict[str, str]:
    """xxgk pointed at `url`, with short timeouts and `attempts` tries per request."""
    return {
        **endpoint.xxgk_env(url),
        "XXGK_S3_MAX_ATTEMPTS": str(attempts),
        "XXGK_S3_CONNECT_TIMEOUT_SECONDS": "1",
        "XXGK_S3_READ_TIMEOUT_SECONDS": str(READ_TIMEOUT),
    }


def _direct(endpoint: S3Endpoint, url: str | None = None, lock_wait: float = 600) -> Settings:
    """Settings for the server itself (to look at a lake after a run), or for `url`."""
    return Settings(
        s3_endpoint_url=url or endpoint.url,
        s3_region=endpoint.region,
        s3_access_key_id=SecretStr(endpoint.access_key),
        s3_secret_access_key=SecretStr(endpoint.secret_key),
        s3_max_attempts=3,
        s3_read_timeout_seconds=READ_TIMEOUT,
        lock_wait_seconds=lock_wait,
    )


def _run_flow(
    monkeypatch: pytest.MonkeyPatch, endpoint: S3Endpoint, proxy: FaultProxy, source: str, dest: str
) -> str:
    """The real `ingest` flow, through the proxy, with the default retry budget; its run id."""
    for name, value in _store_env(endpoint, proxy.url, attempts=8).items():
        monkeypatch.setenv(name, value)
    summary = ingest(source=source, dest=dest, batch_size=BATCH_SIZE)
    assert summary.balanced, summary.reconciliation()
    return summary.run_id


def _task_run_counts(flow_run_id: str) -> dict[str, int]:
    """How many times Prefect ran each task of a flow run (more than once: it retried)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(flow_run_id)]))
        )
    return {run.name: run.run_count for run in runs}


@pytest.fixture(scope="module")
def reference(seaweedfs: S3Endpoint, corpus: Corpus) -> Rows:
    """A run through the proxy without faults: the lake every other run must equal."""
    dest = f"s3://{corpus.bucket}/reference"
    with pytest.MonkeyPatch.context() as monkeypatch, fault_proxy(seaweedfs.url) as proxy:
        _run_flow(monkeypatch, seaweedfs, proxy, corpus.source, dest)
    assert not proxy.injected
    print(f"fault-free run: {proxy.total} requests, {dict(proxy.requests)}")
    assert _reported(seaweedfs, dest) == set(corpus.uris)
    return lake_rows(dest, _direct(seaweedfs))


def _reported(endpoint: S3Endpoint, dest: str) -> set[str]:
    """The sources the lake's `reports` dataset has rows for."""
    reports = open_lake(dest, _direct(endpoint)).read_dataset(Dataset.REPORTS)
    return set(reports["source_uri"].to_list())


def test_the_proxy_relays_a_signed_chunked_upload(
    seaweedfs: S3Endpoint, corpus: Corpus, s3: S3Client
) -> None:
    """Signed for the proxy's address, framed in chunks: SeaweedFS takes it as sent."""
    with fault_proxy(seaweedfs.url) as proxy:
        signer = s3_client(replace(seaweedfs, url=proxy.url))
        params = {"Bucket": corpus.bucket, "Key": "chunked"}
        url = urlparse(signer.generate_presigned_url("put_object", Params=params))
        assert url.hostname and url.port
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
        try:
            parts = iter([b"first, ", b"second"])
            connection.request("PUT", f"{url.path}?{url.query}", parts, encode_chunked=True)
            assert connection.getresponse().status == 200
        finally:
            connection.close()
    assert s3.get_object(Bucket=corpus.bucket, Key="chunked")["Body"].read() == b"first, second"
    assert proxy.requests == {"PUT": 1}


@pytest.mark.parametrize("kind", ["truncated", "reset"])
def test_a_body_that_breaks_off_is_read_again(
    kind: Fault, seaweedfs: S3Endpoint, corpus: Corpus
) -> None:
    """botocore retries a GET until its headers arrive, not the reading of its body."""
    with fault_proxy(seaweedfs.url) as proxy:
        store = open_store(corpus.source, _direct(seaweedfs, proxy.url))
        first = next(iter(store.list()))
        proxy.inject_next(kind, after=True, method="GET")
        assert store.read(first) == seed_paths()[0].read_bytes()
    assert proxy.injected == {f"{kind}/after": 1}


def test_a_lock_whose_answer_was_lost_is_still_ours(
    seaweedfs: S3Endpoint, corpus: Corpus, s3: S3Client
) -> None:
    """The conditional PUT went through but its answer did not: the client's retry is refused
    (the lock exists), and the lock holds this very lease."""
    with fault_proxy(seaweedfs.url) as proxy:
        lock = lake_lock(f"s3://{corpus.bucket}/lost", _direct(seaweedfs, proxy.url, 1.0))
        proxy.inject_next("500", after=True, method="PUT")
        with lock.held(owner="lost-answer"):
            assert s3.head_object(Bucket=corpus.bucket, Key="lost/_lock.json")["ContentLength"]
    assert proxy.injected == {"500/after": 1}
    assert "Contents" not in s3.list_objects_v2(Bucket=corpus.bucket, Prefix="lost/")


def test_a_refusal_cut_short_still_means_locked(seaweedfs: S3Endpoint, corpus: Corpus) -> None:
    """A 412 whose error body was cut off has no error code: the status says it all."""
    uri = f"s3://{corpus.bucket}/contended"
    with fault_proxy(seaweedfs.url) as proxy:
        waiting = lake_lock(uri, _direct(seaweedfs, proxy.url, lock_wait=0.2))
        with lake_lock(uri, _direct(seaweedfs)).held(owner="first"):
            proxy.inject_next("truncated", after=True, method="PUT")
            with pytest.raises(LakeLockedError), waiting.held(owner="second"):
                pass
    assert proxy.injected["truncated/after"] == 1


def test_random_faults_on_reads_and_writes_are_retried_away(
    seaweedfs: S3Endpoint, corpus: Corpus, reference: Rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real flow, S3 to S3, with one request in ten failing in any of the ways: the lake
    equals the fault-free one."""
    dest = f"s3://{corpus.bucket}/faulted"
    with fault_proxy(seaweedfs.url, rate=RATE, seed=SEED, hold_seconds=HOLD) as proxy:
        run_id = _run_flow(monkeypatch, seaweedfs, proxy, corpus.source, dest)
    print(f"{proxy.total} requests; faults {dict(proxy.injected)}, by method {proxy.faulted}")
    assert lake_rows(dest, _direct(seaweedfs)) == reference
    # xxgk's own retries absorbed every fault: Prefect had no task to run again.
    counts = _task_run_counts(run_id)
    assert counts and {name: n for name, n in counts.items() if n != 1} == {}
    assert {kind: proxy.faults(kind) for kind in ALL_FAULTS if not proxy.faults(kind)} == {}
    assert {"reset/after", "timeout/after", "500/after"} <= set(proxy.injected)  # lost answers
    assert sum(proxy.faulted[m] for m in READS) and sum(proxy.faulted[m] for m in WRITES)


@pytest.mark.parametrize(
    ("mode", "after", "matching"),
    [
        pytest.param("reset", 0, "", id="down-from-the-start"),
        # 3 requests upload a commit's plan and 3 clear it: down once the second plan is in
        pytest.param("unavailable", 9, "/_commits/", id="down-mid-commit"),
    ],
)
def test_a_store_that_stays_down_fails_the_run_clearly_and_resumably(
    mode: DownMode,
    after: int,
    matching: str,
    seaweedfs: S3Endpoint,
    corpus: Corpus,
    reference: Rows,
    s3: S3Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pipeline (in a process of its own) fails with one line that says what failed
    where, leaves no half batch that the next run would not finish, and the next run, the
    store back, completes the lake."""
    dest = f"s3://{corpus.bucket}/down-{mode}-{after}"
    with fault_proxy(seaweedfs.url, seed=SEED) as proxy:
        proxy.go_down(mode, after=after, matching=matching)
        run = subprocess.run(
            [sys.executable, "-c", PLAIN_RUN, corpus.source, dest, "2"],
            cwd=ROOT,
            env={**os.environ, **_store_env(seaweedfs, proxy.url, attempts=2)},
            capture_output=True,
            timeout=120,
        )
        assert run.returncode != 0
        assert proxy.injected["down"]
        errors = run.stderr.decode()
        message = errors.strip().splitlines()[-1]
        print(f"the failed run's error: {message}")
        _assert_clear(message, corpus.bucket)
        assert seaweedfs.secret_key not in errors and seaweedfs.access_key not in errors
        _assert_whole_batches(seaweedfs, s3, corpus, dest)
        proxy.come_back()
        _run_flow(monkeypatch, seaweedfs, proxy, corpus.source, dest)
    assert lake_rows(dest, _direct(seaweedfs)) == reference


def _assert_clear(message: str, bucket: str) -> None:
    """One line that names the failing request and the store: its S3 operation and bucket."""
    assert re.match(r"[\w.]+(Error|Exception): ", message), message  # not a traceback's middle
    assert re.search(OPERATION, message), message
    assert bucket in message, message


def _assert_whole_batches(endpoint: S3Endpoint, s3: S3Client, corpus: Corpus, dest: str) -> None:
    """What a reader sees after the failed run: readable files, and each batch's reports
    rows all there or none, unless its commit's plan waits for the next run to finish it."""
    rows = lake_rows(dest, _direct(endpoint))
    db = duckdb_s3_connection(endpoint)
    try:
        for dataset in Dataset:
            if rows[dataset]:
                db.sql(
                    f"select count(*) from read_parquet('{dest}/{dataset.value}/**/*.parquet', "
                    "hive_partitioning=true)"
                ).fetchall()
    finally:
        db.close()
    present = _reported(endpoint, dest)
    prefix = dest.removeprefix(f"s3://{corpus.bucket}/")
    plans = s3.list_objects_v2(Bucket=corpus.bucket, Prefix=f"{prefix}/_commits/")
    pending = [p["Key"] for p in plans.get("Contents", []) if p["Key"].endswith(".json")]
    batches = [corpus.uris[i : i + BATCH_SIZE] for i in range(0, len(corpus.uris), BATCH_SIZE)]
    partial = [b for b in batches if 0 < len(present & set(b)) < len(b)]
    print(f"after the failure: {len(present)} reports rows, pending plans {pending}")
    assert not partial or len(pending) == 1, (partial, pending)
