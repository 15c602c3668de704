"""A report as plain values: headings, paragraphs, tables, figures. No Word, no files.

The builder turns an evaluation into a `Document`; renderers (docx, and through it PDF)
turn a `Document` into a file. Keeping the two apart lets the layout be tested as data
and lets a user restyle the Word template without touching the builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.core.problems import Problem


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True, slots=True)
class Heading:
    """Level 1: 一、基本情况 (黑体); level 2: （一）项目背景 (楷体);
    level 3: 1. 资金来源 (仿宋 bold)."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text (仿宋_GB2312 三号, first-line indent 2 characters unless `indent` is False)."""

    text: str
    align: Align = Align.JUSTIFY
    indent: bool = True
    bold: bool = False
    keep: bool = False  # kept on the page of the next paragraph (a run-in heading such as （1）…)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: Align = Align.CENTER
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a caption above it (表 3-1 …). `header_rows` rows repeat on each page.

    `widths` are relative column widths (they are scaled to the text width); cells that a
    colspan/rowspan covers are simply absent from later rows, as in HTML.
    """

    caption: str
    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 1
    widths: tuple[float, ...] = ()
    font_size: float = 10.5  # 五号; tables use a smaller size than the body
    note: str = ""  # a line under the table (注：…)
    landscape: bool = False  # set on its own landscape pages (wide annex tables)


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture (PNG bytes) with a caption under it (图 3-1 …)."""

    caption: str
    png: bytes
    width_cm: float = 15.0


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class Signature:
    """The block that closes a report's body: (label, value) lines such as
    评价机构（盖章）：… / 主评人：… / 日期：…, set as one column towards the right edge.
    An empty value leaves the line blank for filling in by hand."""

    lines: tuple[tuple[str, str], ...]


Block = Heading | Paragraph | Table | Figure | PageBreak | Signature


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report: title page fields, then the blocks in order."""

    title: str  # 方正小标宋简体 二号, centred
    subtitle: str = ""  # e.g. the evaluated unit and date under the title
    blocks: tuple[Block, ...] = ()
    author: str = ""  # document properties
    keywords: tuple[str, ...] = field(default=())
    # what the builder left out or derived, for the user: not part of the document
    warnings: tuple[Problem, ...] = ()
