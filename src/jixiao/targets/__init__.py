"""The target language: free-text targets and actuals read into comparable terms."""

from jixiao.targets.parse import parse_cell
from jixiao.targets.terms import (
    Amount,
    Artefact,
    Blank,
    Level,
    Moment,
    NotApplicable,
    Op,
    Quantity,
    Reading,
    Schedule,
    Standard,
    Term,
    Unreadable,
)


def holds_nothing(text: str) -> bool:
    """Blank, or an explicit "does not apply": no value to judge either way."""
    reading = parse_cell(text)
    return reading.blank or reading.not_applicable


__all__ = [
    "Amount",
    "Artefact",
    "Blank",
    "Level",
    "Moment",
    "NotApplicable",
    "Op",
    "Quantity",
    "Reading",
    "Schedule",
    "Standard",
    "Term",
    "Unreadable",
    "holds_nothing",
    "parse_cell",
]
