"""A score table's body rows into its leaves: each row's names set on the levels they name,
the rows a PDF broke joined, the 总分 row and a 评价等级 read.

A row with a weight or score is a leaf; the names it prints open their levels, the levels
above stay as the rows before left them. A row with neither is the rest of the row above (a
cell or a name that ran over), a group's name over the rows below, or the start of the next
leaf's text. What the report's other tables say of a name (`Known`) corrects what a PDF's
text misplaced: a group's name printed a row before its group, a leaf's numbers on two
lines, a leaf whose name the text lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.problems import Location
from jixiao.ingest.grid import Row
from jixiao.ingest.report.placement import Column, Known, aligned, label, name_key, number

_TOTAL = ("总计", "总分", "合计", "总得分", "综合得分", "评价得分")
_GRADE = ("评价等级", "评定等级", "绩效等级", "等级")
PROSE = frozenset({"explanation", "standard", "note"})  # what runs over rows
TEXT_ROLES = frozenset({"explanation", "standard", "note", "benchmark", "actual", "rate"})
_EXPECTED = frozenset({"weight", "score", "benchmark", "actual", "rate"})
_UNFINISHED_END = "。"  # text that ends otherwise goes on in the next row


@dataclass(slots=True)
class Leaf:
    names: list[str]
    set_here: list[bool]  # which level names this row printed itself (not inherited)
    weights: list[Decimal | None]
    weight: Decimal | None = None
    score: Decimal | None = None
    text: dict[str, str] = field(default_factory=dict)
    where: Location = field(default_factory=Location)


@dataclass(slots=True)
class Body:
    leaves: list[Leaf] = field(default_factory=list)
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    total_where: Location | None = None
    grade: str = ""


@dataclass(slots=True)
class _Cells:
    """What one placed row prints, by role."""

    names: list[str]
    level_weights: list[Decimal | None]
    weight: Decimal | None = None
    score: Decimal | None = None
    text: dict[str, str] = field(default_factory=dict)


def _cells(cells: Sequence[str], cols: Sequence[Column], depth: int) -> _Cells:
    out = _Cells([""] * depth, [None] * depth)
    for col, cell in zip(cols, cells, strict=True):
        cell = cell.strip()
        if not cell:
            continue
        if col.role == "level":
            out.names[col.level] = cell
        elif col.role == "level_weight":
            out.level_weights[col.level] = number(cell)
        elif col.role == "weight":
            out.weight = number(cell)
        elif col.role == "score":
            out.score = number(cell)
        elif col.role in TEXT_ROLES:
            out.text[col.role] = cell
    return out


class _Reader:
    def __init__(self, cols: Sequence[Column], known: Known | None) -> None:
        self.cols = cols
        self.known = known
        self.depth = max(c.level for c in cols if c.role == "level") + 1
        self.body = Body()
        self.names: list[str] = [""] * self.depth
        self.weights: list[Decimal | None] = [None] * self.depth
        self.pending: dict[str, str] = {}  # text of the next leaf, printed above it
        # a group's name printed on a row its group does not start at: level → (name, weight)
        self.deferred: dict[int, tuple[str, Decimal | None]] = {}
        # scored rows read, and how many filled each column of numbers or short values (a
        # name's blank is structure, prose merges across columns)
        self.scored = 0
        self.filled = [0] * len(cols)

    def expected(self) -> list[float]:
        return [f / (self.scored + 1) for f in self.filled]

    def placed(self, cells: Sequence[str]) -> None:
        self.scored += 1
        for c, (col, cell) in enumerate(zip(self.cols, cells, strict=True)):
            if cell.strip() and col.role in _EXPECTED:
                self.filled[c] += 1

    def total(self, row: Row, cells: Sequence[str]) -> None:
        body = self.body
        body.grade = body.grade or _grade_in(cells)
        weight, score = _total_numbers(cells, self.cols)
        if weight is not None or score is not None:
            body.total_weight = weight if weight is not None else body.total_weight
            body.total_score = score if score is not None else body.total_score
            body.total_where = row.where

    def leaf(self, row: Row, got: _Cells) -> None:
        last = self.body.leaves[-1] if self.body.leaves else None
        if not any(got.names) and not self.pending and last is not None and _completes(last, got):
            # the rest of the leaf above: a PDF put its weight and its score on two lines
            last.weight = got.weight if last.weight is None else last.weight
            last.score = got.score if last.score is None else last.score
            for key, value in got.text.items():
                last.text[key] = last.text.get(key, "") + value
            return
        self._open(got)
        if not any(got.names) and last is not None and last.names == self.names:
            self._lost_name()
        text = dict(got.text)
        for key, value in self.pending.items():
            text[key] = value + text.get(key, "")
        self.pending = {}
        self.body.leaves.append(
            Leaf(
                list(self.names),
                [bool(h) for h in got.names],
                list(self.weights),
                got.weight,
                got.score,
                text,
                row.where,
            )
        )

    def _open(self, got: _Cells) -> None:
        """The names the row prints open their levels; a group's name the other tables put
        below the row's own members waits for the first row of its group."""
        here = got.names
        for k in range(self.depth):
            if here[k]:
                member = next(
                    (h for h in here[k + 1 :] if h and name_key(h) != name_key(here[k])), ""
                )
                if self._continues(member, k, here[k]):
                    self.deferred[k] = (here[k], got.level_weights[k])
                    here[k] = ""
                    continue
                self._set(k, here[k], got.level_weights[k])
            elif k in self.deferred:
                member = here[k + 1] if k + 1 < self.depth else ""
                if member and not self._continues(member, k, self.deferred[k][0]):
                    self._set(k, *self.deferred[k])
            elif got.level_weights[k] is not None:
                self.weights[k] = got.level_weights[k]

    def _continues(self, member: str, k: int, name: str) -> bool:
        """The other tables put `member` in the group open at level `k`, not in `name`."""
        return (
            self.known is not None
            and bool(member and self.names[k])
            and self.known.continues(member, self.names[k], name)
        )

    def _set(self, k: int, name: str, weight: Decimal | None) -> None:
        self.names[k], self.weights[k] = name, weight
        for deeper in range(k, self.depth):
            self.deferred.pop(deeper, None)
            if deeper > k:
                self.names[deeper], self.weights[deeper] = "", None

    def _lost_name(self) -> None:
        """A leaf that prints no name under the leaf above: the member of the group the other
        tables list next, when they list one not read yet."""
        if self.known is None:
            return
        at = max((k for k, n in enumerate(self.names) if n), default=-1)
        group = next(
            (n for n in reversed(self.names[:at]) if n and name_key(n) != name_key(self.names[at])),
            "",
        )
        if at < 0 or not group:
            return
        seen = [leaf.names[at] for leaf in self.body.leaves if leaf.names[:at] == self.names[:at]]
        member = self.known.next_member(group, seen)
        if member:
            self.names[at] = member

    def continuation(self, got: _Cells, ahead: Row | None) -> None:
        """A row without weight or score: the rest of the row above, a name cut in two, a
        group's name over the leaves below, or the start of the next leaf's text."""
        last = self.body.leaves[-1] if self.body.leaves else None
        again = {name_key(c) for _, c in ahead.filled} - {""} if ahead is not None else set()
        for k, name in enumerate(got.names):
            if not name or name_key(name) in again:
                continue  # a merged cell's name the next row prints again
            whole = self.known is not None and (
                name_key(name) in self.known.levels or name_key(name) in self.known.parents
            )
            if last is not None and last.set_here[k] and not self.pending and not whole:
                last.names[k] += name  # the name ran over two rows
                self.names[k] = last.names[k]
                if got.level_weights[k] is not None:
                    last.weights[k] = self.weights[k] = got.level_weights[k]
            else:  # a group's name over the leaves that follow
                self._set(k, name, got.level_weights[k])
        if got.text:
            self._text(last, got.text)

    def _text(self, last: Leaf | None, text: dict[str, str]) -> None:
        if last is not None and not self.pending and len(text) == 1:
            # a PDF puts the rest of a cell in the first blank column: the unfinished one it is
            [(key, value)] = text.items()
            open_keys = [
                k
                for k, v in last.text.items()
                if k in PROSE and v and not v.rstrip().endswith(_UNFINISHED_END)
            ]
            if last.text.get(key, "").rstrip().endswith(_UNFINISHED_END) and len(open_keys) == 1:
                text = {open_keys[0]: value}
        unfinished = (
            last is not None
            and not self.pending
            and any(not last.text.get(key, "").rstrip().endswith(_UNFINISHED_END) for key in text)
        )
        if unfinished and last is not None:
            for key, value in text.items():
                last.text[key] = last.text.get(key, "") + value
        else:
            for key, value in text.items():
                self.pending[key] = self.pending.get(key, "") + value

    def finish(self) -> Body:
        for key, value in self.pending.items():  # text after the last leaf is its own
            if self.body.leaves:
                last = self.body.leaves[-1]
                last.text[key] = last.text.get(key, "") + value
        return self.body


