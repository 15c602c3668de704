"""Ratio kinds: a rate times the weight (资金到位率), actual against plan, external results."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.numbers import ONE
from jixiao.scoring.rules.base import (
    Param,
    ParamType,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    num,
    number,
    pct,
    rate,
    register,
)
from jixiao.targets import parse_cell


def _ratio(ctx: RuleContext) -> RuleResult:
    label = ctx.param("label") or "比率"
    cap = Decimal(str(ctx.param("cap") or 1))
    num_name, den_name = ctx.param("numerator"), ctx.param("denominator")
    if "rate" in ctx.facts:
        value = rate(ctx.fact("rate"), "rate")
        how = f"{label} {pct(value)}"
        inputs: tuple[tuple[str, str], ...] = ((label, pct(value)),)
    elif num_name and den_name:
        top, top_text = _quantity(ctx.fact(num_name), num_name)
        bottom, bottom_text = _quantity(ctx.fact(den_name), den_name)
        if bottom == 0:
            raise RuleError(f"「{den_name}」为 0，{label}无法计算")
        value = top / bottom
        how = f"{label} = {num_name} {top_text} ÷ {den_name} {bottom_text} = {pct(value)}"
        inputs = ((num_name, top_text), (den_name, bottom_text), (label, pct(value)))
    else:
        raise RuleError("需要事实「rate」，或规则参数 numerator 与 denominator 指向的两个事实")
    used = min(value, cap)
    capped = "（超过上限按上限计）" if value > cap else ""
    return RuleResult(
        ctx.weight * used, f"{how}{capped}，按 {num(ctx.weight)} × {pct(used)} 计", inputs
    )


register(
    RuleKind(
        name="ratio",
        title="比率计分（封顶）",
        params=(
            Param("label", ParamType.TEXT, "比率的名称，如“资金到位率”", required=False),
            Param("numerator", ParamType.FACT, "分子事实的名称，如“实际到位资金”", required=False),
            Param("denominator", ParamType.FACT, "分母事实的名称，如“预算资金”", required=False),
            Param("cap", ParamType.NUMBER, "比率上限，默认 1（100%）", required=False, default=1),
        ),
        facts=(
            Param(
                "rate",
                ParamType.RATE,
                "直接给出的比率（如 99.6%），给出时不再用分子分母",
                required=False,
            ),
            Param(
                "<numerator>", ParamType.NUMBER, "分子，名称由参数 numerator 指定", required=False
            ),
            Param(
                "<denominator>",
                ParamType.NUMBER,
                "分母，名称由参数 denominator 指定",
                required=False,
            ),
        ),
        apply=_ratio,
        doc="得分 = 权重 × min(比率, 上限)。比率可直接给出，也可由两个事实相除得到。",
        example={
            "rule": {
                "kind": "ratio",
                "label": "资金到位率",
                "numerator": "实际到位资金",
                "denominator": "预算资金",
            },
            "weight": 2,
            "facts": {"实际到位资金": "61.91万元", "预算资金": "61.91万元"},
        },
    )
)


def _quantity(text: object, name: str) -> tuple[Decimal, str]:
    if isinstance(text, str):
        amount = parse_cell(text).amount
        if amount is not None:
            return amount.low.base, text
    value = number(text, name)
    return value, num(value)


def _ratio_target(ctx: RuleContext) -> RuleResult:
    plan_value = ctx.facts.get("plan", ctx.param("plan"))
    if plan_value is None:
        raise RuleError("缺少计划数：规则参数 plan 或事实「plan」")
    plan, plan_text = _quantity(plan_value, "plan")
    actual, actual_text = _quantity(ctx.fact("actual"), "actual")
    if plan <= 0:
        raise RuleError(f"计划数「{plan_text}」应大于 0")
    share = min(actual / plan, ONE)
    reason = f"实际完成 {actual_text}，计划 {plan_text}，完成比例 {pct(actual / plan)}"
    if actual < plan:
        reason += f"，按 {num(ctx.weight)} × {actual_text} ÷ {plan_text} 计"
    return RuleResult(ctx.weight * share, reason, (("计划数", plan_text), ("实际数", actual_text)))


register(
    RuleKind(
        name="ratio_target",
        title="完成比例计分",
        params=(
            Param(
                "plan", ParamType.TEXT, "计划数，如“365次”；也可写在事实 plan 中", required=False
            ),
        ),
        facts=(
            Param("actual", ParamType.TEXT, "实际完成数，如“365次”"),
            Param("plan", ParamType.TEXT, "计划数（覆盖规则参数）", required=False),
        ),
        apply=_ratio_target,
        doc="得分 = 权重 × 实际数 ÷ 计划数，最高为权重（超额完成不加分）。",
        example={
            "rule": {"kind": "ratio_target", "plan": "365次"},
            "weight": 2,
            "facts": {"actual": "350次"},
        },
    )
)


def _external(ctx: RuleContext) -> RuleResult:
    label = ctx.param("label") or "考核结果"
    result = rate(ctx.fact("result"), "result")
    return RuleResult(
        ctx.weight * result,
        f"{label} {pct(result)}，按 {num(ctx.weight)} × {pct(result)} 计",
        ((label, pct(result)),),
    )


register(
    RuleKind(
        name="external",
        title="外部考核结果",
        params=(Param("label", ParamType.TEXT, "结果的名称，如“市考核得分率”", required=False),),
        facts=(Param("result", ParamType.RATE, "外部考核、检查的结果百分比，如 99.6%"),),
        apply=_external,
        doc="得分 = 权重 × 外部考核结果（百分比）。",
        example={
            "rule": {"kind": "external", "label": "区绩效考核得分率"},
            "weight": 5,
            "facts": {"result": "99.6%"},
        },
    )
)
