"""Grids: rows of text cells, each cell knowing where it came from."""

from __future__ import annotations

from typing import NamedTuple

from jixiao.core.problems import Location, Problem

# A NamedTuple's own __new__ is a Python lambda; rows and their locations are made by the
# hundred thousand, so they are built as the tuples they are.
_new_tuple = tuple.__new__


class Row(NamedTuple):
    """One row of a sheet or a text file: its cells and where it stands.

    A NamedTuple rather than a dataclass: a workbook has many rows and most are read once,
    so rows are cheap to make and their locations are built only when asked for.
    """

    cells: tuple[str, ...]
    file: str
    sheet: str | None
    line: int
    filled: tuple[tuple[int, str], ...]  # (column, text) of the cells that are not blank
    text: str  # the cells joined by tabs, for quick "does this row mention X" checks

    @property
    def where(self) -> Location:
        return _new_tuple(Location, (self.file, self.sheet, None, self.line, None, None))

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    def place(self, index: int) -> Location:
        if not 0 <= index < len(self.cells):
            return self.where
        return self.where.at_column(index)

    @property
    def is_blank(self) -> bool:
        return not self.filled


class Grid(NamedTuple):
    where: Location  # file, and sheet for workbooks
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...] = ()  # what reading the cells found (a cell cut to a limit)


def make_row(
    cells: list[str], file: str, sheet: str | None, line: int, text: str | None = None
) -> Row:
    """`text` is the cells joined by tabs, when the caller has it already (a text line)."""
    filled = tuple([(i, c) for i, c in enumerate(cells) if c and not c.isspace()])
    joined = "\t".join(cells) if text is None else text
    return _new_tuple(Row, (tuple(cells), file, sheet, line, filled, joined))
