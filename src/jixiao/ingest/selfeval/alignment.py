"""Where a row's cells really are. PDF extraction drops or adds leading empty cells row by
row, so a row is read at the column offset that makes it most plausible: weight and score
numeric, level names where levels belong, nothing outside the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.core.memo import memo
from jixiao.core.numbers import parse_decimal
from jixiao.ingest.grid import Row
from jixiao.ingest.selfeval import labels as lb

OFFSETS = (-1, 1, -2, 2, -3, 3)
_WEIGHT_POINTS = {"number": 4, "empty": 0, "dash": -2, "artefact": -6, "text": -10}
_SCORE_POINTS = {"number": 2, "artefact": 2, "dash": 1, "empty": 0, "text": -5}


@dataclass(frozen=True, slots=True)
class Columns:
    """The indicator header, read once per table: column index per field."""

    index: dict[str, int]
    first: int
    last: int
    # the columns every row's alignment check reads, looked up once
    weight: int | None = None
    score: int | None = None
    l1: int | None = None
    l2: int | None = None

    @classmethod
    def of(cls, index: dict[str, int]) -> Columns:
        values = index.values()
        first, last = min(values, default=0), max(values, default=0)
        get = index.get
        return cls(index, first, last, get("weight"), get("score"), get("l1"), get("l2"))

    def get(self, key: str, shift: int = 0) -> int | None:
        i = self.index.get(key)
        return None if i is None else i + shift

    def __contains__(self, key: str) -> bool:
        return key in self.index


@memo(16384)
def kind(text: str) -> str:
    """'number', 'artefact', 'dash', 'empty' or 'text' for a weight or score cell."""
    s = text.strip()
    if not s:
        return "empty"
    if parse_decimal(s) is not None:
        return "number"
    if s.startswith("#"):
        return "artefact"
    if lb.is_dash(s) or s == "无":
        return "dash"
    return "text"


@memo(4096)
def level_of(text: str) -> int:
    """1 or 2 when the words say which level this is, 0 when only the column can tell."""
    c = lb.clean(text)
    one, two = lb.LEVEL1.match(c), lb.LEVEL2.match(c)
    if one and (not two or one.group(3)):
        return 1
    if two and not one:
        return 2
    return 0


def _cell(row: Row, cols: Columns, key: str, k: int) -> str:
    i = cols.get(key, k)
    return row.cell(i) if i is not None else ""


def _plausibility(row: Row, cols: Columns, k: int) -> float:
    score = float(_WEIGHT_POINTS[kind(_cell(row, cols, "weight", k))])
    score += _SCORE_POINTS[kind(_cell(row, cols, "score", k))]
    if _cell(row, cols, "l3", k).strip():
        score += 1
    if "reason" in cols and kind(_cell(row, cols, "reason", k)) == "number":
        score -= 3
    for key, level in (("l1", 1), ("l2", 2)):
        text = _cell(row, cols, key, k)
        if text.strip():
            found = level_of(text)
            score += 1 if found == level else -0.5 if found else 0
    first, last = cols.first + k, cols.last + k
    return score - 3 * sum(1 for i, _ in row.filled if i < first or i > last)


def _aligned(row: Row, cols: Columns) -> bool:
    """The common case, decided cheaply: every cell sits where the header says it should."""
    weight, score = cols.weight, cols.score
    if weight is None or score is None:
        return True
    filled = row.filled
    if filled and (filled[0][0] < cols.first or filled[-1][0] > cols.last):
        return False
    cells = row.cells
    n = len(cells)  # header columns are never negative: only the upper bound needs a check
    if weight >= n or score >= n or kind(cells[weight]) != "number":
        return False
    if kind(cells[score]) in ("text", "empty"):
        return False
    for i, level in ((cols.l1, 1), (cols.l2, 2)):
        text = cells[i] if i is not None and i < n else ""
        if text and level_of(text) not in (0, level):
            return False
    return True


def offset(row: Row, cols: Columns) -> int:
    """0, unless reading the row shifted gives both a numeric weight and a score: a PDF shift.

    A shift must explain the whole row; a bad weight alone ("五十分") stays where it is and is
    reported, rather than being read from the score column.
    """
    if _aligned(row, cols):
        return 0
    best, best_score = 0, _plausibility(row, cols, 0)
    for k in OFFSETS:
        if kind(_cell(row, cols, "weight", k)) != "number":
            continue
        if kind(_cell(row, cols, "score", k)) not in ("number", "artefact", "dash"):
            continue
        candidate = _plausibility(row, cols, k)
        if candidate > best_score:
            best, best_score = k, candidate
    return best
