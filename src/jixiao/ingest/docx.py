"""Word documents (.docx): every table of the body as rows of cells, merges resolved as the
xlsx reader resolves them, and the paragraphs between the tables as one-cell text rows.

The zip is checked by `guard` (sizes, ratio, CRC, no DTD) and word/document.xml is read by
expat without building a tree, every table and paragraph counted against `core.limits`.
Horizontal merges (gridSpan) and vertical ones (vMerge) give the value in the top-left cell
and blank hidden cells; a table inside a cell is a grid of its own (its rows are not the
cell's text); a text box's paragraphs follow the paragraph it is anchored in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from jixiao.core import limits
from jixiao.core.problems import Location, Problem, Severity, column_letter
from jixiao.ingest import guard
from jixiao.ingest.grid import Grid, Row, make_row
from jixiao.ingest.text import LimitExceeded, UnreadableFile

DOCUMENT = "word/document.xml"
BODY = "正文"
SAVE_AS = "请用 Word 或 WPS 打开后另存为 .docx"
NOT_A_DOCUMENT = f"不是有效的 Word 文档（文件已损坏，或不是 .docx 格式）；{SAVE_AS}"
CORE = "docProps/core.xml"
OWN_REPORT = "由 jixiao 生成".encode()  # the description report/docx.py gives its reports
OWN_SKIPPED = "是 jixiao 生成的报告，不是自评表，跳过"
MAX_DEPTH = 16  # tables inside tables: Word itself stops long before this
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006 "
_BREAKS = {_W + "br", _W + "cr"}


def table_label(number: int) -> str:
    return f"表格 {number}"


class RawCell(NamedTuple):
    """One w:tc as written: its text, the grid columns it spans, its vMerge state
    ("restart", "continue" or "")."""

    text: str
    span: int = 1
    vmerge: str = ""


def resolve(rows: Sequence[Sequence[RawCell]], before: Sequence[int] = ()) -> list[list[str]]:
    """A rectangular grid of texts: a cell's text at the first column it spans, the other
    columns of its span blank, a vMerge continuation blank (as Excel shows a merged area,
    whatever a program wrote into the hidden cells). `before` are the empty grid columns
    each row starts with (w:gridBefore)."""
    placed: list[list[str]] = []
    for r, cells in enumerate(rows):
        column = before[r] if r < len(before) else 0
        row = [""] * column
        for cell in cells:
            span = max(cell.span, 1)
            row.append("" if cell.vmerge == "continue" else cell.text)
            row.extend([""] * (span - 1))
            column += span
        placed.append(row)
    width = max(map(len, placed), default=0)
    return [row + [""] * (width - len(row)) for row in placed]


@dataclass
class _Table:
    number: int
    rows: list[list[RawCell]] = field(default_factory=list)
    before: list[int] = field(default_factory=list)
    columns: int = 0  # grid columns of the current row so far
    width: int = 0  # the widest row's: the grid is rows × width


@dataclass
class _Cell:
    depth: int  # the tables open around it: its own table is the innermost
    span: int = 1
    vmerge: str = ""
    paragraphs: list[str] = field(default_factory=list)


class _Reader:
    """The expat handlers of one document.xml: blocks of the body in order, tables apart."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.limits = limits.current()
        self.order: list[Row | _Table] = []  # paragraphs and top-level tables, in order
        self.paragraphs = 0
        self.tables: list[_Table] = []  # open tables, innermost last
        self.cells: list[_Cell] = []  # open cells, innermost last
        self.finished: list[tuple[_Table, int]] = []  # tables with their nesting depth
        self.opened = 0  # tables seen so far: the next one's number
        self.paras: list[list[str]] = []  # open paragraphs' text (a text box nests them)
        self.sizes: list[int] = []
        self.boxes: list[tuple[int, list[str]]] = []  # open text boxes: (anchor depth, texts)
        self.after: dict[int, list[str]] = {}  # a box's paragraphs, after their anchor's
        self.in_text = False
        self.fallback = 0  # inside mc:Fallback: a second copy of a text box, skipped
        self.problems: list[Problem] = []

    # ---------------------------------------------------------------- events

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.fallback:
            self.fallback += tag == _MC + "Fallback"
            return
        if tag == _W + "t":
            self.in_text = True
        elif tag == _W + "tab":
            self._add("\t")
        elif tag in _BREAKS:
            self._add("\n")
        elif tag == _W + "p":
            self.paras.append([])
            self.sizes.append(0)
        elif tag == _W + "tbl":
            self._open_table()
        elif tag == _W + "tr" and self.tables:
            table = self.tables[-1]
            table.rows.append([])
            table.before.append(0)
            table.columns = 0
            if len(table.rows) > self.limits.sheet_rows:
                self._refuse(table, "sheet_rows", len(table.rows), "表格的行数太多")
        elif tag == _W + "gridBefore" and self.tables and table_row_open(self):
            table = self.tables[-1]
            table.before[-1] = self._count(attrs)
            table.columns += table.before[-1]
        elif tag == _W + "tc" and self.tables:
            self.cells.append(_Cell(depth=len(self.tables)))
        elif tag == _W + "gridSpan" and self.cells:
            self.cells[-1].span = self._count(attrs)
        elif tag == _W + "vMerge" and self.cells:
            self.cells[-1].vmerge = "restart" if attrs.get(_W + "val") == "restart" else "continue"
        elif tag == _W + "txbxContent":
            self.boxes.append((len(self.paras), []))
        elif tag == _MC + "Fallback":
            self.fallback = 1

    def end(self, tag: str) -> None:
        if self.fallback:
            self.fallback -= tag == _MC + "Fallback"
            return
        if tag == _W + "t":
            self.in_text = False
        elif tag == _W + "p" and self.paras:
            text = "".join(self.paras.pop())
            self.sizes.pop()
            depth = len(self.paras)
            if self.boxes and depth == self.boxes[-1][0]:
                self.boxes[-1][1].append(text)  # a paragraph of a text box
                return
            self._deliver(text)
            for more in self.after.pop(depth, []):
                self._deliver(more)
        elif tag == _W + "txbxContent" and self.boxes:
            depth, texts = self.boxes.pop()
            self.after.setdefault(max(depth - 1, 0), []).extend(texts)
        elif tag == _W + "tc" and self.cells and self.tables:
            cell = self.cells.pop()
            table = self.tables[-1]
            table.columns += max(cell.span, 1)
            if table.columns > self.limits.sheet_columns:
                self._refuse(table, "sheet_columns", table.columns, "表格的列数太多")
            table.width = max(table.width, table.columns)
            if table.width * len(table.rows) > self.limits.sheet_cells:
                found = table.width * len(table.rows)
                self._refuse(table, "sheet_cells", found, "表格的单元格太多")
            text = "\n".join(cell.paragraphs).strip("\n")  # Word's empty paragraph by a table
            table.rows[-1].append(RawCell(self._cut(text, table), cell.span, cell.vmerge))
        elif tag == _W + "tbl" and self.tables:
            table = self.tables.pop()
            self.finished.append((table, len(self.tables)))
            if not self.tables:
                self.order.append(table)

    def data(self, chars: str) -> None:
        if self.in_text:
            self._add(chars)

    # ---------------------------------------------------------------- helpers

    def _add(self, chars: str) -> None:
        if not self.paras or self.sizes[-1] > self.limits.cell_chars:
            return  # what is past the limit is dropped as it arrives, never kept
        self.paras[-1].append(chars)
        self.sizes[-1] += len(chars)

    def _deliver(self, text: str) -> None:
        """A finished paragraph: a line of its cell's text, or a row of the body."""
        if self.cells and self.cells[-1].depth == len(self.tables):
            self.cells[-1].paragraphs.append(text.replace("\t", " "))
            return
        if self.tables:
            return  # text between a table's cells (never written by Word)
        self.paragraphs += 1
        line = self.paragraphs
        if line > self.limits.sheet_rows:
            where = Location(self.name, BODY)
            raise LimitExceeded(limits.exceeded("sheet_rows", line, where, "正文的段落太多"))
        if len(text) > self.limits.cell_chars:
            self._warn(Location(self.name, BODY, f"A{line}"), len(text))
            text = text[: self.limits.cell_chars]
        self.order.append(make_row([text], self.name, BODY, line))

    def _open_table(self) -> None:
        self.opened += 1
        if len(self.tables) >= MAX_DEPTH:
            where = Location(self.name, table_label(self.opened))
            raise UnreadableFile(
                f"「{where.sheet}」：表格嵌套超过 {MAX_DEPTH} 层，Word 和 WPS 不会写出这样的"
                f"文档，为安全起见拒绝读取；{SAVE_AS}"
            )
        self.tables.append(_Table(self.opened))

    def _count(self, attrs: dict[str, str]) -> int:
        value = attrs.get(_W + "val", "1")
        number = int(value) if value.isdigit() and len(value) < 10 else 1
        return max(number, 1)

    def _cut(self, text: str, table: _Table) -> str:
        if len(text) <= self.limits.cell_chars:
            return text
        cell = f"{column_letter(table.columns - 1)}{len(table.rows)}"
        self._warn(Location(self.name, table_label(table.number), cell), len(text))
        return text[: self.limits.cell_chars]

    def _warn(self, where: Location, found: int) -> None:
        what = f"单元格过长，只读取了前 {self.limits.cell_chars:,} 个字符"
        problem = limits.exceeded("cell_chars", found, where, what)
        self.problems.append(Problem(problem.code, Severity.WARNING, where, problem.message))

    def _refuse(self, table: _Table, name: str, found: int, what: str) -> None:
        where = Location(self.name, table_label(table.number))
        raise LimitExceeded(limits.exceeded(name, found, where, what))

    # ---------------------------------------------------------------- grids

    def grids(self) -> list[Grid]:
        """The body (paragraphs and top-level tables in order), then each nested table."""
        body: list[Row] = []
        for item in self.order:
            if isinstance(item, _Table):
                body.extend(self._rows(item))
            else:
                body.append(item)
        nested = [
            Grid(Location(self.name, table_label(t.number)), tuple(self._rows(t)))
            for t, depth in sorted(self.finished, key=lambda found: found[0].number)
            if depth
        ]
        return [Grid(Location(self.name, BODY), tuple(body), tuple(self.problems)), *nested]

    def _rows(self, table: _Table) -> list[Row]:
        label = table_label(table.number)
        texts = resolve(table.rows, table.before)
        return [make_row(cells, self.name, label, r) for r, cells in enumerate(texts, 1)]


