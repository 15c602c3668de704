"""Wording forms of 评分标准 beyond the one-line ones: tiers (分档: ≥95% 得6分 …), a band
with a rule on each side, a full mark or nothing, a deduction per failing item, a score by an
external result, a stated default (未开展满意度调查 … 视满意度为90%), quarterly execution
against 序时进度, a rate scored to 0 past 100%, graded sub-items ((1) … 得1.5分) and a
standard in parts, each part a rule of its own.

Each form takes the normalised standard, the weight, the benchmark and the leaf's name and
gives the rule as a framework writes it, or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jixiao.ingest.report.wording import NUMBER, Interval, condition, fmt, items, pieces, samples

Form = Callable[[str, Decimal, str, str], "dict[str, Any] | None"]

_SCORE = re.compile(r"(?:得|计|记|给)\s*" + NUMBER + r"\s*分|(得满分|满分|不得分|不计分|0分)")
_DEDUCTS = re.compile(r"扣\s*\d|扣除|按比")
_DEFINED = re.compile(r"([\u4e00-\u9fff“”\"]{2,20}率)\s*=")


def _score(clause: str, weight: Decimal) -> tuple[Decimal | None, int]:
    """The score a clause gives and where its wording starts (-1 when none)."""
    m = _SCORE.search(clause)
    if not m:
        return None, -1
    if m.group(1) is not None:
        return Decimal(m.group(1)), m.start()
    return (weight if "满分" in m.group(2) else Decimal(0)), m.start()


def _tier_rows(text: str, weight: Decimal) -> list[tuple[Interval, Decimal, str]] | None:
    """(condition, score, label) for every clause that scores; None when a clause scores
    without a condition, or deducts."""
    rows: list[tuple[Interval, Decimal, str]] = []
    for clause in pieces(text):
        score, at = _score(clause, weight)
        if score is None:
            if _DEDUCTS.search(clause):
                return None
            continue
        if _DEDUCTS.search(clause):
            return None
        cond, label = condition(clause[:at] if at > 0 else clause)
        if cond is None:
            if re.match(r"(否则|其他|其余|反之)", clause) and len(rows) == 1:
                rest = _complement(rows[0][0])
                if rest is not None:
                    rows.append((rest, score, ""))
                    continue
            return None
        rows.append((cond, score, label))
    return rows


def _complement(cond: Interval) -> Interval | None:
    if cond.lo is not None and cond.hi is None:
        return Interval(None, True, cond.lo, not cond.lo_closed)
    if cond.hi is not None and cond.lo is None:
        return Interval(cond.hi, not cond.hi_closed)
    return None


def _ordered(rows: list[tuple[Interval, Decimal, str]]) -> list[dict[str, Any]] | None:
    """The tiers as `when` conditions that read, top-down, as the standard means them."""
    conds = [c for c, _, _ in rows]
    points = samples(conds)

    def meant(v: Decimal) -> Decimal | None:
        return next((s for c, s, _ in rows if c.holds(v)), None)

    written = [(c.when(), _as_written(c), s) for c, s, _ in rows]
    if all(meant(v) == next((s for _, w, s in written if w.holds(v)), None) for v in points):
        return [{"when": w, "score": s} for w, _, s in written]
    ranked = sorted(rows, key=lambda r: (r[0].lo is not None, r[0].lo or 0), reverse=True)
    lower = [(c.lower_when(), _lower(c), s) for c, s, _ in ranked]
    if all(meant(v) == next((s for _, w, s in lower if w.holds(v)), None) for v in points):
        return [{"when": w, "score": s} for w, _, s in lower]
    return None


def _as_written(c: Interval) -> Interval:
    if c.lo is not None and c.hi is not None:
        return Interval(c.lo, True, c.hi, True)  # 5%-10% reads inclusive
    return c


def _lower(c: Interval) -> Interval:
    return c if c.lo is None else Interval(c.lo, c.lo_closed)


def _label(text: str, rows: list[tuple[Interval, Decimal, str]], name: str) -> str | None:
    """The one value the conditions are on; None when they name two."""
    defined = {m.group(1) for m in _DEFINED.finditer(text)}
    said = {lab for _, _, lab in rows if lab}
    if len(defined) > 1:
        return None
    if defined:
        return defined.pop()
    stems = {s[-4:] for s in said}
    if len(stems) > 1:
        return None
    return said.pop() if said else name


def tiers(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    if "每" in text or "酌情" in text:
        return None
    rows = _tier_rows(text, weight)
    if not rows or len(rows) < 2 or any(s > weight for _, s, _ in rows):
        return None
    label = _label(text, rows, name)
    ordered = _ordered(rows)
    if label is None or ordered is None:
        return None
    return {"kind": "tiers", "label": label, "tiers": ordered}


_PER = re.compile(
    r"(?:每(?:较目标值)?|超出|超过)?(降低|下降|减少|低于|超过|超出|增加)\s*"
    + NUMBER
    + r"\s*(?:个百分点|%)[,]?\s*(?:扣除?权重的\s*"
    + NUMBER
    + r"\s*%|扣\s*"
    + NUMBER
    + r"\s*分)"
)
_UP = ("超过", "超出", "增加")
_ZERO = re.compile(r"得\s*0\s*分|不得分")


def _side_rule(m: re.Match[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if m.group(2) != "1":
        spec["unit"] = Decimal(m.group(2))
    if m.group(3):
        spec["per_point_share"] = f"{m.group(3)}%"
    else:
        spec["per_point"] = Decimal(m.group(4))
    return spec


def valued_items(text: str) -> int:
    """How many numbered items carry a value of their own ((1分)): parts, or a checklist."""
    return sum(1 for i in items(text)[1] if i.value is not None)


def band(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """得满分 within a band; past it 得0分 or so much per point, on each side."""
    if valued_items(text) >= 2:
        return None
    full = None
    sides: dict[str, dict[str, Any]] = {}
    label = ""
    for clause in pieces(text):
        score, at = _score(clause, weight)
        per = _PER.search(clause)
        cond, said = condition(clause[:at] if at > 0 else clause)
        label = label or said
        if per:
            side = "above" if per.group(1) in _UP else "below"
            sides[side] = {
                **_side_rule(per),
                **({"whole_units": True} if "不足1个" in text else {}),
            }
        elif score == weight and cond is not None and full is None:
            full = cond
        elif score == 0 and cond is not None and _ZERO.search(clause):
            sides["above" if cond.lo is not None else "below"] = {"zero": True}
        elif score is not None:
            return None
    if full is None or not sides:
        return None
    if full.lo is None or full.hi is None:
        return None  # one side only: deduct_per_point, or tiers when the other side is 0
    rule: dict[str, Any] = {"kind": "band_then_deduct", "label": label or name}
    rule["band"] = full.when()
    return rule | {side: sides[side] for side in ("below", "above") if side in sides}


def by_share(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """小于等于100%得满分，否则按比(例)扣分: each point past the line costs 1% of the weight."""
    m = re.search(r"否则按比例?扣分", text)
    if not m or "每" in text or valued_items(text) >= 2:
        return None
    cond, label = condition(text[: m.start()])
    if cond is None or (cond.lo is not None and cond.hi is not None):
        return None
    side = "above" if cond.hi is not None else "below"
    defined = _DEFINED.search(text)
    return {
        "kind": "band_then_deduct",
        "label": defined.group(1) if defined else label or name,
        "band": cond.when(),
        side: {"per_point_share": "1%"},
    }


def all_or_nothing(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    m = re.search(r"(?:即可)?得满分[,;]?\s*(?:否则|反之)[,]?\s*(?:不得分|得0分|为0分|0分)", text)
    if not m or re.search(r"扣\s*\d|每", text):
        return None
    cond, label = condition(text[: m.start()])
    if cond is not None:
        rest = _complement(cond)
        if rest is None:
            return None
        return {
            "kind": "tiers",
            "label": label or name,
            "tiers": [
                {"when": cond.when(), "score": weight},
                {"when": rest.when(), "score": Decimal(0)},
            ],
        }
    yes = benchmark.strip() if 1 < len(benchmark.strip()) <= 12 else "符合"
    return {"kind": "graded", "levels": {yes: Decimal(1), "不符合": Decimal(0)}}


_EACH = re.compile(
    r"(?:发现|每有|每发现|有|每)?\s*1\s*(?:项|处|个|次|件|起)[^扣;。]{0,24}?扣\s*"
    + NUMBER
    + r"\s*分"
)


def per_failure(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """发现一项不符合的扣1分，扣完为止: each failing item costs the same."""
    found = list(_EACH.finditer(text))
    if len(found) != 1 or re.search(r"[①②③④⑤⑥⑦⑧⑨⑩]|%|百分点|酌情", text):
        return None
    rest = text.replace(found[0].group(0), "")
    for m in re.finditer(r"\(\s*" + NUMBER + r"\s*分\s*\)|得\s*" + NUMBER + r"\s*分", rest):
        if Decimal(m.group(1) or m.group(2)) != weight:
            return None  # a point of its own: a checklist or parts
    if re.search(r"扣\s*\d", rest):
        return None
    return {"kind": "checklist", "per_failure": Decimal(found[0].group(1))}


_EXTERNAL = re.compile(
    r"按(?:[\u4e00-\u9fff]{0,6})?(考核|考评|评估|测评|评价)结果(?:的)?(?:百分比|得分率|比例)?(?:计分|得分)"
)
_PERCENT_OF = re.compile(r"按([\u4e00-\u9fff]{2,10}?)(百分比|比例)(?:计分|得分)")


def external(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    if re.search(r"扣\s*\d|每|=", text):
        return None
    m = _EXTERNAL.search(text)
    if m:
        return {"kind": "external", "label": f"{m.group(1)}结果"}
    share = _PERCENT_OF.search(text)
    if share and share.group(1) not in ("以上", "按"):
        return {"kind": "ratio", "label": share.group(1) + share.group(2)}
    return None


def stated_default(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    m = re.search(
        r"未(?:开展|进行)([\u4e00-\u9fff]{0,4}?)调查[^;。]{0,30}?视\1?为\s*" + NUMBER + "%", text
    )
    if not m:
        return None
    rule: dict[str, Any] = {
        "kind": "stated_default",
        "label": m.group(1) or "满意度",
        "default": f"{m.group(2)}%",
    }
    per = re.search(
        r"每收到\s*1\s*(?:位|件|个|起|次)[^;。]{0,20}?投诉[^;。]{0,12}?下降\s*" + NUMBER + "%", text
    )
    if per:
        rule["per_complaint"] = f"{per.group(1)}%"
    return rule


_QUARTER = re.compile(
    r"([一二三四1-4])季度[\u4e00-\u9fff]{0,8}得分=\(?[\u4e00-\u9fff]{2,16}/序时进度\s*"
    + NUMBER
    + r"\s*%\)?\s*[×*]\s*"
    + NUMBER
    + r"\s*分"
)
_YEARLY = re.compile(r"全年[\u4e00-\u9fff]{0,8}得分=全年平均执行率\s*[×*]\s*" + NUMBER + r"\s*分")
_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def quarterly(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """Each quarter's execution against 序时进度, and the year's average, as one formula."""
    quarters = {
        _Q[m.group(1)]: (Decimal(m.group(2)), Decimal(m.group(3))) for m in _QUARTER.finditer(text)
    }
    if sorted(quarters) != [1, 2, 3, 4]:
        return None
    terms = []
    for q, (progress, points) in sorted(quarters.items()):
        term = f"q{q}/{fmt(progress / 100)}"
        terms.append(term if points == 1 else f"{term}*{fmt(points)}")
    yearly = _YEARLY.search(text)
    if yearly:
        terms.append(f"avg([q1, q2, q3, q4]) * {fmt(Decimal(yearly.group(1)))}")
    return {
        "kind": "formula",
        "label": "季度预算执行得分",
        "expression": " + ".join(terms),
        "names": {f"q{q}": f"第{'一二三四'[q - 1]}季度预算执行率" for q in range(1, 5)},
    }


_RATE_TIMES = re.compile(r"([\u4e00-\u9fff“”\"]{2,20}率)得分=\1\s*[×*]\s*" + NUMBER + r"\s*分")


def rate_or_zero(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """X率得分 = X率 × N分, and 0 when the actual is over the plan."""
    m = _RATE_TIMES.search(text)
    if not m or not re.search(r"(?:大于|超过|超出|>)[^;。]{0,16}?(?:本项)?得\s*0\s*分", text):
        return None
    if Decimal(m.group(2)) != weight or re.search(r"扣\s*\d|每", text):
        return None
    return {
        "kind": "formula",
        "label": m.group(1),
        "expression": "weight * rate if rate <= 1 else 0",
        "names": {"rate": m.group(1)},
    }


_SUB = re.compile(r"\(\d\)\s*([^()]{2,60}?)的?\s*[,]?\s*得\s*" + NUMBER + r"\s*分")


def graded_items(text: str, weight: Decimal, benchmark: str, name: str) -> dict[str, Any] | None:
    """按以下标准分档计分：(1)按规定…公开的，得1.5分 (2)…得1分 (3)没有进行公开的，得0分."""
    subs = [(m.group(1).strip(" ,的"), Decimal(m.group(2))) for m in _SUB.finditer(text)]
    if len(subs) < 2 or re.search(r"\d\s*%", text) or len({s for s, _ in subs}) != len(subs):
        return None
    if max(v for _, v in subs) != weight or len(_SCORE.findall(text)) != len(subs):
        return None
    return {"kind": "graded", "points": dict(subs)}
