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
from jixiao.validate.framework import check_framework

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def built(seed: str) -> tuple[Case, list]:
    [path] = SEEDS.glob(f"{seed}_*.txt")
    case, problems = report_case(text_grids(path.read_bytes(), path.name), path.name)
    assert case is not None
    return case, problems


@pytest.mark.parametrize(
    ("seed", "source", "leaves", "understood", "total", "year"),
    [
        ("000", "项目支出绩效评价指标体系框架", 21, 19, "95.48", 2023),
        ("001", "部门整体支出绩效评价自评指标评分表", 21, 19, "93.76", 2021),
        ("002", "表3-1", 20, 18, "98", 2024),
        ("004", "附件", 26, 25, "98", 2023),
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
    checked = [
        p for p in check_framework(case.scored_on) if p.code in ("rule-param", "unknown-rule")
    ]
    assert not checked  # every rule read passes the framework's own check
    for key, facts in case.facts.items():  # a fact back-solved from the score says so
        basis = str(facts.get("basis", ""))
        assert "反推" not in basis or "待评价组" in basis, key


def test_001_parts_and_formulas_take_the_analysis_figures() -> None:
    case, _ = built("001")
    public = case.facts["公用经费控制率"]
    assert public["“三公”经费控制率"] == {"value": "33.51%"}  # as 四、（三）1.(1) states it
    assert public["日常公用经费控制率"] == {"value": "99.69%"}
    assert "分析所述" in public["basis"] and "反推" not in public["basis"]
    quarters = case.facts["预算执行率"]
    assert [quarters[f"q{i}"] for i in range(1, 5)] == ["32.74%", "63.93%", "80.12%", "99.8%"]
    assert "事实来源：分析所述各季度预算执行率" in quarters["note"]
    timely = case.facts["项目完成及时性"]
    assert (
        timely["plan"] == "25个" and "反推" in timely["basis"]
    )  # the plan stated, done back-solved


def test_002_summary_leaves_take_the_annex_standard_under_a_name_a_little_different() -> None:
    case, _ = built("002")
    leaves = {node.name: node for _, node in case.scored_on.leaves()}
    # 表3-1's 满意度 is the annex's 政府部门及市民满意度
    assert leaves["满意度"].standard.startswith("政府部门及市民满意度≥90%")
    assert leaves["满意度"].rule is not None and leaves["满意度"].rule.kind == "deduct_per_point"
    # the annex rows the text placed under the wrong names: matched where weight and score agree
    assert "预算编制经过科学论证" in leaves["预算编制科学性"].standard
    assert "预算资金分配依据充分" in leaves["资金分配合理性"].standard


def test_an_annex_row_is_matched_by_a_near_name_only_when_one_agrees_best() -> None:
    from jixiao.core.report import ScoreRow
    from jixiao.ingest.report.case import _matched

    def row(path: str, weight: str | None, score: str | None, standard: str = "") -> ScoreRow:
        w = Decimal(weight) if weight else None
        return ScoreRow(
            tuple(path.split("/")), w, Decimal(score) if score else None, standard=standard
        )

    summary = [
        row("满意度", "5", "5"),
        row("绩效/绩效指标明确性", "3", "2"),
        row("立项/依据", "4", "4"),
    ]
    annex = [
        row(
            "满意度/满意度/政府部门及市民满意度", "5", "5", "满意度≥90%，得满分"
        ),  # one holds the other
        row("绩效/绩效指标明确性/明确", "3", None, "甲"),  # the path names the leaf …
        row("绩效/绩效指标明确性/明确", None, "2", "乙"),  # … twice, each agreeing once: a tie
        row("立项/依据充分性", "5", "4", "丙"),  # near, but its weight differs
    ]
    matched = _matched(summary, annex)
    assert matched[0].standard == "满意度≥90%，得满分"
    assert 1 not in matched and 2 not in matched


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
