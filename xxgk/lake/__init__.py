"""The lake: Hive partitions, deterministic file names, staging and atomic commit.

Layout under the lake root::

    {dataset}/report_year=YYYY/part-{id}.parquet   what readers see (`report_year` in the
                                                    path only; each column described)
    DATA_DICTIONARY.md                              the data dictionary, for people
    _staging/{run_id}/{commit_id}/…                 files written but not yet committed
    _commits/{commit_id}.json                       a commit's plan while it is being applied
    _log/{commit_id}.json                           which objects each commit brought in
    _runs/run-….parquet                             one row per run
    _state/partitions/{id}.json                     backfill partitions that completed
    _state/index.parquet, _state/index.json         the index as of a run's end, and the
                                                    commits it includes
    _state/layout.json                              the file layout every file is known to have
    _lock.json                                      the commit lock (see storage/lock.py)

A batch is staged in full, then, under the lake's lock, its plan (files to move in, files to
delete) is written as one object and applied; a run that dies mid-commit is rolled forward by
the next run's `recover`, so readers never see half of a batch's files for long and never see
a torn file. Rows are replaced by key (`source_uri` for `reports`, `report_id` elsewhere): a
file holding a replaced key is rewritten without it in the same commit. Concurrent runs commit
one at a time; before each commit a run catches up on the others' commits from `_log/`, so its
replacements see their rows too.

Files of an older layout (contract v1 stored `report_year` inside the files too, which pyarrow
and pandas cannot read as a Hive dataset) are rewritten in place by `upgrade`, at the start of
the next run, through the same commit plans; their rows keep the `contract_version` they were
written under.

The package by job: `layout` (where everything lives, what each file holds), `index` (which
objects the lake holds), `writer` (staging, commit plans, recovery, upgrades: the `Lake`).
"""

from xxgk.lake.index import INDEX_COLUMNS, INDEX_SCHEMA, IndexEntry, LakeIndex
from xxgk.lake.layout import COMMITS as _COMMITS
from xxgk.lake.layout import DICTIONARY, staging_dir
from xxgk.lake.writer import (
    BatchFrames,
    CommitPlan,
    Lake,
    StagedBatch,
    StagedFile,
    commit_id_for,
    open_lake,
)

__all__ = [
    "DICTIONARY",
    "INDEX_COLUMNS",
    "INDEX_SCHEMA",
    "_COMMITS",
    "BatchFrames",
    "CommitPlan",
    "IndexEntry",
    "Lake",
    "LakeIndex",
    "StagedBatch",
    "StagedFile",
    "commit_id_for",
    "open_lake",
    "staging_dir",
]
