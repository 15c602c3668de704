"""Listings as a printable workbook: a sheet per listing, a title line, Chinese headers,
numbers as numbers (scores and money with two decimals, counts whole), text never a formula.

The caller says what each column holds; the writer lays the sheet out: columns as wide as
their content in CJK display widths, wrapped text, the header frozen and filtered, A4
landscape one page wide with the title and header repeated on every page, and notes under
the table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jixiao.export.widths import display_width, lines_needed, sheet_name
from jixiao.export.xlsx_safe import SafeWorkbook

FONT = "宋体"
LINE_HEIGHT = 14  # points per wrapped line at 10 pt
WIDEST = 40  # characters: a longer text wraps
HEADER_WIDEST = 14  # characters a header widens its column to
PAGE_WIDTH = 160  # characters across A4 landscape at about 95%


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"  # whole numbers
    DECIMAL = "decimal"  # scores and money: two decimals


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int | None = None  # in characters; None: as wide as the content (up to WIDEST)


Cell = str | int | Decimal | None  # None: an empty cell


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    title: str  # the line above the table, and the printed page's header
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None  # a 合计 line under the rows
    notes: tuple[str, ...] = ()  # lines under the table


def listing_xlsx(sheets: Sequence[Sheet], title: str) -> bytes:
    """The workbook's content: the sheets in order."""
    out = io.BytesIO()
    wb = SafeWorkbook(out)
    wb.book.set_properties({"title": title, "author": "jixiao"})
    formats = _formats(wb)
    used: set[str] = set()
    for sheet in sheets:
        ws = wb.add_worksheet(sheet_name(sheet.name, used, "表"))
        _sheet(wb, ws, sheet, formats)
    wb.close()
    return out.getvalue()


def _formats(wb: SafeWorkbook) -> dict[str, Any]:
    base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
    return {
        "title": wb.add_format({"font_name": FONT, "font_size": 14, "bold": True}),
        "head": wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center"}),
        Kind.TEXT: wb.add_format(base),
        Kind.COUNT: wb.add_format({**base, "num_format": "0"}),
        Kind.DECIMAL: wb.add_format({**base, "num_format": "0.00"}),
        "total": wb.add_format({**base, "bold": True}),
        "total-" + Kind.COUNT: wb.add_format({**base, "bold": True, "num_format": "0"}),
        "total-" + Kind.DECIMAL: wb.add_format({**base, "bold": True, "num_format": "0.00"}),
        "note": wb.add_format({"font_name": FONT, "font_size": 10, "text_wrap": True}),
    }


def shown(value: Cell, kind: Kind) -> str:
    """The cell as a reader sees it (for widths)."""
    if value is None:
        return ""
    if kind is Kind.DECIMAL and isinstance(value, Decimal | int):
        return f"{Decimal(value):.2f}"
    return str(value)


def widths(sheet: Sheet) -> list[int]:
    found = []
    for i, column in enumerate(sheet.columns):
        if column.width is not None:
            found.append(column.width)
            continue
        cells = [shown(row[i], column.kind) for row in sheet.rows]
        if sheet.total is not None:
            cells.append(shown(sheet.total[i], column.kind))
        # a long header over short numbers wraps onto two lines rather than widen the column
        wanted = max([min(display_width(column.header), HEADER_WIDEST), *map(display_width, cells)])
        found.append(min(max(wanted + 2, 6), WIDEST))
    return found


def _write(wb: SafeWorkbook, ws: Any, row: int, col: int, value: Cell, fmt: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, Decimal):  # xlsx holds binary doubles; shown with two decimals
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, int):
        ws.write_number(row, col, value, fmt)
    else:
        wb.write(ws, row, col, value, fmt)


def _height(cells: Sequence[str], sizes: Sequence[int]) -> int:
    lines = max((lines_needed(c, w) for c, w in zip(cells, sizes, strict=True)), default=1)
    return LINE_HEIGHT * lines + 4


def _sheet(wb: SafeWorkbook, ws: Any, sheet: Sheet, f: dict[str, Any]) -> None:
    sizes = widths(sheet)
    last = len(sheet.columns) - 1
    for i, width in enumerate(sizes):
        ws.set_column(i, i, width)
    wb.write(ws, 0, 0, sheet.title, f["title"])
    ws.set_row(0, 24)
    headers = [c.header for c in sheet.columns]
    wb.write_row(ws, 1, 0, headers, f["head"])
    ws.set_row(1, _height(headers, sizes))
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, 1 + max(1, len(sheet.rows)), last)
    row = 2
    if not sheet.rows:  # a printed sheet says it is empty rather than showing a bare header
        wb.write(ws, row, 0, "（无）", f[Kind.TEXT])
        row += 1
    for values in sheet.rows:
        for i, (value, column) in enumerate(zip(values, sheet.columns, strict=True)):
            _write(wb, ws, row, i, value, f[column.kind])
        cells = [shown(v, c.kind) for v, c in zip(values, sheet.columns, strict=True)]
        ws.set_row(row, _height(cells, sizes))
        row += 1
    if sheet.total is not None:
        for i, (value, column) in enumerate(zip(sheet.total, sheet.columns, strict=True)):
            key = "total" if column.kind is Kind.TEXT else "total-" + column.kind
            _write(wb, ws, row, i, value, f[key])
        row += 1
    row += 1
    width = sum(sizes)
    for note in sheet.notes:
        if last:
            wb.merge_range(ws, (row, 0), (row, last), note, f["note"])
        else:
            wb.write(ws, row, 0, note, f["note"])
        ws.set_row(row, LINE_HEIGHT * lines_needed(note, width) + 4)
        row += 1
    _print_setup(ws, sheet.title, sum(sizes))


def _print_setup(ws: Any, title: str, width: int) -> None:
    """A4, landscape when the table is wide, one page wide, title and header on every page."""
    ws.set_paper(9)
    if width > PAGE_WIDTH * 2 // 3:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&L{_escape(title)}&R&A")
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.center_horizontally()


def _escape(text: str) -> str:
    """Text in a page header: & starts a control code there."""
    return text.replace("&", "&&")
