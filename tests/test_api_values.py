"""The library of values: `api.read` of a file's bytes gives what reading the file gives, hostile
bytes give located problems, and the rendered reports and tables are the files the commands write."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx

from conftest import ROOT, SEEDS
from hostile import HOSTILE
from jixiao import api
from jixiao.core.limits import Limits
from jixiao.report.pdf import find_soffice

EXAMPLES = sorted(
    p
    for folder in ("selfeval", "targets", "seeds", "problems", "frameworks", "monitor")
    for p in (ROOT / "examples" / folder).iterdir()
    if p.is_file()
)
INPUTS = EXAMPLES + sorted(SEEDS.glob("*.txt"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@pytest.mark.parametrize("path", INPUTS, ids=_name)
def test_read_of_the_bytes_is_read_path_of_the_file(path: Path) -> None:
    assert SEEDS.is_dir()
    assert api.read(path.read_bytes(), str(path)) == api.read_path(path)


def test_read_names_the_file_by_the_name_given() -> None:
    path = ROOT / "examples" / "problems" / "有问题的自评表.xlsx"

    def problems(data: bytes, name: str) -> list[api.Problem]:
        cases, found = api.read(data, name)
        assert cases
        return found + [p for r in api.score_cases(cases) for p in r.problems]

    named = problems(path.read_bytes(), "上传/表.xlsx")
    assert named
    assert {p.where.file for p in named} == {"上传/表.xlsx"}
    by_path = problems(path.read_bytes(), str(path))
    assert [p.where._replace(file="") for p in named] == [
        p.where._replace(file="") for p in by_path
    ]
    assert [(p.code, p.message) for p in named] == [(p.code, p.message) for p in by_path]


# ---- hostile bytes ----------------------------------------------------------------------------


def _tiny_bomb() -> bytes:
    """The example workbook with its sheet inflating from a few KB to 8 MB."""
    source = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as bomb:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (8 << 20), 1)
            bomb.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _located(problems: list[api.Problem], name: str) -> None:
    assert problems
    assert all(p.where.file == name for p in problems), problems
    assert any(p.severity is api.Severity.ERROR for p in problems), problems
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p.message) for p in problems)


def test_a_tiny_zip_bomb_is_refused_at_the_limit() -> None:
    data = _tiny_bomb()
    assert len(data) < 200_000
    with api.using_limits(Limits(zip_member_bytes=1 << 20)):
        cases, problems = api.read(data, "炸弹.xlsx")
    assert not cases
    _located(problems, "炸弹.xlsx")
    assert problems[0].code == "limit-exceeded"


@pytest.mark.parametrize(
    "name", ["zip_bomb_lying", "billion_laughs", "corrupt_deflate", "bad_crc", "encrypted"]
)
def test_hostile_workbook_bytes_read_as_the_file_does(tmp_path: Path, name: str) -> None:
    path = HOSTILE[name](tmp_path)
    cases, problems = api.read(path.read_bytes(), path.name)
    assert not cases
    _located(problems, path.name)
    assert api.read(path.read_bytes(), str(path)) == api.read_path(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".txt", ".csv", ".yaml", ".json"])
def test_random_and_empty_bytes_give_located_problems(suffix: str) -> None:
    noise = random.Random(12).randbytes(4096)
    for data in (noise, b"PK\x03\x04" + noise, bytes.fromhex("d0cf11e0a1b11ae1") + noise, b""):
        name = f"上传{suffix}"
        cases, problems = api.read(data, name)
        assert not cases
        _located(problems, name)
    assert api.read(b"", "x" + suffix)[1][0].code == "empty-file"


def test_bytes_past_the_size_limit_and_unknown_names_are_refused_unread() -> None:
    with api.using_limits(Limits(file_bytes=100)):
        _, problems = api.read(b"a\tb\n" * 100, "表.txt")
    assert [p.code for p in problems] == ["limit-exceeded"]
    for name in ("表", "表.pptx", ""):
        _, problems = api.read(b"content", name)
        assert [p.code for p in problems] == ["unsupported-file"]
        assert problems[0].where.file == name


# ---- score --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", INPUTS, ids=_name)
def test_score_is_score_case(path: Path) -> None:
    cases, _ = api.read(path.read_bytes(), str(path))
    for case in cases:
        assert api.score(case) == api.score_case(case)


# ---- review -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", INPUTS, ids=_name)
def test_review_of_the_values_is_review_paths_of_the_file(path: Path) -> None:
    cases, read_problems = api.read(path.read_bytes(), str(path))
    review = api.review(api.score_cases(cases), read_problems)
    run = api.review_paths([path])
    assert review.findings == run.findings
    assert review.problems == run.problems
    assert review.failed == run.failed


# ---- render -------------------------------------------------------------------------------------


def _parts(data: bytes) -> dict[str, bytes]:
    """The members of a docx or xlsx, less the document properties (they carry the time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def _text(data: bytes) -> list[str]:
    document = open_docx(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return [p.text for p in document.paragraphs] + cells


def _scored(path: Path) -> list[api.Result]:
    cases, _ = api.read(path.read_bytes(), str(path))
    return api.score_cases(cases)


EVALUATION = ROOT / "examples" / "seeds" / "001.yaml"
SELFEVAL = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"


def test_render_report_is_the_report_write_report_writes(tmp_path: Path) -> None:
    [result] = _scored(EVALUATION)
    data, problems = api.render_report(result, "docx")
    assert data.startswith(b"PK")
    out = tmp_path / "报告.docx"
    assert problems  # the report's warnings: the sections the case has no text for
    written = api.write_report(EVALUATION, out)  # after the problems of reading and scoring
    assert written[len(written) - len(problems) :] == problems
    assert _text(data) == _text(out.read_bytes())
    assert _parts(data) == _parts(out.read_bytes())


def test_render_report_of_tables_and_render_xlsx_are_the_files_written(tmp_path: Path) -> None:
    tables = [r for r in _scored(SELFEVAL) if isinstance(r, api.Result)]
    data, problems = api.render_report(tables, "docx")
    assert data.startswith(b"PK") and not problems
    assert api.render_report(tables[0], "docx")[0].startswith(b"PK")
    out = tmp_path / "自评报告.docx"
    assert not api.has_errors(api.write_report(SELFEVAL, out))
    assert _parts(data) == _parts(out.read_bytes())
    table = api.render_xlsx(tables)
    assert table.startswith(b"PK")
    [companion] = [p for p in api.report_outputs(out)[1:] if p.exists()]
    assert _parts(table) == _parts(companion.read_bytes())


def test_render_xlsx_is_the_table_convert_writes(tmp_path: Path) -> None:
    cases, _ = api.read(SELFEVAL.read_bytes(), str(SELFEVAL))
    out = tmp_path / "评分结果.xlsx"
    assert not api.has_errors(api.convert(SELFEVAL, out))
    data = api.render_xlsx([r for r in api.score_cases(cases) if isinstance(r, api.Result)])
    assert data.startswith(b"PK")
    assert _parts(data) == _parts(out.read_bytes())


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_render_report_as_pdf_gives_a_pdf(tmp_path: Path) -> None:
    [result] = _scored(EVALUATION)
    data, problems = api.render_report(result, "pdf")
    assert data.startswith(b"%PDF"), problems
    out = tmp_path / "报告.pdf"
    api.write_report(EVALUATION, out)
    assert out.read_bytes().startswith(b"%PDF")
