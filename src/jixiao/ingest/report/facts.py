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
from jixiao.ingest.report import measure, solve

_SIX = Decimal("0.000001")
_MAX_NOTE = 20000  # an indicator's analysis: a few paragraphs, read no further
_MAX_POINTS = 12  # subsets of more points are not tried (2^12 at most)


@dataclass(frozen=True, slots=True)
class Derived:
    facts: dict[str, Any] = field(default_factory=dict)
    how: str = ""  # where the facts came from, or why there are none


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(_SIX).normalize():f}%"


def _stated_rate(note: str, label: str) -> Decimal | None:
    return measure.stated_rate(note, label)


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
    if len(fits) > 1 and len(named) != 1:
        texts = {str(p["id"]): str(p.get("text", "")) for p in rule.get("points") or []}
        short = set(measure.short_of(note, texts))
        said = [ids for ids in fits if set(ids) == short]
        if len(said) == 1:
            return Derived(
                {"failed": said[0]},
                f"分析所述：要点{'、'.join(said[0])}不符合，扣 {fmt(lost)} 分（待评价组核实）",
            )
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
    note = note[:_MAX_NOTE]
    if weight <= 0:
        return Derived(how="权重为 0，无从反推")
    if kind in _SOLVED:
        facts, how = _SOLVED[kind](rule, weight, score, note, name)
        return Derived(facts, how)
    if kind == "parts":
        return _parts(rule, weight, score, note)
    if kind == "checklist" and rule.get("per_failure") is not None:
        facts, how = solve.per_failure(rule, weight, score, note, name)
        return Derived(facts, how)
    if kind == "ratio_target" and not rule.get("plan"):
        facts, how = solve.ratio_target(rule, weight, score, note, name)
        return Derived(facts, how)
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
        if not table and "levels" not in rule:
            return Derived(how="等级表缺失")
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


_SOLVED: dict[str, solve.Derive] = {
    "tiers": solve.tiers,
    "band_then_deduct": solve.band,
    "external": solve.external,
    "stated_default": solve.stated_default,
    "formula": solve.formula,
}


def _stated(rule: Mapping[str, Any], weight: Decimal, note: str, name: str) -> Derived:
    """Only what the analysis states for a part (no published score to turn round)."""
    kind = str(rule.get("kind"))
    label = str(rule.get("label") or name)
    if kind in ("tiers", "band_then_deduct", "deduct_per_point"):
        rate = measure.stated_rate(note, label)
        return Derived({"value": _pct(rate)}, f"分析所述取值 {_pct(rate)}") if rate else Derived()
    if kind == "ratio":
        rate = measure.stated_rate(note, label)
        return Derived({"rate": _pct(rate)}, f"分析所述比率 {_pct(rate)}") if rate else Derived()
    if kind == "formula" and set(rule.get("names") or {}) == {"rate"}:
        facts, how = solve.formula(rule, weight, None, note, name)
        return Derived(facts, how)
    return Derived()


def _parts(rule: Mapping[str, Any], weight: Decimal, score: Decimal | None, note: str) -> Derived:
    """Each part's facts: stated by the analysis, else the published score's points lost
    laid on the one part they can belong to (the only part not stated, or the one the
    analysis says falls short), the others full."""
    parts = [p for p in rule.get("parts") or [] if isinstance(p, Mapping)]
    if score is None:
        return Derived(how="没有公布得分，事实待评价组填写")
    facts: dict[str, Any] = {}
    hows: list[str] = []
    lost = weight - score
    unknown: list[Mapping[str, Any]] = []
    for part in parts:
        pw = Decimal(str(part["weight"]))
        said = _stated(part["rule"], pw, note, str(part["name"]))
        got = solve.share(part["rule"], pw, said.facts) if said.facts else None
        if said.facts and got is not None:
            facts[part["name"]] = said.facts
            hows.append(f"{part['name']}：{said.how}")
            lost -= pw - got
        else:
            unknown.append(part)
    if lost < 0 or (lost > 0 and not unknown):
        return Derived(how="分析所述各分项得分与公布得分不符，须评价组核实")
    target = None
    if lost > 0:
        if len(unknown) == 1:
            target = unknown[0]
        else:
            texts = {str(p["name"]): str(p["rule"].get("label") or p["name"]) for p in unknown}
            short = measure.short_of(note, texts)
            target = next((p for p in unknown if [p["name"]] == short), None)
        if target is None or lost > Decimal(str(target["weight"])):
            return Derived(how=f"扣 {fmt(lost)} 分对应的分项不止一种可能，须评价组指明")
    for part in unknown:
        pw = Decimal(str(part["weight"]))
        got = pw - lost if part is target else pw
        derived = derive_facts(part["rule"], pw, got, note, str(part["name"]))
        if not derived.facts:
            return Derived(how=f"分项「{part['name']}」：{derived.how}")
        facts[part["name"]] = {k: v for k, v in derived.facts.items() if k != "note"}
        hows.append(f"{part['name']}：{derived.how}")
    return Derived(facts, "；".join(hows))
