"""The review list (审核清单.xlsx / .html) and the terminal summary: printable (A4 landscape,
fit to width, header repeated, wrapped), every code with its Chinese title, locations relative
to the folder reviewed and in Chinese, sheet names cut only between words, counts that agree
with the findings listed, and each table of a multi-table file with its own count."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import seed
from jixiao import api
from jixiao.cli import cli
from jixiao.export.widths import sheet_name
from jixiao.review.finding import review_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LEVELS = ("错误", "警告", "提示")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """材料目录/ with a self-evaluation table and an evaluation case in sub-folders."""
    root = tmp_path_factory.mktemp("review") / "材料目录"
    (root / "子目录").mkdir(parents=True)
    (root / "评价").mkdir()
    shutil.copy(EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml", root / "子目录" / "表.yaml")
    shutil.copy(EXAMPLES / "seeds" / "004.yaml", root / "评价" / "004.yaml")
    return root


@pytest.fixture(scope="module")
def run(folder: Path) -> api.ReviewRun:
    return api.review_paths([folder])


@pytest.fixture(scope="module")
def workbook(run: api.ReviewRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "审核清单.xlsx"
    assert api.write_review(run, out) == []
    return out


@pytest.fixture(scope="module")
def page(run: api.ReviewRun, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("out") / "审核清单.html"
    assert api.write_review(run, out) == []
    return out.read_text(encoding="utf-8")


def listed(workbook: Path) -> list[dict[str, str]]:
    ws = openpyxl.load_workbook(workbook)["全部问题"]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(c) for c in rows[0]]
    return [dict(zip(header, (str(c or "") for c in row), strict=True)) for row in rows[1:]]


# ---- printing ---------------------------------------------------------------------------------


def test_every_sheet_prints_a4_landscape_fit_to_width_with_the_header_repeated(
    workbook: Path,
) -> None:
    wb = openpyxl.load_workbook(workbook)
    for ws in wb:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # one page wide (1 is the file format's default, so it may be left out), as many tall
        assert (int(setup.fitToWidth or 1), int(setup.fitToHeight)) == (1, 0), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title


def test_every_text_cell_of_the_list_wraps(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["全部问题"]
    for row in ws.iter_rows(min_row=1):
        for c in row:
            if c.value is not None:
                assert c.alignment.wrap_text, (c.coordinate, c.value)


def test_the_columns_fit_a_landscape_page_without_shrinking_much(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["全部问题"]
    total = sum(ws.column_dimensions[col].width for col in "ABCDEFG")
    assert total <= 165  # A4 landscape holds about 150 character widths at 100%


# ---- codes with titles ------------------------------------------------------------------------


def test_every_code_is_shown_with_its_chinese_title(
    run: api.ReviewRun, workbook: Path, page: str
) -> None:
    rules = review_rules()
    rows = listed(workbook)
    assert len(rows) == len(run.findings)
    for row, r in zip(rows, run.findings, strict=True):
        title = rules[r.finding.code].title
        assert title in row["问题类型"] and r.finding.code in row["问题类型"]
        assert title in page
    summary = [
        str(c.value) for c in openpyxl.load_workbook(workbook)["汇总"]["A"] if c.value is not None
    ]
    for code in {r.finding.code for r in run.findings}:
        assert f"{rules[code].title}（{code}）" in summary, code


def test_code_sheets_are_named_by_their_chinese_title(run: api.ReviewRun, workbook: Path) -> None:
    names = openpyxl.load_workbook(workbook).sheetnames
    for code in {r.finding.code for r in run.findings}:
        assert review_rules()[code].title in names


def test_every_documented_problem_code_has_a_chinese_title() -> None:
    from jixiao.review.codes import code_title

    text = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    codes = re.findall(r"^\| `([a-z]+(?:-[a-z]+)+)` \|", text, flags=re.M)
    assert len(codes) > 40
    untitled = [c for c in codes if not re.search(r"[\u4e00-\u9fff]", code_title(c))]
    assert not untitled
    for code, rule in review_rules().items():
        assert code_title(code) == rule.title


# ---- locations --------------------------------------------------------------------------------


def test_locations_are_relative_to_the_folder_reviewed(
    run: api.ReviewRun, folder: Path, workbook: Path, page: str
) -> None:
    rows = listed(workbook)
    places = {row["位置"].split(" · ")[0] for row in rows}
    assert places == {"子目录/表.yaml", "评价/004.yaml"}
    assert str(folder) not in page and str(folder.parent) not in page
    assert "子目录/表.yaml · 第 " in page
    result = CliRunner().invoke(cli, ["review", str(folder)])
    assert str(folder) not in result.stdout
    assert "子目录/表.yaml" in result.stdout


def test_a_file_inside_another_folder_is_named_from_that_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "甲", tmp_path / "乙"
    (a / "内").mkdir(parents=True)
    b.mkdir()
    shutil.copy(EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml", a / "内" / "表.yaml")
    shutil.copy(EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml", b / "表.yaml")
    run = api.review_paths([a, b])
    shown = {run.place(r.finding.where).file for r in run.findings}
    assert shown == {"甲/内/表.yaml", "乙/表.yaml"}  # several folders: each keeps its name
    single = api.review_paths([b / "表.yaml"])
    assert {single.place(r.finding.where).file for r in single.findings} == {"表.yaml"}


def test_evaluation_case_fields_are_located_in_chinese(
    run: api.ReviewRun, workbook: Path, page: str
) -> None:
    fields = {r.finding.where.field or "" for r in run.findings}
    assert not [f for f in fields if re.search(r"[a-z]+\[\d+\]|\.[a-z]+$", f)], fields
    disagreement = [r for r in run.findings if r.finding.code == "table-disagreement"]
    assert [r.finding.where.field for r in disagreement] == ["第 7 条指标 · 实际完成值"]
    assert "targets[" not in page
    assert not [row for row in listed(workbook) if "targets[" in row["位置"]]


def test_a_duplicate_names_the_other_row_without_repeating_the_file(run: api.ReviewRun) -> None:
    from jixiao.review.rules.names import duplicate_indicator

    table = api.read_path(seed("003"))[0]
    results = api.score_cases(table)
    hits = [h for r in results for h in duplicate_indicator(r, {})]
    assert hits
    for hit in hits:
        assert "另见 第 " in hit.message and ".txt" not in hit.message


# ---- sheet names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("budget-performance-divergence-of-the-year", "budget-performance-divergence…"),
        ("深圳市大鹏新区政务服务数据管理局综合科（政务服务科）", "深圳市大鹏新区政务服务数据管理局综合科（政务服务科）"),
        ("深圳市大鹏新区政务服务数据管理局综合科下属事业单位（政务服务科）", "深圳市大鹏新区政务服务数据管理局综合科下属事业单位"),
        ("某区2024年度社区居家养老服务补贴项目专项资金20240101号", "某区2024年度社区居家养老服务补贴项目专项资金…"),
    ],
)  # fmt: skip
def test_sheet_names_are_cut_between_words(name: str, expected: str) -> None:
    got = sheet_name(name, set(), "未命名")
    assert got == expected and len(got) <= 31


def test_sheet_names_unique_the_way_excel_compares_them() -> None:
    used = {"Long-Name"}
    assert sheet_name("long-name", used, "x") == "long-name(2)"
    long = "a-very-long-sheet-name-for-a-workbook"
    first, second = sheet_name(long, used, "x"), sheet_name(long, used, "x")
    assert (first, second) == ("a-very-long-sheet-name-for-a…", "a-very-long-sheet-name-for…(2)")


# ---- counts -----------------------------------------------------------------------------------


def summary_rows(output: str, title: str = "审核发现按问题统计") -> dict[str, list[int]]:
    """'问题类型 代码 错误 警告 提示 合计' rows of one terminal summary table, by code."""
    rows = {}
    for line in output.split(title, 1)[1].split("按问题统计", 1)[0].splitlines():
        m = re.match(r"\s*(\S.*?)\s+([a-z]+(?:-[a-z]+)+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", line)
        if m:
            rows[m.group(2)] = [int(m.group(i)) for i in range(3, 7)]
    return rows


def test_terminal_counts_by_code_and_severity_agree_with_the_findings(tmp_path: Path) -> None:
    paths = [str(EXAMPLES), str(seed("002").parent)]
    run = api.review_paths([Path(p) for p in paths])
    result = CliRunner().invoke(cli, ["review", *paths], env={"COLUMNS": "200"})
    rows = summary_rows(result.stdout)
    expected: dict[str, Counter[str]] = {}
    for r in run.findings:
        expected.setdefault(r.finding.code, Counter())[r.finding.severity.label] += 1
    mixed = [c for c, n in expected.items() if len(n) > 1]
    assert mixed  # a code found at two severities (vague-target: warning and info)
    for code, counts in expected.items():
        assert rows[code] == [*(counts[s] for s in LEVELS), sum(counts.values())], code
    assert review_rules()["vague-target"].title in result.stdout


def test_terminal_headline_counts_the_problems_it_lists() -> None:
    path = str(EXAMPLES / "seeds" / "000.yaml")
    run = api.review_paths([Path(path)])
    assert run.problems
    result = CliRunner().invoke(cli, ["review", path], env={"COLUMNS": "200"})
    headline = result.stdout.splitlines()[0]
    counts = Counter(p.severity.label for p in run.problems)
    assert f"读表与评分问题 {len(run.problems)} 条" in headline
    assert f"审核发现 {len(run.findings)} 条" in headline
    for code, n in Counter(p.code for p in run.problems).items():
        assert summary_rows(result.stdout, "读表与评分问题按问题统计")[code][3] == n
    assert counts


def test_each_table_of_a_multi_table_file_shows_its_own_count() -> None:
    path = seed("003")
    run = api.review_paths([path])
    per_table = Counter(r.project for r in run.findings)
    assert len(per_table) > 3
    result = CliRunner().invoke(cli, ["review", str(path)], env={"COLUMNS": "200"})
    lines = result.stdout.splitlines()
    for project, n in per_table.items():
        heads = [line for line in lines if line.strip().startswith(project + "  ")]
        assert len(heads) == 1, (project, heads)  # one heading per table, not one per severity
        assert f"{n} 条" in heads[0], heads[0]


def test_workbook_summary_counts_each_table_and_adds_up(run: api.ReviewRun, workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["汇总"]
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    totals = [row for row in rows if row[0] == "合计"]
    assert totals and all(row[4] == len(run.findings) for row in totals[:3])
    by_table = Counter((r.table, r.project) for r in run.findings)
    labels = [str(row[0]) for row in rows if row[0]]
    for (_, project), n in by_table.items():
        [row] = [row for row in rows if row[0] and str(row[0]).endswith(project)]
        assert row[4] == n
    assert any(label.startswith("子目录/表.yaml · ") for label in labels)
