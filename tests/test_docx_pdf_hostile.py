"""Word and PDF files that are damaged, crafted or not what they say: each is one located
Chinese problem, never a traceback; and the docx merge resolver on random merges."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from jixiao import api
from jixiao.core.limits import Limits, using
from jixiao.core.problems import Problem
from jixiao.ingest import legacy
from jixiao.ingest.docx import RawCell, docx_grids, resolve

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CLASS_NAMES = ("Error", "Exception", "Traceback", "BadZip", "PDFSyntax", "PSEOF")


def only_problem(data: bytes, name: str) -> Problem:
    cases, problems = api.read(data, name)
    assert not cases
    [problem] = problems
    assert problem.severity == "error"
    assert all(word not in problem.message for word in CLASS_NAMES), problem.message
    assert problem.where.file == name
    return problem


def package(document: str | bytes, **members: bytes) -> bytes:
    body = document.encode() if isinstance(document, str) else document
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


def document(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    )


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# ---------------------------------------------------------------- docx


def test_a_corrupt_docx_says_it_is_damaged() -> None:
    data = package(document(p("x")))
    problem = only_problem(data[: len(data) // 2], "坏.docx")
    assert problem.code == "unreadable-file" and "Word 文档" in problem.message
    assert "另存为 .docx" in problem.message and "Excel" not in problem.message
    problem = only_problem(b"PK\x03\x04" + bytes(200), "坏.docx")
    assert "Word 文档" in problem.message


def test_a_docx_that_is_not_a_zip_says_what_it_is() -> None:
    assert "不是有效的 Word 文档" in only_problem(b"hello, world", "文.docx").message
    doc = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600)
    assert "Word 97-2003" in only_problem(doc, "旧.docx").message


def test_a_docx_with_a_dtd_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        f'<w:document xmlns:w="{W}"><w:body>{p("&lol2;")}</w:body></w:document>'
    )
    problem = only_problem(package(laughs), "实体.docx")
    assert "DTD" in problem.message and "word/document.xml" in problem.message
    assert "Word 和 WPS" in problem.message


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (200 << 20))
    problem = only_problem(out.getvalue(), "炸弹.docx")
    assert problem.code == "limit-exceeded" and "疑似压缩炸弹" in problem.message
    assert str(problem.where) == "炸弹.docx · 部件 word/document.xml"


def test_malformed_xml_is_located() -> None:
    problem = only_problem(package(document("<w:p><w:t>x</w:p>")), "乱.docx")
    assert "不是有效的 XML" in problem.message and "第 1 行" in problem.message


def test_a_huge_span_is_a_limit_not_an_allocation() -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr>' + p("x") + "</w:tc>"
    problem = only_problem(package(document(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>")), "宽.docx")
    assert problem.code == "limit-exceeded" and "sheet_columns" in problem.message
    assert str(problem.where) == "宽.docx · 「表格 1」"


def test_a_table_past_the_cell_limit_is_refused() -> None:
    wide = "<w:tr>" + f"<w:tc>{p('x')}</w:tc>" * 40 + "</w:tr>"
    narrow = f"<w:tr><w:tc>{p('y')}</w:tc></w:tr>"
    with using(Limits(sheet_cells=100)):
        problem = only_problem(package(document(f"<w:tbl>{wide}{narrow * 3}</w:tbl>")), "多.docx")
    assert "sheet_cells" in problem.message and str(problem.where) == "多.docx · 「表格 1」"


def test_deep_nesting_is_refused() -> None:
    body = "".join("<w:tbl><w:tr><w:tc>" for _ in range(40)) + p("x")
    body += "".join("</w:tc></w:tr></w:tbl>" for _ in range(40))
    problem = only_problem(package(document(body)), "深.docx")
    assert "嵌套超过" in problem.message and "「表格 17」" in problem.message


def test_too_many_paragraphs_is_a_limit() -> None:
    with using(Limits(sheet_rows=50)):
        problem = only_problem(package(document(p("段") * 60)), "长.docx")
    assert "sheet_rows" in problem.message and str(problem.where) == "长.docx · 「正文」"


def test_a_long_cell_is_cut_with_a_warning() -> None:
    cell = f"<w:tc>{p('字' * 300)}</w:tc>"
    with using(Limits(cell_chars=100)):
        [grid] = docx_grids(package(document(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>")), "长.docx")
    assert grid.rows[0].cells == ("字" * 100,)
    [warning] = grid.problems
    assert (
        warning.severity == "warning" and str(warning.where) == "长.docx · 「表格 1」 · 单元格 A1"
    )


def test_nested_tables_and_text_boxes_keep_their_own_places() -> None:
    inner = f"<w:tbl><w:tr><w:tc>{p('内')}</w:tc><w:tc>{p('表')}</w:tc></w:tr></w:tbl>"
    box = (
        '<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"<w:drawing><w:txbxContent>{p('文本框')}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{p('文本框')}</w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    outer = (
        f"<w:tbl><w:tr><w:tc>{p('外')}{inner}{p('')}</w:tc>"
        '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' + p("竖") + "</w:tc></w:tr>"
        f"<w:tr><w:tc>{p('二')}</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr>{p('藏')}</w:tc></w:tr>"
        "</w:tbl>"
    )
    body, nested = docx_grids(package(document(p("表1 说明") + outer + box)), "嵌.docx")
    assert [(r.sheet, r.cells) for r in body.rows] == [
        ("正文", ("表1 说明",)),
        ("表格 1", ("外", "竖")),  # the nested table is not the cell's text
        ("表格 1", ("二", "")),  # a vertical merge's hidden cell reads blank
        ("正文", ("锚",)),
        ("正文", ("文本框",)),  # once, not again from mc:Fallback
    ]
    assert nested.where.sheet == "表格 2" and nested.rows[0].cells == ("内", "表")
    assert str(body.rows[4].place(0)) == "嵌.docx · 「正文」 · 第 3 段"


# ---------------------------------------------------------------- the merge resolver


@st.composite
def merged_tables(draw: st.DrawFn) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    rows, columns = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    taken: set[tuple[int, int]] = set()
    merges = []
    for _ in range(draw(st.integers(0, 6))):
        r1, c1 = draw(st.integers(0, rows - 1)), draw(st.integers(0, columns - 1))
        r2, c2 = draw(st.integers(r1, rows - 1)), draw(st.integers(c1, columns - 1))
        area = {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        if len(area) > 1 and not area & taken:
            taken |= area
            merges.append((r1, c1, r2, c2))
    return rows, columns, merges


@settings(max_examples=40, deadline=None)
@given(merged_tables())
def test_word_merges_read_as_a_rectangle_with_the_value_top_left(
    table: tuple[int, int, list[tuple[int, int, int, int]]],
) -> None:
    rows, columns, merges = table
    made = docx.Document()
    grid_table = made.add_table(rows=rows, cols=columns)
    cells = grid_table._cells
    for r in range(rows):
        for c in range(columns):
            cells[r * columns + c].text = f"{r},{c}"
    for r1, c1, r2, c2 in merges:
        cells[r1 * columns + c1].merge(cells[r2 * columns + c2])
    out = io.BytesIO()
    made.save(out)
    [grid] = docx_grids(out.getvalue(), "随机.docx")
    got = [list(row.cells) for row in grid.rows]
    assert len(got) == rows and all(len(row) == columns for row in got)
    hidden = {
        (r, c)
        for r1, c1, r2, c2 in merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    for r in range(rows):
        for c in range(columns):
            if (r, c) in hidden:
                assert got[r][c] == ""
            else:  # python-docx moves a merged cell's text into its top-left cell
                assert got[r][c].split("\n")[0] == f"{r},{c}"


@given(
    st.lists(
        st.lists(
            st.tuples(
                st.text(max_size=3), st.integers(1, 4), st.sampled_from(["", "restart", "continue"])
            ),
            max_size=5,
        ),
        max_size=6,
    ),
    st.lists(st.integers(0, 3), max_size=6),
)
def test_resolve_is_rectangular_and_keeps_each_text_at_its_first_column(
    spec: list[list[tuple[str, int, str]]], before: list[int]
) -> None:
    rows = [[RawCell(*cell) for cell in row] for row in spec]
    grid = resolve(rows, before)
    widths = {len(row) for row in grid}
    assert len(grid) == len(rows) and len(widths) <= 1
    for r, row in enumerate(rows):
        column = before[r] if r < len(before) else 0
        assert all(t == "" for t in grid[r][:column])
        for cell in row:
            expected = "" if cell.vmerge == "continue" else cell.text
            assert grid[r][column] == expected
            assert all(t == "" for t in grid[r][column + 1 : column + cell.span])
            column += cell.span
        assert all(t == "" for t in grid[r][column:])


# ---------------------------------------------------------------- pdf


def test_a_scanned_pdf_says_it_has_no_text_layer() -> None:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, "PDF")
    problem = only_problem(out.getvalue(), "扫描件.pdf")
    assert problem.code == "unreadable-file"
    assert "没有文字层" in problem.message and "扫描件" in problem.message
    assert "不做文字识别" in problem.message


def minimal_pdf(encrypt: bool) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    trailer += (
        " /Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
        if encrypt
        else ""
    )
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_an_encrypted_pdf_says_it_has_a_password() -> None:
    problem = only_problem(minimal_pdf(encrypt=True), "加密.pdf")
    assert "密码" in problem.message and "已加密" in problem.message


def test_a_corrupt_pdf_says_it_is_damaged() -> None:
    problem = only_problem(b"%PDF-1.7\n" + zlib.compress(bytes(5000)), "坏.pdf")
    assert "不是有效的 PDF" in problem.message
    cut = minimal_pdf(encrypt=False)[:120]  # the pages' objects cut off
    assert "不是有效的 PDF" in only_problem(cut, "截断.pdf").message
    assert "不是有效的 PDF" in only_problem(b"<html></html>", "网页.pdf").message


def test_too_many_pages_is_a_limit(tmp_path: Path) -> None:
    out = io.BytesIO()
    pages = [Image.new("RGB", (50, 50), "white") for _ in range(3)]
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:])
    with using(Limits(pdf_pages=2)):
        problem = only_problem(out.getvalue(), "多页.pdf")
    assert problem.code == "limit-exceeded" and "pdf_pages" in problem.message


# ---------------------------------------------------------------- .doc / .wps


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_an_old_document_without_libreoffice_says_how_to_save_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, suffix: str
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere
    assert legacy.soffice() is None
    problem = only_problem(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600), f"旧{suffix}")
    assert "LibreOffice" in problem.message
    assert "请在 Word 或 WPS 中“另存为”.docx 后再提交" in problem.message


def test_a_damaged_old_document_is_said_to_be_damaged() -> None:
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    problem = only_problem(b"not a word file at all", "坏.doc")
    assert "不是有效的 Word 97-2003 或 WPS 文档" in problem.message


def test_a_report_jixiao_wrote_is_skipped_not_read(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jixiao.cli import cli

    source = Path(__file__).resolve().parents[1] / "examples" / "selfeval" / "街道文化活动经费.xlsx"
    report = tmp_path / "报告.docx"
    result = CliRunner().invoke(cli, ["report", str(source), "-o", str(report)])
    assert result.exit_code == 0, result.output
    cases, [problem] = api.read(report.read_bytes(), "报告.docx")
    assert not cases and problem.severity == "info" and "jixiao 生成的报告" in problem.message
