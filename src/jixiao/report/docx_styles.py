"""The Word side of the report look: font presets, the named "jixiao …" styles, page setup.

`base_document` gives `docx.py` an empty, styled document, either built here (and cached as
bytes, per preset) or opened from a user's restyled template, whose body it clears.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn as _qn
from docx.shared import Cm, Pt

from jixiao.core.memo import memo

# python-docx hands out lxml elements, and lxml has no type stubs: keep that Any in one place.
Element = Any

q = memo(None)(_qn)  # "w:p" -> Clark name; called for every element written


@memo(None)
def _w(name: str) -> str:
    return _qn(f"w:{name}")


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True, slots=True)
class FontPreset:
    """Font family names; `official` ones are what government offices install."""

    title: str
    title_bold: bool
    subtitle: str
    body: str  # 仿宋: body text, level-3 headings, tables
    heading1: str  # 黑体: level-1 headings and captions
    heading2: str  # 楷体: level-2 headings
    page_number: str  # 宋体


PRESETS: dict[str, FontPreset] = {
    "official": FontPreset(
        "方正小标宋简体", False, "楷体_GB2312", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
    ),
    # Fonts every Chinese Windows has (华文中宋 comes only with Office).
    "windows": FontPreset("宋体", True, "楷体", "仿宋", "黑体", "楷体", "宋体"),
}


@dataclass(frozen=True, slots=True)
class StyleSpec:
    name: str
    style_id: str
    font: str  # a FontPreset field
    size: float  # pt
    bold: bool = False
    align: str = "both"
    indent: bool = False  # first line indented by 2 characters
    exact: float | None = 28.0  # fixed line height in pt; None = single spacing
    after: float = 0.0
    outline: int | None = None


TITLE = StyleSpec("jixiao 标题", "jixiaoTitle", "title", 22, align="center", exact=36)
SUBTITLE = StyleSpec("jixiao 副标题", "jixiaoSubtitle", "subtitle", 16, align="center", after=28)
BODY = StyleSpec("jixiao 正文", "jixiaoBody", "body", 16, indent=True)
# GB/T 9704 sets 一、/（一）/1. headings inside the text block like body paragraphs:
# indented two characters on the same 28 pt line; only the typeface changes.
H1 = StyleSpec("jixiao 一级标题", "jixiaoHeading1", "heading1", 16, indent=True, outline=0)
H2 = StyleSpec("jixiao 二级标题", "jixiaoHeading2", "heading2", 16, indent=True, outline=1)
H3 = StyleSpec("jixiao 三级标题", "jixiaoHeading3", "body", 16, bold=True, indent=True, outline=2)
CELL = StyleSpec("jixiao 表格", "jixiaoTable", "body", 10.5, align="center", exact=None)
CAPTION = StyleSpec("jixiao 表题", "jixiaoCaption", "heading1", 12, align="center")
NOTE = StyleSpec("jixiao 表注", "jixiaoNote", "body", 10.5, align="left", exact=None, after=6)
PARAGRAPH_STYLES = (TITLE, SUBTITLE, BODY, H1, H2, H3, CELL, CAPTION, NOTE)
TABLE_STYLE_NAME, TABLE_STYLE_ID = "jixiao 表格框线", "jixiaoTableGrid"
TABLE_PT = 10.5  # 五号

PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
# GB/T 9704: 版心 156 × 225 mm, top margin 37 mm, binding edge 28 mm; the footer line sits
# about 7 mm under the text block.
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6, "header": 1.5, "footer": 2.5}
EM_DASH = "\u2014"
_THEME_ATTRS = tuple(q(f"w:{a}") for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"))
_FONT_ATTRS = tuple(q(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def sub(parent: Element, tag: str, **attrs: str) -> Element:
    """Append a w:`tag` child; `attrs` keys are w: attribute names."""
    child = parent.makeelement(_w(tag), {_w(k): v for k, v in attrs.items()} if attrs else None)
    parent.append(child)
    return child


def add_text(run: Element, text: str) -> None:
    t = sub(run, "t")
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")


def set_fonts(rpr: Element, font: str) -> None:
    """All four font slots, so CJK punctuation and digits follow the same face."""
    rfonts = rpr.find(q("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(q("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(attr, None)
    for attr in _FONT_ATTRS:
        rfonts.set(attr, font)
    rfonts.set(q("w:hint"), "eastAsia")


def strip_theme_fonts(root: Element) -> None:
    """Theme font attributes override w:eastAsia in Word and WPS, so drop them all."""
    for rfonts in root.iter(q("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)


def style_font(doc: DocxDocument, style_id: str, fallback: str) -> str:
    """The east-Asian font a paragraph style resolves to, following basedOn."""
    styles = doc.styles.element
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.find(f"{q('w:style')}[@{q('w:styleId')}='{style_id}']")
        if style is None:
            break
        rfonts = style.find(f"{q('w:rPr')}/{q('w:rFonts')}")
        if rfonts is not None and rfonts.get(q("w:eastAsia")):
            return str(rfonts.get(q("w:eastAsia")))
        based = style.find(q("w:basedOn"))
        style_id = "" if based is None else str(based.get(q("w:val")))
    return fallback


def preset_fonts(name: str) -> FontPreset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; expected one of {sorted(PRESETS)}") from None


def _add_paragraph_style(doc: DocxDocument, spec: StyleSpec, fonts: FontPreset) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = spec.style_id
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold or (spec is TITLE and fonts.title_bold)
    set_fonts(style.element.get_or_add_rPr(), getattr(fonts, spec.font))
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(spec.after)
    if spec.exact is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing, fmt.line_spacing_rule = Pt(spec.exact), WD_LINE_SPACING.EXACTLY
    if spec.outline is not None:
        fmt.keep_with_next = True
    ppr = style.element.get_or_add_pPr()
    chars = 200 if spec.indent else 0  # hundredths of a character
    sub(ppr, "ind", firstLineChars=str(chars), firstLine=str(int(spec.size * 20 * chars / 100)))
    sub(ppr, "jc", val=spec.align)
    if spec.outline is not None:  # lets Word's navigation pane and TOC see the headings
        sub(ppr, "outlineLvl", val=str(spec.outline))


def _add_table_style(doc: DocxDocument, fonts: FontPreset) -> None:
    style = doc.styles.add_style(TABLE_STYLE_NAME, WD_STYLE_TYPE.TABLE)
    style.style_id = TABLE_STYLE_ID
    style.font.size = Pt(TABLE_PT)
    set_fonts(style.element.get_or_add_rPr(), fonts.body)
    tblpr = sub(style.element, "tblPr")
    borders = sub(tblpr, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, edge, val="single", sz="4", space="0", color="000000")
    margins = sub(tblpr, "tblCellMar")
    for edge, width in (("top", "28"), ("left", "85"), ("bottom", "28"), ("right", "85")):
        sub(margins, edge, w=width, type="dxa")


def prepare_styles(doc: DocxDocument, fonts: FontPreset) -> None:
    """Strip theme fonts, pin CJK defaults and add whichever jixiao styles are missing."""
    root = doc.styles.element
    strip_theme_fonts(root)
    rpr = root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
    if rpr is not None:
        rfonts = rpr.find(q("w:rFonts"))
        if rfonts is None or not rfonts.get(q("w:eastAsia")):
            set_fonts(rpr, fonts.body)
        lang = rpr.find(q("w:lang"))
        if lang is not None:
            lang.set(q("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"].element
    normal_fonts = normal.find(f"{q('w:rPr')}/{q('w:rFonts')}")
    if normal_fonts is None or not normal_fonts.get(q("w:eastAsia")):
        set_fonts(normal.get_or_add_rPr(), fonts.body)
    names = {style.name for style in doc.styles}
    for spec in PARAGRAPH_STYLES:
        if spec.name not in names:
            _add_paragraph_style(doc, spec, fonts)
    if TABLE_STYLE_NAME not in names:
        _add_table_style(doc, fonts)


PAGE_NUMBER_PT = 14  # 4号
ONE_CHARACTER_TWIPS = str(PAGE_NUMBER_PT * 20)


def add_page_number_footer(doc: DocxDocument, font: str) -> None:
    """Footers "— 1 —": 4号宋体 page numbers between 一字线, from a PAGE field. GB/T 9704:
    单页码居右空一字，双页码居左空一字 — so odd and even pages get footers of their own."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        _page_number(sub(element, "p"), font, side)


