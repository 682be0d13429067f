"""Every way a command can be misused or fail ends as one line on stderr and an exit code.

Each case runs the real command in a process of its own, as users run it. The checks come
before any flow starts, so none of these runs starts Prefect."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from flows.temporary_server import free_port
from tests.support.cli import FAILURE, USAGE, one_line_error, serverless_env, without_s3, xxgk
from tests.support.seaweedfs import S3Endpoint
from xxgk.preflight import check_dest
from xxgk.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["ingest", "--source", "ftp://host/reports"], USAGE, "unsupported scheme 'ftp'"),
        (["ingest", "--dest", "gs://bucket/lake"], USAGE, "unsupported scheme 'gs'"),
        (["ingest", "--dest", "s3://"], USAGE, "needs a bucket"),
        (["ingest", "--batch-size", "0"], USAGE, "--batch-size must be at least 1"),
        (["ingest", "--batch-size", "many"], USAGE, "'--batch-size'"),
        (["backfill", "--source", ".", "--dest", "x", "--years", "2030-2020"], USAGE, "2020-2030"),
        (["backfill", "--source", ".", "--dest", "x", "--years", "abc"], USAGE, "'abc' is not a"),
        (["backfill", "--source", ".", "--dest", "x", "--years", "1066"], USAGE, "not a report"),
        (["backfill", "--source", ".", "--dest", "x", "--concurrency", "0"], USAGE, "concurrency"),
        (["ingest", "--no-such-option"], USAGE, "No such option"),
        (["no-such-command"], USAGE, "No such command"),
        (["parse", "/no/such/report.txt"], USAGE, "does not exist"),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, list) else None,
)
def test_a_wrong_argument_is_one_line_and_exit_2(args: list[str], code: int, says: str) -> None:
    assert says in one_line_error(xxgk(*args), code)


def test_a_dest_that_is_a_file(a_file: Path, seed_folder: Path) -> None:
    line = one_line_error(xxgk("ingest", "--source", str(seed_folder), "--dest", str(a_file)), 2)
    assert f"{a_file} is a file" in line


def test_a_dest_under_a_file(a_file: Path, seed_folder: Path) -> None:
    dest = a_file / "lake"
    line = one_line_error(xxgk("ingest", "--source", str(seed_folder), "--dest", str(dest)), 2)
    assert f"{a_file} is a file" in line


def test_an_unwritable_dest(seed_folder: Path, tmp_path: Path) -> None:
    """/sys refuses new files even to root (a chmod would not stop root)."""
    dest = "/sys/xxgk-test-lake"
    line = one_line_error(xxgk("ingest", "--source", str(seed_folder), "--dest", dest), FAILURE)
    assert "is not writable" in line
    assert not Path(dest).exists()


def test_a_missing_local_source(tmp_path: Path) -> None:
    source = tmp_path / "nope"
    line = one_line_error(
        xxgk("ingest", "--source", str(source), "--dest", str(tmp_path / "lake")), USAGE
    )
    assert f"{source} does not exist" in line
    assert not (tmp_path / "lake").exists()


def test_a_source_that_is_a_file(a_file: Path, tmp_path: Path) -> None:
    line = one_line_error(xxgk("backfill", "--source", str(a_file), "--dest", "lake"), USAGE)
    assert "is a file, not a folder" in line


def test_status_of_a_lake_that_does_not_exist(tmp_path: Path) -> None:
    line = one_line_error(xxgk("status", "--dest", str(tmp_path / "nowhere")), USAGE)
    assert "does not exist" in line


def test_status_of_a_folder_that_is_no_lake(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    line = one_line_error(xxgk("status", "--dest", str(tmp_path)), USAGE)
    assert "holds no lake" in line


def test_an_unexpected_failure_is_one_line_with_a_hint(tmp_path: Path) -> None:
    """A lake whose `_runs` holds a damaged file: `status` cannot read it, and says so."""
    runs = tmp_path / "lake" / "_runs"
    runs.mkdir(parents=True)
    (runs / "run-1.parquet").write_bytes(b"this is not parquet")
    line = one_line_error(xxgk("status", "--dest", str(tmp_path / "lake")), FAILURE)
    assert "XXGK_DEBUG=1" in line
    debug = xxgk("status", "--dest", str(tmp_path / "lake"), env=without_s3(XXGK_DEBUG="1"))
    assert debug.returncode == FAILURE
    assert "Traceback" in debug.stderr


# -- S3, against the real SeaweedFS server ------------------------------------------------------


@pytest.mark.s3
def test_s3_without_credentials(seaweedfs: S3Endpoint, seed_folder: Path) -> None:
    env = without_s3(XXGK_S3_ENDPOINT_URL=seaweedfs.url)
    run = xxgk("ingest", "--source", str(seed_folder), "--dest", "s3://bucket/lake", env=env)
    assert "no S3 credentials" in one_line_error(run, FAILURE)


@pytest.mark.s3
def test_s3_with_wrong_credentials(seaweedfs: S3Endpoint, bucket: str) -> None:
    env = without_s3(
        **{**seaweedfs.xxgk_env(), "XXGK_S3_SECRET_ACCESS_KEY": "not-the-secret"},
    )
    run = xxgk("ingest", "--source", f"s3://{bucket}/raw", "--dest", "lake", env=env)
    line = one_line_error(run, FAILURE)
    assert "refused the credentials" in line
    assert "not-the-secret" not in run.stderr


@pytest.mark.s3
def test_s3_on_a_port_nobody_listens_on(seaweedfs: S3Endpoint, seed_folder: Path) -> None:
    env = without_s3(**seaweedfs.xxgk_env(f"http://127.0.0.1:{free_port()}"))
    run = xxgk("ingest", "--source", str(seed_folder), "--dest", "s3://bucket/lake", env=env)
    line = one_line_error(run, FAILURE)
    assert "cannot reach" in line


@pytest.mark.s3
def test_s3_bucket_that_does_not_exist(seaweedfs: S3Endpoint, seed_folder: Path) -> None:
    env = without_s3(**seaweedfs.xxgk_env())
    run = xxgk("status", "--dest", "s3://no-such-bucket-xxgk/lake", env=env)
    assert "does not exist" in one_line_error(run, USAGE)


@pytest.mark.s3
def test_s3_status_of_an_empty_prefix(seaweedfs: S3Endpoint, bucket: str) -> None:
    env = without_s3(**seaweedfs.xxgk_env())
    run = xxgk("status", "--dest", f"s3://{bucket}/lake", env=env)
    assert "no lake at" in one_line_error(run, USAGE)


@pytest.mark.s3
def test_s3_dest_that_works_passes_and_leaves_nothing(
    s3_env: S3Endpoint, bucket: str, s3: S3Client
) -> None:
    """The write probe cleans up after itself: a checked lake prefix stays empty."""
    check_dest(f"s3://{bucket}/lake", Settings())
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


@pytest.mark.prefect
def test_a_run_that_fails_inside_the_flow_ends_in_one_line(
    seed_folder: Path, tmp_path: Path
) -> None:
    """Past the checks, a run can still fail (here: a damaged index snapshot in the lake).
    Prefect's log lines stay, without their tracebacks; the last line says what failed."""
    lake = tmp_path / "lake"
    (lake / "_state").mkdir(parents=True)
    (lake / "_state" / "index.json").write_text('{"log_entries": []}')
    (lake / "_state" / "index.parquet").write_bytes(b"not parquet")
    env = serverless_env(tmp_path / "prefect", "threads")
    run = xxgk("ingest", "--source", str(seed_folder), "--dest", str(lake), env=env)
    assert run.returncode == FAILURE, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("xxgk: ArrowInvalid: ") and "index.parquet" in last, last
    assert last.endswith("(XXGK_DEBUG=1 shows the traceback)")
