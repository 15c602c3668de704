"""The evaluation engine on small cases written as YAML (format jixiao-evaluation/1)."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Case
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import IndicatorScore, Outcome, Result
from jixiao.ingest.registry import read_path
from jixiao.scoring.evaluate import evaluate, leaf_keys

ROOT = Path(__file__).resolve().parents[1]
D = Decimal

HEAD = """\
format: jixiao-evaluation/1
title: 测试项目绩效评价报告
project: {name: 测试项目, year: 2024}
"""

# Two leaves named 满意度 (ambiguous), one leaf with an id, one with a unique name.
FRAMEWORK = """\
framework:
  id: tiny
  grades: [{min: 90, label: 优}, {min: 60, label: 中}, {min: 0, label: 差}]
  indicators:
    - name: 决策
      weight: 40
      children:
        - {name: 依据, id: D1, weight: 10, rule: {kind: judgement}}
        - {name: 满意度, weight: 30, rule: {kind: stated_default}}
    - name: 效益
      weight: 60
      children:
        - {name: 满意度, weight: 30, rule: {kind: external}}
        - {name: 到位率, weight: 30, rule: {kind: ratio, numerator: 到位, denominator: 预算}}
"""

FACTS = """\
facts:
  D1: {score: 8, reason: 依据不充分}
  决策/满意度: {complaints: 2}
  效益/满意度: {result: 90%}
  到位率: {到位: 45万元, 预算: 50万元}
