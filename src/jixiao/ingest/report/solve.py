"""Facts for the threshold kinds, defaults, formulas and parts read from a report: what the
analysis states (`measure`), else the facts that give the published score where the rule
turns round, each said so. `share(...)` reads back what a value scores, for parts only:
which part lost the points; the engine scores the case.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from jixiao.core.numbers import fmt
from jixiao.ingest.report import measure
from jixiao.targets import Amount, Op, parse_cell

_SIX = Decimal("0.000001")
_CENT = Decimal("0.01")
Derive = Callable[
    [Mapping[str, Any], Decimal, Decimal | None, str, str], tuple[dict[str, Any], str]
]


def pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(_SIX).normalize():f}%"


def _amount(when: Any) -> Amount | None:
    return parse_cell(str(when)).amount if when else None


def holds(when: Any, v: Decimal) -> bool:
    """`v` (in %) meets the condition `when`, as the threshold kinds read it."""
    a = _amount(when)
    return a is not None and a.holds(v)


def tier_of(tiers: list[Any], v: Decimal) -> Decimal | None:
    return next((Decimal(str(t["score"])) for t in tiers if holds(t["when"], v)), None)


def _inside(when: Any) -> list[Decimal]:
    """Values that meet `when`, nearest its bounds first."""
    a = _amount(when)
    if a is None:
        return []
    low = a.low.base
    if a.op is Op.RANGE and a.high is not None:
        return [low, a.high.base, (low + a.high.base) / 2]
    steps: dict[Op, list[Decimal]] = {
        Op.GT: [_CENT, Decimal(1)],
        Op.LT: [-_CENT, Decimal(-1)],
    }
    step = steps.get(a.op, [Decimal(0)])
    return [low + s for s in step]


def tiers(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    stated = measure.stated_rate(note, str(rule.get("label") or name))
    if stated is not None:
        return {"value": pct(stated)}, f"分析所述取值 {pct(stated)}"
    if score is None:
        return {}, "没有公布得分，取值待评价组填写"
    listed = list(rule.get("tiers") or [])
    for tier in listed:
        if Decimal(str(tier["score"])) != score:
            continue
        for v in _inside(tier["when"]):
            if tier_of(listed, v) == score:
                text = f"{v.normalize():f}%"
                return {
                    "value": text
                }, f"由公布得分反推：取值在「{tier['when']}」档，取 {text}（待评价组核实）"
    return {}, f"公布得分 {fmt(score)} 分不对应任何一档"


def band(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    stated = measure.stated_rate(note, str(rule.get("label") or name))
    if stated is not None:
        return {"value": pct(stated)}, f"分析所述取值 {pct(stated)}"
    a = _amount(rule.get("band"))
    if score is None or a is None:
        return {}, "取值待评价组填写"
    if score >= weight:
        v = _inside(rule.get("band"))[0]
        return {
            "value": f"{fmt(v)}%"
        }, f"公布得分为满分：取值在满分区间「{rule.get('band')}」内（待评价组核实）"
    found = []
    for side in ("below", "above"):
        spec = rule.get(side)
        if not isinstance(spec, Mapping) or spec.get("zero") or spec.get("whole_units"):
            continue
        each = Decimal(str(spec.get("per_point", 0)))
        if "per_point_share" in spec:
            each = Decimal(str(spec["per_point_share"]).rstrip("%")) / 100 * weight
        if each > 0:
            gap = (weight - score) / each * Decimal(str(spec.get("unit", 1)))
            edge = a.low.base if side == "below" else (a.high or a.low).base
            found.append(edge - gap if side == "below" else edge + gap)
    if len(found) != 1:
        return {}, f"公布得分 {fmt(score)} 分对应的取值无法唯一反推"
    text = f"{found[0].quantize(_SIX).normalize():f}%"
    return {"value": text}, f"由公布得分反推取值 {text}（待评价组核实）"


def external(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    stated = measure.stated_rate(note, str(rule.get("label") or ""))
    if stated is not None:
        return {"result": pct(stated)}, f"分析所述结果 {pct(stated)}"
    if score is None:
        return {}, "考核结果待评价组填写"
    share = score / weight
    return {"result": pct(share)}, f"由公布得分反推考核结果 {pct(share)}（待评价组核实）"


def stated_default(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    heard, survey = measure.complaints(note)
    if survey is not None:
        return {"survey": pct(survey)}, f"分析所述调查结果 {pct(survey)}"
    if heard is not None:
        return {"complaints": int(heard)}, f"分析所述：未开展调查，收到投诉 {heard} 件"
    if score is None:
        return {}, "调查或投诉情况待评价组填写"
    default = Decimal(str(rule.get("default", "90%")).rstrip("%")) / 100
    per = Decimal(str(rule.get("per_complaint", "0.5%")).rstrip("%")) / 100
    share = score / weight
    k = (default - share) / per if per > 0 else Decimal(-1)
    if k >= 0 and k == k.to_integral_value():
        return {
            "complaints": int(k)
        }, f"由公布得分反推：未开展调查，投诉 {int(k)} 件（待评价组核实）"
    return {"survey": pct(share)}, f"由公布得分反推调查结果 {pct(share)}（待评价组核实）"


def formula(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    names = rule.get("names") or {}
    if set(names) == {"q1", "q2", "q3", "q4"}:
        found = measure.quarters(note)
        if found is None:
            return {}, "各季度执行率须由分析给出，无法由公布得分反推"
        return {f"q{i}": pct(v) for i, v in enumerate(found, start=1)}, "分析所述各季度预算执行率"
    if set(names) == {"rate"}:
        stated = measure.stated_rate(note, str(names["rate"]))
        if stated is not None:
            return {"rate": pct(stated)}, f"分析所述{names['rate']} {pct(stated)}"
        if score is not None and score > 0:
            share = score / weight
            return {
                "rate": pct(share)
            }, f"由公布得分反推{names['rate']} {pct(share)}（待评价组核实）"
    return {}, "公式的事实无法由公布得分反推"


def per_failure(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    if score is None:
        return {}, "不符合事项待评价组填写"
    each = Decimal(str(rule["per_failure"]))
    lost = weight - score
    if lost <= 0:
        return {"failed": []}, "公布得分为满分：未发现不符合"
    n = lost / each
    if n != n.to_integral_value() and score > 0:
        return {}, f"扣 {fmt(lost)} 分不是每项扣分 {fmt(each)} 的整数倍"
    count = math.ceil(n)
    failed = [f"不符合事项{i}" for i in range(1, count + 1)]
    return {"failed": failed}, f"由公布得分反推：{count} 项不符合（待评价组指明）"


def ratio_target(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str
) -> tuple[dict[str, Any], str]:
    """No plan in the standard (已完成项目数/计划完成项目总数): both from the analysis."""
    done, plan, unit = measure.counts(note)
    if done is not None and plan is not None:
        return {
            "actual": f"{done}{unit}",
            "plan": f"{plan}{unit}",
        }, f"分析所述完成 {done}{unit}、计划 {plan}{unit}"
    if score is None:
        return {}, "完成数与计划数待评价组填写"
    share = min(score / weight, Decimal(1))
    if plan is not None:
        actual = (plan * share).quantize(_SIX).normalize()
        return {
            "actual": f"{actual:f}{unit}",
            "plan": f"{plan}{unit}",
        }, f"分析所述计划 {plan}{unit}，由公布得分反推完成 {actual:f}{unit}（待评价组核实）"
    return {
        "actual": pct(share),
        "plan": "100%",
    }, f"由公布得分反推完成比例 {pct(share)}（待评价组核实）"


def share(rule: Mapping[str, Any], weight: Decimal, facts: Mapping[str, Any]) -> Decimal | None:
    """What a part's facts score, for the kinds whose facts a report states; None otherwise."""
    kind = rule.get("kind")
    rate = _fraction(facts.get("rate") or facts.get("value"))
    if kind == "ratio" and rate is not None:
        return min(weight * min(rate, Decimal(1)), weight)
    if kind == "tiers" and rate is not None:
        return tier_of(list(rule.get("tiers") or []), rate * 100)
    if kind == "graded" and "level" in facts:
        table = rule.get("points") or {}
        return Decimal(str(table[facts["level"]])) if facts["level"] in table else None
    if kind == "judgement" and "score" in facts:
        return Decimal(str(facts["score"]))
    return None


def _fraction(text: Any) -> Decimal | None:
    if not isinstance(text, str) or not text.endswith("%"):
        return None
    try:
        return Decimal(text[:-1]) / 100
    except ArithmeticError:
        return None
