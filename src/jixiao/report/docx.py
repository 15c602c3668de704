"""Render a `Document` to Word in the GB/T 9704-2012 look (A4, 仿宋 三号, 28 pt lines).

Paragraphs reference the named "jixiao …" styles (see `docx_styles`), so a user can restyle
the template in Word; every run also names its fonts, east-Asian slot included, because
Word and WPS otherwise fall back to theme fonts.
"""

from __future__ import annotations

import copy
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from docx.document import Document as DocxDocument
from docx.shared import Cm, Emu

from jixiao.report.document import (
    Align,
    Cell,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from jixiao.report.docx_styles import (
    BODY,
    CAPTION,
    CELL,
    H1,
    H2,
    H3,
    NOTE,
    PARAGRAPH_STYLES,
    PRESETS,
    SUBTITLE,
    TABLE_PT,
    TABLE_STYLE_NAME,
    TITLE,
    Element,
    StyleSpec,
    add_text,
    base_document,
    preset_fonts,
    q,
    set_fonts,
    style_font,
    sub,
)
from jixiao.report.lines import break_lines, longest_token_em, orphan_free_width, text_em

__all__ = ["PRESETS", "render_docx", "write_template"]

# What `write_template` puts in the body: one sample of each style, so that a user sees
# them all in Word. Rendering with the template clears the body and keeps the styles.
SPECIMEN = Document(
    title="（项目名称）绩效评价报告",
    subtitle="（评价单位　成文日期）",
    author="jixiao",
    keywords=("jixiao", "模板"),
    blocks=(
        Paragraph(
            "本文件是 jixiao 评价报告的 Word 模板。在 Word 中修改名称以“jixiao”开头的样式"
            "（字体、字号、行距、缩进等）和页面设置、页脚，保存为 .docx 后用 --template 指定，"
            "生成的报告即采用修改后的格式。正文内容会被替换，请勿修改样式名称。"
        ),
        Heading(1, "一、一级标题（jixiao 一级标题：黑体 三号）"),
        Heading(2, "（一）二级标题（jixiao 二级标题：楷体 三号）"),
        Heading(3, "1. 三级标题（jixiao 三级标题：仿宋 三号 加粗）"),
        Paragraph("正文（jixiao 正文：仿宋 三号，首行缩进 2 字符，固定行距 28 磅）。"),
        Table(
            caption="表 1-1 表题（jixiao 表题）",
            rows=(
                (Cell("表头"), Cell("表格文字（jixiao 表格：仿宋 五号）")),
                (Cell("1"), Cell("表格线由表格样式“jixiao 表格框线”设定。", align=Align.LEFT)),
            ),
            widths=(1, 4),
            note="注：表注（jixiao 表注）。",
        ),
    ),
)

_JC = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right", Align.JUSTIFY: "both"}
_EMU_PER_TWIP = 635
_GAP_AFTER_TABLE = "120"  # twips (6 pt) before whatever follows a table
_UNSPLIT_ROW_CHARS = 300
_TWIPS_PER_PT = 20
_CELL_PADDING = 2 * 85  # the table style's left and right cell margins
_CELL_MARGINS = _CELL_PADDING + 60  # and some slack for the width a cell is given
_WIDEST_FITTED_COLUMN = 0.3  # a longer unbreakable run than this share of the table wraps
_SIGNATURE_GAP = "560"  # one 28 pt line between the text and the signature block


def write_template(path: Path, preset: str = "official") -> None:
    """Write the default Word template: the jixiao styles, page setup, footer and a specimen.

    Restyle it in Word (keeping the style names) and pass it back as `template`.
    """
    render_docx(SPECIMEN, path, preset=preset)


def render_docx(
    doc: Document,
    path: Path | IO[bytes],
    *,
    preset: str = "official",
    template: Path | bytes | None = None,
) -> None:
    """Write `doc` as a .docx at `path` (or into a stream), styled from `template` (a file or
    its content) or the built-in styles.

    `preset` names the fonts ("official" or "windows"; see PRESETS) used for styles the
    template lacks and for runs in styles that name no east-Asian font.
    """
    word = base_document(preset, template)
    writer = _Writer(word, preset)
    writer.paragraph(TITLE, writer.fitted(TITLE, doc.title))
    if doc.subtitle:
        writer.paragraph(SUBTITLE, writer.fitted(SUBTITLE, doc.subtitle))
    for block in doc.blocks:
        if isinstance(block, Heading):
            writer.heading(block)
        elif isinstance(block, Paragraph):
            align = None if block.align is Align.JUSTIFY else block.align
            indent = None if block.indent else False
            writer.paragraph(
                BODY, block.text, align=align, indent=indent, bold=block.bold, keep_next=block.keep
            )
        elif isinstance(block, Table) and block.landscape:
            writer.landscape_table(block, last=block is doc.blocks[-1])
        elif isinstance(block, Table):
            writer.table(block)
        elif isinstance(block, Figure):
            writer.figure(block)
        elif isinstance(block, PageBreak):
            writer.break_pending = True
        elif isinstance(block, Signature):
            writer.signature(block)
    props = word.core_properties
    props.title = doc.title.replace("\n", "")
    props.subject = doc.subtitle
    props.author = props.last_modified_by = doc.author or "jixiao"
    props.keywords = "; ".join(doc.keywords)
    props.comments = "由 jixiao 生成"
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    props.revision = 1
    word.save(str(path) if isinstance(path, Path) else path)


class _Writer:
    """Appends blocks as raw w:p / w:tbl elements; run properties are built once per style."""

    def __init__(self, doc: DocxDocument, preset: str) -> None:
        fonts = preset_fonts(preset)
        self.doc = doc
        self.body = doc.element.body
        self.sect_pr = self.body.find(q("w:sectPr"))
        self.ids = {spec.name: doc.styles[spec.name].style_id for spec in PARAGRAPH_STYLES}
        self.table_style_id = doc.styles[TABLE_STYLE_NAME].style_id
        self.fonts = {
            spec.name: style_font(doc, self.ids[spec.name], getattr(fonts, spec.font))
            for spec in PARAGRAPH_STYLES
        }
        self.rpr_cache: dict[tuple[str, bool, float], Element] = {}
        section = doc.sections[0]
        text_width = (section.page_width or 0) - (section.left_margin or 0)
        text_width -= section.right_margin or 0
        self.text_width_twips = int(text_width / _EMU_PER_TWIP)
        self.break_pending = False
        self.gap_pending = False

    def style_pt(self, spec: StyleSpec) -> float:
        """The font size of a paragraph style as the template sets it."""
        size = self.doc.styles[spec.name].font.size
        return size.pt if size is not None else spec.size

    def fitted(self, spec: StyleSpec, text: str) -> str:
        """`text` with line breaks where a line would overflow, so that no title ends on a
        line of one character (GB/T 9704: title lines balanced and whole in meaning)."""
        capacity = self.text_width_twips / _TWIPS_PER_PT / self.style_pt(spec)
        return "\n".join(line for part in text.split("\n") for line in break_lines(part, capacity))

    def signature(self, block: Signature) -> None:
        """The lines as one column, as far right as the longest allows (右空二字); a line
        too long for that wraps under its value. The block never stands alone on a page:
        the paragraph before it goes over with it (GB/T 9704 7.3.5)."""
        previous = self.sect_pr.getprevious() if self.sect_pr is not None else self.body[-1]
        if previous is not None and previous.tag == q("w:p"):
            _keep_with_next(previous)
        size = self.style_pt(BODY)
        capacity = self.text_width_twips / _TWIPS_PER_PT / size
        lines = [(f"{label}：", value) for label, value in block.lines]
        longest = max((text_em(label + value) for label, value in lines), default=0.0)
        indent = max(2.0, capacity - longest - 2)
        for i, (label, value) in enumerate(lines):
            p = self.paragraph(
                BODY,
                label + value,
                indent=False,
                keep_next=i < len(lines) - 1,
                before=_SIGNATURE_GAP if i == 0 else None,
            )
            ind = p.find(f"{q('w:pPr')}/{q('w:ind')}")
            for attr in ("firstLineChars", "firstLine"):
                ind.attrib.pop(q(f"w:{attr}"), None)
            hanging = text_em(label) * size * _TWIPS_PER_PT
            ind.set(q("w:left"), str(round(indent * size * _TWIPS_PER_PT + hanging)))
            ind.set(q("w:hanging"), str(round(hanging)))

    def _append(self, element: Element) -> Element:
        if self.sect_pr is not None:
            self.sect_pr.addprevious(element)
        else:
            self.body.append(element)
        return element

    def _rpr(self, spec: StyleSpec, bold: bool, size: float) -> Element:
        key = (spec.name, bold, size)
        rpr = self.rpr_cache.get(key)
        if rpr is None:
            rpr = self.body.makeelement(q("w:rPr"), {})
            set_fonts(rpr, self.fonts[spec.name])
            if bold:
                sub(rpr, "b")
                sub(rpr, "bCs")
            if size:
                sub(rpr, "sz", val=str(round(size * 2)))
                sub(rpr, "szCs", val=str(round(size * 2)))
            self.rpr_cache[key] = rpr
        return rpr

    def paragraph(
        self,
        spec: StyleSpec,
        text: str,
        *,
        align: Align | None = None,
        indent: bool | None = None,
        bold: bool = False,
        size: float = 0,
        keep_next: bool = False,
        parent: Element | None = None,
        before: str | None = None,
    ) -> Element:
        p = self.body.makeelement(q("w:p"), {})
        ppr = sub(p, "pPr")  # children in schema order: Word rejects a file otherwise
        sub(ppr, "pStyle", val=self.ids[spec.name])
        if keep_next:
            sub(ppr, "keepNext")
        if parent is None:
            if self.break_pending:
                sub(ppr, "pageBreakBefore")
            if before is not None or (self.gap_pending and not self.break_pending):
                sub(ppr, "spacing", before=before or _GAP_AFTER_TABLE)
            self.break_pending = self.gap_pending = False
        if indent is False:
            sub(ppr, "ind", firstLineChars="0", firstLine="0")
        if align is not None:
            sub(ppr, "jc", val=_JC[align])
        if text:
            r = sub(p, "r")
            r.append(copy.deepcopy(self._rpr(spec, bold, size)))
            for i, line in enumerate(text.split("\n")):
                if i:
                    sub(r, "br")
                add_text(r, line)
        if parent is not None:
            parent.append(p)
            return p
        return self._append(p)

    def heading(self, block: Heading) -> None:
        # GB/T 9704 has four levels; the fourth, （1）, is plain 仿宋 like body text.
        spec = {1: H1, 2: H2, 3: H3}.get(block.level, H1 if block.level < 1 else BODY)
        p = self.paragraph(spec, block.text, keep_next=spec is BODY)
        if spec is BODY:  # still a heading to Word's navigation pane and a TOC
            sub(p.find(q("w:pPr")), "outlineLvl", val=str(block.level - 1))

    def figure(self, block: Figure) -> None:
        width = Emu(min(Cm(block.width_cm), self.text_width_twips * _EMU_PER_TWIP))
        inline = self.doc.part.new_pic_inline(io.BytesIO(block.png), width=width)
        p = self.paragraph(CELL, "", align=Align.CENTER, keep_next=bool(block.caption))
        run = sub(p, "r")
        run.append(copy.deepcopy(self._rpr(CELL, False, 0)))
        sub(run, "drawing").append(inline)
        if block.caption:
            self.paragraph(CAPTION, block.caption)

    def landscape_table(self, block: Table, *, last: bool) -> None:
        """The table on pages of its own, turned landscape; the page numbers run on.

        A section ends at a paragraph carrying its sectPr: one before the table closes the
        portrait pages; the landscape pages end after the table, or with the document.
        """
        if self.sect_pr is None:
            self.table(block)
            return
        closing = self.body.makeelement(q("w:p"), {})
        sub(closing, "pPr").append(copy.deepcopy(self.sect_pr))
        self._append(closing)
        turned = _landscape(copy.deepcopy(self.sect_pr))
        portrait_width = self.text_width_twips
        self.text_width_twips = _text_width(turned)
        self.break_pending = False
        self.table(block)
        self.text_width_twips = portrait_width
        if last:
            self.sect_pr.getparent().replace(self.sect_pr, turned)
            self.sect_pr = turned
        else:
            end = self.body.makeelement(q("w:p"), {})
            sub(end, "pPr").append(turned)
            self._append(end)

    def table(self, block: Table) -> None:
        if block.caption:
            self.paragraph(CAPTION, block.caption, keep_next=True)
        elif self.break_pending:  # a table cannot carry pageBreakBefore itself
            self.paragraph(BODY, "")
        self._append(_TableBuilder(self, block).build())
        if block.note:
            self.paragraph(NOTE, block.note)
        else:
            self.gap_pending = True


def _keep_with_next(p: Element) -> None:
    ppr = p.find(q("w:pPr"))
    if ppr is None:
        ppr = p.makeelement(q("w:pPr"), {})
        p.insert(0, ppr)
    if ppr.find(q("w:keepNext")) is None:
        keep = ppr.makeelement(q("w:keepNext"), {})
        style = ppr.find(q("w:pStyle"))  # schema order: pStyle, then keepNext
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)