def table_row_open(reader: _Reader) -> bool:
    """A w:gridBefore of the innermost table's current row (not of a cell's nested table)."""
    return not reader.cells or reader.cells[-1].depth < len(reader.tables)


def docx_grids(data: bytes, name: str) -> list[Grid]:
    """The grids of a .docx: the body first (sheet 正文; its tables' rows labelled 表格 N),
    then every table nested in a cell, each its own grid."""
    if not data.startswith(b"PK\x03\x04"):
        if data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
            raise UnreadableFile(
                "这是 Word 97-2003 文档（.doc）或已加密的文档，不是 .docx；"
                "请在 Word 或 WPS 中“另存为”.docx 后再提交（有密码的请先取消密码）"
            )
        raise UnreadableFile(NOT_A_DOCUMENT)
    try:
        parts = guard.verify_zip(name, data, lambda member: member in (DOCUMENT, CORE))
    except UnreadableFile as exc:  # guard speaks of workbooks
        raise UnreadableFile(_as_document(str(exc)), exc.line) from None
    if OWN_REPORT in parts.get(CORE, b""):
        # a report `jixiao report` wrote, left in a folder that is read again: its tables
        # are jixiao's summaries, not a table to score
        skipped = Problem("other-format", Severity.INFO, Location(name), OWN_SKIPPED)
        return [Grid(Location(name, BODY), (), (skipped,))]
    reader = _Reader(name)
    handlers: dict[str, Callable[..., None]] = {
        "StartElementHandler": reader.start,
        "EndElementHandler": reader.end,
        "CharacterDataHandler": reader.data,
    }
    try:
        if DOCUMENT in parts:
            guard.parse_xml(io.BytesIO(parts[DOCUMENT]), DOCUMENT, handlers)
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if DOCUMENT not in archive.namelist():
                    raise UnreadableFile(f"不是有效的 Word 文档（缺少 {DOCUMENT}）；{SAVE_AS}")
                with archive.open(DOCUMENT) as stream:
                    guard.parse_xml(stream, DOCUMENT, handlers)
    except UnreadableFile as exc:
        raise UnreadableFile(_as_document(str(exc)), exc.line) from None
    except RecursionError:
        raise UnreadableFile(NOT_A_DOCUMENT) from None
    return reader.grids()


def _as_document(message: str) -> str:
    """guard's words for a damaged workbook, said of a document."""
    return (
        message.replace(guard.SAVE_AS, SAVE_AS)
        .replace("Excel 工作簿", "Word 文档")
        .replace("Excel 和 WPS", "Word 和 WPS")
        .replace("工作簿", "文档")
        .replace("Excel 不用", "Word 不用")
    )
