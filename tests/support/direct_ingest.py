"""The ingest pipeline without Prefect, for crash tests that kill it many times a second.

It calls exactly what the flow's tasks call (recover, index, list, process, stage, commit,
snapshot), in the same order, so killing it exercises the lake's crash safety, not Prefect's.
    python -m tests.support.direct_ingest SOURCE DEST BATCH_SIZE
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from xxgk import PARSER_VERSION
from xxgk.batch import process_batch
from xxgk.fetch import fetch_all
from xxgk.lake import commit_id_for, open_lake
from xxgk.objects import RunContext
from xxgk.settings import Settings
from xxgk.storage.objects import open_store


def main(source: str, dest: str, batch_size: int) -> None:
    settings = Settings()
    run = RunContext(run_id=f"direct-{datetime.now(UTC):%H%M%S%f}", started_at=datetime.now(UTC))
    lake = open_lake(dest, settings)
    lake.recover(settings)
    index = lake.read_index()
    store = open_store(source, settings)
    todo = [o for o in store.list() if not index.is_current(o.uri, o.etag, PARSER_VERSION)]
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        result = process_batch(fetch_all(store, batch, 4), run, settings.parse_time_limit_seconds)
        commit_id = commit_id_for(((o.uri, o.etag) for o in batch), PARSER_VERSION)
        lake.commit(lake.stage_batch(run.run_id, commit_id, result), index)
    if todo:
        lake.snapshot_index(index)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
