"""Display widths of Chinese text in spreadsheet columns (a CJK character is two columns)."""

from __future__ import annotations

import math
import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """How many wrapped lines `text` takes in a column `width` characters wide."""
    if not text:
        return 1
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))
