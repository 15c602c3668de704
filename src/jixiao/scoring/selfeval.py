"""Score a self-evaluation table: budget execution, each indicator, subtotals, total, grade."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from jixiao.core.model import Case, Funds, Indicator
from jixiao.core.numbers import HUNDRED, ONE, WAN, ZERO, fmt, round2
from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import (
    NO_GRADE,
    BudgetScore,
    IndicatorScore,
    NodeScore,
    Outcome,
    Result,
)
from jixiao.scoring.judge import GUESSES, judge
from jixiao.scoring.policy import (
    BUDGET_NAME,
    INDICATOR_TOTAL,
    Policy,
    load_policy,
)
from jixiao.scoring.rules.budget import execution
from jixiao.targets import parse_cell


def score_table(table: Case, policy: Policy | None = None) -> Result:
    if not table.scored:  # a 绩效目标表 or 完成情况表: no actuals or no weights to score by
        return Result(table, (), (), ZERO, ZERO, NO_GRADE)
    policy = policy or load_policy(table.policy)
    problems: list[Problem] = []
    budget = score_budget(table, policy, problems)
    keys = table.keys
    indicators = tuple(
        score_indicator(row, policy, problems, table.project.year, key)
        for row, key in zip(table.indicators, keys, strict=True)
    )
    total = sum((i.score for i in indicators), budget.score if budget else ZERO)
    weight_total = sum((i.weight for i in indicators), budget.weight if budget else ZERO)
    grade, note = grade_table(total, weight_total, problems, policy, table.where)
    if policy.expected_weights:
        problems.extend(_weights_against_policy(table, budget, indicators, policy))
    return Result(
        case=table,
        budget=budget,
        indicators=indicators,
        nodes=subtotals(indicators, table.declared_weights),
        total=total,
        weight_total=weight_total,
        grade=grade,
        problems=tuple(problems),
        grade_note=note,
    )


def grade_table(
    total: Decimal,
    weight_total: Decimal,
    problems: list[Problem],
    policy: Policy,
    where: Location,
) -> tuple[str, str]:
    """The grade and, when it is not simply the band of the total, why.

    A table with error-level problems was not fully scored: its total is no measure of it, so
    it gets no grade. Weights that do not add up to the full marks are warned about here, and
    the grade is read from the score rate (total ÷ weight total) instead of the total."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        return NO_GRADE, (
            f"有 {len(errors)} 个错误级问题，表未能完整计分，不评定等级（如：{errors[0].message}）"
        )
    if weight_total <= 0:
        return NO_GRADE, "没有计分的分值，不评定等级"
    full = policy.full_marks
    if weight_total == full:
        return policy.grade(total), ""
    rate = total / weight_total
    problems.append(
        Problem(
            "weight-total",
            Severity.WARNING,
            where,
            f"各项分值合计 {fmt(weight_total)}，不等于满分 {fmt(full)}；等级按得分率评定",
        )
    )
    note = (
        f"分值合计 {fmt(weight_total)}，不是 {fmt(full)}：按得分率 {fmt(total)} ÷ "
        f"{fmt(weight_total)} = {fmt(round2(rate * HUNDRED))}% 评定等级"
    )
    return policy.grade(rate * full), note


def _money(value: Decimal, funds: Funds) -> str:
    if funds.money_unit == "万元":
        return f"{fmt(value / WAN, 4).rstrip('0').rstrip('.')} 万元"
    return f"{fmt(value)} 元"