def read_body(rows: Sequence[Row], cols: Sequence[Column], known: Known | None = None) -> Body:
    """The leaves of a score table's body rows, its 总分 and 评价等级."""
    reader = _Reader(cols, known)
    for at, row in enumerate(rows):
        cells = aligned(row, cols, reader.names, known, reader.expected())
        if is_total(cells):
            reader.total(row, cells)
            continue
        got = _cells(cells, cols, reader.depth)
        if got.weight is None and got.score is None:
            reader.continuation(got, rows[at + 1] if at + 1 < len(rows) else None)
        else:
            reader.placed(cells)
            reader.leaf(row, got)
    return reader.finish()


def is_total(cells: Sequence[str]) -> bool:
    first = next((c.strip() for c in cells if c.strip()), "")
    return label(first) in _TOTAL or label(first) in _GRADE


def _grade_in(cells: Sequence[str]) -> str:
    for i, cell in enumerate(cells):
        if label(cell) in _GRADE:
            return next(
                (
                    c.strip()
                    for c in cells[i + 1 :]
                    if c.strip() and number(c) is None and label(c) not in _TOTAL
                ),
                "",
            )
    return ""


def _total_numbers(
    cells: Sequence[str], cols: Sequence[Column]
) -> tuple[Decimal | None, Decimal | None]:
    weight = score = None
    for col, cell in zip(cols, cells, strict=True):
        if col.role == "weight":
            weight = number(cell) if weight is None else weight
        elif col.role == "score":
            score = number(cell)
    if score is None:  # 002: 评价等级 优秀 评价得分 98, the number in the last filled cell
        numbers = [number(c) for c in cells if c.strip()]
        score = numbers[-1] if numbers and numbers[-1] is not None else None
    return weight, score


def _completes(last: Leaf, got: _Cells) -> bool:
    """The row gives only numbers the leaf above lacks."""
    return (got.weight is None or last.weight is None) and (got.score is None or last.score is None)
