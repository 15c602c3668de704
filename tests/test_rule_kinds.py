"""Every registered rule kind: its documented example, and its behaviour scored by the engine."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.framework import Framework, GradeBand, Node, RuleSpec
from jixiao.core.model import Case, Project
from jixiao.core.results import IndicatorScore, Outcome
from jixiao.scoring.evaluate import evaluate
from jixiao.scoring.policy import load_policy
from jixiao.scoring.rules import RuleContext, RuleError, kinds
from jixiao.scoring.rules.formula import evaluate_expression
from jixiao.validate.framework import check_rule

D = Decimal
LEAF = "指标"


def node(kind: str, weight: Any, params: dict[str, Any]) -> Node:
    return Node(LEAF, D(str(weight)), rule=RuleSpec(kind, params))


def run(kind: str, weight: Any, params: dict[str, Any], facts: dict[str, Any]) -> IndicatorScore:
    """Score one leaf through the engine; the case has no other indicator."""
    leaf = node(kind, weight, params)
    fw = Framework("t", "测试", (leaf,), (GradeBand(D(0), "差"),), total=leaf.weight)
    case = Case(
        Project(name="测试项目", year=2024), title="测试", framework=fw, facts={LEAF: facts}
    )
    result = evaluate(case)
    assert result.problems == (), [str(p) for p in result.problems]
    (score,) = result.indicators
    return score


def score(kind: str, weight: Any, params: dict[str, Any], facts: dict[str, Any]) -> Decimal:
    return run(kind, weight, params, facts).score


def rule_error(kind: str, weight: Any, params: dict[str, Any], facts: dict[str, Any]) -> str:
    """The RuleError message from kind.apply (and the engine turns it into rule-input)."""
    with pytest.raises(RuleError) as info:
        kinds()[kind].apply(RuleContext(D(str(weight)), params, facts, load_policy()))
    leaf = node(kind, weight, params)
    fw = Framework("t", "测试", (leaf,), (GradeBand(D(0), "差"),), total=leaf.weight)
    result = evaluate(Case(Project(name="p"), title="测试", framework=fw, facts={LEAF: facts}))
    assert [p.code for p in result.problems] == ["rule-input"]
    assert result.indicators[0].score == 0
    assert result.indicators[0].outcome is Outcome.UNJUDGED
    return str(info.value)


# Every kind ------------------------------------------------------------------------------


def test_the_registry_has_the_documented_kinds() -> None:
    documented = """ratio ratio_target external tiers deduct_per_point band_then_deduct checklist
    graded judgement stated_default formula target parts"""
    assert set(kinds()) >= set(documented.split())


@pytest.mark.parametrize("name", sorted(kinds()))
def test_example_runs_and_stays_within_weight(name: str) -> None:
    kind = kinds()[name]
    assert kind.example, f"{name} has no documented example"
    rule = dict(kind.example["rule"])
    assert rule.pop("kind") == name
    weight = D(str(kind.example["weight"]))
    assert not [p for p in check_rule(node(name, weight, rule), (LEAF,)) if p.severity == "error"]
    s = run(name, weight, rule, dict(kind.example["facts"]))
    assert D(0) <= s.score <= weight
    assert s.score == s.score.quantize(D("0.01"))
    assert s.outcome is not Outcome.UNJUDGED
    assert s.rule == name
    assert s.explanation.endswith("。")


# ratio -----------------------------------------------------------------------------------

RATIO = {"label": "资金到位率", "numerator": "实际到位资金", "denominator": "预算资金"}


@pytest.mark.parametrize(
    ("top", "bottom", "expected"),
    [
        ("61.91万元", "61.91万元", "2.00"),
        ("55.72万元", "61.91万元", "1.80"),
        ("557200元", "61.91万元", "1.80"),
        (55.72, "61.91", "1.80"),
    ],
)
def test_ratio_of_two_facts_with_units(top: Any, bottom: Any, expected: str) -> None:
    assert score("ratio", 2, RATIO, {"实际到位资金": top, "预算资金": bottom}) == D(expected)


def test_ratio_from_a_rate_fact() -> None:
    assert score("ratio", 5, {}, {"rate": "99.6%"}) == D("4.98")
    assert score("ratio", 5, {}, {"rate": 0.9}) == D("4.50")


def test_ratio_is_capped() -> None:
    s = run("ratio", 5, {}, {"rate": "120%"})
    assert s.score == D("5.00")
    assert "超过上限按上限计" in s.explanation
    assert score("ratio", 5, {"cap": 0.9}, {"rate": "95%"}) == D("4.50")


def test_ratio_zero_denominator_names_the_fact() -> None:
    message = rule_error("ratio", 2, RATIO, {"实际到位资金": "50万元", "预算资金": "0万元"})
    assert "「预算资金」为 0" in message
    assert "资金到位率" in message


def test_ratio_without_its_facts() -> None:
    assert "rate" in rule_error("ratio", 2, {}, {})


# ratio_target ----------------------------------------------------------------------------


def test_ratio_target_under_and_over_plan() -> None:
    assert score("ratio_target", 2, {"plan": "365次"}, {"actual": "350次"}) == D("1.92")
    over = run("ratio_target", 2, {"plan": "365次"}, {"actual": "400次"})
    assert over.score == D("2.00")
    assert over.outcome is Outcome.MET


def test_ratio_target_plan_fact_overrides_the_param() -> None:
    facts = {"actual": "350次", "plan": "350次"}
    assert score("ratio_target", 2, {"plan": "365次"}, facts) == D("2.00")
    assert score("ratio_target", 2, {}, {"actual": "3次", "plan": "4次"}) == D("1.50")


@pytest.mark.parametrize("plan", ["0次", 0, -3])
def test_ratio_target_non_positive_plan_is_an_error(plan: Any) -> None:
    assert "应大于 0" in rule_error("ratio_target", 2, {"plan": plan}, {"actual": "350次"})


def test_ratio_target_negative_plan_text_is_an_error() -> None:
    assert "应大于 0" in rule_error("ratio_target", 2, {"plan": "-3次"}, {"actual": "350次"})


def test_ratio_target_without_a_plan() -> None:
    assert "缺少计划数" in rule_error("ratio_target", 2, {}, {"actual": "350次"})


# external --------------------------------------------------------------------------------


def test_external_times_weight_rounded_half_up() -> None:
    assert score("external", 5, {}, {"result": "99.6%"}) == D("4.98")
    assert score("external", 5, {}, {"result": "99.7%"}) == D("4.99")  # 4.985 half-up
    assert "缺少事实「result」" in rule_error("external", 5, {}, {})


# tiers -----------------------------------------------------------------------------------

TIERS = [
    {"when": "≥95%", "score": 5},
    {"when": "90%-95%", "score": 3},
    {"when": "<90%", "share": "20%"},
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("100%", "5.00"), ("95%", "5.00"), ("94.99%", "3.00"), ("90%", "3.00"), ("89.9%", "1.00")],
)
def test_tiers_boundaries_score_and_share(value: str, expected: str) -> None:
    assert score("tiers", 5, {"tiers": TIERS}, {"value": value}) == D(expected)


def test_tiers_first_matching_tier_wins() -> None:
    overlapping = [{"when": "≥90%", "score": 4}, {"when": "≥95%", "score": 5}]
    assert score("tiers", 5, {"tiers": overlapping}, {"value": "96%"}) == D("4.00")


def test_tiers_value_outside_every_tier_is_zero() -> None:
    s = run("tiers", 5, {"tiers": TIERS[:2]}, {"value": "80%"})
    assert s.score == 0
    assert "不在任何一档内" in s.explanation


def test_tiers_of_a_ratio_and_of_counts() -> None:
    params = {"tiers": TIERS, "numerator": "合格数", "denominator": "总数"}
    assert score("tiers", 5, params, {"合格数": 93, "总数": 100}) == D("3.00")
    assert "「总数」为 0" in rule_error("tiers", 5, params, {"合格数": 93, "总数": 0})
    counts = [{"when": "≥3", "score": 5}, {"when": "<3", "score": 1}]
    assert score("tiers", 5, {"tiers": counts}, {"value": "2次"}) == D("1.00")


# deduct_per_point ------------------------------------------------------------------------

BUDGET = {"label": "预算执行率", "threshold": "≥98%", "per_point": 0.1, "whole_units": True}


def test_deduct_whole_units_rounds_the_gap_up() -> None:
    s = run("deduct_per_point", 5, BUDGET, {"value": "96.5%"})
    assert s.score == D("4.80")
    assert "不足 1 个百分点按 1 个百分点计" in s.explanation
    assert score("deduct_per_point", 5, BUDGET, {"value": "97%"}) == D("4.90")
    assert score("deduct_per_point", 5, BUDGET, {"value": 0.965}) == D("4.80")


def test_deduct_fractional_gap_without_whole_units() -> None:
    params = {**BUDGET, "whole_units": False}
    assert score("deduct_per_point", 5, params, {"value": "96.5%"}) == D("4.85")


def test_deduct_threshold_met() -> None:
    s = run("deduct_per_point", 5, BUDGET, {"value": "98%"})
    assert (s.score, s.outcome) == (D("5.00"), Outcome.MET)


def test_deduct_above_a_ceiling() -> None:
    params = {"threshold": "≤100%", "per_point": 0.5}
    assert score("deduct_per_point", 5, params, {"value": "103.2%"}) == D("3.40")
    assert score("deduct_per_point", 5, params, {"value": "90%"}) == D("5.00")


def test_deduct_per_point_share_of_weight_and_floor() -> None:
    params = {"threshold": "≥90%", "per_point_share": "10%"}
    assert score("deduct_per_point", 10, params, {"value": "87%"}) == D("7.00")
    s = run("deduct_per_point", 10, params, {"value": "70%"})  # 扣完为止
    assert (s.score, s.outcome) == (D("0.00"), Outcome.NOT_MET)


def test_deduct_unit_and_ratio_facts() -> None:
    params = {"threshold": "≥98%", "per_point": 0.5, "unit": 2}
    assert score("deduct_per_point", 5, params, {"value": "95%"}) == D("4.25")
    ratio = {**BUDGET, "numerator": "支出", "denominator": "预算"}
    assert score("deduct_per_point", 5, ratio, {"支出": "96.5万元", "预算": "100万元"}) == D("4.80")


def test_deduct_needs_a_deduction() -> None:
    message = rule_error("deduct_per_point", 5, {"threshold": "≥98%"}, {"value": "96%"})
    assert "per_point" in message


# band_then_deduct ------------------------------------------------------------------------

BAND = {"band": "90%-100%", "below": {"per_point": 0.2}, "above": {"zero": True}}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("90%", "3.00"), ("95%", "3.00"), ("100%", "3.00"), ("87.5%", "2.50"), ("0%", "0.00")],
)
def test_band_in_and_below(value: str, expected: str) -> None:
    assert score("band_then_deduct", 3, BAND, {"value": value}) == D(expected)


def test_band_above_scores_zero() -> None:
    s = run("band_then_deduct", 3, BAND, {"value": "100.5%"})
    assert s.score == 0
    assert "不得分" in s.explanation


def test_band_single_sided() -> None:
    ceiling = {"band": "≤100%", "above": {"per_point": 0.5}}
    assert score("band_then_deduct", 10, ceiling, {"value": "92.17%"}) == D("10.00")
    assert score("band_then_deduct", 10, ceiling, {"value": "103%"}) == D("8.50")
    whole = {"band": "≤100%", "above": {"per_point": 0.5, "whole_units": True}}
    assert score("band_then_deduct", 10, whole, {"value": "103.2%"}) == D("8.00")
    floor = {"band": "≥90%", "below": {"per_point": 1}}
    assert score("band_then_deduct", 10, floor, {"value": "85%"}) == D("5.00")


def test_band_without_the_side_rule() -> None:
    params = {"band": "90%-100%", "below": {"per_point": 1}}
    assert "above" in rule_error("band_then_deduct", 10, params, {"value": "105%"})


# checklist -------------------------------------------------------------------------------

POINTS = [
    {"id": "①", "text": "按规定程序申请设立", "value": 1},
    {"id": "②", "text": "审批文件符合要求", "value": 1},
    {"id": "③", "text": "事前经过论证", "value": 2},
]


def test_checklist_all_met_and_failures() -> None:
    assert score("checklist", 4, {"points": POINTS}, {"failed": []}) == D("4.00")
    assert score("checklist", 4, {"points": POINTS}, {}) == D("4.00")
    s = run("checklist", 4, {"points": POINTS}, {"failed": ["②", "③"], "evidence": {"③": "无"}})
    assert s.score == D("1.00")
    assert "扣分原因" in s.explanation
    assert "③事前经过论证（无）" in s.explanation


def test_checklist_gate_failure_voids_the_indicator() -> None:
    s = run("checklist", 4, {"points": POINTS, "gate": ["①"]}, {"failed": ["①"]})
    assert s.score == 0
    assert "前提要点 ①" in s.explanation


def test_checklist_points_below_weight_still_full() -> None:
    assert score("checklist", 6, {"points": POINTS}, {"failed": []}) == D("6.00")
    assert score("checklist", 6, {"points": POINTS}, {"failed": ["③"]}) == D("4.00")


@pytest.mark.parametrize(
    ("failed", "expected"), [([], "3.00"), (["甲", "乙"], "1.00"), (list("甲乙丙丁"), "0.00")]
)
def test_checklist_per_failure(failed: list[str], expected: str) -> None:
    assert score("checklist", 3, {"per_failure": 1}, {"failed": failed}) == D(expected)


def test_checklist_errors() -> None:
    assert "⑨" in rule_error("checklist", 4, {"points": POINTS}, {"failed": ["⑨"]})
    assert "应为列表" in rule_error("checklist", 4, {"points": POINTS}, {"failed": "③"})
    assert "points" in rule_error("checklist", 4, {}, {"failed": []})


# graded / judgement / stated_default -----------------------------------------------------

LEVELS = {"levels": {"显著": 1, "一般": 0.5, "较差": "20%", "不明显": 0}}


def test_graded_levels_and_points() -> None:
    assert score("graded", 5, LEVELS, {"level": "一般"}) == D("2.50")
    assert score("graded", 5, LEVELS, {"level": "较差"}) == D("1.00")
    assert score("graded", 5, LEVELS, {"level": "不明显"}) == 0
    assert score("graded", 5, {"points": {"好": 5, "中": 3.5}}, {"level": "中"}) == D("3.50")


def test_graded_unknown_level_is_an_error() -> None:
    message = rule_error("graded", 5, LEVELS, {"level": "很好"})
    assert "很好" in message
    assert "显著" in message
    assert "level" in rule_error("graded", 5, LEVELS, {})


def test_judgement() -> None:
    s = run("judgement", 20, {}, {"score": 18, "reason": "部分效益目标未达到预期"})
    assert s.score == D("18.00")
    assert "扣分原因：部分效益目标未达到预期" in s.explanation
    assert score("judgement", 20, {}, {"score": 20}) == D("20.00")
    assert "理由" in rule_error("judgement", 20, {}, {"score": 18})
    over = run("judgement", 20, {}, {"score": 25})
    assert over.score == D("20.00")
    assert "超过权重按权重计" in over.explanation


def test_stated_default() -> None:
    assert score("stated_default", 10, {}, {"survey": "93.6%"}) == D("9.36")
    assert score("stated_default", 10, {}, {"complaints": 0}) == D("9.00")
    s = run("stated_default", 10, {}, {"complaints": 3})
    assert s.score == D("8.85")
    assert "88.5%" in s.explanation
    custom = {"default": "95%", "per_complaint": "1%"}
    assert score("stated_default", 10, custom, {"complaints": 2}) == D("9.30")
    assert score("stated_default", 10, {}, {"complaints": 500}) == 0


def test_stated_default_zero_per_complaint() -> None:
    assert score("stated_default", 10, {"per_complaint": 0}, {"complaints": 3}) == D("9.00")


# formula ---------------------------------------------------------------------------------


def test_formula_is_decimal_exact() -> None:
    assert evaluate_expression("0.25", {}) == D("0.25")
    assert isinstance(evaluate_expression("0.25", {}), Decimal)
    assert evaluate_expression("0.1 + 0.2", {}) == D("0.3")
    assert evaluate_expression("avg([1, 2, 4])", {}) == D(7) / D(3)
    assert evaluate_expression("sum([0.1, 0.2])", {}) == D("0.3")
    assert evaluate_expression("min(3, 0.5) + max(1, 2) + abs(-2)", {}) == D("4.5")


def test_formula_round_is_half_up() -> None:
    assert evaluate_expression("round(2.345, 2)", {}) == D("2.35")


def test_formula_reads_percent_facts_as_fractions() -> None:
    assert score("formula", 6, {"expression": "x * weight"}, {"x": "50%", "note": "说明"}) == 3
    assert score("formula", 6, {"expression": "avg(q) * weight"}, {"q": ["20%", "40%"]}) == D("1.8")


@pytest.mark.parametrize("expression", ["x / 0", "0 / 0", "avg([])", "y + 1", "x > 1", "9**9**9"])
def test_formula_errors(expression: str) -> None:
    assert "公式" in rule_error("formula", 6, {"expression": expression}, {"x": 2})


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os')",
        "().__class__",
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd')",
        "lambda: 1",
    ],
)
def test_formula_refuses_code(expression: str) -> None:
    assert "无法计算" in rule_error("formula", 6, {"expression": expression}, {})


def test_formula_never_executes(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    expression = f"__import__('os').system('touch {marker}')"
    rule_error("formula", 6, {"expression": expression}, {})
    assert not marker.exists()


def test_formula_syntax_error_is_a_rule_error() -> None:
    rule_error("formula", 6, {"expression": "1 +"}, {})


def test_formula_result_is_capped_by_the_engine() -> None:
    s = run("formula", 6, {"expression": "weight * 2"}, {})
    assert s.score == D("6.00")
    assert "超过权重按权重计" in s.explanation
    low = run("formula", 6, {"expression": "0 - 1"}, {})
    assert low.score == 0
    assert "低于 0 按 0 计" in low.explanation


# target / parts --------------------------------------------------------------------------


def test_target_reuses_the_self_evaluation_judge() -> None:
    s = run("target", 10, {"target": "≥95%"}, {"actual": "92.78%"})
    assert s.score == D("9.77")
    assert "≥95%" in s.explanation
    assert score("target", 10, {"target": "≥95%"}, {"actual": "96%"}) == D("10.00")
    assert score("target", 10, {"target": "≥95%"}, {"actual": "96%", "target": "≥98%"}) == D("9.80")


def test_target_errors() -> None:
    assert "年度指标值" in rule_error("target", 10, {}, {"actual": "96%"})
    assert "无法识别" in rule_error("target", 10, {"target": "≥95%"}, {"actual": "说不清"})


PARTS = {
    "parts": [
        {"name": "甲", "weight": 3, "rule": {"kind": "ratio"}},
        {"name": "乙", "weight": 3, "rule": {"kind": "judgement"}},
    ]
}


def test_parts_sum_each_capped() -> None:
    assert score("parts", 6, PARTS, {"甲": {"rate": "150%"}, "乙": {"score": 5}}) == D("6.00")
    facts = {"甲": {"rate": "50%"}, "乙": {"score": 2, "reason": "资料不全"}}
    s = run("parts", 6, PARTS, facts)
    assert s.score == D("3.50")
    assert "甲（3 分）" in s.explanation
    assert "乙：资料不全" in s.explanation


def test_parts_missing_facts_and_unknown_kind() -> None:
    assert "「乙」" in rule_error("parts", 6, PARTS, {"甲": {"rate": "50%"}})
    bad = {"parts": [{"name": "甲", "weight": 3, "rule": {"kind": "nope"}}]}
    assert "nope" in rule_error("parts", 3, bad, {"甲": {}})


@pytest.mark.parametrize("policy", ["default", "central-2021"])
@pytest.mark.parametrize(
    ("annual", "executed"),
    [("50000", "3657.80"), ("41000.00", "39099.42"), ("100", "104"), ("100", "0"), ("3", "1")],
)
def test_budget_execution_is_the_tables_own_computation(
    policy: str, annual: str, executed: str
) -> None:
    """A framework leaf of kind budget_execution and a table's funds block score the same
    figures alike, linear (default) and by bands (central-2021), over-spending capped."""
    from jixiao.core.model import FundLine, Funds, Indicator
    from jixiao.scoring.selfeval import score_table

    chosen = load_policy(policy)
    table = Case(
        Project(name="测试项目", year=2024),
        Funds(FundLine("合计", None, D(annual), D(executed)), weight=D(10)),
        (Indicator(("产出指标", "数量指标", "场次"), "≥1场", "1场", D(90)),),
    )
    budget = score_table(table, chosen).budget
    assert budget is not None
    facts = {"全年预算数": annual, "全年执行数": executed}
    scored = kinds()["budget_execution"].apply(RuleContext(D(10), {}, facts, chosen))
    assert scored.score == budget.score
    assert scored.reason in budget.explanation  # the same sentence, cited and closed there


def test_budget_execution_refuses_a_zero_budget() -> None:
    ctx = RuleContext(D(10), {}, {"全年预算数": "0", "全年执行数": "5"}, load_policy())
    with pytest.raises(RuleError, match="全年预算数"):
        kinds()["budget_execution"].apply(ctx)


def test_every_judged_table_row_scores_as_a_target_leaf(seed003: Path) -> None:
    """Each row of the seed-003 tables and of the example tables that the judge could judge
    scores exactly what a framework leaf of kind `target` with the row's weight, target and
    actual scores: the row loop and the rule kind are one judgement."""
    from jixiao import api
    from jixiao.core.numbers import round2

    examples = Path(__file__).resolve().parent.parent / "examples" / "selfeval"
    run = api.score_paths([seed003, *sorted(examples.iterdir())])
    compared = 0
    for result in run.results:
        policy = load_policy(result.case.policy)
        rows = {row.path: row for row in result.case.indicators}
        for scored in result.indicators:
            if scored.outcome not in (Outcome.MET, Outcome.PARTLY, Outcome.NOT_MET):
                continue
            row = rows[scored.path]
            ctx = RuleContext(
                scored.weight,
                {"target": row.target},
                {"actual": row.actual},
                policy,
                result.case.project.year,
                row.path,
            )
            leaf = kinds()["target"].apply(ctx)
            assert round2(leaf.score) == scored.score, (result.case.project.name, row.path)
            compared += 1
    assert compared > 50
