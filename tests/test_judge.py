"""Scoring rules: the worked examples of the seeds and the policy switches, with their sentences."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
import yaml

from jixiao.core.model import Indicator
from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import IndicatorScore, Outcome
from jixiao.scoring.judge import Judgement, judge
from jixiao.scoring.policy import Policy, load_policy, policy_from_mapping
from jixiao.scoring.selfeval import score_indicator
from jixiao.targets import parse_cell

DEFAULT = load_policy("default")
QUANTITY = ("产出指标", "数量指标", "叫号数量")
COST = ("产出指标", "成本指标", "法律顾问费用")
TIMELY = ("产出指标", "时效指标", "完成时间")
SOCIAL = ("效益指标", "社会效益指标", "服务水平")
WHERE = Location("自评表.xlsx", "表3", "A7")


def variant(**changes: Any) -> Policy:
    """The default YAML with some keys replaced."""
    text = (resources.files("jixiao.scoring") / "policies" / "default.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    for key, value in changes.items():
        data[key] = value
    return policy_from_mapping(data)


INVERSE = variant(ceiling="inverse_ratio")
REDUCE = variant(over_achievement={"mode": "reduce", "beyond": 2, "share": 0.9})


def score(
    target: str,
    actual: str,
    weight: Decimal | int | None,
    path: tuple[str, ...] = QUANTITY,
    policy: Policy = DEFAULT,
    published: Decimal | None = None,
) -> tuple[IndicatorScore, list[Problem]]:
    w = Decimal(weight) if isinstance(weight, int) else weight
    cells = (("weight", WHERE.with_cell("F7")), ("target", WHERE.with_cell("D7")))
    row = Indicator(path, target, actual, w, published, where=WHERE, cells=cells)
    problems: list[Problem] = []
    return score_indicator(row, policy, problems), problems


def verdict(
    target: str, actual: str, path: tuple[str, ...] = QUANTITY, year: int | None = None
) -> Judgement:
    return judge(parse_cell(target), parse_cell(actual), path, DEFAULT, year)


# Seed 003 and friends: (target, actual, weight, path, expected score, words in the sentence)
WORKED = [
    ("全年突破21万", "17.76万", 6, QUANTITY, "5.07", ["17.76万", "84.57%", "扣 0.93 分"]),
    ("≥95%", "92.78%", 8, QUANTITY, "7.81", ["92.78%", "95%", "扣 0.19 分"]),
    ("≤5万元", "3657.8元", 5, COST, "5.00", ["3657.8元", "得满分 5.00 分"]),
    ("41000", "39099.42元", 5, COST, "5.00", ["39099.42元", "得满分"]),
    ("41000", "45100元", 5, COST, "4.50", ["超过", "10%", "扣 0.50 分"]),
    ("有所提升", "100%", 10, SOCIAL, "10.00", ["100%", "得满分"]),
    ("显著", "有所提升", 10, SOCIAL, "6.00", ["部分达成", "60%", "扣 4.00 分"]),
    ("显著", "未达成", 10, SOCIAL, "0.00", ["未达成", "扣 10.00 分"]),
    ("第四季度前完成", "第三季度", 6, TIMELY, "6.00", ["按期完成", "得满分"]),
    ("≥100张; ≥50份", "50张; 50份", 4, QUANTITY, "3.00", ["第 1 项", "第 2 项", "75%"]),
    ("明显", "100%", 10, SOCIAL, "10.00", ["得满分"]),
    ("良好", "98.72%", 5, SOCIAL, "5.00", ["98.72%"]),
    ("≥99%", "100%", 5, QUANTITY, "5.00", ["得满分"]),
    ("1", "100%", 5, QUANTITY, "5.00", ["得满分"]),
    (">90%", "100%", 5, COST, "5.00", ["得满分"]),
    ("2024 年 12 月 31 日前", "2024 年 10 月 25 日", 5, TIMELY, "5.00", ["按期完成"]),
    ("2小时内", "3小时", 4, TIMELY, "2.00", ["50%", "扣 2.00 分"]),
    ("5个工作日内", "3天", 4, TIMELY, "4.00", ["得满分"]),
    ("7x24小时", "7*24小时", 3, TIMELY, "3.00", ["得满分"]),
    ("次月10日前", "次月8日", 3, TIMELY, "3.00", ["按期完成"]),
    ("95% ≤ N ≤ 100%", "97%", 5, QUANTITY, "5.00", ["区间"]),
    ("≥200人次", "300人", 5, QUANTITY, "5.00", ["得满分"]),
]


@pytest.mark.parametrize(("target", "actual", "weight", "path", "expected", "words"), WORKED)
def test_worked_example(
    target: str,
    actual: str,
    weight: int,
    path: tuple[str, ...],
    expected: str,
    words: list[str],
) -> None:
    result, problems = score(target, actual, weight, path)
    assert result.score == Decimal(expected)
    assert result.weight == weight
    for word in words:
        assert word in result.explanation, (word, result.explanation)
    assert not [p for p in problems if p.severity is Severity.ERROR]


def test_call_count_sentence_names_the_rule() -> None:
    result, _ = score("全年突破21万", "17.76万", 6)
    assert result.rule == "floor_ratio"
    assert result.outcome is Outcome.PARTLY
    assert "计得 5.07 分，扣 0.93 分" in result.explanation


def test_call_count_formula_divides_by_the_number() -> None:
    result, _ = score("全年突破21万", "17.76万", 6)
    assert "6.00 × 17.76万 ÷ 21万" in result.explanation


def test_completion_share_in_the_sentence_rounds_half_up() -> None:
    # 2469 ÷ 20000 = 12.345 %: half-up gives 12.35 %, as a reviewer's calculator does
    result, _ = score("≥20000人次", "2469人次", 10)
    assert "完成比例 12.35%" in result.explanation


def test_range_formula_divides_by_the_low_end() -> None:
    result, _ = score("95% ≤ N ≤ 100%", "90%", 5)
    assert "5.00 × 90% ÷ 95% 计得 4.74 分" in result.explanation


def test_bare_cost_over_target_loses_the_excess_linearly() -> None:
    j = verdict("41000", "45100元", COST)
    assert (j.rule, j.share) == ("ceiling_linear", Decimal("0.9"))
    result, _ = score("41000", "45100元", 5, COST)
    assert "5.00 × (1 − 超出比例 10%)" in result.explanation


def test_bare_number_outside_cost_is_a_floor() -> None:
    j = verdict("41000", "45100元", QUANTITY)
    assert (j.outcome, j.share) == (Outcome.MET, Decimal(1))


def test_cost_word_in_the_name_makes_a_ceiling() -> None:
    j = verdict("41000", "45100元", ("产出指标", "数量指标", "运维费用"))
    assert j.rule == "ceiling_linear"


def test_inverse_ratio_policy() -> None:
    result, _ = score("41000", "45100元", 5, COST, INVERSE)
    assert result.rule == "ceiling_inverse"
    assert result.score == (Decimal(5) * Decimal(41000) / Decimal(45100)).quantize(Decimal("0.01"))
    assert result.score == Decimal("4.55")
    assert "5.00 × 41000 ÷ 45100元" in result.explanation
    assert "扣 0.45 分" in result.explanation


def test_inverse_ratio_within_ceiling_is_full() -> None:
    result, _ = score("≤5万元", "3657.8元", 5, COST, INVERSE)
    assert result.score == Decimal("5.00")


def test_qualitative_partial_share_follows_the_policy() -> None:
    assert verdict("显著", "有所提升").share == Decimal("0.6")
    lenient = variant(qualitative={"met": 1, "partly": 0.8, "not_met": 0.1, "percent_bands": []})
    j = judge(parse_cell("显著"), parse_cell("有所提升"), SOCIAL, lenient)
    assert (j.outcome, j.share) == (Outcome.PARTLY, Decimal("0.8"))
    j = judge(parse_cell("显著"), parse_cell("未达成"), SOCIAL, lenient)
    assert (j.outcome, j.share) == (Outcome.NOT_MET, Decimal("0.1"))


@pytest.mark.parametrize(
    ("target", "actual", "outcome"),
    [
        ("显著", "显著", Outcome.MET),
        ("显著", "达成", Outcome.MET),
        ("有所提升", "有效", Outcome.MET),
        ("有所提升", "有所提升", Outcome.MET),
        ("有效", "有所提升", Outcome.PARTLY),
        ("良好", "基本满意", Outcome.PARTLY),
        ("显著", "部分达成", Outcome.PARTLY),
        ("有效", "未达成", Outcome.NOT_MET),
        ("基本满意", "97.42%", Outcome.MET),
        ("基本满意", "75%", Outcome.PARTLY),
        ("基本满意", "30%", Outcome.NOT_MET),
        ("≥95%", "未达成", Outcome.NOT_MET),
    ],
)
def test_qualitative_outcomes(target: str, actual: str, outcome: Outcome) -> None:
    assert verdict(target, actual, SOCIAL).outcome is outcome


def test_deadline_missed_scores_the_missed_share() -> None:
    result, _ = score("2024年6月30日前", "2024年9月1日", 5, TIMELY)
    assert result.score == Decimal("0.00")
    assert "逾期" in result.explanation
    assert "扣 5.00 分" in result.explanation
    kind = variant(deadline={"missed_share": 0.5})
    result, _ = score("2024年6月30日前", "2024年9月1日", 5, TIMELY, kind)
    assert result.score == Decimal("2.50")


def test_deadline_in_the_next_year_is_missed() -> None:
    j = verdict("第四季度前完成", "2025年1月", TIMELY, year=2024)  # the table's year
    assert j.outcome is Outcome.NOT_MET


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("第四季度前完成", "2024年12月31日"),
        ("第四季度前完成", "2024年12月"),
        ("6月30日前", "2024年6月30日"),
        ("12月31日前", "2024年12月31日"),
    ],
)
def test_deadline_met_on_the_last_day_of_a_leap_year(target: str, actual: str) -> None:
    assert verdict(target, actual, TIMELY).outcome is Outcome.MET


def test_compound_cell_averages_its_parts() -> None:
    j = verdict("≥100张; ≥50份", "50张; 50份")
    assert j.rule == "compound"
    assert j.share == (Decimal("0.5") + Decimal(1)) / 2
    strict = variant(compound="min")
    j = judge(parse_cell("≥100张; ≥50份"), parse_cell("50张; 50份"), QUANTITY, strict)
    assert j.share == Decimal("0.5")


def test_compound_mismatch_is_noted() -> None:
    j = verdict("≥100张; ≥50份; ≥10份", "100张; 50份")
    assert "compound-mismatch" in [n.code for n in j.notes]


@pytest.mark.parametrize(("target", "actual"), [("无", "无"), ("不适用", "不适用"), ("/", "/")])
def test_not_applicable_rows_weigh_nothing(target: str, actual: str) -> None:
    result, problems = score(target, actual, None)
    assert (result.weight, result.score, result.outcome) == (0, 0, Outcome.NOT_APPLICABLE)
    assert not problems


def test_not_applicable_row_with_a_weight_is_warned() -> None:
    result, problems = score("不适用", "不适用", 5)
    assert result.weight == 0
    assert [p.code for p in problems] == ["weight-on-not-applicable"]


def test_missing_weight_is_an_error_at_the_weight_cell() -> None:
    result, problems = score("≥95%", "97%", None)
    assert (result.weight, result.score) == (0, 0)
    [problem] = problems
    assert problem.code == "missing-weight"
    assert problem.severity is Severity.ERROR
    assert (problem.where.cell, problem.where.field) == ("F7", "分值")
    assert "叫号数量" in problem.message


def test_unreadable_target_is_a_located_problem() -> None:
    result, problems = score("见附件", "97%", 5)
    assert [p.code for p in problems] == ["unreadable-target"]
    assert (problems[0].where.cell, problems[0].where.field) == ("D7", "年度指标值")
    assert "见附件" in result.explanation


def test_excel_artefact_actual_is_unjudged_and_falls_back() -> None:
    result, problems = score("≥95%", "#####", 5, published=Decimal(4))
    assert [p.code for p in problems] == ["excel-artefact"]
    assert (result.outcome, result.score, result.rule) == (
        Outcome.UNJUDGED,
        Decimal(4),
        "published_fallback",
    )


def test_unit_mismatch_cannot_be_judged() -> None:
    result, problems = score("5万元", "3人", 5)
    assert [p.code for p in problems] == ["unit-mismatch"]
    assert problems[0].where.field == "实际完成值"
    assert result.outcome is Outcome.UNJUDGED
    assert "记 0 分，扣 5.00 分" in result.explanation


def test_related_counters_compare_without_a_note() -> None:
    assert not verdict("≥200人次", "300人").notes
    j = verdict("≥10张", "12份")
    assert j.outcome is Outcome.MET
    assert [n.code for n in j.notes] == ["unit-mismatch"]


def test_missing_actual_is_an_error() -> None:
    result, problems = score("≥95%", "无", 5)
    assert [(p.code, p.severity) for p in problems] == [("missing-actual", Severity.ERROR)]
    assert result.score == 0


def test_blank_actual_is_no_evidence() -> None:
    result, problems = score("≥95%", "", 5)
    assert [(p.code, p.severity) for p in problems] == [("no-evidence", Severity.WARNING)]
    assert result.score == 0


def test_over_achievement_reduce_policy() -> None:
    full, _ = score("≥100人", "250人", 5)
    assert full.score == Decimal("5.00")
    reduced, _ = score("≥100人", "250人", 5, policy=REDUCE)
    assert reduced.score == Decimal("4.50")
    assert "超额完成" in reduced.explanation
    assert "扣 0.50 分" in reduced.explanation
    within, _ = score("≥100人", "200人", 5, policy=REDUCE)
    assert within.score == Decimal("5.00")


def test_range_outside_scores_against_the_nearest_end() -> None:
    assert verdict("95% ≤ N ≤ 100%", "90%").share == Decimal(90) / Decimal(95)
    j = verdict("80~100", "110")
    assert j.rule == "ceiling_linear"
    assert j.share == Decimal("0.9")


def test_equal_target() -> None:
    assert verdict("=10个", "10个").share == 1
    assert verdict("=10个", "8个").share == Decimal("0.8")


def test_judge_survives_a_separator_only_target() -> None:
    j = verdict(";;", "5人")
    assert Decimal(0) <= j.share <= 1


def test_money_range_below_its_low_end_is_not_met() -> None:
    assert verdict("5-10万元", "3万元", COST).share < 1


@pytest.mark.parametrize(
    ("target", "actual"),
    [("≥100人次", "-5人次"), ("≤50元", "-20元"), ("5个工作日内", "-2个工作日")],
)
def test_a_negative_count_amount_or_duration_is_not_judged(target: str, actual: str) -> None:
    from jixiao.scoring.policy import load_policy
    from jixiao.targets import parse_cell

    j = judge(
        parse_cell(target),
        parse_cell(actual),
        ("产出指标", "数量指标", "某项"),
        load_policy("default"),
    )
    assert j.outcome is Outcome.UNJUDGED and "负数" in j.reason
    assert [n.code for n in j.notes] == ["unreadable-actual"]


def test_a_negative_rate_is_still_compared() -> None:
    from jixiao.scoring.policy import load_policy
    from jixiao.targets import parse_cell

    j = judge(
        parse_cell("≥-5%"),
        parse_cell("-3%"),
        ("效益指标", "经济效益指标", "增长率"),
        load_policy("default"),
    )
    assert j.outcome is Outcome.MET
