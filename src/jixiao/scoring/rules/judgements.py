"""Judgement kinds: checklists of 评价要点, graded levels (层差法), the evaluator's own
judgement, and stated defaults (no survey and no complaint → 90%).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.core.numbers import ZERO
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


def _points(ctx: RuleContext) -> dict[str, tuple[str, Decimal]]:
    points = ctx.param("points") or []
    out: dict[str, tuple[str, Decimal]] = {}
    for point in points:
        if not isinstance(point, Mapping) or "id" not in point:
            raise RuleError("评价要点应写成 {id: ①, text: …, value: 分值}")
        out[str(point["id"])] = (str(point.get("text", "")), number(point.get("value", 0), "value"))
    return out


def _failed(ctx: RuleContext) -> list[Any]:
    failed = ctx.facts.get("failed", [])
    if failed is None:
        return []
    if not isinstance(failed, list | tuple):
        raise RuleError("事实「failed」应为列表：不符合的评价要点编号，如 [③]")
    return list(failed)


def _checklist(ctx: RuleContext) -> RuleResult:
    failed = _failed(ctx)
    evidence = ctx.facts.get("evidence") or {}
    per_failure = ctx.param("per_failure")
    if per_failure is not None:  # "发现一项不符合的扣1分，扣完为止"
        each = number(per_failure, "per_failure")
        off = each * len(failed)
        if not failed:
            return RuleResult(ctx.weight, "未发现不符合的情况")
        listed = "；".join(str(f) for f in failed)
        return RuleResult(
            max(ZERO, ctx.weight - off),
            f"发现 {len(failed)} 项不符合（{listed}），每项扣 {num(each)} 分",
            (("不符合项数", str(len(failed))),),
            listed,
        )
    points = _points(ctx)
    if not points:
        raise RuleError("参数 points（评价要点）或 per_failure（每项扣分）至少给出一个")
    unknown = [str(f) for f in failed if str(f) not in points]
    if unknown:
        raise RuleError(f"不符合的要点 {'、'.join(unknown)} 不在评价要点 {'、'.join(points)} 中")
    ids = [str(f) for f in failed]
    inputs = (("评价要点", "、".join(points)), ("不符合", "、".join(ids) or "无"))
    why = "；".join(
        f"{i}{points[i][0]}" + (f"（{evidence[i]}）" if i in evidence else "") for i in ids
    )
    gates = [str(g) for g in ctx.param("gate") or []]
    broken = [g for g in gates if g in ids]
    if broken:
        return RuleResult(ZERO, f"不符合前提要点 {'、'.join(broken)}，本项整体不得分", inputs, why)
    if not ids:
        return RuleResult(ctx.weight, f"评价要点 {'、'.join(points)} 均符合", inputs)
    off = sum((points[i][1] for i in ids), ZERO)
    return RuleResult(
        max(ZERO, ctx.weight - off),
        f"评价要点中 {'、'.join(ids)} 不符合，扣 {num(off)} 分（扣完为止）",
        inputs,
        why,
    )


def _check_checklist(params: Mapping[str, Any]) -> list[str]:
    points = params.get("points")
    if not points and params.get("per_failure") is None:
        return ["需要 points（评价要点）或 per_failure（每项扣分）"]
    errors = []
    ids = set()
    for point in points or []:
        if not isinstance(point, Mapping) or "id" not in point or "value" not in point:
            errors.append("每个评价要点应写成 {id: ①, text: 要点, value: 分值}")
            continue
        extra = [str(k) for k in point if k not in ("id", "text", "value")]
        if extra:  # e.g. an unquoted comma in a flow mapping split the text into keys
            errors.append(
                f"评价要点 {point['id']} 有不认识的字段：{'、'.join(extra)}"
                "（要点文字含逗号时请加引号）"
            )
        try:
            number(point["value"], "value")
        except RuleError:
            errors.append(f"评价要点 {point['id']} 的分值「{point['value']}」不是数字")
        ids.add(str(point["id"]))
    missing = [str(g) for g in params.get("gate") or [] if str(g) not in ids]
    if missing:
        errors.append(f"前提要点 {'、'.join(missing)} 不在评价要点中")
    return errors


register(
    RuleKind(
        name="checklist",
        check=_check_checklist,
        title="评价要点（扣完为止）",
        params=(
            Param(
                "points",
                ParamType.LIST,
                "评价要点：[{id: ①, text: 要点, value: 分值}]",
                required=False,
            ),
            Param(
                "gate", ParamType.LIST, "前提要点编号：其中任一不符合，本项整体为 0", required=False
            ),
            Param(
                "per_failure",
                ParamType.NUMBER,
                "不逐点列分值时：每发现一项不符合扣的分数",
                required=False,
            ),
        ),
        facts=(
            Param(
                "failed",
                ParamType.LIST,
                "不符合的要点编号（或 per_failure 时的不符合事项），默认无",
                required=False,
            ),
            Param("evidence", ParamType.MAPPING, "各要点的依据说明 {编号: 说明}", required=False),
        ),
        apply=_checklist,
        doc="全部符合得满分；不符合的要点扣其分值，扣完为止；前提要点不符合则整体为 0。"
        "要点分值之和小于权重时，全部符合仍得满分。",
        example={
            "rule": {
                "kind": "checklist",
                "gate": ["①"],
                "points": [
                    {"id": "①", "text": "项目按照规定的程序申请设立", "value": 1},
                    {"id": "②", "text": "审批文件、材料符合相关要求", "value": 1},
                    {"id": "③", "text": "事前已经过必要的可行性研究、专家论证", "value": 1},
                ],
            },
            "weight": 3,
            "facts": {"failed": ["③"], "evidence": {"③": "未见专家论证记录"}},
        },
    )
)


def _graded(ctx: RuleContext) -> RuleResult:
    levels, points = ctx.param("levels"), ctx.param("points")
    table = points if isinstance(points, Mapping) and points else levels
    if not isinstance(table, Mapping) or not table:
        raise RuleError("参数 levels（{等级: 权重比例}）或 points（{等级: 分数}）至少给出一个")
    level = str(ctx.fact("level"))
    if level not in table:
        raise RuleError(f"等级「{level}」不在 {'、'.join(map(str, table))} 中")
    if table is points:
        score = number(table[level], level)
        text = f"评定为「{level}」（{num(score)} 分）"
    else:
        share = rate(table[level], level)
        score = ctx.weight * share
        text = f"评定为「{level}」，按 {num(ctx.weight)} × {pct(share)} 计"
    lost = "" if score >= ctx.weight else f"评定为「{level}」"
    return RuleResult(score, text, (("评定等级", level),), lost)


def _check_graded(params: Mapping[str, Any]) -> list[str]:
    table = params.get("points") or params.get("levels")
    if not isinstance(table, Mapping) or not table:
        return ["需要 levels（{等级: 权重比例}）或 points（{等级: 分数}）"]
    return []


register(
    RuleKind(
        name="graded",
        check=_check_graded,
        title="分级评定（层差法）",
        params=(
            Param(
                "levels",
                ParamType.MAPPING,
                "等级及其权重比例，如 {显著: 1, 一般: 0.5, 不明显: 0}",
                required=False,
            ),
            Param(
                "points",
                ParamType.MAPPING,
                "或：等级及其分数，如 {按规定公开: 1.5, 有瑕疵: 1, 未公开: 0}",
                required=False,
            ),
        ),
        facts=(Param("level", ParamType.TEXT, "评定的等级"),),
        apply=_graded,
        doc="评价组评定等级，得分 = 权重 × 该等级的比例。",
        example={
            "rule": {"kind": "graded", "levels": {"显著": 1, "一般": 0.5, "不明显": 0}},
            "weight": 5,
            "facts": {"level": "一般"},
        },
    )
)


def _judgement(ctx: RuleContext) -> RuleResult:
    score = number(ctx.fact("score"), "score")
    reason = str(ctx.facts.get("reason") or "").strip()
    if not reason and score < ctx.weight:
        raise RuleError("酌情扣分须写明理由（事实 reason）")
    return RuleResult(score, f"评价组酌情评定 {num(score)} 分", (("评定得分", num(score)),), reason)


register(
    RuleKind(
        name="judgement",
        title="酌情评定",
        params=(),
        facts=(
            Param("score", ParamType.NUMBER, "评价组评定的分数"),
            Param("reason", ParamType.TEXT, "扣分理由（扣分时必填）", required=False),
        ),
        apply=_judgement,
        doc="评分标准只写“酌情扣分”时，由评价组给分并写明理由。",
        example={
            "rule": {"kind": "judgement"},
            "weight": 20,
            "facts": {"score": 18, "reason": "部分效益目标未达到预期"},
        },
    )
)


def _stated_default(ctx: RuleContext) -> RuleResult:
    survey = ctx.facts.get("survey")
    label = ctx.param("label") or "满意度"
    if survey is not None:
        value = rate(survey, "survey")
        return RuleResult(
            ctx.weight * value,
            f"开展了调查，{label} {pct(value)}，按 {num(ctx.weight)} × {pct(value)} 计",
            ((label, pct(value)),),
        )
    given_default, given_per = ctx.param("default"), ctx.param("per_complaint")
    default = rate("90%" if given_default is None else given_default, "default")
    per = rate("0.5%" if given_per is None else given_per, "per_complaint")
    complaints = int(number(ctx.facts.get("complaints", 0), "complaints"))
    value = max(ZERO, default - per * complaints)
    heard = f"收到投诉 {complaints} 件，每件降低 {pct(per)}" if complaints else "未收到投诉"
    reason = f"未开展{label}调查，{heard}，视{label}为 {pct(value)}，按 {num(ctx.weight)} × {pct(value)} 计"
    return RuleResult(
        ctx.weight * value,
        reason,
        ((label, pct(value)), ("投诉", str(complaints))),
        f"未开展{label}调查",
    )


register(
    RuleKind(
        name="stated_default",
        title="约定缺省值",
        params=(
            Param("label", ParamType.TEXT, "取值名称，默认“满意度”", required=False),
            Param(
                "default", ParamType.RATE, "未调查且无投诉时视同的比例，默认 90%", required=False
            ),
            Param("per_complaint", ParamType.RATE, "每件投诉降低的比例，默认 0.5%", required=False),
        ),
        facts=(
            Param("survey", ParamType.RATE, "调查得到的满意度；未调查则不写", required=False),
            Param("complaints", ParamType.NUMBER, "未调查时收到的投诉件数，默认 0", required=False),
        ),
        apply=_stated_default,
        doc="开展调查时按调查结果计分；未调查时按约定的缺省比例计分，每件投诉再降低一定比例。",
        example={
            "rule": {"kind": "stated_default", "default": "90%", "per_complaint": "0.5%"},
            "weight": 10,
            "facts": {"complaints": 0},
        },
    )
)
