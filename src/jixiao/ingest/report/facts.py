"""Facts for a rule read from a report: what its analysis states, else what the published
score implies where the rule can be turned round. Back-solved facts reproduce the published
score by construction; they say so (`how`), and the evaluator replaces them with the facts
found. The review holds the stated ones against the tables.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.numbers import fmt

_SIX = Decimal("0.000001")
_MAX_POINTS = 12  # subsets of more points are not tried (2^12 at most)


@dataclass(frozen=True, slots=True)
class Derived:
    facts: dict[str, Any] = field(default_factory=dict)
    how: str = ""  # where the facts came from, or why there are none


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(_SIX).normalize():f}%"


def _stated_rate(note: str, label: str) -> Decimal | None:
    """A rate the analysis states for `label`: 满意度99.78%, 预算执行率为 100%."""
    if not label or not note:
        return None
    # the label as written, then its last words (满意率), then their stem (满意: 满意度99.78%)
    for stem in dict.fromkeys((label, label[-3:], label[-3:-1])):
        if len(stem) < 2:
            continue
        m = re.search(re.escape(stem) + r"[^\d%。；]{0,6}?(\d{1,3}(?:\.\d{1,4})?)\s*%", note)
        if m:
            return Decimal(m.group(1)) / 100
    return None


def _checklist(rule: Mapping[str, Any], lost: Decimal, note: str) -> Derived:
    points = [(str(p["id"]), Decimal(str(p["value"]))) for p in rule.get("points") or []]
    if lost <= 0:
        return Derived({"failed": []}, "公布得分为满分：各评价要点均符合")
    if len(points) > _MAX_POINTS:
        return Derived(how="评价要点太多，无法由公布得分反推")
    fits = [
        ids
        for size in range(1, len(points) + 1)
        for combo in itertools.combinations(points, size)
        if sum((v for _, v in combo), Decimal(0)) == lost
        for ids in [[i for i, _ in combo]]
    ]
    named = [ids for ids in fits if all(i in note for i in ids)]
    if len(fits) == 1 or len(named) == 1:
        ids = fits[0] if len(fits) == 1 else named[0]
        source = "扣分说明所指" if len(named) == 1 and len(fits) > 1 else "由公布得分反推"
        return Derived(
            {"failed": ids},
            f"{source}：扣 {fmt(lost)} 分即要点{'、'.join(ids)}不符合（待评价组核实）",
        )
    return Derived(how=f"扣 {fmt(lost)} 分对应的不符合要点不止一种可能，须评价组指明")


def derive_facts(
    rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str, name: str = ""
) -> Derived:
    """Facts that make `rule` give what the report states, or `score` when nothing is stated."""
    kind = str(rule.get("kind"))
    if score is None:
        return Derived(how="没有公布得分，事实待评价组填写")
    if weight <= 0:
        return Derived(how="权重为 0，无从反推")
    lost = weight - score
    share = min(max(score / weight, Decimal(0)), Decimal(1))
    if kind == "judgement":
        reason = "沿用公布得分" if lost <= 0 else "公布得分（扣分理由见扣分说明）"
        return Derived({"score": score, "reason": reason}, "评价组评定分即公布得分")
    if kind == "checklist":
        return _checklist(rule, lost, note)
    if kind == "graded":
        table = rule.get("points") or {}
        levels = [k for k, v in table.items() if Decimal(str(v)) == score]
        if not table:
            levels = [
                k
                for k, v in (rule.get("levels") or {}).items()
                if Decimal(str(v)) * weight == score
            ]
        said = [k for k in levels if k in note]
        level = said[0] if said else levels[0] if len(levels) == 1 else None
        if level is None:
            return Derived(how=f"公布得分 {fmt(score)} 分不对应任何一个等级")
        return Derived({"level": level}, f"公布得分 {fmt(score)} 分即等级「{level}」")
    if kind == "ratio":
        stated = _stated_rate(note, str(rule.get("label") or name))
        if stated is not None:
            return Derived({"rate": _pct(stated)}, f"分析所述比率 {_pct(stated)}")
        return Derived({"rate": _pct(share)}, f"由公布得分反推比率 {_pct(share)}（待评价组核实）")
    if kind == "ratio_target":
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(\D*)", str(rule.get("plan") or "").strip())
        if not m:
            return Derived(how="计划数不是数字，无从反推")
        actual = (Decimal(m.group(1)) * share).quantize(_SIX).normalize()
        text = f"{actual:f}{m.group(2)}"
        return Derived({"actual": text}, f"由公布得分反推实际完成 {text}（待评价组核实）")
    if kind == "deduct_per_point":
        return _deduct(rule, weight, lost, note, name)
    return Derived(how=f"规则「{kind}」的事实无法由公布得分反推")


def _deduct(
    rule: Mapping[str, Any], weight: Decimal, lost: Decimal, note: str, name: str
) -> Derived:
    m = re.fullmatch(r"([≥≤])\s*(\d+(?:\.\d+)?)\s*%", str(rule.get("threshold") or ""))
    if not m:
        return Derived(how="满分标准不是百分数，无从反推")
    stated = _stated_rate(note, str(rule.get("label") or name))
    if stated is not None:
        return Derived({"value": _pct(stated)}, f"分析所述取值 {_pct(stated)}")
    limit = Decimal(m.group(2))
    if lost <= 0:
        return Derived(
            {"value": f"{m.group(2)}%"}, "公布得分为满分：取值达到满分标准（待评价组核实）"
        )
    if rule.get("whole_units"):
        return Derived(how="不足一个单位按一个单位计，取值无法由公布得分唯一反推")
    if rule.get("per_point") is not None:
        per = Decimal(str(rule["per_point"]))
    else:
        per = Decimal(str(rule.get("per_point_share", "0")).rstrip("%")) / 100 * weight
    if per <= 0:
        return Derived(how="每单位扣分为 0，无从反推")
    units = lost / per * Decimal(str(rule.get("unit") or 1))
    value = limit - units if m.group(1) == "≥" else limit + units
    text = f"{value.quantize(_SIX).normalize():f}%"
    return Derived({"value": text}, f"由公布得分反推取值 {text}（待评价组核实）")
