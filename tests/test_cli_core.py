"""The plain functions behind the command's checks: key globs, year ranges, what is retried."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from xxgk.key_filter import KeyFilter
from xxgk.partitions import parse_years
from xxgk.storage.objects import ObjectStoreError
from xxgk.storage.transient import is_transient

KEYS = ["2024/a.txt", "2024/index.tsv", "2023/b.pdf", "SOURCES.tsv", "logs/crawl.log"]


@pytest.mark.parametrize(
    ("include", "exclude", "selected"),
    [
        ([], [], KEYS),
        ([], ["*.tsv"], ["2024/a.txt", "2023/b.pdf", "logs/crawl.log"]),
        (["2024/*"], [], ["2024/a.txt", "2024/index.tsv"]),
        (["2024/*"], ["*.tsv"], ["2024/a.txt"]),
        (["*.txt", "*.pdf"], [], ["2024/a.txt", "2023/b.pdf"]),
        ([], ["logs/*", "*.tsv"], ["2024/a.txt", "2023/b.pdf"]),
        (["*.TXT"], [], []),  # case-sensitive, as object keys are
    ],
)
def test_globs_choose_keys(include: list[str], exclude: list[str], selected: list[str]) -> None:
    keys = KeyFilter.of(include, exclude)
    assert [k for k in KEYS if keys.selects(k)] == selected


def test_a_file_uri_is_matched_by_its_key(tmp_path: Path) -> None:
    """File URIs are percent-encoded; the globs are written against the plain key."""
    root = tmp_path / "原始"
    uri = (root / "2024" / "江苏 报告.tsv").as_uri()
    keys = KeyFilter.of(None, ["2024/江苏 *.tsv"])
    assert not keys.selects_uri(uri, root.as_uri() + "/")
    assert keys.selects_uri((root / "2024" / "江苏.txt").as_uri(), root.as_uri() + "/")


@pytest.mark.parametrize(
    ("text", "years"),
    [("2020", [2020]), ("2019-2021", [2019, 2020, 2021]), ("2019, 2021", [2019, 2021])],
)
def test_years(text: str, years: list[int]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2030-2020", "ends before it starts (write 2020-2030)"),
        ("abc", "'abc' is not a year"),
        ("2019-", "'2019-' is not a year"),
        ("", "'' is not a year"),
        ("1066", "1066 is not a report year"),
    ],
)
def test_years_that_are_not(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_years(text)


def _client_error(code: str, status: int) -> ClientError:
    response: Any = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return ClientError(response, "PutObject")


def _store_error(cause: BaseException) -> ObjectStoreError:
    try:
        raise ObjectStoreError("PutObject s3://b/k failed") from cause
    except ObjectStoreError as error:
        return error


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (NotADirectoryError(20, "Not a directory"), False),
        (FileExistsError(17, "File exists"), False),
        (PermissionError(13, "Permission denied"), False),
        (ValueError("a bug"), False),
        (RuntimeError("staged file is gone"), False),
        (OSError("AWS Error ACCESS_DENIED during PutObject operation"), False),
        (OSError("AWS Error NETWORK_CONNECTION during PutObject operation"), True),
        (ConnectionResetError(104, "Connection reset by peer"), True),
        (TimeoutError("timed out"), True),
        (_store_error(EndpointConnectionError(endpoint_url="http://127.0.0.1:1")), True),
        (_store_error(_client_error("SlowDown", 503)), True),
        (_store_error(_client_error("InternalError", 500)), True),
        (_store_error(_client_error("AccessDenied", 403)), False),
        (_store_error(_client_error("NoSuchBucket", 404)), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else None,
)
def test_which_errors_are_retried(error: BaseException, transient: bool) -> None:
    assert is_transient(error) is transient


@pytest.mark.prefect
def test_a_permanent_error_is_not_retried(
    prefect_harness: None, seed_folder: Path, tmp_path: Path
) -> None:
    """A lake root that is a file (the command refuses it; the flow called directly does
    not): the tasks that touch it fail once, not once per retry."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.ingest import ingest

    dest = tmp_path / "a-file"
    dest.write_text("not a lake")
    state = ingest(source=str(seed_folder), dest=str(dest), batch_size=2, return_state=True)
    assert state.is_failed()
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[UUID(str(state.state_details.flow_run_id))])
            )
        )
    counts = {run.name.rsplit("-", 1)[0]: run.run_count for run in runs}
    assert counts.get("record-run") == 1, counts
    assert all(count == 1 for count in counts.values()), counts
