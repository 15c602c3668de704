"""Evaluation cases built from the four seed reports (issue 15, part 2): the framework from
the fullest score table, rules read from the standards, facts from the published scores and
the analysis; scored, each gives back the report's published total with no error."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Case
from jixiao.core.problems import Severity
from jixiao.ingest.report.case import report_case
from jixiao.ingest.text import text_grids
from jixiao.scoring.evaluate import evaluate

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def built(seed: str) -> tuple[Case, list]:
    [path] = SEEDS.glob(f"{seed}_*.txt")
    case, problems = report_case(text_grids(path.read_bytes(), path.name), path.name)
    assert case is not None
    return case, problems


@pytest.mark.parametrize(
    ("seed", "source", "leaves", "understood", "total", "year"),
    [
        ("000", "项目支出绩效评价指标体系框架", 21, 10, "95.48", 2023),
        ("001", "部门整体支出绩效评价自评指标评分表", 21, 7, "93.76", 2021),
        # 002: 14, not 11, since the annex's 预算编制科学性, 资金分配合理性 and 管理制度健全性 are
        # read under their names (the text had put 合理 / 健全 in their place, or no name at all)
        ("002", "表3-1", 20, 14, "98", 2024),
        ("004", "附件", 26, 21, "98", 2023),
    ],
)
def test_a_seed_report_becomes_a_case_that_scores_its_published_total(
    seed: str, source: str, leaves: int, understood: int, total: str, year: int
) -> None:
    case, problems = built(seed)
    result = evaluate(case)
    assert len(result.indicators) == leaves
    assert result.total == Decimal(total) == case.published_total
    assert not [p for p in result.problems if p.severity is Severity.ERROR]
    assert case.project.year == year
    [read] = [p for p in problems if p.code == "report-read"]
    assert f"框架取自「{source}" in read.message
    assert f"识别为规则的 {understood} 个" in read.message
    kept = [p for p in problems if p.code == "rule-not-understood"]
    assert len(kept) == leaves - understood  # each leaf not understood is named, located
    assert all(p.where.line and p.subject for p in kept)
    assert case.score_tables  # every table as printed, for the review


def test_000_leaves_keep_their_rule_facts_and_analysis() -> None:
    case, _ = built("000")
    leaves = {node.name: node for _, node in case.scored_on.leaves()}
    satisfaction = leaves["民生诉求办理满意率"]
    assert satisfaction.rule is not None and satisfaction.rule.kind == "deduct_per_point"
    facts = case.facts["民生诉求办理满意率"]
    assert facts["value"] == "99.78%"  # as the analysis states it
    assert "满意量2701件" in facts["note"]
    assert satisfaction.where.line  # located at its row of the annex, not in a YAML file
    assert case.narrative["conclusion"].count("95.48") == 1
    assert case.published_grade == "优"
