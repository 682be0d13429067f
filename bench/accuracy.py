"""`python -m bench.accuracy --count N --seed S`: the pipeline's accuracy on the variation matrix.

Runs the pure core (`xxgk.batch.process_batch`, no Prefect) on generated reports and scores
what it publishes against each report's truth, as the issue measures: every labelled cell
counts once (a table quarantined or rejected by mistake counts all its cells missed), cells
published right, reports entirely right, and wrong numbers published (a published value that
differs from the truth, or any value of a table that had to be quarantined), per class and
overall.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

from bench.draw import COLUMNS, Truth
from bench.generate import Report, matrix
from schemas.codes import Dataset, Status
from xxgk import PARSER_VERSION
from xxgk.batch import process_batch
from xxgk.objects import RunContext, SourceObject

_BATCH = 200
_RUN = RunContext("accuracy", datetime(2026, 1, 1, tzinfo=UTC))


@dataclass
class Verdict:
    """One report scored against its truth."""

    classes: tuple[str, ...]
    cells: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def entirely_right(self) -> bool:
        return not self.problems and not self.wrong


@dataclass
class Tally:
    reports: int = 0
    entirely_right: int = 0
    cells: int = 0
    right: int = 0
    wrong: int = 0

    def add(self, verdict: Verdict) -> None:
        self.reports += 1
        self.entirely_right += verdict.entirely_right
        self.cells += verdict.cells
        self.right += verdict.right
        self.wrong += len(verdict.wrong)


def score(reports: Iterable[Report]) -> Iterator[tuple[Report, Verdict]]:
    """Each report with its verdict, processed in batches as the flow would."""
    stream = iter(reports)
    while batch := list(islice(stream, _BATCH)):
        frames = process_batch(((_source(r), r.data) for r in batch), _RUN).frames
        by_id = _by_report(frames)
        rows = {row["source_uri"]: row for row in frames[Dataset.REPORTS].iter_rows(named=True)}
        for report in batch:
            if report.truth is None:
                raise ValueError(f"{report.key} has no truth: generate it with bench.matrix")
            row = rows[_source(report).uri]
            yield report, judge(report.truth, row, by_id.get(row["report_id"], {}), report.classes)


def tally(verdicts: Iterable[tuple[Report, Verdict]]) -> dict[str, Tally]:
    """Totals by class (every class a report belongs to) and `overall`."""
    totals: dict[str, Tally] = defaultdict(Tally)
    for _, verdict in verdicts:
        for key in ("overall", *verdict.classes):
            totals[key].add(verdict)
    return dict(totals)


def judge(
    truth: Truth,
    row: dict[str, Any],
    published: dict[Dataset, list[dict[str, Any]]],
    classes: tuple[str, ...] = (),
) -> Verdict:
    """Compare one report's `reports` row and published rows with its truth."""
    verdict = Verdict(classes)
    for name, want in (
        ("status", str(truth.status)),
        ("template", str(truth.template)),
        ("report_year", truth.year),
    ):
        if truth.status == Status.REJECTED and name != "status":
            continue
        if row[name] != want:
            verdict.problems.append(f"{name}: got {row[name]!r}, expected {want!r}")
    if sorted(row["quarantined_tables"]) != sorted(truth.quarantined):
        verdict.problems.append(
            f"quarantined_tables: got {sorted(row['quarantined_tables'])}, "
            f"expected {sorted(truth.quarantined)}"
        )
    if truth.agency and not (row["agency"] and any(a in row["agency"] for a in truth.agency)):
        verdict.problems.append(f"agency: got {row['agency']!r}, expected {truth.agency[0]!r}")
    if truth.status != Status.REJECTED:
        published_date = row["published_date"]
        if (published_date not in truth.published) if truth.published else published_date:
            verdict.problems.append(
                f"published_date: got {published_date}, expected {truth.published}"
            )
    _cells(verdict, truth, published)
    return verdict


