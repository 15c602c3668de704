"""Workbooks: .xlsx/.xlsm, .xls and .ods, their values read by calamine.

Cells become text the way Excel shows them: a 0.9532 formatted as a percentage reads
"95.32%", a date reads "2024年12月31日", an error value reads "#DIV/0!", the hidden cells of a
merged area read blank. Before calamine opens a file, `guard` checks its zip and the used
range of every sheet against the limits; a grid then spans only that range (formatting far
beyond the content adds nothing). What calamine does not give is read from the file itself:
for .xlsx, `xlsx_parts` reads from the sheet XML the percent formats, error values and merged
areas; for .xls and .ods, the walk `guard` makes finds the percent formats.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal, localcontext
from pathlib import Path, PurePath

from jixiao.core import limits
from jixiao.core.numbers import fmt_plain
from jixiao.core.problems import Location, Problem, Severity, column_letter
from jixiao.ingest import guard, own, xlsx_parts
from jixiao.ingest.grid import Grid, Row, make_row
from jixiao.ingest.text import LimitExceeded, UnreadableFile

# Enough digits for any float to ten decimals and any integer a reader returns (Python reads
# at most 4,300 digits from text), so quantize and normalize never round or fail.
EXACT_DIGITS = 10_000
NOT_FINITE = "#NUM!"  # what Excel shows for a number it cannot hold
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # literal text, escapes, [Red], padding


def percent_kind(number_format: str) -> str | None:
    """ "scaled" when the format shows the value times 100 with a % (0.00%), "literal" when it
    only writes a % sign after the value (0.0"%"), None without a percent sign."""
    if "%" not in number_format:
        return None
    return "scaled" if "%" in _QUOTED.sub("", number_format) else "literal"


def cell_text(value: object, number_format: str = "General") -> str:
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is float and "%" not in number_format:  # the common case, without Decimal
        number: float = value  # type: ignore[assignment]
        if number.is_integer():
            if -1e15 < number < 1e15:
                return str(int(number))  # -0.0 too reads "0"
        elif (
            "e" not in (text := repr(number))
            and "n" not in text
            and len(text) - text.find(".") <= 11
        ):
            return text  # at most ten decimals, finite: what the exact path below gives
    elif kind is int and "%" not in number_format:
        return str(value)
    return _exact_text(value, number_format)


def _exact_text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and not math.isfinite(value):
        return NOT_FINITE
    if isinstance(value, int | float):
        with localcontext() as context:
            context.prec = EXACT_DIGITS
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if number.is_zero():
                number = number.copy_abs()  # -0.0 shows as 0, as Excel shows it
            percent = percent_kind(number_format)
            if percent == "scaled":
                return f"{fmt_plain((number * 100).quantize(Decimal('0.0001')).normalize())}%"
            if isinstance(value, float):
                number = number.quantize(Decimal("0.0000000001")).normalize()
            return f"{fmt_plain(number)}%" if percent else fmt_plain(number)
    return str(value)


ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .xlsm, .ods
CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # .xls, and any workbook saved with a password
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the CFB stream of an encrypted OOXML
SAVE_AS = guard.SAVE_AS
ENCRYPTED = "工作簿设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存为 .xlsx"
NOT_A_WORKBOOK = f"不是有效的 Excel 工作簿（文件已损坏，或不是 Excel 格式）；{SAVE_AS}"


def read_workbook_grids(path: Path) -> list[Grid]:
    """`workbook_grids` of a file's content, named by its path."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件（{exc.strerror}）") from None
    return workbook_grids(data, str(path))


