"""Budget-execution kind: 预算执行率 = 全年执行数 ÷ 全年预算数, scored as the policy says.

The self-evaluation table's funds block is scored by this computation (`scoring.selfeval`),
and a framework may score a leaf with it (`kind: budget_execution`, the built-in
self-evaluation framework's 预算执行率): linear (rate × weight) or by the policy's bands, an
over-spent budget counted as 100% where the policy caps it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.numbers import HUNDRED, ONE, fmt, fmt_plain, round2
from jixiao.scoring.policy import BudgetMode, Policy, band_for, percent_shown
from jixiao.scoring.rules.base import (
    Param,
    ParamType,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    number,
    register,
)

ANNUAL, EXECUTED = "全年预算数", "全年执行数"


@dataclass(frozen=True, slots=True)
class Execution:
    """A budget execution rate and what it scores under a policy."""

    rate: Decimal  # executed ÷ annual, unrounded
    percent: Decimal  # the rate in percent, two decimals half-up
    score: Decimal  # two decimals half-up
    text: str  # 预算执行率 = 全年执行数 … ÷ 全年预算数 … = 95.36%，得分 = 10 × 95.36% = 9.54 分


def yuan(value: Decimal) -> str:
    return f"{fmt(value)} 元"


def execution(
    executed: Decimal,
    annual: Decimal,
    weight: Decimal,
    policy: Policy,
    money: Callable[[Decimal], str] = yuan,
) -> Execution:
    """The rate of `executed` over `annual` (not 0) and its score out of `weight`; `money`
    writes an amount as the source did (元, or 万元)."""
    rate = executed / annual
    scored_rate = min(rate, ONE) if policy.budget_cap else rate
    percent = round2(rate * HUNDRED)
    computed = f"预算执行率 = {EXECUTED} {money(executed)} ÷ {ANNUAL} {money(annual)}"
    if policy.budget_mode == BudgetMode.BANDS:
        share, band = band_for(policy.budget_bands, scored_rate * HUNDRED)
        score = round2(share * weight)
        shown = percent_shown(rate * HUNDRED, (b.minimum for b in policy.budget_bands))
        text = (
            f"{computed} = {shown}%，{band}，得分 = {fmt(weight)} × "
            f"{fmt_plain(round2(share * HUNDRED))}% = {fmt(score)} 分"
        )
    else:
        score = round2(scored_rate * weight)
        text = f"{computed} = {fmt(percent)}%，得分 = {fmt(weight)} × {fmt(percent)}% = {fmt(score)} 分"
    if rate > ONE and policy.budget_cap:
        text += "（超出预算，执行率按 100% 计分）"
    return Execution(rate, percent, score, text)


def _budget_execution(ctx: RuleContext) -> RuleResult:
    annual = number(ctx.fact(ANNUAL), ANNUAL)
    executed = number(ctx.fact(EXECUTED), EXECUTED)
    if annual <= 0:
        raise RuleError(f"「{ANNUAL}」为 {fmt_plain(annual)}，预算执行率无法计算")
    if executed < 0:
        raise RuleError(f"「{EXECUTED}」为负数（{fmt_plain(executed)}），预算执行率无法计算")
    e = execution(executed, annual, ctx.weight, ctx.policy)
    inputs = (
        (ANNUAL, yuan(annual)),
        (EXECUTED, yuan(executed)),
        ("预算执行率", f"{fmt(e.percent)}%"),
    )
    return RuleResult(e.score, e.text, inputs)


register(
    RuleKind(
        name="budget_execution",
        title="预算执行率",
        params=(),
        facts=(
            Param(ANNUAL, ParamType.NUMBER, "全年预算数（元；也可写“61.91万元”）"),
            Param(EXECUTED, ParamType.NUMBER, "全年执行数（元；也可写“58.2万元”）"),
        ),
        apply=_budget_execution,
        doc=(
            "与自评表的预算执行率相同：执行率 = 全年执行数 ÷ 全年预算数，按评分口径计分"
            "（默认得分 = 执行率 × 权重，超出预算按 100% 计；口径可改为分档计分）。"
        ),
        example={
            "rule": {"kind": "budget_execution"},
            "weight": 10,
            "facts": {ANNUAL: "41000.00", EXECUTED: "39099.42"},
        },
    )
)
