"""Workbooks: .xlsx/.xlsm through openpyxl (it sees number formats), .xls/.ods through calamine.

Cells become text the way Excel shows them: a 0.9532 formatted as a percentage reads
"95.32%", a date reads "2024年12月31日", an error value reads "#DIV/0!".
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

from jixiao.core.numbers import fmt_plain
from jixiao.core.problems import Location
from jixiao.ingest.grid import Grid, make_row
from jixiao.ingest.text import UnreadableFile


def cell_text(value: object, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
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
SAVE_AS = "请用 Excel 或 WPS 打开后另存为 .xlsx"
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
        return _calamine_grids(path)
    if not head.startswith(ZIP_MAGIC):
        if head.lstrip().lower().startswith((b"<!doc", b"<html", b"<table", b"<?xml")):
            raise UnreadableFile(f"这是网页或 XML 文件，不是 Excel 工作簿；{SAVE_AS}")
        raise UnreadableFile(NOT_A_WORKBOOK)
    if path.suffix.lower() == ".ods" or _is_ods(path):
        return _calamine_grids(path)
    return _openpyxl_grids(path)


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return (
                "content.xml" in archive.namelist() and "xl/workbook.xml" not in archive.namelist()
            )
    except (zipfile.BadZipFile, OSError):
        return False


def _openpyxl_grids(path: Path) -> list[Grid]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UnreadableFile(NOT_A_WORKBOOK) from None
    grids = []
    for sheet in workbook.worksheets:
        rows = []
        for r, row in enumerate(sheet.iter_rows(), start=1):
            cells = [cell_text(c.value, c.number_format or "General") for c in row]
            rows.append(make_row(cells, name, sheet.title, r))
        grids.append(Grid(Location(name, sheet.title), tuple(rows)))
    workbook.close()
    return grids


def _calamine_grids(path: Path) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    name = str(path)
    try:
        with path.open("rb") as f:  # from a file object calamine tells the format by content
            workbook = CalamineWorkbook.from_filelike(f)
        sheets = [
            (sheet, workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
            for sheet in workbook.sheet_names
        ]
    except Exception as exc:  # calamine raises its own error types for every bad file
        password = "password" in str(exc).lower()
        raise UnreadableFile(ENCRYPTED if password else NOT_A_WORKBOOK) from None
    return [
        Grid(
            Location(name, sheet),
            tuple(
                make_row([cell_text(v) for v in row], name, sheet, r)
                for r, row in enumerate(data, start=1)
            ),
        )
        for sheet, data in sheets
    ]
