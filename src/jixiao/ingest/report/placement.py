"""Where a score table's row puts its cells: the columns they belong to, read from the text.

A PDF's text drops the blank cells a row starts with (under a merged cell) and at times puts
a blank where there is none, so a row's cells stand left of their columns, all of them or the
first few. `aligned` finds the order-keeping placement the evidence favours:

- numbers in number columns, names in name columns, sentences in prose columns;
- the text's own positions: a whole-row shift (blanks lost at its start) is cheap, cells
  moved apart or together are not, and blanks right after a name are a merged cell;
- a row names one run of levels, without a gap, down to the deepest (a row starts at level
  k: its names are the levels k … deepest);
- a name at the level the report's other tables, or the rows above, put it;
- the columns of numbers and short values the scored rows above fill, filled here too.

`Known` is what the tables read so far say of each name: the levels it is a group at, the
groups it stands under, each group's members in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.report import ScoreTable
from jixiao.ingest.grid import Row
from jixiao.source.values import read_number

_NUMERIC = frozenset({"weight", "score", "level_weight"})
_MAX_SHIFT = 4
_PROSE = frozenset({"explanation", "standard", "note"})
_VALUES = frozenset({"benchmark", "actual"})
_VALUE_LENGTH = 20
# a weight written into a name: 项目决策 (20分), 产出数量（16分）
POINTS_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")

# What each piece of evidence is worth, against a cell's fit (about 1 to 2 per cell).
_DROPPED = 0.1  # per blank the text dropped at the row's start: common under merged cells
_RIGHT = 1.0  # per column a cell stands right of its own: rare
_INSERTED = 0.4  # a blank the text put between two cells where the table has none
_INSERTED_MORE = 1.0  # each more
_MERGED = 2.0  # the first after a name: blanks there are a name merged over the levels below
_LOST = 0.6  # per blank the text dropped between two cells
_GAP = 2.5  # a level left blank between two named levels: a row names a run of levels
_SHALLOW = 1.5  # a scored row whose names stop above the deepest level
_KNOWN = 2.5  # a name at a level the report's other tables, or the rows above, put it
_EXPECTED = 1.0  # a column the scored rows above always fill, left blank
_NUDGE = 0.02  # per column any cell moves: of two placements as good, the one moving less


@dataclass(frozen=True, slots=True)
class Column:
    role: str  # level, level_weight, weight, score, explanation, standard, note, …, other
    level: int = -1  # for level and level_weight columns


def number(cell: str) -> Decimal | None:
    value, _ = read_number(cell.strip())
    return value if value is not None and value.is_finite() else None


def label(cell: str) -> str:
    """A header word or a total's label: without a trailing (note) and spaces."""
    return (
        re.sub(r"[\s（(][^）)]*[）)]\s*$", "", cell.strip()).replace(" ", "").replace("\u3000", "")
    )


def name_key(cell: str) -> str:
    """A name as the tables compare it: without its weight (20分), wraps and spaces."""
    text = cell.strip()
    m = POINTS_IN_NAME.search(text)
    if m:
        text = text[: m.start()]
    text = _CJK_GAP.sub("", text.replace("\n", "")).replace(" ", "").replace("\u3000", "")
    return text.rstrip("。；;，,：: ")


@dataclass(slots=True)
class Known:
    """What the score tables read so far say of each name (one report prints one framework
    in several tables): the levels it is a group at, the groups it stands under, and each
    group's members in the order printed."""

    levels: dict[str, set[int]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)

    def add(self, table: ScoreTable) -> None:
        for row in table.rows:
            path = [name_key(n) for n in row.path]
            for depth, name in enumerate(path[:-1]):
                self.levels.setdefault(name, set()).add(depth)
            parent = ""
            for name in path:
                if name == parent:  # 项目立项 | 项目立项: one level printed twice
                    continue
                if parent:
                    self.parents.setdefault(name, set()).add(parent)
                    members = self.children.setdefault(parent, [])
                    if name not in members:
                        members.append(name)
                parent = name

    @classmethod
    def of(cls, tables: Iterable[ScoreTable]) -> Known:
        known = cls()
        for table in tables:
            known.add(table)
        return known

    def at(self, name: str, level: int) -> bool:
        return level in self.levels.get(name_key(name), ())

    def continues(self, child: str, open_group: str, label: str) -> bool:
        """The tables so far put `child` under the group still open, not under `label`."""
        parents = self.parents.get(name_key(child), set())
        return name_key(open_group) in parents and name_key(label) not in parents

    def next_member(self, group: str, seen: Sequence[str]) -> str:
        """The member of `group` the tables list after the last of `seen`, if not seen yet."""
        members = self.children.get(name_key(group), [])
        keys = [name_key(s) for s in seen]
        after = max((members.index(k) for k in keys if k in members), default=-1)
        rest = [m for m in members[after + 1 :] if m not in keys]
        return rest[0] if rest else ""