def _page_number(p: Element, font: str, side: str) -> None:
    ppr = sub(p, "pPr")
    sub(ppr, "ind", **{side: ONE_CHARACTER_TWIPS})
    sub(ppr, "jc", val=side)
    rpr = p.makeelement(q("w:rPr"), {})
    set_fonts(rpr, font)
    sub(rpr, "sz", val=str(PAGE_NUMBER_PT * 2))
    sub(rpr, "szCs", val=str(PAGE_NUMBER_PT * 2))

    def run() -> Element:
        r = sub(p, "r")
        r.append(copy.deepcopy(rpr))
        return r

    add_text(run(), f"{EM_DASH} ")
    sub(run(), "fldChar", fldCharType="begin")
    instr = sub(run(), "instrText")
    instr.text = " PAGE "
    instr.set(XML_SPACE, "preserve")
    sub(run(), "fldChar", fldCharType="separate")
    add_text(run(), "1")
    sub(run(), "fldChar", fldCharType="end")
    add_text(run(), f" {EM_DASH}")


def _prune(doc: DocxDocument) -> None:
    """Drop the stock template's 100 table styles and its 430 KB stylesWithEffects part:
    a leaner package opens and saves several times faster."""
    root = doc.styles.element
    for style in root.findall(q("w:style")):
        if style.get(q("w:type")) == "table" and style.get(q("w:styleId")) not in (
            "TableNormal",
            TABLE_STYLE_ID,
        ):
            root.remove(style)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]


@memo(None)
def _default_bytes(preset: str) -> bytes:
    fonts = preset_fonts(preset)
    doc = open_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.header_distance = Cm(MARGINS_CM["header"])
    section.footer_distance = Cm(MARGINS_CM["footer"])
    lang = doc.settings.element.find(q("w:themeFontLang"))
    if lang is not None:
        lang.set(q("w:eastAsia"), "zh-CN")
    prepare_styles(doc, fonts)
    _prune(doc)
    add_page_number_footer(doc, fonts.page_number)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def base_document(preset: str, template: Path | bytes | None) -> DocxDocument:
    """An empty document with every jixiao style, from `template` (a file or its content) or
    the built-in default."""
    fonts = preset_fonts(preset)
    if template is None:
        return open_docx(io.BytesIO(_default_bytes(preset)))
    doc = open_docx(io.BytesIO(template) if isinstance(template, bytes) else str(template))
    body = doc.element.body
    for child in list(body):
        if child.tag != q("w:sectPr"):
            body.remove(child)
    prepare_styles(doc, fonts)
    section = doc.sections[0]
    footer = section.footer
    if footer.is_linked_to_previous or not footer._element.xpath(".//w:fldChar|.//w:fldSimple"):
        add_page_number_footer(doc, fonts.page_number)  # a template without page numbers
    for part in (section.footer, section.even_page_footer):
        if not part.is_linked_to_previous:
            strip_theme_fonts(part._element)
    return doc
