"""GB/T 9704 layout details read back from the .docx: page numbers odd right / even left,
titles that never end on one character, numbers that never wrap inside a table cell."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from jixiao import api
from jixiao.report.document import Cell, Document, Paragraph, Table
from jixiao.report.docx import render_docx, write_template
from jixiao.report.lines import break_lines, text_em

ROOT = Path(__file__).resolve().parents[1]
TEXT_WIDTH_PT = 15.6 / 2.54 * 72
TITLE_PT = 22
ONE_CHAR = str(14 * 20)  # one character of the 4号 page number, in twips


def render(tmp_path: Path, document: Document) -> docx.document.Document:
    out = tmp_path / "r.docx"
    render_docx(document, out)
    return docx.Document(str(out))


def footer_side(footer: docx.section._Footer) -> tuple[str, dict[str, str]]:
    [p] = [p for p in footer.paragraphs if p.text.strip()]
    ppr = p._p.pPr
    ind = ppr.find(qn("w:ind"))
    indent = {k.split("}")[1]: v for k, v in (ind.attrib.items() if ind is not None else ())}
    assert "PAGE" in p._p.xml and p.text.startswith("—") and p.text.endswith("—")
    return ppr.find(qn("w:jc")).get(qn("w:val")), indent


@pytest.mark.parametrize("seed", ["004"])
def test_odd_page_numbers_right_even_left(tmp_path: Path, seed: str) -> None:
    out = tmp_path / "r.docx"
    api.write_report(ROOT / "examples" / "seeds" / f"{seed}.yaml", out)
    document = docx.Document(str(out))
    assert document.settings.odd_and_even_pages_header_footer
    for section in document.sections:  # portrait text and landscape annex alike
        side, indent = footer_side(section.footer)
        assert side == "right" and indent.get("right") == ONE_CHAR
        side, indent = footer_side(section.even_page_footer)
        assert side == "left" and indent.get("left") == ONE_CHAR


def test_the_template_carries_both_footers(tmp_path: Path) -> None:
    template = tmp_path / "模板.docx"
    write_template(template)
    section = docx.Document(str(template)).sections[0]
    assert footer_side(section.footer)[0] == "right"
    assert footer_side(section.even_page_footer)[0] == "left"
    # a report rendered with it keeps them
    document = render_with(tmp_path, template)
    assert footer_side(document.sections[0].even_page_footer)[0] == "left"


def render_with(tmp_path: Path, template: Path) -> docx.document.Document:
    out = tmp_path / "t.docx"
    render_docx(Document("标题", blocks=(Paragraph("正文"),)), out, template=template)
    return docx.Document(str(out))


def title_lines(document: docx.document.Document) -> list[str]:
    title = document.paragraphs[0]
    return title.text.split("\n")


@pytest.mark.parametrize(
    "title",
    [
        "2023 年度政务服务事务项目支出部门评价报告",  # seed 000: 报告 wrapped as 报 / 告
        "2024 年深圳市盐田区政务服务和数据管理局重点项目支出绩效评价报告",
        "某区民政局2024年度社区居家养老服务补贴项目支出绩效评价报告",
        "一二三四五六七八九十一二三四五六七八九十一",
    ],
)
def test_a_long_title_breaks_with_two_characters_or_more_on_its_last_line(
    tmp_path: Path, title: str
) -> None:
    lines = title_lines(render(tmp_path, Document(title)))
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == title.replace(" ", "")
    capacity = TEXT_WIDTH_PT / TITLE_PT
    assert all(text_em(line) <= capacity for line in lines), lines
    assert len(lines[-1]) >= 2
    # balanced: no line under a third of the longest (GB/T 9704 梯形或菱形)
    widths = [text_em(line) for line in lines]
    assert min(widths) >= max(widths) / 3, lines


def test_a_title_that_fits_stays_on_one_line(tmp_path: Path) -> None:
    title = "信息化项目运维服务费项目支出绩效评价报告"
    assert title_lines(render(tmp_path, Document(title))) == [title]


def test_breaks_keep_names_and_numbers_whole() -> None:
    assert break_lines("2023 年度政务服务事务项目支出部门评价报告", 20.1) == [
        "2023 年度政务服务事务",
        "项目支出部门评价报告",
    ]
    assert break_lines("2024 年深圳市盐田区政务服务和数据管理局重点项目支出绩效评价报告", 20.1) == [
        "2024 年深圳市盐田区政务服务和数据管理局",
        "重点项目支出绩效评价报告",
    ]
    for n in range(21, 70):
        lines = break_lines("评" * n, 20.1)
        assert all(len(line) <= 20 for line in lines) and len(lines[-1]) >= 2, (n, lines)


def cell_fits(tc: object, size_pt: float) -> bool:
    """The cell is wide enough for its text on one line at a conservative 0.7 em per digit."""
    width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))  # type: ignore[attr-defined]
    text = text_of(tc)
    return len(text) * 0.7 * size_pt * 20 + 170 <= width


def test_scores_never_wrap_in_a_table_cell(tmp_path: Path) -> None:
    table = Table(
        "表 1",
        (
            (Cell("项目"), Cell("分值"), Cell("得分")),
            (Cell("服务对象满意度"), Cell("100"), Cell("91.41", bold=True)),
        ),
        widths=(12, 1.2, 1.2),
        font_size=9,
    )
    [tbl] = render(tmp_path, Document("表", blocks=(table,))).tables
    row = tbl._tbl.findall(qn("w:tr"))[1]
    assert all(cell_fits(tc, 9) for tc in row.findall(qn("w:tc"))[1:])


def test_self_evaluation_total_stays_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "自评报告.docx"
    api.write_report(ROOT / "examples" / "selfeval" / "社区居家养老服务补贴.yaml", out)
    [table] = docx.Document(str(out)).tables
    total = next(tr for tr in table._tbl.findall(qn("w:tr")) if "总分" in tr.xml)
    numbers = [tc for tc in total.findall(qn("w:tc")) if "总分" not in tc.xml]
    assert numbers and all(cell_fits(tc, 9) for tc in numbers)


def test_annex_total_stays_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    api.write_report(ROOT / "examples" / "seeds" / "000.yaml", out)
    annex = docx.Document(str(out)).tables[-1]
    total = annex._tbl.findall(qn("w:tr"))[-1]
    cells = {text_of(tc): tc for tc in total.findall(qn("w:tc")) if text_of(tc)}
    assert "95.48" in cells
    assert all(cell_fits(tc, 9) for text, tc in cells.items() if text != "合计")


def text_of(tc: object) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))  # type: ignore[attr-defined]


def no_lone_last_character(tc: object, size_pt: float) -> bool:
    width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))  # type: ignore[attr-defined]
    per_line = int((width - 170) / (size_pt * 20))
    n = len(text_of(tc))
    return n <= per_line or n % per_line != 1


def test_a_label_never_leaves_one_character_on_its_last_line(tmp_path: Path) -> None:
    labels = ("一级指标", "可持续影响指标", "服务对象满意度指标")
    table = Table(
        "表 2",
        (
            tuple(Cell(label) for label in ("一级指标", "二级指标", "说明")),
            *((Cell("效益指标"), Cell(label), Cell("文字" * 40)) for label in labels),
        ),
        widths=(1.2, 2.2, 12),
        font_size=9,
    )
    [tbl] = render(tmp_path, Document("表", blocks=(table,))).tables
    cells = [tc for tr in tbl._tbl.findall(qn("w:tr")) for tc in tr.findall(qn("w:tc"))[:2]]
    assert all(no_lone_last_character(tc, 9) for tc in cells), [text_of(tc) for tc in cells]


def test_the_packaged_template_numbers_odd_and_even_pages(tmp_path: Path) -> None:
    from importlib import resources

    packaged = resources.files("jixiao.report") / "templates" / "report.docx"
    with resources.as_file(packaged) as path:
        section = docx.Document(str(path)).sections[0]
        assert footer_side(section.footer)[0] == "right"
        assert footer_side(section.even_page_footer)[0] == "left"
        document = render_with(tmp_path, path)
    assert footer_side(document.sections[0].even_page_footer)[0] == "left"
