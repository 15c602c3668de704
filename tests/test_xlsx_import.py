"""xlsx self-evaluation tables as units fill them, in the layouts of several provinces."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import api
from jixiao.core.problems import Severity
from xlsx_fixtures import HEADER_VARIANTS, LAYOUTS, build_broken_workbooks, build_workbook
from xlsx_fixtures import seed003_tables as specs

TOTALS = ["90.73", "99.54", "99.70", "98.16", "99.60", "99.09", "99.99"]

QUIRKS = {
    "plain": {},
    "merged-and-blank": {"merge_l1_l2": True, "blank_rows": True, "blank_columns": (0,)},
    "text-numbers-wan": {"numbers": "text", "thousands": True, "money_unit": "万元"},
    "one-sheet-formulas": {"stack": "one_sheet", "formulas": True, "instruction": "填表说明"},
    "real-numbers-headers": {
        "numbers": "number",
        "header_overrides": HEADER_VARIANTS["weight"],
        "l1_points": "strip",
    },
    "target-value-headers": {"header_overrides": HEADER_VARIANTS["target_value"]},
}


def scored(path: Path) -> tuple[list[str], list]:
    run = api.score_paths([path])
    return [str(r.total) for r in run.results], list(run.problems)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("quirk", sorted(QUIRKS))
def test_every_layout_and_quirk_reproduces_the_seed_totals(
    tmp_path: Path, layout: str, quirk: str
) -> None:
    path = build_workbook(tmp_path / "t.xlsx", specs(), layout=layout, **QUIRKS[quirk])
    totals, problems = scored(path)
    assert totals == TOTALS
    assert not [p for p in problems if p.severity is Severity.ERROR]


def test_amounts_in_wan_yuan_are_stored_in_yuan(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "w.xlsx", specs()[:1], layout="national", money_unit="万元")
    tables, _ = api.read_path(path)
    funds = tables[0].funds
    assert funds is not None and funds.money_unit == "万元"
    assert funds.total.annual == Decimal("50000")


def test_locations_name_sheet_and_cell(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "c.xlsx", specs()[1:2], layout="shenzhen")
    _, problems = scored(path)
    artefact = next(p for p in problems if p.code == "excel-artefact")
    text = str(artefact.where)
    assert "c.xlsx" in text and "工作表" in text and "单元格 H" in text


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return build_broken_workbooks(tmp_path_factory.mktemp("broken"))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty", "no-table"),
        ("no_table", "no-table"),
        ("no_indicators", "no-indicators"),
        ("not_xlsx", "unreadable-file"),
        ("zero_bytes", "empty-file"),
        ("encrypted", "unreadable-file"),
        ("truncated_zip", "unreadable-file"),
        ("garbage", "unreadable-file"),
    ],
)
def test_broken_workbooks_give_a_located_error(
    broken: dict[str, tuple[Path, str]], name: str, code: str
) -> None:
    path, _ = broken[name]
    tables, problems = api.read_path(path)
    assert not tables
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert [p.code for p in errors] == [code]
    assert path.name in str(errors[0].where)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[0].message)


def test_missing_weight_is_an_error_at_the_weight_cell(
    broken: dict[str, tuple[Path, str]],
) -> None:
    _, problems = scored(broken["missing_weight"][0])
    missing = [p for p in problems if p.code == "missing-weight"]
    assert len(missing) == 1 and missing[0].severity is Severity.ERROR
    assert "参与党建活动人数" in missing[0].message
    assert "单元格 G" in str(missing[0].where) and "分值" in str(missing[0].where)


def test_unreadable_target_is_a_warning_and_judged_on_the_actual(
    broken: dict[str, tuple[Path, str]],
) -> None:
    totals, problems = scored(broken["unreadable_target"][0])
    found = [p for p in problems if p.code == "unreadable-target"]
    assert len(found) == 1 and "见附件" in found[0].message
    assert "年度指标值" in str(found[0].where)
    assert totals == ["90.73"]


def test_two_row_indicator_header(tmp_path: Path) -> None:
    """绩效指标 merged over 一级/二级/三级 on one row, the value columns beside it."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (
        ["项目支出绩效自评表"],
        ["项目名称", "社区图书室运营", "", "主管部门", "某街道办事处"],
        [
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", 20, 20, 19, None, None, None],
        ["绩效指标", "", "", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["一级指标", "二级指标", "三级指标"],
        ["产出指标", "数量指标", "开放天数", "≥300天", "312天", 30, 30, ""],
        ["效益指标", "社会效益指标", "借阅人次", "≥5000人次", "4600人次", 50, 46, "暑期闭馆"],
        ["满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", "94%", 10, 10, ""],
        ["总分", "", "", "", "", 100, 95.5, ""],
    ):
        ws.append(row)
    ws.merge_cells("A5:C5")
    path = tmp_path / "two-row.xlsx"
    wb.save(path)
    totals, problems = scored(path)
    assert totals == ["95.50"]
    assert not [p for p in problems if p.severity is Severity.ERROR]
