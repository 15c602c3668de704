"""Problems are values: a stable code, a severity, a location and a Chinese message.

Importers, validators and scorers return them alongside their results and keep going.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from jixiao.core.frozen import fast_init


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


# The parts of a Word or PDF document a reader names as its "sheet" (ingest/docx.py, pdf.py):
# shown as themselves, not as a worksheet; a paragraph of the body by its number.
_DOCUMENT_PART = re.compile(r"表格 \d+|第 \d+ 页|正文")


class Location(NamedTuple):
    """Where a value came from: file, then sheet and cell, or line (and column).

    A NamedTuple rather than a frozen dataclass: every row and score carries one, and
    tuples are made several times faster (bench/bench_selfeval.py).
    """

    file: str = ""
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def at_column(self, index: int) -> Location:
        """The cell in column `index` (0-based) of the row this location names."""
        if self.sheet is not None:
            return Location(self.file, self.sheet, f"{column_letter(index)}{self.line}")
        return Location(self.file, None, None, self.line, index + 1)

    def with_cell(self, cell: str) -> Location:
        return self._replace(cell=cell)

    def with_field(self, field: str) -> Location:
        return self._replace(field=field)

    def __str__(self) -> str:
        parts: list[str] = [self.file] if self.file else []
        if self.sheet is not None:
            part = _DOCUMENT_PART.fullmatch(self.sheet) is not None
            parts.append(f"「{self.sheet}」" if part else f"工作表「{self.sheet}」")
            if self.sheet == "正文" and (self.cell is not None or self.line is not None):
                number = self.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") if self.cell else self.line
                parts.append(f"第 {number} 段")
                parts.extend([self.field] if self.field is not None else [])
                return " · ".join(parts)
        if self.cell is not None:
            parts.append(f"单元格 {self.cell}")
        if self.line is not None:
            parts.append(f"第 {self.line} 行" + (f"第 {self.column} 列" if self.column else ""))
        if self.field is not None:
            parts.append(self.field)
        return " · ".join(parts) if parts else "（未知位置）"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@fast_init
@dataclass(frozen=True, slots=True)
class Problem:
    """What reading, scoring or reviewing found: `code` (core/codes.py or a review rule), how
    serious, where, one Chinese sentence; a review finding adds what to change and what it is
    about (`subject`: an indicator's key, see core/identity.py; "" for the case as a whole)."""

    code: str
    severity: Severity
    where: Location
    message: str
    suggestion: str = ""
    subject: str = ""

    def __str__(self) -> str:
        return f"[{self.severity.label}] {self.where}：{self.message}（{self.code}）"


def error(code: str, where: Location, message: str) -> Problem:
    return Problem(code, Severity.ERROR, where, message)


def warning(code: str, where: Location, message: str) -> Problem:
    return Problem(code, Severity.WARNING, where, message)


def info(code: str, where: Location, message: str) -> Problem:
    return Problem(code, Severity.INFO, where, message)


def has_errors(problems: tuple[Problem, ...] | list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
