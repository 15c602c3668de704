"""Grids: rows of text cells, each cell knowing where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.core.problems import Location


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    where: Location  # the row: file · line, or file · sheet · first cell
    places: tuple[Location, ...]  # one per cell

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    def place(self, index: int) -> Location:
        if 0 <= index < len(self.places):
            return self.places[index]
        return self.where

    @property
    def filled(self) -> list[tuple[int, str]]:
        return [(i, c) for i, c in enumerate(self.cells) if c.strip()]

    @property
    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass(frozen=True, slots=True)
class Grid:
    where: Location  # file, and sheet for workbooks
    rows: tuple[Row, ...]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def text_row(cells: list[str], where: Location) -> Row:
    """A row of a text file: each cell located by line and column."""
    places = tuple(Location(where.file, None, None, where.line, i + 1) for i in range(len(cells)))
    return Row(tuple(cells), where, places)


def sheet_row(cells: list[str], file: str, sheet: str, row_number: int) -> Row:
    """A row of a worksheet: each cell located by its A1 reference."""
    places = tuple(
        Location(file, sheet, f"{column_letter(i)}{row_number}") for i in range(len(cells))
    )
    where = Location(file, sheet, None, row_number)
    return Row(tuple(cells), where, places)