def score_budget(table: Case, policy: Policy, problems: list[Problem]) -> BudgetScore | None:
    funds = table.funds
    if funds is None:
        problems.append(
            Problem(
                "missing-funds",
                Severity.ERROR,
                table.where,
                "未找到「资金使用情况」（年初预算数、全年预算数、全年执行数）",
            )
        )
        return None
    weight = funds.weight if funds.weight is not None else policy.budget_weight
    line = funds.total
    where = funds.where
    if weight < 0:
        problems.append(_negative(where.with_field("分值"), "预算执行率的分值", weight))
        weight = ZERO

    def unscored(why: str) -> BudgetScore:
        return BudgetScore(
            line.initial,
            line.annual,
            line.executed,
            None,
            weight,
            ZERO,
            f"{why}，预算执行率无法计算，记 0 分。",
            funds.published_rate,
            funds.published_score,
            where,
        )

    negative = _negative_amounts(funds, problems)
    if negative:
        return unscored(f"{negative}为负数")
    missing = None
    if line.annual is None or line.annual == 0:
        missing = ("missing-budget", "全年预算数", "全年预算数为空或为 0")
    elif line.executed is None:
        missing = ("missing-executed", "全年执行数", "全年执行数为空")
    if missing is not None:
        code, field, what = missing
        problems.append(
            Problem(code, Severity.ERROR, where.with_field(field), f"{what}，无法计算预算执行率")
        )
        return unscored(what)
    assert line.annual is not None and line.executed is not None  # narrowed above, for mypy
    e = execution(line.executed, line.annual, weight, policy, lambda v: _money(v, funds))
    score, text = e.score, e.text
    if funds.weight_label:  # the weight no 分值 cell gives: say where it came from
        text += f"（分值 {fmt(weight)} 分按表内注明的「{funds.weight_label}」）"
    text += "。" if score >= weight else f"，扣 {fmt(weight - score)} 分。"
    return BudgetScore(
        line.initial,
        line.annual,
        line.executed,
        e.percent,
        weight,
        score,
        _cited(policy, text),
        funds.published_rate,
        funds.published_score,
        where,
    )


_FUND_FIELDS = (("initial", "年初预算数"), ("annual", "全年预算数"), ("executed", "全年执行数"))


def _negative(where: Location, what: str, value: Decimal) -> Problem:
    return Problem(
        "negative-amount", Severity.ERROR, where, f"{what} {fmt(value)} 为负数，无法计分"
    )


def _negative_amounts(funds: Funds, problems: list[Problem]) -> str:
    """An error at every negative amount of the funds block; the fields of the total line
    that are negative, in words ("" when none)."""
    found: list[str] = []
    for line in (funds.total, *funds.sources):
        for attr, label in _FUND_FIELDS:
            value = getattr(line, attr)
            if value is None or value >= 0:
                continue
            field = label if line is funds.total else f"{line.name}·{label}"
            problems.append(_negative(funds.where.with_field(field), f"{line.name}{label}", value))
            if line is funds.total:
                found.append(label)
    return "、".join(found)


def _locate(row: Indicator, notes: Iterable[Problem]) -> list[Problem]:
    """The judge's problems put in their place: the row's cell of the field each names."""
    return [replace(n, where=row.at(n.where.field or "")) for n in notes]


def score_indicator(
    row: Indicator,
    policy: Policy,
    problems: list[Problem],
    year: int | None = None,
    key: str = "",
) -> IndicatorScore:
    target, actual = parse_cell(row.target), parse_cell(row.actual)
    j = judge(target, actual, row.path, policy, year)
    if j.rule == "no_evidence" and target.blank and not row.weight and row.published_score is None:
        # nothing written and nothing at stake: an empty template row ("……"), not a finding
        text = "年度指标值、实际完成值都空着，未填分值，不计分。"
        return _result(row, key, ZERO, ZERO, j.outcome, j.rule, j.inputs, text)
    if j.notes:
        problems.extend(_locate(row, j.notes))
    guessed = row.shifted or any(note.code in GUESSES for note in j.notes)
    weight = row.weight
    if j.outcome is Outcome.NOT_APPLICABLE:
        if weight:
            problems.append(
                Problem(
                    "weight-on-not-applicable",
                    Severity.WARNING,
                    row.at("weight"),
                    f"不适用的指标填写了分值 {fmt(weight)}，按 0 计",
                )
            )
        return _result(
            row, key, ZERO, ZERO, j.outcome, j.rule, j.inputs, "该指标不适用，不计分值。"
        )
    if weight is not None and weight < 0:
        problems.append(_negative(row.at("weight"), f"指标「{row.name}」的分值", weight))
        return _result(
            row, key, ZERO, ZERO, Outcome.UNJUDGED, "unjudged", j.inputs, "分值为负数，无法计分。"
        )
    if weight is None:
        problems.append(
            Problem(
                "missing-weight",
                Severity.ERROR,
                row.at("weight"),
                f"指标「{row.name}」未填写分值，无法计分",
            )
        )
        return _result(
            row,
            key,
            ZERO,
            ZERO,
            Outcome.UNJUDGED,
            "unjudged",
            j.inputs,
            f"未填写分值，无法计分（{j.reason}）。",
        )
    if j.outcome is Outcome.UNJUDGED:
        if policy.unjudged == "published" and row.published_score is not None:
            score = min(row.published_score, weight)
            text = f"{j.reason}，无法自动判定，沿用表内填报得分 {fmt(score)} 分。"
            return _result(
                row, key, weight, score, j.outcome, "published_fallback", j.inputs, text, False
            )
        text = f"{j.reason}，无法自动判定，记 0 分，扣 {fmt(weight)} 分。"
        return _result(row, key, weight, ZERO, j.outcome, "unjudged", j.inputs, text)
    score = round2(weight * min(j.share, ONE))
    if score >= weight:
        text = f"{j.reason}，得满分 {fmt(weight)} 分。"
    else:
        how = j.formula.replace("分值", fmt(weight), 1)
        text = f"{j.reason}；按 {how} 计得 {fmt(score)} 分，扣 {fmt(weight - score)} 分。"
    if row.shifted:  # the other guesses are in the judgement's own words already
        text += "（此行单元格在导出的文本中错列，已按错开后的位置读取）"
    return _result(
        row, key, weight, score, j.outcome, j.rule, j.inputs, _cited(policy, text), not guessed
    )


