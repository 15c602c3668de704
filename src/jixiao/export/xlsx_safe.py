"""Workbooks jixiao writes carry no formula, link or command that came from an input.

xlsxwriter by default turns a string starting with "=" into a live formula and a URL into a
hyperlink; a unit's cell `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` would come back as one.
Every workbook is opened with those conversions off, and text that a spreadsheet would take
for a formula when a user edits the cell (OWASP: a leading = + - @, tab or carriage return)
is written with Excel's quote prefix: shown exactly as written, kept as text on any edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # no temporary files of its own; jixiao writes the file atomically
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_trigger(value: object) -> bool:
    """Text a spreadsheet would read as a formula or a command."""
    return isinstance(value, str) and value.startswith(TRIGGERS)


class SafeWorkbook:
    """An xlsxwriter workbook whose formats know their quote-prefixed twins."""

    def __init__(self, path: Path | IO[bytes]) -> None:
        import xlsxwriter  # on first use: most commands write no workbook

        self.book = xlsxwriter.Workbook(str(path) if isinstance(path, Path) else path, OPTIONS)
        self._props: dict[int, dict[str, Any]] = {}
        self._quoted: dict[int, Any] = {}

    def add_format(self, props: dict[str, Any]) -> Any:
        fmt = self.book.add_format(props)
        self._props[id(fmt)] = props
        return fmt

    def add_worksheet(self, name: str) -> Any:
        return self.book.add_worksheet(name)

    def format_for(self, value: object, fmt: Any) -> Any:
        """`fmt`, quote-prefixed when `value` is text that starts like a formula."""
        if fmt is None or not is_trigger(value):
            return fmt
        twin = self._quoted.get(id(fmt))
        if twin is None:
            twin = self.book.add_format({**self._props.get(id(fmt), {}), "quote_prefix": True})
            self._quoted[id(fmt)] = twin
        return twin

    def write(self, ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        ws.write(row, col, value, self.format_for(value, fmt))

    def write_row(self, ws: Any, row: int, col: int, values: Iterable[object], fmt: Any) -> None:
        for offset, value in enumerate(values):
            self.write(ws, row, col + offset, value, fmt)

    def merge_range(
        self, ws: Any, first: tuple[int, int], last: tuple[int, int], value: object, fmt: Any
    ) -> None:
        ws.merge_range(*first, *last, value, self.format_for(value, fmt))

    def close(self) -> None:
        self.book.close()
