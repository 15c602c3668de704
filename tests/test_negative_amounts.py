"""A negative budget, executed amount or weight is an error at its cell, never a negative score."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao import api
from jixiao.core.problems import Severity
from jixiao.core.results import NO_GRADE, Result

FUNDS = {"name": "年度资金总额", "initial": 100000, "annual": 100000, "executed": 90000}


def table(total: dict, weight: object = 10, indicator_weight: object = 90) -> dict:  # type: ignore[type-arg]
    return {
        "project": {"name": "测试项目", "year": 2024},
        "funds": {"weight": weight, "total": total},
        "indicators": [
            {"path": ["产出指标", "数量指标", "活动场次"], "target": "≥10场", "actual": "10场",
             "weight": indicator_weight},
        ],
    }  # fmt: skip


def score(tmp: Path, data: dict) -> tuple[Result, list[api.Problem]]:  # type: ignore[type-arg]
    path = tmp / "表.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = api.score_paths([path])
    [result] = run.results
    assert not result.case.evaluation
    return result, list(run.problems)


@pytest.mark.parametrize(
    ("field", "label"),
    [("annual", "全年预算数"), ("executed", "全年执行数"), ("initial", "年初预算数")],
)
def test_a_negative_amount_is_an_error_at_its_field(tmp_path: Path, field: str, label: str) -> None:
    result, problems = score(tmp_path, table({**FUNDS, field: -50000}))
    [problem] = [p for p in problems if p.code == "negative-amount"]
    assert problem.severity is Severity.ERROR
    assert problem.where.field == label and "-50000" in problem.message
    assert result.budget is not None and result.budget.score == 0
    assert result.total >= 0 and result.grade == NO_GRADE


def test_negative_budget_and_execution_never_score(tmp_path: Path) -> None:
    result, _ = score(tmp_path, table({**FUNDS, "annual": -100000, "executed": -90000}))
    assert result.budget is not None and result.budget.score == 0
    assert result.budget.rate is None


def test_a_negative_budget_weight_is_an_error(tmp_path: Path) -> None:
    result, problems = score(tmp_path, table(FUNDS, weight=-10))
    [problem] = [p for p in problems if p.code == "negative-amount"]
    assert problem.where.field == "分值"
    assert result.budget is not None and result.budget.score == 0 and result.budget.weight == 0


def test_a_negative_indicator_weight_is_an_error_at_its_cell(tmp_path: Path) -> None:
    result, problems = score(tmp_path, table(FUNDS, indicator_weight=-90))
    [problem] = [p for p in problems if p.code == "negative-amount"]
    assert problem.severity is Severity.ERROR and problem.where.field == "分值"
    assert "活动场次" in problem.message
    assert all(i.score >= 0 and i.weight >= 0 for i in result.indicators)
    assert result.total == Decimal("9.00")
