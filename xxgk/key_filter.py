"""Which source objects a run takes: `--include`/`--exclude` globs over keys relative to the source.

Crawls keep metadata files (TSV indexes, logs) beside the reports; excluding them means they are
never listed, so they are neither parsed nor counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import translate
from functools import cache
from urllib.parse import unquote


@dataclass(frozen=True)
class KeyFilter:
    """Keys matching any `include` glob (every key, when there is none) and no `exclude` glob.

    Globs are shell-style (`*`, `?`, `[…]`) over the whole key, case-sensitive, and `*` crosses
    folders: `*.tsv` matches `meta.tsv` and `2024/jiangsu/index.tsv`; `2024/*` everything under
    `2024/`."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, include: Sequence[str] | None, exclude: Sequence[str] | None) -> KeyFilter:
        return cls(tuple(include or ()), tuple(exclude or ()))

    @property
    def everything(self) -> bool:
        return not self.include and not self.exclude

    def selects(self, key: str) -> bool:
        if self._include is not None and not self._include.match(key):
            return False
        return self._exclude is None or not self._exclude.match(key)

    def selects_uri(self, uri: str, uri_prefix: str) -> bool:
        """For a URI under a store's `uri_prefix` (file URIs are percent-encoded, keys not)."""
        key = uri[len(uri_prefix) :] if uri.startswith(uri_prefix) else uri
        return self.selects(unquote(key) if uri.startswith("file:") else key)

    @property
    def _include(self) -> re.Pattern[str] | None:
        return _compiled(self.include)

    @property
    def _exclude(self) -> re.Pattern[str] | None:
        return _compiled(self.exclude)


@cache
def _compiled(globs: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression for a set of globs, compiled once (runs list millions of keys)."""
    if not globs:
        return None
    return re.compile("|".join(f"(?:{translate(g)})" for g in globs))