def _widened(grid: list[int], needs: list[int], widest: float) -> list[int]:
    """`grid` with each column at least as wide as it `needs` (up to `widest`), the width
    taken from the other columns in proportion to what they have to spare."""
    needs = [min(n, int(widest)) for n in needs]
    short = sum(max(0, n - g) for g, n in zip(grid, needs, strict=True))
    spare = [max(0, g - n) for g, n in zip(grid, needs, strict=True)]
    if not short or sum(spare) <= short:
        return grid
    total_spare = sum(spare)
    return [
        n if g < n else g - int(short * room / total_spare)
        for g, n, room in zip(grid, needs, spare, strict=True)
    ]


def _landscape(sect_pr: Element) -> Element:
    """The same section turned landscape: page size swapped, margins turned with the page."""
    size = sect_pr.find(q("w:pgSz"))
    if size is not None:
        width, height = size.get(q("w:w")), size.get(q("w:h"))
        if width and height and int(width) < int(height):
            size.set(q("w:w"), height)
            size.set(q("w:h"), width)
        size.set(q("w:orient"), "landscape")
    margins = sect_pr.find(q("w:pgMar"))
    if margins is not None:
        top, right = margins.get(q("w:top")), margins.get(q("w:right"))
        bottom, left = margins.get(q("w:bottom")), margins.get(q("w:left"))
        if top and right and bottom and left:  # the binding edge stays on the left
            margins.set(q("w:left"), top)
            margins.set(q("w:top"), right)
            margins.set(q("w:right"), bottom)
            margins.set(q("w:bottom"), left)
    return sect_pr