def workbook_grids(data: bytes, name: str) -> list[Grid]:
    """Grids of every sheet, the reader chosen by what the file holds rather than its name:
    a .xls renamed .xlsx still reads; an encrypted or HTML "workbook" says what it is."""
    head = data[:8]
    if head.startswith(CFB_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise UnreadableFile(ENCRYPTED)
        return _calamine_grids(name, data, formats=guard.scan_xls(name, data))
    if not head.startswith(ZIP_MAGIC):
        if head.lstrip().lower().startswith((b"<!doc", b"<html", b"<table", b"<?xml")):
            raise UnreadableFile(f"这是网页或 XML 文件，不是 Excel 工作簿；{SAVE_AS}")
        raise UnreadableFile(NOT_A_WORKBOOK)
    parts = guard.verify_zip(name, data, xlsx_parts.wanted)
    if own.marked(parts.get("docProps/core.xml", b"")):
        raise own.OwnOutput(name)
    ods = PurePath(name).suffix.lower() == ".ods"
    if ods or ("content.xml" in parts and "xl/workbook.xml" not in parts):
        return _calamine_grids(name, data, formats=guard.scan_ods(name, data, parts))
    return _calamine_grids(name, data, xlsx_parts.scan_parts(name, parts, data))


class _Cells:
    """Cell texts of one sheet, each cut to `cell_chars` with a warning at its cell."""

    def __init__(self, name: str, sheet: str) -> None:
        self.name, self.sheet = name, sheet
        self.limit = limits.current().cell_chars
        self.problems: list[Problem] = []

    def row(self, cells: list[str], line: int) -> list[str]:
        if sum(map(len, cells)) > self.limit and any(len(c) > self.limit for c in cells):
            cells = [
                self._cut(c, line, i) if len(c) > self.limit else c for i, c in enumerate(cells)
            ]
        return cells

    def _cut(self, text: str, line: int, index: int) -> str:
        where = Location(self.name, self.sheet, f"{column_letter(index)}{line}")
        what = f"单元格过长，只读取了前 {self.limit:,} 个字符"
        found = limits.exceeded("cell_chars", len(text), where, what)
        self.problems.append(Problem(found.code, Severity.WARNING, found.where, found.message))
        return text[: self.limit]

    def grid(self, rows: list[Row]) -> Grid:
        return Grid(Location(self.name, self.sheet), tuple(rows), tuple(self.problems))


def _calamine_grids(
    name: str,
    data: bytes,
    scans: Sequence[xlsx_parts.SheetScan] | None = None,
    formats: Sequence[guard.SheetFormats] = (),
) -> list[Grid]:
    """An .xlsx reads the worksheets `scans` names, each over the used range its scan found;
    an .xls or .ods every sheet, each checked by the dimensions calamine reports before any
    cell becomes a Python value (`guard` scanned the file before calamine opened it), over
    those dimensions, with the percent `formats` guard's scan found for the sheet's name."""
    from python_calamine import CalamineWorkbook

    try:  # from a file object calamine tells the format by content
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if scans is None:
            guard.check_sheet_count(name, len(workbook.sheet_names))
        sheets = []
        for sheet_name in workbook.sheet_names if scans is None else [s.used.name for s in scans]:
            sheet = workbook.get_sheet_by_name(sheet_name)
            end = sheet.end
            rows, columns = (end[0] + 1, end[1] + 1) if end else (0, 0)
            used = guard.UsedRange(sheet_name, rows, columns)
            if scans is None:
                guard.check_used_range(name, used)
            values = sheet.to_python(skip_empty_area=False) if end else []
            sheets.append((used, values, sheet.merged_cell_ranges or []))
    except (LimitExceeded, MemoryError):
        raise
    except Exception as exc:  # calamine raises its own error types for every bad file
        password = "password" in str(exc).lower()
        raise UnreadableFile(ENCRYPTED if password else NOT_A_WORKBOOK) from None
    except BaseException as exc:  # a Rust panic reaches Python as pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        raise UnreadableFile(NOT_A_WORKBOOK) from None
    if scans is None:
        by_name = {found.used.name.replace("\0", ""): found.formats for found in formats}
        return [
            _grid(name, values, xlsx_parts.SheetScan(used, by_name.get(used.name, {}), {}), merges)
            for used, values, merges in sheets
        ]
    return [
        _grid(name, values, scan, merges)
        for (_, values, merges), scan in zip(sheets, scans, strict=True)
    ]


def _grid(
    name: str,
    values: Sequence[Sequence[object]],
    scan: xlsx_parts.SheetScan,
    merges: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> Grid:
    """Cell texts row by row over the scan's used range, with its formats and error values
    applied and the hidden cells of `merges` blank (as Excel shows them, whatever a program
    wrote into them)."""
    sheet = scan.used.name
    cells = _Cells(name, sheet)
    width = scan.used.columns
    texts = [
        [cell_text(v) for v in row[:width]] + [""] * (width - len(row))
        for row in values[: scan.used.rows]
    ]
    texts += [[""] * width for _ in range(scan.used.rows - len(texts))]
    for (r, c), code in scan.formats.items():
        value = values[r][c] if r < len(values) and c < len(values[r]) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            texts[r][c] = cell_text(value, code)
    for (r, c), error in scan.errors.items():
        texts[r][c] = error
    for (r1, c1), (r2, c2) in merges:
        for r in range(r1, min(r2, scan.used.rows - 1) + 1):
            row = texts[r]
            for c in range(c1 + (r == r1), min(c2, width - 1) + 1):
                row[c] = ""
    return cells.grid(
        [make_row(cells.row(row, r), name, sheet, r) for r, row in enumerate(texts, start=1)]
    )
