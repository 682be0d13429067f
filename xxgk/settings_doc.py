"""The settings as a Markdown page, generated from the `Settings` fields and committed as
`docs/configuration.md` (`python -m xxgk.settings_doc` regenerates it), so it cannot drift."""

from __future__ import annotations

import sys
import typing
from pathlib import Path

from pydantic import AliasChoices
from pydantic.fields import FieldInfo

from xxgk.settings import Settings

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"

_HEADER = """\
# Configuration

Generated from `xxgk/settings.py` (`python -m xxgk.settings_doc`); do not edit.

One settings object, read from environment variables with the `XXGK_` prefix (some also from
the usual `AWS_*` names) when a command or flow starts, and passed down from there. Credentials
are never logged.

| variable | default | meaning |
|---|---|---|
"""

_FOOTER = """
Prefect's own settings apply as usual: set `PREFECT_API_URL` to run against a Prefect server.
Without it, a run starts a temporary local Prefect server for itself and stops it when the run
ends, however it ends (see [design.md](design.md)).
"""

_MIB = 1024 * 1024


def render_configuration() -> str:
    """The whole page as Markdown."""
    rows = [_row(name, field) for name, field in Settings.model_fields.items()]
    return _HEADER + "\n".join(rows) + "\n" + _FOOTER


def variables(name: str, field: FieldInfo) -> list[str]:
    """The environment variables a field is read from, the first one preferred."""
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    prefix = Settings.model_config.get("env_prefix", "")
    return [f"{prefix}{name}".upper()]


def _row(name: str, field: FieldInfo) -> str:
    first, *others = variables(name, field)
    names = f"`{first}`" + (f" (or {', '.join(f'`{v}`' for v in others)})" if others else "")
    meaning = (field.description or "").replace("|", "\\|")
    if typing.get_origin(field.annotation) is typing.Literal:
        meaning += "; one of " + ", ".join(f"`{v}`" for v in typing.get_args(field.annotation))
    return f"| {names} | {_default(name, field)} | {meaning} |"


def _default(name: str, field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "per machine"
    value = field.default
    if value is None:
        return "unset"
    if isinstance(value, int) and name.endswith("_bytes") and value % _MIB == 0:
        return f"{value // _MIB} MiB"
    if isinstance(value, float):
        return f"{value:g}"
    return f"`{value}`" if isinstance(value, str) else str(value)


def main() -> None:
    """Write the committed copy (`docs/configuration.md`), or check it with `--check`."""
    text = render_configuration()
    if "--check" in sys.argv[1:]:
        if COMMITTED.read_text("utf-8") != text:
            sys.exit(f"{COMMITTED} is out of date: run python -m xxgk.settings_doc")
        return
    COMMITTED.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
