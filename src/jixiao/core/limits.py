"""Limits on what one input may cost: file and sheet sizes, YAML aliases, cell lengths, formula
budgets. Data, not constants in readers: the CLI and the web server load them from one
`limits` section, and every reader asks `current()` for the limits in force.

A limit exceeded is a located problem (`limit-exceeded`) naming the limit, the value found and
how to raise it, never a crash or an hour of work.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from jixiao.core.problems import Location, Problem, Severity

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Every limit, with its default. Counts are plain ints; sizes are bytes."""

    file_bytes: int = 64 * MiB  # one input file as stored
    zip_member_bytes: int = 256 * MiB  # one member of an xlsx/ods, uncompressed
    zip_total_bytes: int = 512 * MiB  # all members, uncompressed
    zip_ratio: int = 200  # uncompressed ÷ compressed, per member (bombs inflate 1000×)
    zip_members: int = 10_000
    sheets: int = 256  # sheets in one workbook
    sheet_rows: int = 100_000  # rows used in one sheet
    sheet_columns: int = 1_024  # columns used in one sheet
    sheet_cells: int = 2_000_000  # rows × columns used in one sheet
    cell_chars: int = 32_767  # characters in one cell (Excel's own maximum)
    pdf_pages: int = 500  # pages of one PDF (a self-evaluation table is a page or two)
    text_chars: int = 2_000  # characters of one target or actual the target parser reads
    yaml_aliases: int = 200  # alias uses (*name) in one YAML document
    yaml_depth: int = 64  # nesting of mappings and lists
    yaml_nodes: int = 500_000  # nodes in one YAML document
    formula_chars: int = 2_000  # characters in one formula rule
    formula_digits: int = 60  # digits of any number a formula computes
    formula_seconds: float = 1.0  # evaluation time of one formula

    def replace(self, **changes: object) -> Limits:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


# The Chinese name of each limit, as messages and docs show it.
LABELS = {
    "file_bytes": "单个文件的大小（字节）",
    "zip_member_bytes": "工作簿内单个部件解压后的大小（字节）",
    "zip_total_bytes": "工作簿解压后的总大小（字节）",
    "zip_ratio": "工作簿部件的压缩比",
    "zip_members": "工作簿内的部件数",
    "sheets": "一个工作簿的工作表数",
    "sheet_rows": "一个工作表使用的行数",
    "sheet_columns": "一个工作表使用的列数",
    "sheet_cells": "一个工作表使用的单元格数（行数 × 列数）",
    "cell_chars": "一个单元格的字符数",
    "pdf_pages": "一个 PDF 文件的页数",
    "text_chars": "一个目标值或完成值读取的字符数",
    "yaml_aliases": "YAML 文件中别名（*名称）的使用次数",
    "yaml_depth": "YAML 文件的嵌套层数",
    "yaml_nodes": "YAML 文件的节点数",
    "formula_chars": "一条公式规则的字符数",
    "formula_digits": "公式计算结果的位数",
    "formula_seconds": "一条公式的计算时间（秒）",
}

_CURRENT: ContextVar[Limits] = ContextVar("jixiao_limits", default=Limits())  # noqa: B039


def current() -> Limits:
    """The limits in force for this thread or task (the defaults unless `using` set others)."""
    return _CURRENT.get()


def set_current(limits: Limits) -> None:
    """The limits for the rest of this thread's life: a worker process starting."""
    _CURRENT.set(limits)


@contextlib.contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Run the block under `limits`: a CLI run, a web request."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def exceeded(name: str, found: object, where: Location, what: str = "") -> Problem:
    """The problem for limit `name` exceeded by `found` at `where`."""
    limit = getattr(current(), name)
    subject = f"{what}：" if what else ""
    return Problem(
        "limit-exceeded",
        Severity.ERROR,
        where,
        f"{subject}超出限额「{LABELS[name]}」：实际 {_number(found)}，上限 {_number(limit)}；"
        f"确属正常时可在限额配置中调大 {name}（见 docs/limits.md）",
    )


def _number(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
