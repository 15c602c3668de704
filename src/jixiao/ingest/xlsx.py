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


def read_workbook_grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _openpyxl_grids(path)
    return _calamine_grids(path)


def _openpyxl_grids(path: Path) -> list[Grid]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"{name}：不是有效的 Excel 工作簿（{type(exc).__name__}），"
            "请用 Excel 或 WPS 打开后另存为 .xlsx"
        ) from None
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
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every bad file
        raise UnreadableFile(f"{name}：无法读取工作簿（{exc}）") from None
    grids = []
    for sheet_name in workbook.sheet_names:
        data = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        rows = [
            make_row([cell_text(v) for v in row], name, sheet_name, r)
            for r, row in enumerate(data, start=1)
        ]
        grids.append(Grid(Location(name, sheet_name), tuple(rows)))
    return grids
