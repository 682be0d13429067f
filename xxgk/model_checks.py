"""Whether a frame passes every check of a pandera model, in one Polars query.

pandera's polars backend collects one small query per check, per column and per core check
(nullable, unique), some 50 per table: tens of milliseconds a batch whatever its size, and
most batches fail nothing. `passes` runs the model's own checks (the same check functions
pandera calls, with its null handling) as one `collect_all`, so a frame that passes them all
needs no pandera run; a frame that fails any, or a model using a feature not read here, goes
to pandera, whose failure cases stay the only source of quarantine rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

import pandera.backends.polars.builtin_checks  # noqa: F401  (the checks' Polars implementations)
import pandera.polars as pa
import polars as pl
from pandera.api.checks import Check
from pandera.api.polars.types import PolarsData
from pandera.config import CONFIG

from schemas import polars_schema


@dataclass(frozen=True)
class _Check:
    """One check as pandera runs it: its function on a column (`*`: the frame), and whether
    a null output passes."""

    column: str
    function: Callable[[PolarsData], object]
    ignore_na: bool
    #: How pandera names the check in its failure cases (`error`, else `name`), if it can.
    name: str | None


@dataclass(frozen=True)
class _Plan:
    """A model's checks as pandera runs them: (column or `*`, check) pairs, and the columns
    that must hold no null (nor NaN) and the ones that must hold no duplicate."""

    schema: pl.Schema
    checks: tuple[_Check, ...]
    not_nullable: tuple[str, ...]
    unique: tuple[str, ...]


def passes(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> bool:
    """True only when pandera's validation of `frame` against `model` finds nothing; False
    when it may find something (then ask pandera)."""
    return frame_check_failures(model, frame) == []


def frame_check_failures(
    model: type[pa.DataFrameModel], frame: pl.DataFrame
) -> list[tuple[str, list[int]]] | None:
    """The failure cases pandera reports when only the model's dataframe checks fail: each
    failing check's name with its failing rows, in pandera's order (the model's check order,
    rows ascending); `[]` when nothing fails. None when anything else may fail (a column's
    check, `nullable`, `unique`, the schema) or cannot be read here: then ask pandera."""
    plan = _plan(model)
    if plan is None or CONFIG.use_narwhals_backend or frame.schema != plan.schema:
        return None
    lazy = frame.lazy()
    queries: list[pl.LazyFrame] = []
    try:
        for check in plan.checks:
            output = check.function(PolarsData(lazy, check.column))
            if not isinstance(output, pl.LazyFrame):
                return None  # a check answering for the whole frame at once
            queries.append(output)
    except Exception:  # a check that raises fails in pandera: let it say so
        return None
    core = [
        *(
            (pl.col(c).is_not_null() & pl.col(c).is_not_nan()).all()
            if plan.schema[c].is_float()
            else pl.col(c).is_not_null().all()
            for c in plan.not_nullable
        ),
        *(pl.col(c).is_duplicated().any().not_() for c in plan.unique),
    ]
    if core:
        queries.append(lazy.select(pl.all_horizontal(core).alias("core")))
    try:
        results = pl.collect_all(queries, engine="in-memory")  # (small frames)
    except Exception:  # a check that raises fails in pandera: let it say so
        return None
    if core and not results[-1].item():
        return None
    failures: list[tuple[str, list[int]]] = []
    for check, result in zip(plan.checks, results, strict=False):
        if result.width != 1:
            return None  # pandera folds several outputs; not worth reading here
        output = result.to_series()
        if output.dtype != pl.Boolean:
            return None
        passed = output.fill_null(check.ignore_na)
        if passed.all():
            continue
        if check.column != "*" or check.name is None or len(output) != frame.height:
            return None  # a column's failure cases carry its values: pandera writes them
        failures.append((check.name, passed.not_().arg_true().to_list()))
    return failures


@cache
def _plan(model: type[pa.DataFrameModel]) -> _Plan | None:
    """The model's checks, or None when it uses anything besides plain column checks,
    `nullable`, `unique` and dataframe checks (coercion, defaults, regex columns, …). Every
    column is required to be present: `passes` asks for the model's exact schema."""
    schema = model.to_schema()
    if (
        schema.coerce
        or schema.unique
        or schema.add_missing_columns
        or schema.drop_invalid_rows
        or schema.strict not in (True, False)  # (`filter` drops columns first)
        or schema.ordered
        or getattr(schema, "parsers", None)
    ):
        return None
    checks: list[tuple[str, Check]] = []
    not_nullable: list[str] = []
    unique: list[str] = []
    for name, column in schema.columns.items():
        if (
            column.coerce
            or column.regex
            or column.default is not None
            or column.drop_invalid_rows
            or getattr(column, "parsers", None)
        ):
            return None
        if not column.nullable:
            not_nullable.append(name)
        if column.unique:
            unique.append(name)
        checks.extend((name, check) for check in column.checks)
    checks.extend(("*", check) for check in schema.checks)
    if any(
        check.element_wise
        or check.groupby is not None
        or check.raise_warning
        or check.n_failure_cases is not None
        for _, check in checks
    ):
        return None
    expected = polars_schema(model)
    probe = pl.DataFrame(schema=expected).lazy()
    for name, column in schema.columns.items():
        if not column.dtype.check(expected[name], PolarsData(probe.select(name), name)):
            return None  # frames built to the model's types would fail its dtype checks
    return _Plan(
        expected,
        tuple(_resolved(c, check) for c, check in checks),
        tuple(not_nullable),
        tuple(unique),
    )


def _resolved(column: str, check: Check) -> _Check:
    """The check's function as `Check.__call__` resolves it: a built-in check's by its name
    now that the Polars implementations are registered."""
    function = check._check_fn
    function_name = getattr(function, "__name__", None)
    if function_name is not None and check.is_builtin_check(function_name):
        function = check.get_builtin_check_fn(function_name)
    name = check.error if check.error is not None else check.name
    return _Check(
        column,
        partial(function, **check._check_kwargs),
        bool(check.ignore_na),
        name if isinstance(name, str) else None,
    )
