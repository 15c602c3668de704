"""A rule read from a report, checked as a framework's rules are checked (the kinds'
parameters, their types, the conditions they write), without importing the scoring package:
a rule that would not pass `validate` is not read at all.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.targets import parse_cell

_VALUE = ("value", "label", "numerator", "denominator")
# kind → (required parameters, optional parameters)
_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "band_then_deduct": (("band",), (*_VALUE, "below", "above")),
    "checklist": ((), ("points", "gate", "per_failure")),
    "deduct_per_point": (
        ("threshold",),
        (*_VALUE, "per_point", "per_point_share", "unit", "whole_units"),
    ),
    "external": ((), ("label",)),
    "formula": (("expression",), ("label", "names")),
    "graded": ((), ("levels", "points")),
    "judgement": ((), ()),
    "parts": (("parts",), ()),
    "ratio": ((), ("label", "numerator", "denominator", "cap")),
    "ratio_target": ((), ("plan",)),
    "stated_default": ((), ("label", "default", "per_complaint")),
    "tiers": (("tiers",), _VALUE),
}
_NUMBERS = ("per_point", "unit", "per_failure", "cap")
_RATES = ("per_point_share", "default", "per_complaint")
_TEXTS = ("label", "value", "numerator", "denominator", "plan", "expression")


def rule_problems(rule: Mapping[str, Any]) -> list[str]:
    """What a framework check would say of `rule` (empty when it passes)."""
    kind = str(rule.get("kind", ""))
    if kind not in _PARAMS:
        return [f"规则类型「{kind}」不存在"]
    required, optional = _PARAMS[kind]
    errors = [f"缺少参数「{p}」" for p in required if p not in rule]
    errors += [f"没有参数「{k}」" for k in rule if k != "kind" and k not in (*required, *optional)]
    for key, value in rule.items():
        if key in _NUMBERS and not isinstance(value, Decimal):
            errors.append(f"参数「{key}」应为数字")
        if key in _RATES and not _is_rate(value):
            errors.append(f"参数「{key}」应为百分数")
        if key in _TEXTS and not isinstance(value, str):
            errors.append(f"参数「{key}」应为文字")
    return errors + _KIND_CHECKS.get(kind, _none)(rule)


def _none(rule: Mapping[str, Any]) -> list[str]:
    return []


def _is_rate(value: Any) -> bool:
    return isinstance(value, Decimal) or (isinstance(value, str) and _condition(value))


def _condition(text: Any) -> bool:
    return isinstance(text, str) and bool(text) and parse_cell(text).amount is not None


def _deduction(spec: Any) -> list[str]:
    if not isinstance(spec, Mapping):
        return ["扣分办法应为映射"]
    if spec.get("zero") is True or "per_point" in spec or "per_point_share" in spec:
        return []
    return ["扣分办法需要 per_point、per_point_share 或 zero"]


def _band(rule: Mapping[str, Any]) -> list[str]:
    errors = [] if _condition(rule.get("band")) else ["满分区间不是数值条件"]
    if "below" not in rule and "above" not in rule:
        errors.append("需要 below 或 above")
    return errors + [
        e for side in ("below", "above") if side in rule for e in _deduction(rule[side])
    ]


def _deduct(rule: Mapping[str, Any]) -> list[str]:
    errors = [] if _condition(rule.get("threshold")) else ["满分标准不是数值条件"]
    return errors + _deduction(rule)


def _tiers(rule: Mapping[str, Any]) -> list[str]:
    tiers = rule.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        return ["分档应为非空列表"]
    errors = []
    for tier in tiers:
        if not isinstance(tier, Mapping) or not _condition(tier.get("when")):
            errors.append("分档条件不是数值条件")
        elif not isinstance(tier.get("score"), Decimal):
            errors.append(f"分档「{tier['when']}」缺少分数")
    return errors


def _checklist(rule: Mapping[str, Any]) -> list[str]:
    points = rule.get("points")
    if not points and not isinstance(rule.get("per_failure"), Decimal):
        return ["需要 points 或 per_failure"]
    ids = []
    for point in points or []:
        if not isinstance(point, Mapping) or set(point) != {"id", "text", "value"}:
            return ["评价要点应写成 {id, text, value}"]
        if not isinstance(point["value"], Decimal):
            return [f"评价要点 {point['id']} 的分值不是数字"]
        ids.append(point["id"])
    if len(set(ids)) != len(ids):
        return ["评价要点编号重复"]
    return [f"前提要点 {g} 不在评价要点中" for g in rule.get("gate") or [] if g not in ids]


def _graded(rule: Mapping[str, Any]) -> list[str]:
    table = rule.get("points") or rule.get("levels")
    if not isinstance(table, Mapping) or not table:
        return ["需要 levels 或 points"]
    return [] if all(isinstance(v, Decimal) for v in table.values()) else ["等级的分值不是数字"]


def _formula(rule: Mapping[str, Any]) -> list[str]:
    try:
        ast.parse(str(rule.get("expression", "")), mode="eval")
    except SyntaxError:
        return ["公式写法有误"]
    names = rule.get("names")
    return [] if names is None or isinstance(names, Mapping) else ["names 应为映射"]


def _parts(rule: Mapping[str, Any]) -> list[str]:
    parts = rule.get("parts")
    if not isinstance(parts, list) or not parts:
        return ["分项应为非空列表"]
    errors = []
    names = [p.get("name") for p in parts if isinstance(p, Mapping)]
    if len(set(names)) != len(parts):
        errors.append("分项名称重复或缺失")
    for part in parts:
        if not isinstance(part, Mapping) or not isinstance(part.get("weight"), Decimal):
            errors.append("分项缺少分值")
            continue
        inner = part.get("rule")
        if not isinstance(inner, Mapping) or inner.get("kind") == "parts":
            errors.append(f"分项「{part.get('name')}」的规则有误")
            continue
        errors += [f"分项「{part.get('name')}」：{e}" for e in rule_problems(inner)]
    return errors


_KIND_CHECKS = {
    "band_then_deduct": _band,
    "deduct_per_point": _deduct,
    "tiers": _tiers,
    "checklist": _checklist,
    "graded": _graded,
    "formula": _formula,
    "parts": _parts,
}
