"""Totals and grades that make sense: weights that do not add up to 100 are warned about by
`score` itself and graded on the score rate; a table with error-level problems gets no grade."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import yaml
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli
from jixiao.core.problems import Severity
from jixiao.core.results import NO_GRADE, Result

TABLE = {
    "project": {"name": "社区服务项目", "year": 2024, "unit": "某街道"},
    "funds": {
        "weight": 10,
        "total": {"name": "年度资金总额", "initial": 100000, "annual": 100000, "executed": 100000},
    },
    "indicators": [
        {"path": ["产出指标", "数量指标", "活动场次"], "target": "≥10场", "actual": "10场",
         "weight": 40},
        {"path": ["效益指标", "社会效益指标", "服务人次"], "target": "≥1000人次",
         "actual": "500人次", "weight": 30},
        {"path": ["满意度指标", "服务对象满意度指标", "居民满意度"], "target": "≥90%",
         "actual": "95%", "weight": 10},
    ],
}  # fmt: skip


def write(tmp: Path, table: dict) -> Path:  # type: ignore[type-arg]
    path = tmp / "表.yaml"
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    return path


def scored(path: Path) -> tuple[Result, api.ScoreRun]:
    run = api.score_paths([path])
    [result] = run.results
    assert not result.case.evaluation
    return result, run


def test_weights_short_of_100_are_warned_by_score(tmp_path: Path) -> None:
    result, run = scored(write(tmp_path, TABLE))  # 10 + 40 + 30 + 10 = 90
    assert result.weight_total == Decimal(90)
    [warning] = [p for p in run.problems if p.code == "weight-total"]
    assert warning.severity is Severity.WARNING
    assert "90" in warning.message and "100" in warning.message


def test_short_weights_are_graded_on_the_score_rate(tmp_path: Path) -> None:
    result, _ = scored(write(tmp_path, TABLE))
    assert result.total == Decimal(75)  # 10 + 40 + 15 + 10
    assert result.grade == "良"  # 75 ÷ 90 = 83.33%, not 75 → 中
    assert "得分率" in result.grade_note and "83.33%" in result.grade_note


def test_weights_of_100_grade_on_the_total_with_no_note(tmp_path: Path) -> None:
    table = {**TABLE, "indicators": [*TABLE["indicators"]]}
    table["indicators"][0] = {**table["indicators"][0], "weight": 50}
    result, run = scored(write(tmp_path, table))
    assert result.weight_total == Decimal(100)
    assert result.grade == "良"  # 10 + 50 + 15 + 10 = 85
    assert result.grade_note == ""
    assert "weight-total" not in {p.code for p in run.problems}


def test_the_cli_says_how_it_graded(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["score", str(write(tmp_path, TABLE))]).output
    assert "等级 良" in out and "得分率" in out
    data = json.loads(
        CliRunner().invoke(cli, ["score", str(write(tmp_path, TABLE)), "--json"]).stdout
    )
    [table] = data["tables"]
    assert table["grade"] == "良" and table["weight_total"] == 90
    assert "得分率" in table["grade_note"]


def test_a_table_with_errors_gets_no_grade(tmp_path: Path) -> None:
    table = {**TABLE, "indicators": [{**i, "weight": None} for i in TABLE["indicators"]]}
    result, run = scored(write(tmp_path, table))
    assert run.failed
    assert result.grade == NO_GRADE
    assert "错误" in result.grade_note and "分值" in result.grade_note
    out = CliRunner().invoke(cli, ["score", str(write(tmp_path, table))]).output
    assert "等级 —" in out and "等级 差" not in out
    data = json.loads(
        CliRunner().invoke(cli, ["score", str(write(tmp_path, table)), "--json"]).stdout
    )
    assert data["tables"][0]["grade"] == NO_GRADE and data["tables"][0]["grade_note"]


def test_review_keeps_the_weight_total_warning_when_no_weight_sum_finding_covers_it(
    tmp_path: Path,
) -> None:
    """The written weights add up to 100, but a 不适用 row's 30 is not counted: review has no
    weight-sum finding for that, so the scorer's weight-total warning must stay listed."""
    path = tmp_path / "不适用.yaml"
    path.write_text(
        """project: {code: '', name: 不适用测试, year: 2024, unit: 某单位, department: 某部门}
funds:
  unit: 元
  weight: 10
  total: {name: 年度资金总额, initial: 100, annual: 100, executed: 100}
indicators:
  - {path: [产出指标, 数量指标, 培训人次], target: '≥100人次', actual: '120人次', weight: 30}
  - {path: [产出指标, 质量指标, 合格率], target: '≥95%', actual: '98%', weight: 30}
  - {path: [产出指标, 质量指标, 不适用项], target: '不适用', actual: '不适用', weight: 30}
""",
        encoding="utf-8",
    )

    run = api.review_paths([path])
    assert "weight-sum" not in {r.finding.code for r in run.findings}
    assert "weight-total" in {p.code for p in run.problems}
