"""Seed 003's self-evaluation tables as the paper form prints them, built at test time: a Word
document (python-docx) with the form's merges, and a PDF with ruling lines converted from it
by LibreOffice (when soffice is installed).

The seed is PDF-extracted text: its cells are already where the form's are, except rows that
PDF extraction shifted by a column, which are put back where the header says (the offset the
text reader reads them at). Every merge covers only cells the text has blank, so reading the
document with its merges resolved gives the seed's cells back.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from jixiao.ingest.grid import Row
from jixiao.ingest.selfeval import indicators as ind
from jixiao.ingest.selfeval import split_tables
from jixiao.ingest.selfeval.alignment import offset
from jixiao.ingest.text import text_grids

Span = tuple[int, int, int, int]  # first row, first column, last row, last column


def form_tables(seed: Path) -> list[tuple[str, list[list[str]], list[Span]]]:
    """(title, cells, merges) of each table of the seed, the rows as the form has them."""
    grid = text_grids(seed.read_bytes(), seed.name)[0]
    found = []
    for rows in split_tables(grid):
        rows = [r for r in rows if not r.is_blank]
        title, body = rows[0].filled[0][1], rows[1:]
        cells = _unshifted(body)
        width = max(max((i for i, c in enumerate(r) if c.strip()), default=0) + 1 for r in cells)
        cells = [(r + [""] * width)[:width] for r in cells]
        found.append((title, cells, _merges(cells, body)))
    return found


def _unshifted(rows: list[Row]) -> list[list[str]]:
    head = next(i for i, r in enumerate(rows) if ind.is_header(r))
    cols, last = ind.merged_header(rows, head)
    out = []
    for i, row in enumerate(rows):
        cells = list(row.cells)
        if i > last and not ind.is_total(row):
            k = offset(row, cols)
            cells = cells[k:] if k > 0 else [""] * -k + cells
        out.append(cells)
    return out


def _merges(cells: list[list[str]], rows: list[Row]) -> list[Span]:
    head = next(i for i, r in enumerate(rows) if ind.is_header(r))
    total = next((i for i, r in enumerate(rows) if ind.is_total(r)), len(rows))
    width = len(cells[0])
    spans: list[Span] = []
    down: dict[int, int] = {}  # column → the row its open vertical merge starts at

    def close(column: int, row: int) -> None:
        start = down.pop(column, None)
        if start is not None and row - 1 > start:
            spans.append((start, column, row - 1, column))

    for r, row in enumerate(cells):
        blank = [not c.strip() for c in row]
        if head < r < total:  # 年度绩效指标, 一级 and 二级 merged down their rows
            for c in (0, 1, 2):
                if not blank[c]:
                    close(c, r)
                    down[c] = r
                    if c == 1:
                        close(2, r)
                elif c not in down:
                    down[c] = r
            continue
        for c in list(down):
            close(c, r)
        first = 0
        if r and blank[0] and r < head and cells[r - 1][0].strip() and _single(spans, r - 1, width):
            down[0] = r - 1  # 项目资金 over its four rows, 年度总体目标 over its two
            first = 1
        elif r and blank[0] and 0 in down:
            first = 1
        else:
            close(0, r)
        c = first
        while c < width:  # a cell and the blank ones after it: one cell across them
            end = c + 1
            while end < width and blank[end]:
                end += 1
            if end - 1 > c:
                spans.append((r, c, r, end - 1))
            c = end
    for c in list(down):
        close(c, len(cells))
    return spans


def _single(spans: list[Span], row: int, width: int) -> bool:
    """Whether column 0 of `row` is a cell of its own (not spanning the row)."""
    return not any(r1 == row and c1 == 0 and c2 > 0 for r1, c1, _, c2 in spans)


def seed_docx(seed: Path, lines: bool = True) -> bytes:
    """The Word form; `lines=False` prints its tables without ruling lines."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(42), Cm(29.7)  # A3: no number wraps
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(8)
    for n, (title, cells, merges) in enumerate(form_tables(seed)):
        if n:
            document.add_paragraph()
        heading = document.add_paragraph(title)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        table = document.add_table(rows=len(cells), cols=len(cells[0]))
        if lines:
            table.style = "Table Grid"
        # table.cell() walks the whole table each call: the cells are taken once, filled,
        # then merged (a merge keeps its first and last cell's elements)
        width = len(cells[0])
        made = table._cells
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                if text:
                    made[r * width + c].text = text
        for r1, c1, r2, c2 in merges:
            made[r1 * width + c1].merge(made[r2 * width + c2])
    # Word ends every document with a paragraph (LibreOffice's .doc export drops a table
    # that is the body's last element)
    document.add_paragraph("注：金额单位为元。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(docx_bytes: bytes) -> bytes | None:
    """The document printed to PDF by LibreOffice, or None without it."""
    program = shutil.which("soffice")
    if program is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "表.docx").write_bytes(docx_bytes)
        env = {**os.environ, "HOME": str(root)}
        profile = f"-env:UserInstallation={(root / 'profile').as_uri()}"
        subprocess.run(
            [
                program,
                "--headless",
                profile,
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(root / "表.docx"),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (root / "表.pdf").read_bytes()


def report_docx(seed: Path) -> bytes:
    """An evaluation report's text as the Word document it was printed from: each line a
    paragraph, each run of tab-separated lines a table (the page's repeated header included,
    as a table continued over pages prints it), 一级 and 二级 指标 merged down over the rows
    they leave blank. Every table has the document's widest row's columns: the runs of one
    table continued over pages line up as one table (as Word prints it)."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    width = max((len(line.split("\t")) for line in lines if "\t" in line), default=1)
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(42), Cm(29.7)
    document.styles["Normal"].font.size = Pt(8)
    run: list[list[str]] = []
    for line in [*lines, ""]:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        if run:
            _report_table(document, run, width)
            run = []
        if line.strip():
            document.add_paragraph(line.strip().lstrip("#").strip())
    document.add_paragraph("（完）")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report_table(document: docx.document.Document, rows: list[list[str]], width: int) -> None:
    cells = [(r + [""] * width)[:width] for r in rows]
    table = document.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    made = table._cells
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text.strip():
                made[r * width + c].text = text.strip()
    header = {r for r, row in enumerate(cells) if any("指标" in c and len(c) <= 6 for c in row)}
    for c in (0, 1):
        r = 0
        while r < len(cells):
            end = r + 1
            if cells[r][c].strip() and r not in header:
                while end < len(cells) and not cells[end][c].strip() and end not in header:
                    end += 1
            if end - 1 > r:
                made[r * width + c].merge(made[(end - 1) * width + c])
            r = end


def report_xlsx(seed: Path) -> bytes:
    """An evaluation report's score tables alone, as a workbook an evaluator keeps them in:
    each table with the caption above it, on one sheet, 一级 and 二级 指标 merged down."""
    import openpyxl

    lines = seed.read_text(encoding="utf-8").splitlines()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "评分表"
    rows: list[list[str]] = []
    for i, text in enumerate(lines):
        caption = i + 1 < len(lines) and "\t" in lines[i + 1] and text.strip()
        if "\t" in text or caption:
            rows.append([c.strip() for c in text.split("\t")])
    for r, cells in enumerate(rows, 1):
        for c, value in enumerate(cells, 1):
            if value:
                sheet.cell(r, c, value)
    for c in (1, 2):
        r = 0
        while r < len(rows):
            end = r + 1
            if _at(rows, r, c) and "指标" not in _at(rows, r, c):
                while end < len(rows) and not _at(rows, end, c) and len(rows[end]) > 2:
                    end += 1
            if end - 1 > r:
                sheet.merge_cells(start_row=r + 1, start_column=c, end_row=end, end_column=c)
            r = end
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _at(rows: list[list[str]], r: int, c: int) -> str:
    return rows[r][c - 1] if c - 1 < len(rows[r]) else ""