"""


def load(tmp_path: Path, body: str, name: str = "case.yaml") -> tuple[list[object], list[Problem]]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    cases, problems = read_path(path)
    return list(cases), problems


def case_of(tmp_path: Path, body: str) -> Case:
    cases, problems = load(tmp_path, body)
    assert problems == [], [str(p) for p in problems]
    (case,) = cases
    assert case.evaluation
    return case


def score(tmp_path: Path, body: str) -> Result:
    return evaluate(case_of(tmp_path, body))


def by_path(result: Result) -> dict[str, IndicatorScore]:
    return {"/".join(s.path): s for s in result.indicators}


def codes(result: Result) -> list[str]:
    return [p.code for p in result.problems]


# Facts resolution ------------------------------------------------------------------------


def test_leaf_keys_id_unique_name_or_path(tmp_path: Path) -> None:
    case = case_of(tmp_path, HEAD + FRAMEWORK + FACTS)
    assert list(leaf_keys(case.framework).values()) == [
        "D1",
        "决策/满意度",
        "效益/满意度",
        "到位率",
    ]


def test_facts_by_id_name_and_path(tmp_path: Path) -> None:
    result = score(tmp_path, HEAD + FRAMEWORK + FACTS)
    assert result.problems == ()
    scores = by_path(result)
    assert scores["决策/依据"].score == D("8.00")  # by id
    assert scores["决策/满意度"].score == D("26.70")  # by path: 30 × (90% − 2 × 0.5%)
    assert scores["效益/满意度"].score == D("27.00")  # by path
    assert scores["效益/到位率"].score == D("27.00")  # by unique name: 30 × 45 ÷ 50
    assert scores["决策/依据"].facts_key == "D1" and scores["效益/到位率"].facts_key == "到位率"
    assert result.total == D("88.70") and result.weight_total == 100
    assert result.grade == "中"


def test_a_unique_name_may_also_be_written_as_its_path(tmp_path: Path) -> None:
    facts = FACTS.replace("  到位率:", "  效益/到位率:").replace("  D1:", "  决策/依据:")
    result = score(tmp_path, HEAD + FRAMEWORK + facts)
    assert result.problems == ()
    assert result.total == D("88.70")


def test_an_ambiguous_name_needs_the_path(tmp_path: Path) -> None:
    facts = FACTS.replace("  决策/满意度: {complaints: 2}\n", "  满意度: {complaints: 2}\n")
    result = score(tmp_path, HEAD + FRAMEWORK + facts)
    unknown = [p for p in result.problems if p.code == "unknown-indicator"]
    assert len(unknown) == 1 and "满意度" in unknown[0].message
    assert unknown[0].severity is Severity.WARNING
    assert unknown[0].where.field == "facts.满意度"
    assert by_path(result)["效益/满意度"].score == D("27.00")  # untouched
    # the leaf that got no facts: stated_default without facts is its stated default
    assert by_path(result)["决策/满意度"].score == D("27.00")


def test_facts_for_an_unknown_indicator_warn(tmp_path: Path) -> None:
    result = score(tmp_path, HEAD + FRAMEWORK + FACTS + "  不存在的指标: {score: 1}\n")
    (problem,) = result.problems
    assert (problem.code, problem.severity) == ("unknown-indicator", Severity.WARNING)
    assert "不存在的指标" in problem.message
    assert problem.where.file.endswith("case.yaml")
    assert result.total == D("88.70")


def test_missing_facts_are_a_rule_input_error(tmp_path: Path) -> None:
    facts = FACTS.replace("  到位率: {到位: 45万元, 预算: 50万元}\n", "")
    result = score(tmp_path, HEAD + FRAMEWORK + facts)
    (problem,) = result.problems
    assert (problem.code, problem.severity) == ("rule-input", Severity.ERROR)
    assert "效益/到位率" in problem.message and "缺少事实「到位」" in problem.message
    leaf = by_path(result)["效益/到位率"]
    assert (leaf.score, leaf.outcome) == (0, Outcome.UNJUDGED)
    assert "记 0 分" in leaf.explanation
    assert result.total == D("61.70")


def test_a_scalar_fact_is_read_as_value(tmp_path: Path) -> None:
    body = HEAD + FRAMEWORK.replace(
        "rule: {kind: external}",
        "rule: {kind: tiers, tiers: [{when: ≥90%, score: 30}, {when: <90%, score: 10}]}",
    )
    result = score(tmp_path, body + FACTS.replace("{result: 90%}", "{value: 89%}"))
    assert by_path(result)["效益/满意度"].score == D("10.00")


# Veto, disagreements, published ----------------------------------------------------------


def test_veto_voids_the_indicator(tmp_path: Path) -> None:
    facts = FACTS.replace("{result: 90%}", "{result: 90%, veto: 发生重大安全责任事故。}")
    result = score(tmp_path, HEAD + FRAMEWORK + facts)
    leaf = by_path(result)["效益/满意度"]
    assert leaf.score == 0 and leaf.outcome is Outcome.NOT_MET and leaf.rule == "veto"
    assert leaf.explanation.startswith("否决：发生重大安全责任事故")
    assert "扣 30.00 分" in leaf.explanation
    assert result.problems == ()
    assert result.total == D("61.70")


def test_disagreements_become_warnings(tmp_path: Path) -> None:
    body = (
        HEAD
        + FRAMEWORK
        + FACTS
        + textwrap.dedent(
            """\
        disagreements:
          - {about: 效益/到位率, message: 正文与附表的到位资金不一致}
          - {about: published.total, message: 总分与各项之和不符}
        """
        )
    )
    result = score(tmp_path, body)
    found = [(p.code, p.severity, p.where.field, p.message) for p in result.problems]
    assert found == [
        ("source-disagreement", Severity.WARNING, "效益/到位率", "正文与附表的到位资金不一致"),
        ("source-disagreement", Severity.WARNING, "published.total", "总分与各项之和不符"),
    ]


def test_published_scores_flow_into_the_result(tmp_path: Path) -> None:
    body = (
        HEAD
        + FRAMEWORK
        + FACTS
        + textwrap.dedent(
            """\
        published:
          total: 88.5
          grade: 良
          scores: {D1: 8, 效益/满意度: 26.5, 效益/到位率: '27.00'}
        """
        )
    )
    result = score(tmp_path, body)
    scores = by_path(result)
    assert scores["决策/依据"].published_score == D("8")
    assert scores["效益/满意度"].published_score == D("26.5")
    assert scores["效益/到位率"].published_score == D("27.00")  # published under the path
    assert scores["决策/满意度"].published_score is None
    assert (result.case.published_total, result.case.published_grade) == (D("88.5"), "良")


def test_unreadable_published_score_is_a_warning(tmp_path: Path) -> None:
    body = HEAD + FRAMEWORK + FACTS + "published: {scores: {D1: 八分}}\n"
    cases, problems = load(tmp_path, body)
    assert len(cases) == 1
    assert [(p.code, p.severity) for p in problems] == [("case-invalid", Severity.WARNING)]


# Tree and grade --------------------------------------------------------------------------


def test_subtotals_per_branch(tmp_path: Path) -> None:
    result = score(tmp_path, HEAD + FRAMEWORK + FACTS)
    nodes = {"/".join(n.path): (n.weight, n.score, n.declared_weight) for n in result.nodes}
    assert nodes == {"决策": (40, D("34.70"), 40), "效益": (60, D("54.00"), 60)}


ONE_LEAF = """\
framework:
  id: one
  grades: [{min: 90, label: 优}, {min: 80, label: 良}, {min: 60, label: 中}, {min: 0, label: 差}]
  indicators:
    - {name: 综合, weight: 100, rule: {kind: judgement}}
