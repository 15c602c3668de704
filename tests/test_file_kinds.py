"""Files as people have them: empty, password-protected, renamed, web pages saved as .xls,
comma-separated in UTF-8 or GBK. Each says what it is in Chinese; no exception class name
(BadZipFile, Cfb error) reaches the user."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from msoffcrypto.format.ooxml import OOXMLFile

from jixiao import api
from jixiao.core.numbers import fmt
from jixiao.export.case import to_yaml
from jixiao.ingest.registry import read_path

ROOT = Path(__file__).resolve().parents[1]
XLSX = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"
TEXT = ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"
FIXTURES = ROOT / "tests" / "fixtures"
CLASS_NAMES = ("BadZipFile", "Cfb", "Zip", "EOCD", "OLE", "Error", "Exception")


def only_problem(path: Path) -> tuple[str, str]:
    cases, problems = read_path(path)
    assert not cases
    [problem] = problems
    for name in CLASS_NAMES:
        assert name not in problem.message, problem.message
    assert str(path) not in problem.message  # the location names the file, once
    return problem.code, problem.message


@pytest.mark.parametrize(
    "suffix",
    [".xlsx", ".xls", ".ods", ".txt", ".csv", ".yaml", ".json", ".docx", ".pdf", ".doc", ".wps"],
)
def test_an_empty_file_says_so(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"空{suffix}"
    path.write_bytes(b"")
    assert only_problem(path) == ("empty-file", "文件为空（0 字节）")


def encrypted(tmp_path: Path, suffix: str) -> Path:
    out = io.BytesIO()
    with XLSX.open("rb") as f:
        OOXMLFile(f).encrypt("密码123", out)
    path = tmp_path / f"加密{suffix}"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".xlsm"])
def test_a_password_protected_workbook_says_it_is_encrypted(tmp_path: Path, suffix: str) -> None:
    code, message = only_problem(encrypted(tmp_path, suffix))
    assert code == "unreadable-file" and "密码" in message and "已加密" in message


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".xlsm"])
@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04garbage",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1broken",
        b"just some text",
        b"\x00" * 64,
    ],
)
def test_a_broken_workbook_names_no_exception_class(
    tmp_path: Path, suffix: str, content: bytes
) -> None:
    path = tmp_path / f"坏{suffix}"
    path.write_bytes(content)
    code, message = only_problem(path)
    assert code == "unreadable-file" and "另存为 .xlsx" in message


def test_a_web_page_saved_as_xls_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>")
    code, message = only_problem(path)
    assert code == "unreadable-file" and "网页" in message


@pytest.mark.parametrize("fixture", ["街道文化活动经费.xls", "街道文化活动经费.ods"])
def test_a_workbook_with_the_wrong_suffix_reads_by_its_content(
    tmp_path: Path, fixture: str
) -> None:
    renamed = tmp_path / "改了扩展名.xlsx"
    shutil.copy(FIXTURES / fixture, renamed)
    [original] = api.score_paths([FIXTURES / fixture]).results
    [result] = api.score_paths([renamed]).results
    assert not result.case.evaluation and not original.case.evaluation
    assert fmt(result.total) == fmt(original.total)


def as_csv(tmp_path: Path, encoding: str) -> Path:
    path = tmp_path / f"表-{encoding}.csv"
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        for line in TEXT.read_text(encoding="utf-8").splitlines():
            writer.writerow(line.split("\t"))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_reads_like_the_same_table_as_tab_separated_text(tmp_path: Path, encoding: str) -> None:
    [expected] = api.score_paths([TEXT]).results
    [result] = api.score_paths([as_csv(tmp_path, encoding)]).results
    assert not result.case.evaluation and not expected.case.evaluation
    assert fmt(result.total) == fmt(expected.total)
    assert [fmt(s.score) for s in result.indicators] == [fmt(s.score) for s in expected.indicators]


def test_a_quoted_csv_cell_keeps_its_commas_and_line_breaks(tmp_path: Path) -> None:
    from jixiao.ingest.text import grid_from_csv

    grid = grid_from_csv('项目名称,"社区养老,居家\n服务"\n年度,2024\n', "t.csv")
    assert [r.cells for r in grid.rows] == [("项目名称", "社区养老,居家\n服务"), ("年度", "2024")]
    assert [r.line for r in grid.rows] == [1, 3]  # a row's line is where it starts


def test_converted_yaml_has_no_anchors_and_one_edit_changes_one_value(seed003: Path) -> None:
    """Equal weights are often one Decimal object in memory; written as `&id001 10` and
    `*id001`, one edit in the file changed every weight that shared it."""
    cases, _ = read_path(seed003)
    text = to_yaml(cases)  # type: ignore[arg-type]
    assert "&id" not in text and "*id" not in text
    data = yaml.safe_load(text.replace("weight: 7.00\n", "weight: 8.00\n", 1))
    weights = [row["weight"] for t in data["tables"] for row in t["indicators"]]
    original = [row["weight"] for t in yaml.safe_load(text)["tables"] for row in t["indicators"]]
    assert sum(a != b for a, b in zip(weights, original, strict=True)) == 1


def test_values_shared_in_memory_are_written_out_each_time() -> None:
    from decimal import Decimal

    from jixiao.export.case import _Dumper

    ten = Decimal(10)
    shared = {"weight": ten, "names": ["a", "b"]}
    text = yaml.dump({"x": shared, "y": shared, "z": ten}, Dumper=_Dumper, allow_unicode=True)
    assert "&" not in text and "*" not in text


@pytest.mark.parametrize(
    ("source", "words"),
    [(XLSX, ".xlsx 工作簿"), (FIXTURES / "街道文化活动经费.xls", ".xls 工作簿")],
)
def test_a_workbook_named_as_text_says_what_it_is(tmp_path: Path, source: Path, words: str) -> None:
    renamed = tmp_path / "表.txt"
    shutil.copy(source, renamed)
    code, message = only_problem(renamed)
    assert code == "unreadable-file" and words in message and "扩展名" in message


def test_problems_are_listed_in_reading_order() -> None:
    from jixiao.cli.output import _reading_order
    from jixiao.core.problems import Location, Problem, Severity

    problems = [
        Problem("b", Severity.WARNING, Location("a.xlsx", "表", "G213"), ""),
        Problem("c", Severity.WARNING, Location("a.xlsx", "表", "E14"), ""),
        Problem("a", Severity.ERROR, Location("a.xlsx", "表", "H99"), ""),
        Problem("d", Severity.WARNING, Location("a.txt", None, None, 127), ""),
    ]
    assert [p.code for p in sorted(problems, key=_reading_order)] == ["a", "d", "c", "b"]


@pytest.mark.parametrize(
    "framework",
    [
        ROOT / "examples" / "frameworks" / "信息化运维项目.yaml",
        ROOT / "src" / "jixiao" / "frameworks" / "project-reference.yaml",
    ],
)
def test_a_framework_file_is_named_as_such_not_a_broken_case(framework: Path) -> None:
    cases, problems = read_path(framework)
    assert cases == []
    assert [(p.code, p.severity.value) for p in problems] == [("other-format", "info")]
    assert "jixiao framework check" in problems[0].message
