"""Spreadsheet geometry for Chinese text: display widths (a CJK character is two columns),
wrapped lines, and the names Excel allows for sheets."""

from __future__ import annotations

import math
import re
import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """How many wrapped lines `text` takes in a column `width` characters wide."""
    if not text:
        return 1
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def sheet_name(name: str, used: set[str], fallback: str) -> str:
    """A sheet name Excel accepts (no []:*?/\\, at most 31 characters), unique within `used`."""
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or fallback
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base[:25]}({n})", n + 1
    used.add(candidate)
    return candidate
