"""Constraints on the flows' parameters, checked by pydantic before a run starts (and by the
Prefect API against the deployment's schema, before a run is even created)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from xxgk.partitions import parse_years

#: A folder, `file://…` or `s3://bucket/prefix`: never empty or blank. An unset deployment
#: variable would otherwise make the run read (and write into) the working directory.
Location = Annotated[str, Field(min_length=1, pattern=r"\S")]

#: `2019-2023`, `2019,2021` or `2020`, as on the command line.
YEAR_RANGES_PATTERN = r"^\s*\d{4}(\s*-\s*\d{4})?(\s*,\s*\d{4}(\s*-\s*\d{4})?)*\s*$"


def as_years(value: list[int] | str | None) -> list[int] | None:
    """The years a `years` parameter names: a list as given, a range string expanded."""
    if isinstance(value, str):
        return parse_years(value)
    return value


#: A list of years, or the command line's `2019-2023` / `2019,2021` as a string.
Years = Annotated[
    list[int] | Annotated[str, Field(pattern=YEAR_RANGES_PATTERN)] | None,
    AfterValidator(as_years),
]