def _cited(policy: Policy, text: str) -> str:
    """A score's sentence naming the rulebook it was scored by, when the policy names one."""
    return f"按{policy.citation}：{text}" if policy.citation else text


def _result(
    row: Indicator,
    key: str,
    weight: Decimal,
    score: Decimal,
    outcome: Outcome,
    rule: str,
    inputs: tuple[tuple[str, str], ...],
    text: str,
    certain: bool = True,
) -> IndicatorScore:
    return IndicatorScore(
        row.path,
        weight,
        score,
        outcome,
        rule,
        inputs,
        text,
        row.target,
        row.actual,
        row.published_score,
        row.where,
        "",
        "",
        certain,
        key,
    )


def subtotals(
    indicators: Iterable[IndicatorScore], declared: Mapping[tuple[str, ...], Decimal]
) -> tuple[NodeScore, ...]:
    """Weight and score per node of the tree, in first-seen order."""
    sums: dict[tuple[str, ...], list[Decimal]] = {}
    for ind in indicators:
        path = ind.path
        for depth in range(1, len(path)):
            sum_ = sums.get(path[:depth])
            if sum_ is None:
                sums[path[:depth]] = [ind.weight, ind.score]
            else:
                sum_[0] += ind.weight
                sum_[1] += ind.score
    return tuple([NodeScore(k, w, s, declared.get(k)) for k, (w, s) in sums.items()])


def _weights_against_policy(
    table: Case,
    budget: BudgetScore | None,
    indicators: tuple[IndicatorScore, ...],
    policy: Policy,
) -> list[Problem]:
    """Where the table's weights depart from the rulebook's (one note per table, info: a
    rulebook allows adjustments "如有特殊情况")."""
    result = Result(table, indicators, (), ZERO, ZERO, NO_GRADE, budget)
    gaps = policy.weight_gaps(level_weights(result))
    if not gaps:
        return []
    parts = "、".join(
        f"{name} {fmt(found)} 分（口径 {fmt(wanted)} 分）" for name, found, wanted in gaps
    )
    source = policy.citation or policy.title
    message = f"分值设置与「{source}」的原则不同：{parts}；按表内分值计分"
    return [Problem("policy-weights", Severity.INFO, table.where, message)]


def level_weights(result: Result) -> dict[str, Decimal]:
    """A scored table's weights as a rulebook states them (`Policy.weight_gaps` compares
    them): 预算执行率, each 一级指标, and 指标合计."""
    weights: dict[str, Decimal] = {}
    if result.budget is not None:
        weights[BUDGET_NAME] = result.budget.weight
    for ind in result.indicators:
        if ind.path:
            weights[ind.path[0]] = weights.get(ind.path[0], ZERO) + ind.weight
    weights[INDICATOR_TOTAL] = sum((i.weight for i in result.indicators), ZERO)
    return weights
