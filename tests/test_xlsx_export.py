"""The print-ready xlsx: standard layout, formulas with cached values, merged headers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from jixiao import api


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, seed003: Path) -> Path:
    out = tmp_path_factory.mktemp("x") / "seed003.xlsx"
    api.convert(seed003, out)
    return out


@pytest.fixture(scope="module")
def seed003() -> Path:
    from conftest import seed

    return seed("003")


def rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[list[str]]:
    """Normalised content: every row's non-empty cells as text."""
    out = []
    for row in sheet.iter_rows(values_only=True):
        cells = [str(v) for v in row if v not in (None, "")]
        if cells:
            out.append(cells)
    return out


def test_one_sheet_per_table_named_after_the_project(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames[:2] == ["党政事务", "干部健康管理"]
    assert len(wb.sheetnames) == 7


def test_budget_and_total_are_formulas_with_cached_values(workbook: Path) -> None:
    formulas = openpyxl.load_workbook(workbook)["行政服务大厅运行"]
    values = openpyxl.load_workbook(workbook, data_only=True)["行政服务大厅运行"]
    found = {}
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                found[cell.coordinate] = (cell.value, values[cell.coordinate].value)
    texts = [f for f, _ in found.values()]
    assert any("ROUND(" in f and "*100" in f for f in texts)  # 执行率
    assert any(f.startswith("=SUM(") for f in texts)  # 总分
    cached = sorted(v for _, v in found.values())
    assert 92.78 in cached and 9.28 in cached and 98.16 in cached


def test_layout_content(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook, data_only=True)["行政服务大厅运行"]
    content = rows(sheet)
    assert content[0] == ["项目支出绩效自评表"]
    assert content[1] == ["（2023年度）"]
    assert [
        "年度绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ] in content
    call = next(r for r in content if "叫号数量" in r)
    assert call[:5] == ["产出指标(50分)", "数量指标", "叫号数量", "全年突破21万", "17.76万"]
    assert call[5:7] == ["6", "5.07"]
    assert content[-1][0] == "总分" and content[-1][-1] == "等级：优"


def test_merged_headers_and_level_names(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["党政事务"]
    merged = [str(r) for r in sheet.merged_cells.ranges]
    assert "A1:I1" in merged  # the title
    assert any(r.startswith("B") and r.split(":")[0][1:] != r.split(":")[1][1:] for r in merged)


def test_columns_are_wide_enough_for_chinese(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["党政事务"]
    assert sheet.column_dimensions["D"].width >= 20  # 三级指标
    assert sheet.column_dimensions["I"].width >= 25  # 偏差原因


def test_artefact_scores_keep_the_original_in_a_comment(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["干部健康管理"]
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert comments and all("原表填报：#####" in c for c in comments)
