"""Workbooks: .xlsx/.xlsm through openpyxl (it sees number formats), .xls/.ods through calamine.

Cells become text the way Excel shows them: a 0.9532 formatted as a percentage reads
"95.32%", a date reads "2024年12月31日", an error value reads "#DIV/0!". Before any library
opens a file, `guard` checks its zip and the used range of every sheet against the limits;
a grid then spans only that range (formatting far beyond the content adds nothing).
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from decimal import Decimal, localcontext
from pathlib import Path

from jixiao.core import limits
from jixiao.core.numbers import fmt_plain
from jixiao.core.problems import Location, Problem, Severity, column_letter
from jixiao.ingest import guard
from jixiao.ingest.grid import Grid, Row, make_row
from jixiao.ingest.text import LimitExceeded, UnreadableFile

# Enough digits for any float to ten decimals and any integer a reader returns (Python reads
# at most 4,300 digits from text), so quantize and normalize never round or fail.
EXACT_DIGITS = 10_000
NOT_FINITE = "#NUM!"  # what Excel shows for a number it cannot hold


def cell_text(value: object, number_format: str = "General") -> str:
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
            if "%" in number_format:
                return f"{fmt_plain((number * 100).quantize(Decimal('0.0001')).normalize())}%"
            if isinstance(value, float):
                number = number.quantize(Decimal("0.0000000001")).normalize()
            return fmt_plain(number)
    return str(value)


ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .xlsm, .ods
CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # .xls, and any workbook saved with a password
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the CFB stream of an encrypted OOXML
SAVE_AS = guard.SAVE_AS
ENCRYPTED = "工作簿设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存为 .xlsx"
NOT_A_WORKBOOK = f"不是有效的 Excel 工作簿（文件已损坏，或不是 Excel 格式）；{SAVE_AS}"


def read_workbook_grids(path: Path) -> list[Grid]:
    """Grids of every sheet, the reader chosen by what the file holds rather than its name:
    a .xls renamed .xlsx still reads; an encrypted or HTML "workbook" says what it is."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件（{exc.strerror}）") from None
    if head.startswith(CFB_MAGIC):
        if ENCRYPTED_STREAM in path.read_bytes():
            raise UnreadableFile(ENCRYPTED)
        guard.xls_used_ranges(path)
        return _calamine_grids(path)
    if not head.startswith(ZIP_MAGIC):
        if head.lstrip().lower().startswith((b"<!doc", b"<html", b"<table", b"<?xml")):
            raise UnreadableFile(f"这是网页或 XML 文件，不是 Excel 工作簿；{SAVE_AS}")
        raise UnreadableFile(NOT_A_WORKBOOK)
    guard.check_zip(path)
    if path.suffix.lower() == ".ods" or _is_ods(path):
        guard.ods_used_ranges(path)
        return _calamine_grids(path)
    return _openpyxl_grids(path, guard.xlsx_used_ranges(path))


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return (
                "content.xml" in archive.namelist() and "xl/workbook.xml" not in archive.namelist()
            )
    except (zipfile.BadZipFile, OSError):
        return False


class _Cells:
    """Cell texts of one sheet, each cut to `cell_chars` with a warning at its cell."""

    def __init__(self, name: str, sheet: str) -> None:
        self.name, self.sheet = name, sheet
        self.limit = limits.current().cell_chars
        self.problems: list[Problem] = []

    def row(self, cells: list[str], line: int) -> list[str]:
        if any(len(c) > self.limit for c in cells):
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


def _openpyxl_grids(path: Path, used: list[guard.UsedRange]) -> list[Grid]:
    import openpyxl

    name = str(path)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except SyntaxError:  # ElementTree's ParseError, lxml's XMLSyntaxError
        raise UnreadableFile(f"工作簿中有无法解析的 XML；{SAVE_AS}") from None
    except MemoryError:
        raise
    except Exception:  # openpyxl fails on a crafted file in many ways: KeyError, IndexError…
        raise UnreadableFile(NOT_A_WORKBOOK) from None
    ranges = {u.name: u for u in used}
    if len(used) == len(workbook.worksheets):
        ranges = {sheet.title: u for sheet, u in zip(workbook.worksheets, used, strict=True)}
    grids = []
    for sheet in workbook.worksheets:
        extent = ranges.get(sheet.title, guard.UsedRange(sheet.title, 0, 0))
        cells = _Cells(name, sheet.title)
        rows = []
        if extent.rows and extent.columns:
            for r, row in enumerate(
                sheet.iter_rows(min_row=1, max_row=extent.rows, max_col=extent.columns), start=1
            ):
                texts = [cell_text(c.value, c.number_format or "General") for c in row]
                rows.append(make_row(cells.row(texts, r), name, sheet.title, r))
        grids.append(cells.grid(rows))
    workbook.close()
    return grids


def _calamine_grids(path: Path) -> list[Grid]:
    """Every sheet is checked by the dimensions calamine reports before any cell becomes a
    Python value (an .ods was scanned by `guard` before calamine opened it)."""
    from python_calamine import CalamineWorkbook

    name = str(path)
    try:
        with path.open("rb") as f:  # from a file object calamine tells the format by content
            workbook = CalamineWorkbook.from_filelike(f)
        guard.check_sheet_count(name, len(workbook.sheet_names))
        sheets = []
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            end = sheet.end
            rows, columns = (end[0] + 1, end[1] + 1) if end else (0, 0)
            guard.check_used_range(name, guard.UsedRange(sheet_name, rows, columns))
            sheets.append((sheet_name, sheet.to_python(skip_empty_area=False)))
    except (LimitExceeded, MemoryError):
        raise
    except Exception as exc:  # calamine raises its own error types for every bad file
        password = "password" in str(exc).lower()
        raise UnreadableFile(ENCRYPTED if password else NOT_A_WORKBOOK) from None
    except BaseException as exc:  # a Rust panic reaches Python as pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        raise UnreadableFile(NOT_A_WORKBOOK) from None
    grids = []
    for sheet_name, data in sheets:
        cells = _Cells(name, sheet_name)
        grids.append(
            cells.grid(
                [
                    make_row(cells.row([cell_text(v) for v in row], r), name, sheet_name, r)
                    for r, row in enumerate(data, start=1)
                ]
            )
        )
    return grids
