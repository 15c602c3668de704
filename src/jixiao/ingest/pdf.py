"""PDF with a text layer: each page's tables by pdfplumber's ruling lines and the rest of the
page as text rows, in reading order.

A page where no table is found reads as the text reader reads PDF-extracted text
(`text.grid_from_text`), so a table printed without lines still reads. A PDF without any text
(a scan) is refused with a sentence saying so: jixiao does no character recognition.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

from jixiao.core import limits
from jixiao.core.problems import Location
from jixiao.ingest.grid import Grid, Row, make_row
from jixiao.ingest.text import LimitExceeded, UnreadableFile, grid_from_text

SCANNED = (
    "该 PDF 没有文字层（可能是扫描件），jixiao 不做文字识别；"
    "请提供可复制文字的 PDF 或原始 Word/Excel 文件"
)
ENCRYPTED = "该 PDF 设置了密码（已加密），无法读取；请提供未加密的 PDF 或原始 Word/Excel 文件"
NOT_A_PDF = (
    "不是有效的 PDF 文件（文件已损坏，或不是 PDF 格式）；请重新导出 PDF 或提供原始 Word/Excel 文件"
)
LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# what starts a paragraph of its own, however full the line above: a heading's or an item's
# number (一、 （一） 1. （1） 1 项目背景 ① ⑴ Ⅱ、 第二部分), a caption (表 3-1, 图 1, 附件 1, 附表)
_NUMBERED = re.compile(
    r"[（(]?[0-9一二三四五六七八九十]{1,3}[)）、.．](?!\d)|[0-9]{1,2}\s+[\u4e00-\u9fff]"
    r"|[①-⑳⑴-⒇Ⅰ-Ⅻ]|第[一二三四五六七八九十0-9]{1,3}[部章节条篇]|(?:表|图)\s*[0-9一二三四五六七八九十]"
    r"|附件|附表|#"
)
_WRAP = re.compile(r"\s*\n\s*")  # a cell's text wrapped onto the next line


def page_label(number: int) -> str:
    return f"第 {number} 页"


def pdf_grids(data: bytes, name: str) -> list[Grid]:
    """One grid of every page's rows in order (each row located at its page); a grid
    without a sheet, as text is, since a PDF's columns can shift row by row."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile(NOT_A_PDF)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    rows: list[Row] = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if not count:  # no page tree found: damaged, not a scan
                raise UnreadableFile(NOT_A_PDF)
            if count > limits.current().pdf_pages:
                raise LimitExceeded(limits.exceeded("pdf_pages", count, Location(name)))
            for number, page in enumerate(pdf.pages, 1):
                chars += len(page.chars)
                rows.extend(_page_rows(page, name, page_label(number)))
                page.close()  # pdfplumber keeps each page's objects until closed
    except (LimitExceeded, UnreadableFile, MemoryError):
        raise
    except Exception as exc:  # pdfminer raises many types (PSEOF, PDFSyntaxError, KeyError…)
        # pdfplumber wraps pdfminer's error in its own, as the first argument
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableFile(ENCRYPTED) from None
        raise UnreadableFile(NOT_A_PDF) from None
    if not chars:
        raise UnreadableFile(SCANNED)
    return [Grid(Location(name), tuple(rows))]


def _page_rows(page: Any, name: str, sheet: str) -> list[Row]:
    lim = limits.current()
    tables = page.find_tables(LINES)
    # Without ruling lines, the page's lines with a tab where a gap wider than a character
    # stands, read as the text reader reads PDF-extracted text. On seed 003 printed as plain
    # text, pdfplumber's "text" table strategy found three tables of seven (its columns cut
    # through words and numbers); this finds all seven.
    if not tables:
        grid = grid_from_text("\n".join(_tabbed(page)), name)
        return [make_row(list(r.cells), name, sheet, n) for n, r in enumerate(grid.rows, 1)]
    # (top, rows) of each table and each text line outside the tables, in reading order
    blocks: list[tuple[float, list[list[str]]]] = []
    for table in tables:
        cells = [[_cell(c) for c in row] for row in table.extract()]
        if len(cells) > lim.sheet_rows or sum(map(len, cells)) > lim.sheet_cells:
            where = Location(name, sheet)
            raise LimitExceeded(limits.exceeded("sheet_cells", sum(map(len, cells)), where))
        blocks.append((table.bbox[1], cells))
    # the text outside the tables: a character whose middle is outside every table (as a
    # table's cells take the characters whose middle is inside); a heading printed right
    # under a table touches its bounding box and must not be lost with it
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for top, text in _paragraphs(outside.extract_text_lines(), page.width):
        blocks.append((top, [[text]]))
    blocks.sort(key=lambda block: block[0])
    rows: list[Row] = []
    for _, block in blocks:
        for line_cells in block:
            cut = [c[: lim.cell_chars] for c in line_cells]
            rows.append(make_row(cut, name, sheet, len(rows) + 1))
    return rows


def _paragraphs(lines: list[dict[str, Any]], width: float) -> Iterator[tuple[float, str]]:
    """Text lines joined into the paragraphs they wrap: a line that runs to the right margin
    goes on in the next line when that one starts at the left margin (a new paragraph's
    first line is indented); a short line (a heading, a paragraph's last) ends it, and a
    numbered line or a caption starts one."""
    lines = [line for line in lines if line["text"].strip()]
    if not lines:
        return
    left = min(line["x0"] for line in lines)
    # the text's right edge: the margins taken as equal (a sparse page's longest line, a
    # title or a heading, is not a line run to the margin)
    right = max(width - left, max(line["x1"] for line in lines))
    top, text, start, bottom, full = 0.0, "", 0.0, 0.0, False
    for line in lines:
        size = max((c.get("size") or 10) for c in line.get("chars") or [{}]) or 10
        here = line["text"].strip()
        if (
            text
            and full
            and abs(line["x0"] - left) < size
            and line["top"] - bottom < 2 * size
            and not _NUMBERED.match(here)  # 一、 （一） 1. （1） ①: a heading or an item
        ):
            text = _WRAP.sub(_join, f"{text}\n{here}")
        else:
            if text:
                yield top, text
            top, text, start = line["top"], here, line["x0"]
        full = right - line["x1"] < 2 * size and start - left < 3 * size
        bottom = line["bottom"]
    if text:
        yield top, text


def _inside(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _tabbed(page: Any) -> list[str]:
    """Each text line of the page, a tab between two characters further apart than a
    character's width (a column's gap), a space for a narrower gap (between words)."""
    lines = []
    for line in page.extract_text_lines(return_chars=True):
        chars = [c for c in line["chars"] if not c["text"].isspace()]
        if not chars:
            continue
        out = [chars[0]["text"]]
        for before, char in itertools.pairwise(chars):
            gap = char["x0"] - before["x1"]
            size = before.get("size") or 10
            out.append("\t" if gap > 0.9 * size else " " if gap > 0.2 * size else "")
            out.append(char["text"])
        lines.append("".join(out))
    return lines


def _cell(text: str | None) -> str:
    """A merged cell's hidden parts read blank; a wrapped line joins as it was typed (no
    space between Chinese characters, one between Latin words)."""
    if not text:
        return ""
    return _WRAP.sub(_join, text.strip())


def _join(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    after = match.string[match.end()] if match.end() < len(match.string) else ""
    if before in ";,:" or (before.isascii() and before.isalpha() and after.isascii()):
        return " "  # "; " and Latin words keep their space where the line broke
    return ""