def _cells(verdict: Verdict, truth: Truth, published: dict[Dataset, list[dict[str, Any]]]) -> None:
    active = {
        (r["item"], r["metric"]): r["value"] for r in published.get(Dataset.ACTIVE_DISCLOSURE, [])
    }
    applications = {
        (r["row_code"], c.value): r[c.value]
        for r in published.get(Dataset.APPLICATIONS, [])
        for c in COLUMNS
    }
    review = {
        ("", c): v
        for r in published.get(Dataset.REVIEW_LITIGATION, [])
        for c, v in r.items()
        if c not in ("report_id", "report_year")
    }
    headline = {(r["metric"], ""): r["value"] for r in published.get(Dataset.HEADLINE_FIGURES, [])}
    truth_applications = {
        (code, c.value): float(v)
        for code, row in truth.applications.items()
        for c, v in zip(COLUMNS, row, strict=True)
    }
    tables: dict[str, tuple[dict[tuple[str, str], float], dict[tuple[str, str], Any]]] = {
        "active_disclosure": (dict(truth.active), active),
        "applications": (truth_applications, applications),
        "review_litigation": ({("", c): float(v) for c, v in truth.review.items()}, review),
        "headline_figures": ({(m, ""): v for m, v in truth.headline.items()}, headline),
    }
    for table, (want, got) in tables.items():
        quarantine = table in truth.quarantined
        verdict.cells += len(want)
        if quarantine:
            if got:
                verdict.wrong.append(f"{table}: published though it must be quarantined")
            else:
                verdict.right += len(want)
            continue
        if table == "headline_figures":
            for key in sorted(got.keys() - want.keys()):
                verdict.wrong.append(
                    f"headline {key[0]}: published {got[key]}, the report states none"
                )
        elif got:
            for key in sorted(got.keys() - want.keys()):
                if got[key]:
                    verdict.wrong.append(f"{table} {key}: published {got[key]}, not in the truth")
        missed = 0
        for key, value in want.items():
            if table == "headline_figures":
                found = got.get(key)
                if found is None:
                    missed += 1
                elif math.isclose(found, value):
                    verdict.right += 1
                else:
                    verdict.wrong.append(f"headline {key[0]}: published {found}, truth {value}")
                continue
            if not got:
                missed += 1
                continue
            found = got.get(key)
            if math.isclose(found or 0, value or 0, abs_tol=1e-9):
                verdict.right += 1
            else:
                verdict.wrong.append(f"{table} {key}: published {found}, truth {value}")
        if missed:
            verdict.problems.append(f"{table}: {missed} cells not published")


def _by_report(
    frames: dict[Dataset, pl.DataFrame],
) -> dict[str, dict[Dataset, list[dict[str, Any]]]]:
    found: dict[str, dict[Dataset, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for dataset in (
        Dataset.ACTIVE_DISCLOSURE,
        Dataset.APPLICATIONS,
        Dataset.REVIEW_LITIGATION,
        Dataset.HEADLINE_FIGURES,
    ):
        for row in frames[dataset].iter_rows(named=True):
            found[row["report_id"]][dataset].append(row)
    return found


def _source(report: Report) -> SourceObject:
    return SourceObject(
        key=report.key,
        uri=f"s3://matrix/{report.key}",
        etag="generated",
        size=len(report.data),
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
    )


def markdown(totals: dict[str, Tally]) -> str:
    """The per-class table, as the issue lays out its measurements."""
    lines = [
        "| class | reports | cells published right | reports entirely right "
        "| wrong numbers published |",
        "|---|---|---|---|---|",
    ]
    order = sorted(totals, key=lambda k: (k == "overall", k.count(":"), k))
    for key in order:
        t = totals[key]
        share = f"{100 * t.right / t.cells:.0f} %" if t.cells else "–"
        label = f"**{key}**" if key == "overall" else key
        lines.append(
            f"| {label} | {t.reports} | {share} ({t.right}/{t.cells}) | "
            f"{t.entirely_right} of {t.reports} | {t.wrong} |"
        )
    return "\n".join(lines) + "\n"


app = typer.Typer(add_completion=False)


@app.command()
def main(
    count: Annotated[int, typer.Option(help="reports to generate")] = 1540,
    seed: Annotated[int, typer.Option(help="generator seed")] = 0,
    show: Annotated[int, typer.Option(help="print the first problems of this many reports")] = 0,
    out: Annotated[
        Path | None, typer.Option(help="also write the table as a markdown page here")
    ] = None,
) -> None:
    """Generate `count` matrix reports, run the pure core on them, print accuracy by class."""
    verdicts = list(score(matrix(count, seed)))
    table = markdown(tally(verdicts))
    print(table)
    if out is not None:
        out.write_text(page(table, count, seed), "utf-8")
    wrong = [(r, v) for r, v in verdicts if not v.entirely_right]
    for report, verdict in wrong[:show]:
        print(
            f"- {report.key} [{report.shape}]: {'; '.join(verdict.wrong + verdict.problems)[:400]}"
        )


def page(table: str, count: int, seed: int) -> str:
    """`docs/accuracy.md`: what was measured, on what, and the table by class and layout."""
    return (
        "# Accuracy on the variation matrix\n\n"
        f"`python -m bench.accuracy --count {count} --seed {seed} --out docs/accuracy.md` "
        f"(written by `make bench`; parser {PARSER_VERSION}, {datetime.now(UTC):%Y-%m-%d}).\n\n"
        "Generated reports (`bench/variations.py`, `bench/variations_more.py`: one class per "
        "issue-16 problem, crossed with every layout of `bench/layouts.py` and UTF-8, GB18030 "
        "and traditional script), each written from numbers drawn first, run through the pure "
        "core (`xxgk.batch.process_batch`) and scored against its truth. Every labelled cell "
        "counts once: a table quarantined or a report rejected by mistake counts all its cells "
        "missed; a table that must be quarantined counts right only when withheld. A report is "
        "entirely right when its status, template, year, quarantined tables, agency, published "
        "date, every cell and every narrative figure are. A wrong number is a published value "
        "that differs from the truth (or any value of a table that had to be quarantined).\n\n"
        f"{table}"
    )


if __name__ == "__main__":
    app()