facts:
  综合: {score: %s, reason: 酌情扣分}
"""


@pytest.mark.parametrize(
    ("given", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("60", "中"),
        ("59.994", "差"),
        ("0", "差"),
    ],
)
def test_grade_from_the_framework_bands(tmp_path: Path, given: str, grade: str) -> None:
    result = score(tmp_path, HEAD + ONE_LEAF % given)
    assert result.total == D(given).quantize(D("0.01"))
    assert result.grade == grade


def test_framework_file_beside_the_case(tmp_path: Path) -> None:
    (tmp_path / "fw.yaml").write_text(
        textwrap.dedent(FRAMEWORK.replace("framework:\n", "")), encoding="utf-8"
    )
    result = score(tmp_path, HEAD + "framework: fw.yaml\n" + FACTS)
    assert result.total == D("88.70")


def test_a_bad_framework_stops_the_case(tmp_path: Path) -> None:
    cases, problems = load(tmp_path, HEAD + "framework: no-such-framework\n" + FACTS)
    assert cases == []
    assert [p.code for p in problems] == ["framework-not-found"]


# The documented example -------------------------------------------------------------------


def test_the_documented_example_scores_as_computed_by_hand(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "evaluation-format.md").read_text(encoding="utf-8")
    block = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)[0]
    result = score(tmp_path, block)
    assert result.problems == ()
    scores = {s.facts_key: s.score for s in result.indicators}
    # 项目决策: 绩效目标明确性 loses ② (1 point) → 19
    assert scores["绩效目标明确性"] == D("2.00")
    # 项目过程: 预算执行率 92.17% vs ≥98%: 5.83 → 6 whole points × 0.1 → 4.40;
    # 制度执行有效性 loses ③ (1 point) → 4.00; 2 + 4.4 + 4 + 4 + 4 = 18.40
    assert scores["预算执行率"] == D("4.40")
    assert scores["制度执行有效性"] == D("4.00")
    # 项目产出: 10 × 1850/2000 = 9.25; 10 × 1702/1850 = 9.20; 10 × 60/62 = 9.68; ≤100% → 10
    assert [scores[k] for k in ("培训人次", "质量达标率", "完成及时性", "成本控制率")] == [
        D("9.25"),
        D("9.20"),
        D("9.68"),
        D("10.00"),
    ]
    # 项目效益: 一般 → 5; survey 93.6% → 9.36
    assert (scores["实施效益"], scores["服务对象满意度"]) == (D("5.00"), D("9.36"))
    subtotals = {n.path: n.score for n in result.nodes if len(n.path) == 1}
    assert subtotals == {
        ("项目决策",): D("19.00"),
        ("项目过程",): D("18.40"),
        ("项目产出",): D("38.13"),
        ("项目效益",): D("14.36"),
    }
    assert result.total == D("89.89")
    assert result.grade == "良"


# Case schema errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "fragment", "line"),
    [
        (HEAD + FRAMEWORK, "（顶层）", "缺少必填项「facts」", 1),
        (HEAD + FRAMEWORK + FACTS + "colour: 红\n", "colour", "有不认识的字段「colour」", 1),
        (
            HEAD.replace("{name: 测试项目, year: 2024}", "{name: 测试项目, year: 二〇二四}")
            + FRAMEWORK
            + FACTS,
            "project.year",
            "类型不对",
            3,
        ),
        (HEAD + FRAMEWORK + "facts:\n  D1: 8\n", "facts.D1", "类型不对（应为 object）", 19),
    ],
)
def test_case_schema_errors_are_located(
    tmp_path: Path, body: str, field: str, fragment: str, line: int
) -> None:
    cases, problems = load(tmp_path, body)
    assert cases == []
    (problem,) = problems
    assert (problem.code, problem.severity) == ("case-invalid", Severity.ERROR)
    assert problem.where.field == field and fragment in problem.message
    assert problem.where.file.endswith("case.yaml") and problem.where.line == line
