"""Threshold kinds: tiers, deduction per point below or above a line, band then deduction.

Conditions are written in the target language ("<5%", "5%-10%", "≥98%"), so a framework
reads like the 评分标准 it transcribes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.core.numbers import HUNDRED, ZERO
from jixiao.scoring.rules.base import (
    Param,
    ParamType,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    num,
    number,
    rate,
    register,
)
from jixiao.targets import Amount, Op, parse_cell
from jixiao.targets.terms import UnitKind


def _condition(text: str) -> Amount:
    amount = parse_cell(str(text)).amount
    if amount is None:
        raise RuleError(f"条件「{text}」应写成数值条件，如“≥98%”“5%-10%”“<5%”")
    return amount


def _value(ctx: RuleContext, like: Amount) -> tuple[Decimal, str]:
    """The fact named by param `value` (default "value"), on the condition's scale; or, with
    params `numerator` and `denominator`, the ratio of those two facts."""
    top, bottom = ctx.param("numerator"), ctx.param("denominator")
    if top and bottom:
        a, b = number(ctx.fact(top), top), number(ctx.fact(bottom), bottom)
        if b == 0:
            raise RuleError(f"「{bottom}」为 0，无法计算")
        ratio = a / b
        if like.low.kind is UnitKind.PERCENT:
            return (
                ratio * HUNDRED,
                f"{num(ratio * HUNDRED)}%（{top} {ctx.fact(top)} ÷ {bottom} {ctx.fact(bottom)}）",
            )
        return ratio, f"{num(ratio)}（{top} ÷ {bottom}）"
    name = ctx.param("value") or "value"
    raw = ctx.fact(name)
    if like.low.kind is UnitKind.PERCENT:
        v = rate(raw, name) * HUNDRED
        return v, f"{num(v)}%"
    v = number(raw, name)
    return v, f"{raw}"


def _value_params(example: str) -> tuple[Param, ...]:
    """Where a threshold kind reads its value: one fact, or the ratio of two."""
    return (
        Param(
            "value", ParamType.FACT, "取值事实的名称，默认 value", required=False, default="value"
        ),
        Param("label", ParamType.TEXT, f"取值的名称，{example}", required=False),
        Param(
            "numerator", ParamType.FACT, "或：分子事实的名称（取值 = 分子 ÷ 分母）", required=False
        ),
        Param("denominator", ParamType.FACT, "或：分母事实的名称", required=False),
    )


def _tiers(ctx: RuleContext) -> RuleResult:
    tiers = ctx.param("tiers")
    if not isinstance(tiers, list | tuple) or not tiers:
        raise RuleError("参数 tiers 应为分档列表：[{when: '<5%', score: 2}, …]")
    label = ctx.param("label") or str(ctx.param("value") or "指标值")
    first = _condition(tiers[0]["when"])
    v, shown = _value(ctx, first)
    for tier in tiers:
        cond = _condition(tier["when"])
        if cond.holds(v):
            score = _tier_score(tier, ctx.weight)
            return RuleResult(
                score,
                f"{label} {shown}，属于「{tier['when']}」档（{num(score)} 分）",
                ((label, shown), ("档位", str(tier["when"]))),
            )
    return RuleResult(ZERO, f"{label} {shown}，不在任何一档内，记 0 分", ((label, shown),))


def _tier_score(tier: Mapping[str, Any], weight: Decimal) -> Decimal:
    if "score" in tier:
        return number(tier["score"], "score")
    if "share" in tier:
        return weight * rate(tier["share"], "share")
    raise RuleError(f"分档「{tier.get('when')}」缺少 score 或 share")


def _condition_errors(text: Any, what: str) -> list[str]:
    try:
        _condition(str(text))
    except RuleError as exc:
        return [f"{what}：{exc}"]
    return []


def _check_tiers(params: Mapping[str, Any]) -> list[str]:
    tiers = params.get("tiers")
    if not isinstance(tiers, list | tuple) or not tiers:
        return ["tiers 应为非空的分档列表"]
    errors = []
    for i, tier in enumerate(tiers, start=1):
        if not isinstance(tier, Mapping) or "when" not in tier:
            errors.append(f"第 {i} 档缺少 when（条件）")
            continue
        errors += _condition_errors(tier["when"], f"第 {i} 档")
        if "score" not in tier and "share" not in tier:
            errors.append(f"第 {i} 档缺少 score（分数）或 share（权重比例）")
    return errors


register(
    RuleKind(
        name="tiers",
        check=_check_tiers,
        title="分档计分",
        params=(
            *_value_params("如“预算调整率”"),
            Param(
                "tiers",
                ParamType.LIST,
                "分档：[{when: 条件, score: 分数 或 share: 权重比例}]，自上而下取第一个符合的档",
            ),
        ),
        facts=(Param("<value>", ParamType.RATE, "取值，如 3.2%"),),
        apply=_tiers,
        doc="按取值落入的档位给分；条件用目标语言书写（<5%、5%-10%、≥95%）。",
        example={
            "rule": {
                "kind": "tiers",
                "label": "预算调整率",
                "tiers": [
                    {"when": "<5%", "score": 2},
                    {"when": "5%-10%", "score": 1},
                    {"when": ">10%", "score": 0},
                ],
            },
            "weight": 2,
            "facts": {"value": "6.5%"},
        },
    )
)


def _points_off(gap: Decimal, unit: Decimal, whole: bool) -> Decimal:
    steps = gap / unit
    return Decimal(math.ceil(steps)) if whole else steps


def _deduction(
    ctx: RuleContext, spec: Mapping[str, Any], gap: Decimal, unit_name: str
) -> tuple[Decimal, str]:
    unit = number(spec.get("unit", 1), "unit")
    whole = bool(spec.get("whole_units", False))
    steps = _points_off(gap, unit, whole)
    if "per_point" in spec:
        each = number(spec["per_point"], "per_point")
    elif "per_point_share" in spec:
        each = ctx.weight * rate(spec["per_point_share"], "per_point_share")
    else:
        raise RuleError(
            "扣分规则缺少 per_point（每单位扣分）或 per_point_share（每单位扣权重比例）"
        )
    off = steps * each
    rounding = (
        f"，不足 {num(unit)}{unit_name}按 {num(unit)}{unit_name}计"
        if whole and steps != gap / unit
        else ""
    )
    text = f"差 {num(gap)}{unit_name}{rounding}，每 {num(unit)}{unit_name}扣 {num(each)} 分，共扣 {num(off)} 分"
    return off, text


def _unit_name(cond: Amount) -> str:
    return " 个百分点" if cond.low.kind is UnitKind.PERCENT else ""


def _deduct_per_point(ctx: RuleContext) -> RuleResult:
    threshold = _condition(ctx.param("threshold") or "")
    label = ctx.param("label") or str(ctx.param("value") or "指标值")
    v, shown = _value(ctx, threshold)
    line = threshold.low.base
    inputs = ((label, shown), ("标准", str(ctx.param("threshold"))))
    if threshold.holds(v):
        return RuleResult(ctx.weight, f"{label} {shown}，达到「{ctx.param('threshold')}」", inputs)
    gap = (line - v) if threshold.op in (Op.GE, Op.GT) else (v - line)
    off, how = _deduction(ctx, ctx.params, abs(gap), _unit_name(threshold))
    side = "低于" if threshold.op in (Op.GE, Op.GT) else "高于"
    reason = f"{label} {shown}，{side}「{ctx.param('threshold')}」，{how}"
    return RuleResult(max(ZERO, ctx.weight - off), reason, inputs, f"{label}{side}标准")


def _check_deduction(spec: Any, what: str) -> list[str]:
    if not isinstance(spec, Mapping):
        return [f"{what} 应为映射"]
    if spec.get("zero") or "per_point" in spec or "per_point_share" in spec:
        return []
    return [f"{what} 需要 per_point、per_point_share 或 zero: true"]


def _check_deduct_per_point(params: Mapping[str, Any]) -> list[str]:
    errors = _condition_errors(params.get("threshold"), "threshold")
    return errors + _check_deduction(params, "扣分办法")


register(
    RuleKind(
        name="deduct_per_point",
        check=_check_deduct_per_point,
        title="按差距扣分",
        params=(
            *_value_params("如“预算执行率”"),
            Param(
                "threshold", ParamType.TEXT, "满分标准，如“≥98%”（低于即扣）或“≤100%”（高于即扣）"
            ),
            Param("per_point", ParamType.NUMBER, "每差 1 个单位扣的分数", required=False),
            Param(
                "per_point_share",
                ParamType.RATE,
                "每差 1 个单位扣权重的比例，如 10%",
                required=False,
            ),
            Param(
                "unit",
                ParamType.NUMBER,
                "单位大小，默认 1（百分数即 1 个百分点）",
                required=False,
                default=1,
            ),
            Param(
                "whole_units",
                ParamType.BOOL,
                "不足一个单位按一个单位计，默认否",
                required=False,
                default=False,
            ),
        ),
        facts=(Param("<value>", ParamType.RATE, "取值，如 96.5%"),),
        apply=_deduct_per_point,
        doc="达到标准得满分；每差一个单位扣固定分数或权重的一定比例，扣完为止。",
        example={
            "rule": {
                "kind": "deduct_per_point",
                "label": "预算执行率",
                "threshold": "≥98%",
                "per_point": 0.1,
                "whole_units": True,
            },
            "weight": 5,
            "facts": {"value": "96.5%"},
        },
    )
)


def _band_then_deduct(ctx: RuleContext) -> RuleResult:
    band = _condition(ctx.param("band") or "")
    label = ctx.param("label") or str(ctx.param("value") or "指标值")
    v, shown = _value(ctx, band)
    inputs = ((label, shown), ("满分区间", str(ctx.param("band"))))
    if band.holds(v):
        return RuleResult(
            ctx.weight, f"{label} {shown}，在满分区间「{ctx.param('band')}」内", inputs
        )
    if band.op is Op.RANGE and band.high is not None:
        low, high = band.low.base, band.high.base
    elif band.op in (Op.GE, Op.GT):
        low, high = band.low.base, None
    elif band.op in (Op.LE, Op.LT):
        low, high = None, band.low.base
    else:  # a single value: the band is that point
        low = high = band.low.base
    above = high is not None and v > high
    side, edge = ("above", high) if above else ("below", low)
    spec = ctx.param(side)
    words = "高于" if above else "低于"
    if not isinstance(spec, Mapping):
        raise RuleError(f"取值{words}满分区间，但规则没有给出 {side} 的扣分办法")
    if spec.get("zero"):
        return RuleResult(
            ZERO,
            f"{label} {shown}，{words}满分区间「{ctx.param('band')}」，不得分",
            inputs,
            f"{label}{words}满分区间",
        )
    if edge is None:
        raise RuleError(f"满分区间「{ctx.param('band')}」无法确定{words}的边界")
    off, how = _deduction(ctx, spec, abs(v - edge), _unit_name(band))
    reason = f"{label} {shown}，{words}满分区间「{ctx.param('band')}」，{how}"
    return RuleResult(max(ZERO, ctx.weight - off), reason, inputs, f"{label}{words}满分区间")


def _check_band(params: Mapping[str, Any]) -> list[str]:
    errors = _condition_errors(params.get("band"), "band")
    if "below" not in params and "above" not in params:
        errors.append("需要 below 或 above（区间外的扣分办法）")
    for side in ("below", "above"):
        if side in params:
            errors += _check_deduction(params[side], side)
    return errors


register(
    RuleKind(
        name="band_then_deduct",
        check=_check_band,
        title="区间满分、区外扣分",
        params=(
            *_value_params("如“成本控制率”"),
            Param("band", ParamType.TEXT, "满分区间，如“90%-100%”或“≤100%”"),
            Param(
                "below",
                ParamType.MAPPING,
                "低于区间时：{per_point, whole_units, unit} 或 {zero: true}",
                required=False,
            ),
            Param("above", ParamType.MAPPING, "高于区间时：同上", required=False),
        ),
        facts=(Param("<value>", ParamType.RATE, "取值，如 99.68%"),),
        apply=_band_then_deduct,
        doc="取值在区间内得满分；区间外按两侧各自的办法扣分或不得分，扣完为止。",
        example={
            "rule": {
                "kind": "band_then_deduct",
                "label": "成本控制率",
                "band": "90%-100%",
                "below": {"per_point": 0.2},
                "above": {"zero": True},
            },
            "weight": 3,
            "facts": {"value": "87.5%"},
        },
    )
)