def fit(cell: str, col: Column) -> float:
    """How well one cell sits in one column: numbers in number columns, names in name ones."""
    if not cell.strip():
        return 0.0
    numeric = number(cell) is not None
    if col.role in _NUMERIC:
        return 2.0 if numeric else -3.0
    if col.role == "level":
        if numeric:
            return -2.0
        return 0.2 if cell.rstrip().endswith("。") else 1.0  # a sentence is rather prose
    if col.role == "rate":
        return 1.0 if cell.strip().endswith("%") else -0.5
    if col.role in _PROSE:
        return -2.0 if numeric else 0.8
    if col.role in _VALUES and len(cell.strip()) > _VALUE_LENGTH:
        return -1.5  # a sentence is not a 标杆值 or a 完成值
    return 0.8


def _moved(before: int, after: int, name: bool) -> float:
    """The cost of a cell's offset from its text column changing from `before` to `after`,
    after a `name` or another cell."""
    if after < before:
        first = _MERGED if name else _INSERTED
        return first + _INSERTED_MORE * (before - after - 1)
    return _LOST * (after - before)


def _window(i: int, at: int, n: int, m: int) -> range:
    """The columns item `i` of `n` (at column `at` in the text) may take among `m`: the
    order leaves it from `i` to `m - n + i`, and a cell stands at most a few columns off (the
    cell-by-cell placement min(at, m - n + i) always lies inside, so a placement exists)."""
    return range(max(i, at - _MAX_SHIFT - 1), min(m - n + i, at + _MAX_SHIFT + 1) + 1)


def aligned(
    row: Row,
    cols: Sequence[Column],
    open_names: Sequence[str] = (),
    known: Known | None = None,
    expected: Sequence[float] = (),
) -> list[str]:
    """The row's cells in the columns they belong to: the order-keeping placement that the
    evidence favours most (see the module's docstring). `open_names` are the names the rows
    above left open, level by level; `expected[c]`, how often the scored rows above filled
    column c (its levels aside)."""
    items = [(i, c) for i, c in row.filled if i < len(cols) + _MAX_SHIFT]
    n, m = len(items), len(cols)
    if not items:
        return [""] * m
    if n > m:
        return [row.cell(i) for i in range(m)]
    levels = [c.level if c.role == "level" else -1 for c in cols]
    deepest = max(levels)
    scored = any(number(c) is not None for _, c in items)
    opened = [name_key(n) for n in open_names]
    # blank[c]: columns 0..c-1 left blank, what it costs against the rows above
    blank = [0.0]
    for c in range(m):
        rate = expected[c] if scored and c < len(expected) else 0.0
        blank.append(blank[-1] + _EXPECTED * rate)

    def value(cell: str, j: int, at: int) -> float:
        here = fit(cell, cols[j]) - _NUDGE * abs(j - at)
        level = levels[j]
        if 0 <= level < deepest:
            said = (known is not None and known.at(cell, level)) or (
                level < len(opened) and opened[level] == name_key(cell) != ""
            )
            here += _KNOWN if said else 0.0
        return here

    # best[(j, last)]: the best placement of items[:i+1], item i in column j, `last` the
    # deepest level named so far (-1 none); back: the state before
    best: dict[tuple[int, int], float] = {}
    backs: list[dict[tuple[int, int], tuple[int, int]]] = []
    at0, cell0 = items[0]
    for j in _window(0, at0, n, m):
        shift = j - at0
        cost = (_DROPPED * shift if shift >= 0 else _RIGHT * -shift) + blank[j]
        state = (j, levels[j])
        best[state] = max(best.get(state, float("-inf")), value(cell0, j, at0) - cost)
    backs.append({})
    for i in range(1, n):
        at, cell = items[i]
        was = items[i - 1][0]
        here: dict[tuple[int, int], float] = {}
        back: dict[tuple[int, int], tuple[int, int]] = {}
        for j in _window(i, at, n, m):
            gain = value(cell, j, at)
            for (k, last), prior in best.items():
                if k >= j:
                    continue
                moved = _moved(k - was, j - at, levels[k] >= 0)
                total = prior + gain - moved - (blank[j] - blank[k + 1])
                level = levels[j]
                if level >= 0 and last >= 0 and level > last + 1:
                    total -= _GAP
                state = (j, level if level >= 0 else last)
                if total > here.get(state, float("-inf")):
                    here[state], back[state] = total, (k, last)
        best = here
        backs.append(back)

    def final(state: tuple[int, int]) -> float:
        j, last = state
        shallow = scored and 0 <= last < deepest
        return best[state] - (_SHALLOW if shallow else 0.0) - (blank[m] - blank[j + 1])

    state = max(best, key=final)
    out = [""] * m
    for i in range(n - 1, -1, -1):
        out[state[0]] = items[i][1]
        if i:
            state = backs[i][state]
    return out
