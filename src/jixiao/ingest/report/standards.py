"""A leaf's 评分标准 as a rule, where its wording is a form the rulebooks use.

The wording is made regular first (`wording.normalise`: full-width signs, spaces, Chinese
numerals). Each form is tried in turn; the first that reads the whole of what scores wins,
and what it reads must pass the checks a framework's rules pass (`checks`). A standard no
form reads gives no rule and says why: the case keeps the published score. Every regular
expression here is linear (no nested repetition), so a hostile cell costs its length only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.ingest.report import forms
from jixiao.ingest.report.checks import rule_problems
from jixiao.ingest.report.parts import parts
from jixiao.ingest.report.wording import condition, normalise, pieces

_NUMBER = r"(\d{1,4}(?:\.\d{1,4})?)"
_MAX_CHARS = 4000  # a standard is a cell: past this it is not one


@dataclass(frozen=True, slots=True)
class Recognised:
    rule: dict[str, Any] | None  # as a framework file writes it under `rule:`
    form: str = ""  # the wording form read, in Chinese
    why: str = ""  # when no rule: what was not understood


_GRADED = re.compile(
    r"显著[的]?得\s*" + _NUMBER + r"\s*分[，,、；;\s]*(?:较显著|比较显著)?[^，,；;]{0,6}?"
    r"一般[的]?得\s*"
    + _NUMBER
    + r"\s*分[，,、；;\s]*不(?:明显|显著)[的]?得\s*"
    + _NUMBER
    + r"\s*分"
)
_POINT = re.compile(
    r"([①②③④⑤⑥⑦⑧⑨⑩])([^①②③④⑤⑥⑦⑧⑨⑩]{1,300}?)[（(]\s*(扣)?\s*" + _NUMBER + r"\s*分\s*[)）]"
)
_DEDUCT_POINT = re.compile(r"[（(]\s*扣\s*\d{1,4}(?:\.\d{1,4})?\s*分\s*[)）]")
_NUMBERED = re.compile(
    r"(?<![\d.])([1-9])[.．、]\s*([^。；;]{1,200}?)[（(]\s*" + _NUMBER + r"\s*分\s*[)）]"
)
_ONE_POINT = re.compile(
    r"扣完为止[。.]?\s*([^。（(]{2,200})[。]?\s*[（(]\s*" + _NUMBER + r"\s*分\s*[)）]"
)
# points that head rules of their own: tiers under a point, a score by formula, sub-items
_NOT_POINTS = re.compile(
    r"分档|得分\s*[=＝]|[（(]1[)）]|[（(]\s*一\s*[)）]|其余|部分项目|酌情|扣\s*\d|按比扣分"
)
_GATE = re.compile(r"在符合([①②③④⑤⑥⑦⑧⑨⑩])的前提下")
_RATIO = re.compile(
    r"([\u4e00-\u9fff]{2,16}率)\s*[=＝]\s*[（(]?\s*([\u4e00-\u9fff]{2,20})\s*[/÷]\s*"
    r"([\u4e00-\u9fff]{2,20})\s*[)）]?\s*[×*xX]\s*100\s*%"
)
_LOOSE_RATIO = re.compile(
    r"([\u4e00-\u9fff]{2,16}率)\s*[=＝]\s*([^=/;。]{2,60})/([^=/;。×*]{1,40})[×*]\s*100\s*%"
)
_DONE_OF_PLAN = re.compile(
    r"得分\s*=\s*[\u4e00-\u9fff]{0,4}完成[\u4e00-\u9fff]{1,12}/[\u4e00-\u9fff]{0,4}计划[\u4e00-\u9fff]{1,12}"
    r"\s*[×*]\s*(?:权重|\d{1,4}(?:\.\d{1,4})?\s*分)"
)
_BY_SHARE = re.compile(
    r"按比例得分|按完成比例|得分\s*[=＝][^。；;]{0,20}率\s*[×*]|×\s*权重|\*\s*权重"
)
_PLAN = re.compile(r"[=＝]\s*" + _NUMBER + r"\s*(个|次|期|项|人次|份|篇|场|家|台|套)")
_SCORE_SHARE = re.compile(
    r"得分\s*[=＝]\s*([\u4e00-\u9fff]{2,20})\s*[/÷]\s*([\u4e00-\u9fff]{2,20})\s*[×*]\s*权重"
)
# what scores otherwise than by the ratio: a deduction, tiers, a full mark for a level
_OTHER_SCORING = re.compile(r"扣\s*\d|得\s*\d+(?:\.\d+)?\s*分|分档|每(?:降低|下降|超过|超出)")
_CAP = re.compile(r"最高(?:可)?得\s*\d+(?:\.\d+)?\s*分")
_JUDGEMENT = re.compile(r"酌情(?:扣分|打分|评分|给分)")


def _point_text(words: str) -> str:
    return re.sub(r"^[:：\s]+|[；;。，,\s]+$", "", words).replace("是否", "")


def _graded(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    m = _GRADED.search(text)
    if not m:
        return None
    points = {
        "显著": Decimal(m.group(1)),
        "一般": Decimal(m.group(2)),
        "不明显": Decimal(m.group(3)),
    }
    return {"kind": "graded", "points": points}


def _point(m: re.Match[str]) -> dict[str, Any]:
    text = _point_text(m.group(2))
    if m.group(3) and text.startswith("存在"):  # ④存在截留…(扣1分): a point when absent
        text = "不" + text
    return {"id": m.group(1), "text": text, "value": Decimal(m.group(4))}


def _checklist(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    points: list[dict[str, Any]] = [_point(m) for m in _POINT.finditer(text)]
    if not points:
        points = [
            {"id": m.group(1), "text": _point_text(m.group(2)), "value": Decimal(m.group(3))}
            for m in _NUMBERED.finditer(text)
        ]
    if not points and "评价要点" in text:  # 评价要点：项目是否按照规定的程序申请设立。(2分)
        one = _ONE_POINT.search(text)
        if one:
            points = [
                {"id": "①", "text": _point_text(one.group(1)), "value": Decimal(one.group(2))}
            ]
    ids = [p["id"] for p in points]
    if not points or len(set(ids)) != len(ids) or _NOT_POINTS.search(_DEDUCT_POINT.sub("", text)):
        return None
    if any("=" in p["text"] or "＝" in p["text"] or "×100%" in p["text"] for p in points):
        return None  # a point scored by a rate: parts of other rules, not a checklist
    if sum((p["value"] for p in points), Decimal(0)) > weight:
        return None  # the points are not parts of this weight: another form
    if _RATIO.search(text) or (_BY_SHARE.search(text) and "扣完为止" not in text):
        return None  # ①②③ listing rates scored by share: not a checklist
    rule: dict[str, Any] = {"kind": "checklist", "points": points}
    gate = _GATE.search(text)
    if gate and gate.group(1) in ids:
        rule["gate"] = [gate.group(1)]
    return rule


def _full_line(text: str, skip: str) -> str:
    """The clause that gives full marks (else the first with a condition), as a condition."""
    first = ""
    for clause in pieces(text.replace(skip, " ")):
        cond, _ = condition(clause)
        if cond is None:
            continue
        line = cond.when()
        if re.search(r"得满分|不扣分|满分", clause):
            return line
        first = first or line
    return first


def _deduct(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    m = forms._PER.search(text)
    if not m or "按比例" in text.replace(m.group(0), "") or forms.valued_items(text) >= 2:
        return None
    up = m.group(1) in forms._UP
    line = _full_line(text, m.group(0)) or _full_line(benchmark, "")
    limit = re.search(r"(\d{1,4}(?:\.\d{1,4})?)%", line)
    if not limit:
        return None
    rest = text.replace(m.group(0), "")
    other = ("降低", "下降", "未达到", "低于") if up else ("超过", "超出", "得0分", "不得分")
    if any(w in rest for w in other) or forms._PER.search(rest):
        return None  # a band with a rule on each side (band_then_deduct): not read here
    sign = "≤" if up else "≥"
    rule: dict[str, Any] = {"kind": "deduct_per_point", "threshold": f"{sign}{limit.group(1)}%"}
    rule |= forms._side_rule(m)
    if "不足1个百分点的" in text and "按1个百分点" in text:
        rule["whole_units"] = True
    return rule


def _ratio(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    text = _CAP.sub("", text)  # 最高可得7分: the weight again, not a tier
    m = _RATIO.search(text)
    if m and not _OTHER_SCORING.search(text):
        return {
            "kind": "ratio",
            "label": m.group(1),
            "numerator": m.group(2),
            "denominator": m.group(3),
        }
    loose = _LOOSE_RATIO.search(text)
    scored = loose and re.search(re.escape(loose.group(1)) + r"\s*[×*]\s*权重", text)
    if loose and scored and not _OTHER_SCORING.search(text):
        return {"kind": "ratio", "label": loose.group(1)}
    share = _SCORE_SHARE.search(text)
    if share and not _OTHER_SCORING.search(text):
        return {
            "kind": "ratio",
            "label": name or "比率",
            "numerator": share.group(1),
            "denominator": share.group(2),
        }
    return None


def _ratio_target(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    if not _BY_SHARE.search(text) and "按完成比例" not in text:
        return None
    plan = _PLAN.search(text)
    if plan:
        return {"kind": "ratio_target", "plan": f"{plan.group(1)}{plan.group(2)}"}
    m = re.fullmatch(_NUMBER + r"\s*(个|次|期|项|人次|份|篇|场|家|台|套)", benchmark.strip())
    if m and ("实际" in text and "计划" in text):
        return {"kind": "ratio_target", "plan": f"{m.group(1)}{m.group(2)}"}
    return None


def _done_of_plan(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """本指标得分=已完成项目数/计划完成项目总数×6分: the plan is a fact of the year."""
    m = _DONE_OF_PLAN.search(text)
    if not m or re.search(r"扣\s*\d|每", text):
        return None
    return {"kind": "ratio_target"}


def _judgement(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    if not _JUDGEMENT.search(text) or _POINT.search(text) or _NUMBERED.search(text):
        return None  # 酌情扣分 within one of several parts: the parts have rules of their own
    if "=" in text or "＝" in text:
        return None
    return {"kind": "judgement"}


_Form = Callable[[str, Decimal, str, str], dict[str, Any] | None]
_ONE_RULE: tuple[tuple[str, _Form], ...] = (
    ("层差法", _graded),
    ("季度预算执行率对序时进度", forms.quarterly),
    ("未开展调查视同", forms.stated_default),
    ("区间满分、区外扣分", forms.band),
    ("达标满分、否则按比扣分", forms.by_share),
    ("每降低 N 个百分点扣分", _deduct),
    ("分档计分", forms.tiers),
    ("分档评定", forms.graded_items),
    ("每发现一项扣分", forms.per_failure),
    ("评价要点 ①②③", _checklist),
    ("满分否则不得分", forms.all_or_nothing),
    ("按考核结果得分", forms.external),
    ("完成比例计分", _ratio_target),
    ("已完成数 ÷ 计划数", _done_of_plan),
    ("比率超计划得 0 分", forms.rate_or_zero),
    ("比率按比例得分", _ratio),
)


def _one(
    text: str, weight: Decimal, benchmark: str, name: str
) -> tuple[dict[str, Any] | None, str]:
    for form, read in _ONE_RULE:
        rule = read(text, weight, benchmark, name)
        if rule is not None and not rule_problems(rule):
            return rule, form
    if _JUDGEMENT.search(text) and not re.search(r"[=＝]|扣\s*\d", text):
        return {"kind": "judgement"}, "酌情扣分"
    return None, ""


def _part(text: str, weight: Decimal, name: str) -> tuple[dict[str, Any] | None, str]:
    return _one(text, weight, "", name)


def recognise(standard: str, weight: Decimal, *, name: str = "", benchmark: str = "") -> Recognised:
    if len(standard) > 2 * _MAX_CHARS:
        return Recognised(None, why=f"评分标准超过 {_MAX_CHARS} 字，不按规则读")
    text = normalise(standard)
    if not text:
        return Recognised(None, why="没有评分标准")
    if len(text) > _MAX_CHARS:
        return Recognised(None, why=f"评分标准超过 {_MAX_CHARS} 字，不按规则读")
    bench = normalise(benchmark)[:200]
    for form, read in _ONE_RULE:
        rule = read(text, weight, bench, name)
        if rule is None:
            continue
        wrong = rule_problems(rule)
        if wrong:
            return Recognised(None, why=f"评分标准读作「{form}」，但{'；'.join(wrong)}")
        return Recognised(rule, form)
    rule = parts(text, weight, bench, name, _part)
    if rule is not None:
        wrong = rule_problems(rule)
        if wrong:
            return Recognised(None, why=f"评分标准读作「分项计分」，但{'；'.join(wrong)}")
        return Recognised(rule, "分项计分")
    judged = _judgement(text, weight, bench, name)
    if judged is not None:
        return Recognised(judged, "酌情扣分")
    shown = text if len(text) <= 30 else text[:30] + "…"
    return Recognised(None, why=f"评分标准「{shown}」不是已知的写法")
