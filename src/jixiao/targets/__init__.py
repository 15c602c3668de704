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
    "parse_cell",
]
