"""The Word report: GB/T 9704 page and type, CJK fonts on every run, tables that fit and merge."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.report.chart import score_rate_chart
from jixiao.report.document import (
    Align,
    Cell,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from jixiao.report.docx import PRESETS, render_docx, write_template

LONG = "绩效目标设置不够细化量化，部分指标缺少可衡量的目标值，扣除相应分值。" * 6

SCORES = Table(
    caption="表 3-1 绩效评价得分情况",
    header_rows=2,
    widths=(2, 1, 1, 1, 4),
    rows=(
        (
            Cell("一级指标", rowspan=2),
            Cell("分值", rowspan=2),
            Cell("得分情况", colspan=2),
            Cell("扣分说明", rowspan=2),
        ),
        (Cell("得分"), Cell("得分率")),
        (
            Cell("决策"),
            Cell("15"),
            Cell("14"),
            Cell("93.33%"),
            Cell("目标不够细化", align=Align.LEFT),
        ),
        (Cell("过程", rowspan=2), Cell("25"), Cell("22.5"), Cell("90.00%"), Cell("")),
        (Cell("10"), Cell("9"), Cell("90.00%"), Cell("制度执行不到位")),
        (Cell("合计", colspan=2, bold=True), Cell("45.5"), Cell("91.00%"), Cell("")),
    ),
    note="注：得分率＝得分÷分值。",
)
LONG_TABLE = Table(
    caption="表 3-2 问题清单",
    widths=(1, 8),
    rows=(
        (Cell("序号"), Cell("问题")),
        *((Cell(str(i)), Cell(LONG, align=Align.LEFT)) for i in range(12)),
    ),
)


@pytest.fixture(scope="module")
def report() -> Document:
    png = score_rate_chart(
        ["决策", "过程"], [Decimal(15), Decimal(25)], [Decimal(14), Decimal("22.5")], "得分率"
    )
    return Document(
        title="信息化项目运维服务费项目支出\n绩效评价报告",
        subtitle="深圳市盐田区信访局",
        author="区信访局",
        keywords=("绩效评价", "信访"),
        blocks=(
            Paragraph("为贯彻落实预算绩效管理要求，形成报告如下："),
            Heading(1, "一、基本情况"),
            Heading(2, "（一）项目背景"),
            Heading(3, "1. 资金来源"),
            Paragraph("项目资金来源于区财政局年初安排。"),
            SCORES,
            PageBreak(),
            Heading(1, "二、问题"),
            LONG_TABLE,
            Figure("图 3-1 各一级指标得分率", png),
            Paragraph("深圳市盐田区信访局", align=Align.RIGHT, indent=False),
        ),
    )


@pytest.fixture(scope="module")
def rendered(report: Document, tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    render_docx(report, path)
    return docx.Document(str(path))


def body_items(word: docx.document.Document) -> list[str]:
    """Normalised reading order: paragraph text, and each table as '[rows×cols]'."""
    out: list[str] = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if child.find(f".//{qn('w:drawing')}") is not None:
                text = "[图片]"
            if text:
                out.append(text)
        elif child.tag == qn("w:tbl"):
            rows = child.findall(qn("w:tr"))
            cols = child.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
            out.append(f"[{len(rows)}×{len(cols)}]")
    return out


def test_text_in_order(rendered: docx.document.Document) -> None:
    assert body_items(rendered) == [
        "信息化项目运维服务费项目支出绩效评价报告",
        "深圳市盐田区信访局",
        "为贯彻落实预算绩效管理要求，形成报告如下：",
        "一、基本情况",
        "（一）项目背景",
        "1. 资金来源",
        "项目资金来源于区财政局年初安排。",
        "表 3-1 绩效评价得分情况",
        "[6×5]",
        "注：得分率＝得分÷分值。",
        "二、问题",
        "表 3-2 问题清单",
        "[13×2]",
        "[图片]",
        "图 3-1 各一级指标得分率",
        "深圳市盐田区信访局",
    ]


def test_a4_page_with_gbt9704_margins(rendered: docx.document.Document) -> None:
    section = rendered.sections[0]
    got = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(v.cm, 2) for v in got if v is not None] == [21.0, 29.7, 3.7, 3.5, 2.8, 2.6]


EXPECTED_FONT = {
    "jixiao 标题": "方正小标宋简体",
    "jixiao 副标题": "楷体_GB2312",
    "jixiao 正文": "仿宋_GB2312",
    "jixiao 一级标题": "黑体",
    "jixiao 二级标题": "楷体_GB2312",
    "jixiao 三级标题": "仿宋_GB2312",
    "jixiao 表格": "仿宋_GB2312",
    "jixiao 表题": "黑体",
    "jixiao 表注": "仿宋_GB2312",
}


def test_every_run_names_its_east_asian_font(rendered: docx.document.Document) -> None:
    checked = 0
    for p in rendered.element.body.iter(qn("w:p")):
        style = rendered.styles.get_by_id(p.style, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        for run in p.iter(qn("w:r")):
            fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            assert fonts is not None
            expected = EXPECTED_FONT[style.name]
            for slot in ("eastAsia", "ascii", "hAnsi", "cs"):
                assert fonts.get(qn(f"w:{slot}")) == expected
            checked += 1
    assert checked > 40


def test_styles_carry_fonts_and_no_theme_fonts_remain(rendered: docx.document.Document) -> None:
    styles_xml = rendered.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.STYLES)
    root = docx.oxml.parse_xml(styles_xml.blob)
    for rfonts in root.iter(qn("w:rFonts")):
        assert not any(attr.endswith("Theme") or attr.endswith("theme") for attr in rfonts.attrib)
    for name, font in EXPECTED_FONT.items():
        rfonts = rendered.styles[name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert rfonts.get(qn("w:eastAsia")) == font
    default = root.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert default.get(qn("w:eastAsia")) == "仿宋_GB2312"
    normal = rendered.styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_type_sizes_and_fixed_28pt_lines(rendered: docx.document.Document) -> None:
    sizes = {name: rendered.styles[name].font.size for name in EXPECTED_FONT}
    assert sizes["jixiao 标题"] == Pt(22)
    assert sizes["jixiao 正文"] == sizes["jixiao 一级标题"] == Pt(16)
    assert sizes["jixiao 表格"] == Pt(10.5)
    assert rendered.styles["jixiao 三级标题"].font.bold
    body_styles = {"jixiao 正文", "jixiao 一级标题", "jixiao 二级标题", "jixiao 三级标题"}
    body = [p for p in rendered.paragraphs if p.style is not None and p.style.name in body_styles]
    assert len(body) == 7
    for p in body:
        assert p.style is not None
        fmt = p.style.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28)
    assert (
        rendered.styles["jixiao 正文"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars"))
        == "200"
    )
    for p in rendered.tables[0]._tbl.iter(qn("w:p")):
        assert rendered.styles.get_by_id(p.style, 1).name == "jixiao 表格"
    cell_fmt = rendered.styles["jixiao 表格"].paragraph_format
    assert cell_fmt.line_spacing_rule == WD_LINE_SPACING.SINGLE


def test_footer_page_number_between_em_dashes(rendered: docx.document.Document) -> None:
    footer = rendered.sections[0].footer
    assert footer.paragraphs[0].text == "— 1 —"
    instr = [t.text for t in footer._element.iter(qn("w:instrText"))]
    assert [s.strip() for s in instr] == ["PAGE"]
    kinds = [f.get(qn("w:fldCharType")) for f in footer._element.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    run = next(footer._element.iter(qn("w:r")))
    assert run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "宋体"
    assert run.find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == "28"  # 四号


def test_header_rows_repeat(rendered: docx.document.Document) -> None:
    scores, long_table = rendered.tables
    repeated = [
        tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        for tr in scores._tbl.tr_lst
    ]
    assert repeated == [True, True, False, False, False, False]
    assert long_table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
    header_runs = scores.rows[0]._tr.iter(qn("w:r"))
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in header_runs)


def test_merged_cells_land_on_the_grid(rendered: docx.document.Document) -> None:
    table = rendered.tables[0]
    grid = [[table.cell(r, c).text for c in range(5)] for r in range(6)]
    assert grid == [
        ["一级指标", "分值", "得分情况", "得分情况", "扣分说明"],
        ["一级指标", "分值", "得分", "得分率", "扣分说明"],
        ["决策", "15", "14", "93.33%", "目标不够细化"],
        ["过程", "25", "22.5", "90.00%", ""],
        ["过程", "10", "9", "90.00%", "制度执行不到位"],
        ["合计", "合计", "45.5", "91.00%", ""],
    ]
    assert table.cell(0, 0)._tc is table.cell(1, 0)._tc
    assert table.cell(0, 2)._tc is table.cell(0, 3)._tc
    assert table.cell(3, 0)._tc is table.cell(4, 0)._tc
    for tr in table._tbl.tr_lst:  # every row covers the whole grid exactly once
        assert sum(tc.grid_span for tc in tr.tc_lst) == 5


def test_tables_fit_the_text_width(rendered: docx.document.Document) -> None:
    text_width_twips = round(15.6 / 2.54 * 1440)
    for table in rendered.tables:
        tbl = table._tbl
        widths = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(widths) <= text_width_twips
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for tc in tbl.iter(qn("w:tc")):
            assert tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
    first = [int(c.get(qn("w:w"))) for c in rendered.tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    # relative widths kept, except where a number needs more room (得分率 93.33%)
    assert abs(2 * first[0] - first[4]) <= 2
    assert first[3] > first[2]
    assert rendered.tables[1].cell(1, 1).text == LONG  # long text kept whole, to wrap


def test_figure_and_properties(rendered: docx.document.Document) -> None:
    assert len(rendered.inline_shapes) == 1
    assert rendered.inline_shapes[0].width <= round(15.6 * 360000)
    props = rendered.core_properties
    assert (props.title, props.author, props.keywords) == (
        "信息化项目运维服务费项目支出绩效评价报告",
        "区信访局",
        "绩效评价; 信访",
    )


def test_page_break_starts_the_next_heading_on_a_new_page(
    rendered: docx.document.Document,
) -> None:
    heading = next(p for p in rendered.paragraphs if p.text == "二、问题")
    assert heading.paragraph_format.page_break_before


def test_windows_preset_uses_builtin_fonts(report: Document, tmp_path: Path) -> None:
    path = tmp_path / "windows.docx"
    render_docx(report, path, preset="windows")
    word = docx.Document(str(path))
    fonts = {
        p.style.name: p.runs[0].element.rPr.rFonts.get(qn("w:eastAsia"))
        for p in word.paragraphs
        if p.runs and p.style is not None
    }
    assert fonts["jixiao 标题"] == "宋体"
    assert fonts["jixiao 正文"] == PRESETS["windows"].body == "仿宋"
    assert word.styles["jixiao 标题"].font.bold


def test_a_restyled_template_drives_the_output(report: Document, tmp_path: Path) -> None:
    template = tmp_path / "mine.docx"
    write_template(template)
    word = docx.Document(str(template))
    body = word.styles["jixiao 正文"]
    body.font.size = Pt(15)
    body.element.rPr.rFonts.set(qn("w:eastAsia"), "方正仿宋_GBK")
    word.sections[0].left_margin = docx.shared.Cm(3)
    word.add_paragraph("模板里的示例文字")
    word.save(str(template))

    out = tmp_path / "out.docx"
    render_docx(report, out, template=template)
    result = docx.Document(str(out))
    assert "模板里的示例文字" not in [p.text for p in result.paragraphs]
    assert result.styles["jixiao 正文"].font.size == Pt(15)
    assert round(result.sections[0].left_margin.cm, 1) == 3.0
    body_runs = [p.runs[0] for p in result.paragraphs if p.style.name == "jixiao 正文" and p.runs]
    assert {r.element.rPr.rFonts.get(qn("w:eastAsia")) for r in body_runs} == {"方正仿宋_GBK"}
    assert result.sections[0].footer.paragraphs[0].text == "— 1 —"


def test_template_missing_styles_are_added(report: Document, tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    out = tmp_path / "out.docx"
    render_docx(report, out, template=plain)
    result = docx.Document(str(out))
    assert {s.name for s in result.styles} >= set(EXPECTED_FONT)
    assert result.sections[0].footer.paragraphs[0].text == "— 1 —"


def test_packaged_template_matches_write_template(tmp_path: Path) -> None:
    packaged = resources.files("jixiao.report") / "templates" / "report.docx"
    fresh = tmp_path / "fresh.docx"
    write_template(fresh)

    def summary(word: docx.document.Document) -> list[tuple[str, str, float | None]]:
        out = []
        for name in (*EXPECTED_FONT, "jixiao 表格框线"):
            style = word.styles[name]
            rfonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            size = style.font.size.pt if style.font.size else None
            out.append((name, rfonts.get(qn("w:eastAsia")), size))
        return out

    with resources.as_file(packaged) as path:
        assert summary(docx.Document(str(path))) == summary(docx.Document(str(fresh)))


def test_unknown_preset_is_a_programmer_error(report: Document, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        render_docx(report, tmp_path / "x.docx", preset="mac")
