"""What the parser publishes as narrative figures for a text, and the metrics' short names, for
the headline tests."""

from __future__ import annotations

from xxgk.parse.headline import find_headline_figures
from xxgk.parse.normalise import normalise_text

P = "proactive_disclosures"
R = "applications_received"
G = "applications_granted"
PG = "applications_partially_granted"
D = "applications_denied"
AR = "administrative_reviews"
L = "lawsuits"
FEE = "processing_fee_yuan"


def figures(text: str) -> dict[str, float]:
    """The figures published for `text`, as the pipeline sees it (normalised)."""
    found = find_headline_figures(normalise_text(text).text)
    return {figure.metric.value: figure.value for figure in found}
