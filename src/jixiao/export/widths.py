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


SHEET_NAME_LIMIT = 31  # Excel's
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BRACKETED = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")  # a trailing "（本级）"
_WORD = re.compile(r"[A-Za-z0-9.%]")  # letters and digits of one word or number
_SEPARATORS = " -_·、，,;；：（(）)"


def sheet_name(name: str, used: set[str], fallback: str) -> str:
    """A sheet name Excel accepts (no []:*?/\\, at most 31 characters), unique within `used`
    as Excel compares names (ignoring case). A long name loses its trailing brackets first,
    then is cut between words (never inside a word or a number) and marked with "…"."""
    # no quote at either end, and no leading = + - @ a spreadsheet could take for a formula
    base = _FORBIDDEN.sub("", name).strip().strip("'").lstrip("=+-@'\t\r ") or fallback
    taken = {u.casefold() for u in used}
    candidate, n = shorten(base, SHEET_NAME_LIMIT), 2
    while candidate.casefold() in taken:
        suffix = f"({n})"
        candidate, n = shorten(base, SHEET_NAME_LIMIT - len(suffix)) + suffix, n + 1
    used.add(candidate)
    return candidate


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut only where a word ends."""
    while len(text) > limit and _BRACKETED.search(text) and _BRACKETED.sub("", text):
        text = _BRACKETED.sub("", text)
    if len(text) <= limit:
        return text
    for end in range(limit - 1, 0, -1):  # keep text[:end] and add "…"
        inside_word = _WORD.match(text[end - 1]) and _WORD.match(text[end])
        kept = text[:end].rstrip(_SEPARATORS)
        if not inside_word and kept:
            return kept + "…"
    return text[: limit - 1] + "…"
