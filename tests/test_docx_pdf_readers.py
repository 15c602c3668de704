"""Seed 003 as a Word document with the paper form's merges, and as a PDF with ruling lines
printed from it: every table reads and scores exactly as the seed's text does."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from doc_fixtures import seed_docx, to_pdf
from jixiao import api
from jixiao.cli import cli
from jixiao.core.limits import Limits, using
from jixiao.core.model import Case
from jixiao.ingest.docx import docx_grids

Summary = list[tuple[object, ...]]


def summary(cases: list[Case]) -> Summary:
    """What a table scores: project, each indicator's path, texts, weight, score and printed
    score, the funds block, the total and the grade."""
    out: Summary = []
    for case in cases:
        result = api.score(case)
        budget = result.budget
        out.append(
            (
                case.project.name,
                case.project.year,
                tuple(
                    (i.path, i.target, i.actual, i.weight, i.score, i.published_score)
                    for i in result.indicators
                ),
                None if budget is None else (budget.annual, budget.executed, budget.rate),
                None if budget is None else (budget.score, budget.published_score),
                result.total,
                result.weight_total,
                result.grade,
            )
        )
    return out


@pytest.fixture(scope="module")
def seed_text() -> Path:
    from conftest import seed

    return seed("003")


@pytest.fixture(scope="module")
def form_docx(seed_text: Path) -> bytes:
    return seed_docx(seed_text)


@pytest.fixture(scope="module")
def form_pdf(form_docx: bytes) -> bytes:
    pdf = to_pdf(form_docx)
    if pdf is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to read")
    return pdf


def test_the_fixture_has_the_paper_forms_merges(form_docx: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(form_docx)).read("word/document.xml").decode()
    assert xml.count("<w:tbl>") == 7
    assert len(re.findall(r'<w:gridSpan w:val="[2-9]"/>', xml)) >= 7 * 8
    assert xml.count('<w:vMerge w:val="restart"/>') >= 7 * 5  # 年度绩效指标, 一级, 二级, 项目资金
    assert xml.count("<w:vMerge/>") >= 7 * 15


def test_the_docx_scores_exactly_as_the_text(seed_text: Path, form_docx: bytes) -> None:
    text_cases, _ = api.read(seed_text.read_bytes(), "003.txt")
    docx_cases, docx_problems = api.read(form_docx, "003.docx")
    assert len(text_cases) == 7
    assert summary(docx_cases) == summary(text_cases)
    errors = [p for p in docx_problems if p.severity == "error"]
    assert not errors
    # the table's own cells, named as Word shows them
    artefacts = [str(p.where) for p in docx_problems if p.code == "excel-artefact"]
    assert len(artefacts) == 7
    assert artefacts[0] == "003.docx · 「表格 2」 · 单元格 H13 · 得分"


def test_the_pdf_scores_exactly_as_the_text(seed_text: Path, form_pdf: bytes) -> None:
    text_cases, _ = api.read(seed_text.read_bytes(), "003.txt")
    pdf_cases, pdf_problems = api.read(form_pdf, "003.pdf")
    assert summary(pdf_cases) == summary(text_cases)
    assert not [p for p in pdf_problems if p.severity == "error"]
    assert all(re.search(r"「第 \d+ 页」", str(c.where)) for c in pdf_cases)


def test_the_pdf_tables_are_read_from_their_ruling_lines(form_pdf: bytes) -> None:
    from jixiao.ingest.pdf import pdf_grids

    [grid] = pdf_grids(form_pdf, "003.pdf")
    header = [r for r in grid.rows if r.cells[:2] == ("年度绩效指标", "一级指标")]
    assert len(header) == 7 and all(len(r.cells) == 9 for r in header)
    titles = [r for r in grid.rows if r.cells == ("项目支出绩效自评表",)]
    assert len(titles) == 7  # the paragraphs above the tables, as text rows in order


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_jixiao_score_reads_word_and_pdf(
    tmp_path: Path, request: pytest.FixtureRequest, suffix: str
) -> None:
    data = request.getfixturevalue("form_pdf" if suffix == ".pdf" else "form_docx")
    path = tmp_path / f"表{suffix}"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    totals = [t["total"] for t in json.loads(result.stdout)["tables"]]
    assert totals == [90.73, 99.54, 99.70, 98.16, 99.60, 99.09, 99.99]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_an_old_word_document_reads_through_libreoffice(
    tmp_path: Path, form_docx: bytes, seed_text: Path
) -> None:
    import subprocess

    source = tmp_path / "表.docx"
    source.write_bytes(form_docx)
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        [
            "soffice",
            "--headless",
            profile,
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    doc = tmp_path / "表.doc"
    before = sorted(p.name for p in tmp_path.iterdir())
    cases, _ = api.read_path(doc)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written beside it
    text_cases, _ = api.read(seed_text.read_bytes(), "003.txt")
    assert summary(cases) == summary(text_cases)
    assert all(str(c.where).startswith(str(doc)) for c in cases)


def test_too_many_rows_is_a_located_limit(form_docx: bytes) -> None:
    with using(Limits(sheet_rows=20)):
        cases, [problem] = api.read(form_docx, "003.docx")
    assert not cases and problem.code == "limit-exceeded"
    assert str(problem.where) == "003.docx · 「表格 1」" and "sheet_rows" in problem.message


def test_nested_grid_counts_tables(form_docx: bytes) -> None:
    grids = docx_grids(form_docx, "003.docx")
    assert len(grids) == 1 and {r.sheet for r in grids[0].rows} == {
        "正文",
        *[f"表格 {n}" for n in range(1, 8)],
    }


def test_a_pdf_without_ruling_lines_reads_by_its_text(seed_text: Path, form_docx: bytes) -> None:
    """Tables printed without lines: each page's text split at its column gaps and read as
    PDF-extracted text is. Every table is found, named and graded; cell text wrapped inside
    a column is not joined back, so scores are not pinned here (the ruled PDF's are)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to read")
    pdf = to_pdf(seed_docx(seed_text, lines=False))
    assert pdf is not None
    import pdfplumber

    from jixiao.ingest.pdf import LINES

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert not any(page.find_tables(LINES) for page in document.pages)
    cases, problems = api.read(pdf, "无线.pdf")
    text_cases, _ = api.read(seed_text.read_bytes(), "003.txt")
    assert [c.project.name for c in cases] == [c.project.name for c in text_cases]
    assert not [p for p in problems if p.severity == "error"]