def _text_width(sect_pr: Element) -> int:
    size, margins = sect_pr.find(q("w:pgSz")), sect_pr.find(q("w:pgMar"))
    if size is None or margins is None:
        return 0
    return (
        int(size.get(q("w:w")) or 0)
        - int(margins.get(q("w:left")) or 0)
        - int(margins.get(q("w:right")) or 0)
    )


class _TableBuilder:
    """Places cells on a grid (HTML rules) and writes gridSpan / vMerge for the spans."""

    def __init__(self, writer: _Writer, table: Table) -> None:
        self.w = writer
        self.table = table
        # The template's table style decides the default size; only other sizes are explicit.
        self.size = 0.0 if table.font_size == TABLE_PT else table.font_size
        # slots[r]: (start column, cell, whether row r continues a rowspan from above)
        self.slots: list[list[tuple[int, Cell, bool]]] = [[] for _ in table.rows]
        taken: set[tuple[int, int]] = set()
        ncols = 0
        for r, row in enumerate(table.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                colspan = max(1, cell.colspan)
                for dr in range(max(1, min(cell.rowspan, len(table.rows) - r))):
                    taken.update((r + dr, c + dc) for dc in range(colspan))
                    self.slots[r + dr].append((c, cell, dr > 0))
                c += colspan
                ncols = max(ncols, c)
        self.ncols = ncols
        widths = table.widths if len(table.widths) == ncols else (1.0,) * ncols
        total = sum(widths) or 1.0
        grid = [int(writer.text_width_twips * w / total) for w in widths]
        self.grid = _widened(grid, self._needs(grid), sum(grid) * _WIDEST_FITTED_COLUMN)

    def _needs(self, grid: list[int]) -> list[int]:
        """Per column, the width (twips) its cells need so that a number never wraps inside
        ("95.4 / 8") and a Chinese label never leaves one character on its last line
        ("一级指 / 标"): relative widths alone give neither."""
        size = self.table.font_size or TABLE_PT
        em = size * _TWIPS_PER_PT
        needs = [0] * self.ncols
        for r, slots in enumerate(self.slots):
            for start, cell, continued in slots:
                if continued or max(1, cell.colspan) > 1 or start >= self.ncols:
                    continue
                bold = cell.bold or r < self.table.header_rows
                need = int(longest_token_em(cell.text, bold) * em) + _CELL_MARGINS
                per_line = orphan_free_width(cell.text, (grid[start] - _CELL_PADDING) / em)
                need = max(need, int(per_line * em) + _CELL_MARGINS)
                needs[start] = max(needs[start], need)
        return needs

    def build(self) -> Element:
        tbl = self.w.body.makeelement(q("w:tbl"), {})
        tblpr = sub(tbl, "tblPr")
        sub(tblpr, "tblStyle", val=self.w.table_style_id)
        sub(tblpr, "tblW", w=str(sum(self.grid)), type="dxa")
        sub(tblpr, "jc", val="center")
        sub(tblpr, "tblLayout", type="fixed")  # fixed widths: long text wraps, never widens
        sub(tblpr, "tblLook", val="04A0", firstRow="1", lastRow="0", noHBand="0", noVBand="1")
        grid = sub(tbl, "tblGrid")
        for width in self.grid:
            sub(grid, "gridCol", w=str(width))
        blank = Cell("")
        for r, slots in enumerate(self.slots):
            header = r < self.table.header_rows
            tr = sub(tbl, "tr")
            # Keep ordinary rows whole (no orphaned last line on the next page); only rows
            # long enough to approach a page may break.
            longest = max((len(cell.text) for _, cell, _ in slots), default=0)
            if header or longest <= _UNSPLIT_ROW_CHARS:
                trpr = sub(tr, "trPr")
                sub(trpr, "cantSplit")
                if header:
                    sub(trpr, "tblHeader")  # repeat on every page
            col = 0
            for start, cell, continued in sorted(slots, key=lambda slot: slot[0]):
                for gap in range(col, start):  # a short row: pad so the grid stays square
                    self._cell(tr, gap, blank, False, header)
                self._cell(tr, start, cell, continued, header)
                col = start + max(1, cell.colspan)
            for gap in range(col, self.ncols):
                self._cell(tr, gap, blank, False, header)
        rows = tbl.findall(q("w:tr"))
        if len(rows) > self.table.header_rows + 1:
            # the last row (合计) never goes over to a page of its own: the row before it
            # is kept with it
            for p in rows[-2].iter(q("w:p")):
                _keep_with_next(p)
        return tbl

    def _cell(self, tr: Element, col: int, cell: Cell, continued: bool, header: bool) -> None:
        span = max(1, cell.colspan)
        tc = sub(tr, "tc")
        tcpr = sub(tc, "tcPr")
        sub(tcpr, "tcW", w=str(sum(self.grid[col : col + span])), type="dxa")
        if span > 1:
            sub(tcpr, "gridSpan", val=str(span))
        if continued:
            sub(tcpr, "vMerge")
        elif cell.rowspan > 1:
            sub(tcpr, "vMerge", val="restart")
        sub(tcpr, "vAlign", val="center")
        self.w.paragraph(
            CELL,
            "" if continued else cell.text,
            align=None if cell.align is Align.CENTER else cell.align,
            bold=cell.bold or header,
            size=self.size,
            parent=tc,
        )
