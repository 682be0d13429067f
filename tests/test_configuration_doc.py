"""docs/configuration.md is generated from the `Settings` fields and is current."""

from __future__ import annotations

import typing

import pytest
from pydantic import SecretStr

from xxgk.settings import Settings
from xxgk.settings_doc import COMMITTED, render_configuration, variables


def test_the_committed_configuration_page_is_current() -> None:
    assert COMMITTED.read_text("utf-8") == render_configuration(), (
        "docs/configuration.md is stale: run python -m xxgk.settings_doc"
    )


def test_every_setting_has_a_row_with_its_meaning() -> None:
    rows = render_configuration().splitlines()
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name}: give the field a description"
        (row,) = [r for r in rows if r.startswith(f"| `XXGK_{name.upper()}`")]
        assert field.description.replace("|", "\\|") in row


def _sample(annotation: object) -> str:
    """A value of this type, as an environment variable holds it, unlike any default."""
    if typing.get_origin(annotation) is typing.Literal:
        return str(typing.get_args(annotation)[-1])
    samples: dict[object, str] = {int: "7", float: "7.5"}
    return samples.get(annotation, "a-test-value")


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_each_documented_variable_sets_its_field(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The variables the page names are the ones the settings read."""
    field = Settings.model_fields[name]
    value = _sample(field.annotation)
    for variable in variables(name, field):
        for other in variables(name, field):
            monkeypatch.delenv(other, raising=False)
        monkeypatch.setenv(variable, value)
        got = getattr(Settings(), name)
        shown = got.get_secret_value() if isinstance(got, SecretStr) else got
        assert str(shown) == value, (variable, shown)
