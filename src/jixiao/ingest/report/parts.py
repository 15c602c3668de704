"""A 评分标准 in parts: numbered items each worth part of the weight, each item a rule of its
own (1.资金支出规范性（1分）… 酌情扣分；2.资金调整、调剂规范性（1分）… 超出一个百分点扣0.1分),
plain statements a checklist point each. An item without a value that zeroes the whole
indicator (本项指标得0分) is its veto, which every indicator has; one that says
the indicator scores regardless (直接得分) is a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jixiao.ingest.report.wording import NUMBER, Item, items

Read = Callable[[str, Decimal, str], "tuple[dict[str, Any] | None, str]"]

_VETO = re.compile(r"本项(?:指标)?(?:整体)?得\s*0\s*分|直接得分|不需要公开")
_SCORED = re.compile(r"得\s*\d|扣\s*\d|得满分|不得分|酌情|=|率")
_TIMES = re.compile(r"得分=[^;。]{1,80}?[×*]\s*" + NUMBER + r"\s*分")
_GETS = re.compile(r"得\s*" + NUMBER + r"\s*分")
_HEAD = re.compile(r"^([\u4e00-\u9fff“”\"、]{2,20}?)(?:[,。:;]|$)")
_EACH_SHARE = re.compile(r"以上(?:评分)?(?:维度|各项|要点)[^;。]{0,20}?按比例得分")


def _name(item: Item, rule: dict[str, Any]) -> str:
    head = _HEAD.match(item.body)
    label = str(rule.get("label") or "")
    if rule["kind"] == "checklist" and rule.get("points"):
        return f"{item.id + '.' if item.id.isascii() else item.id}{item.body[:24]}"
    if head and len(head.group(1)) <= 16:
        return head.group(1)
    if label and len(label) <= 16:
        return label
    return f"{item.id}{item.body[:24]}"


def parts(
    text: str, weight: Decimal, benchmark: str, name: str, read: Read
) -> dict[str, Any] | None:
    _, found, tail = items(text)
    if len(found) < 2 or "前提" in text:
        return None
    each_share = bool(_EACH_SHARE.search(tail))
    out: list[dict[str, Any]] = []
    for item in found:
        value = item.value
        if value is None:
            times = _TIMES.search(item.body)
            value = Decimal(times.group(1)) if times else None
        if value is None and "%" in item.body:  # tiers under a heading: the top tier's score
            scores = [Decimal(m.group(1)) for m in _GETS.finditer(item.body)]
            value = max(scores) if len(scores) >= 2 else None
        if value is None:
            if _VETO.search(item.body):
                continue
            return None
        if each_share and item.body.endswith("率"):
            rule: dict[str, Any] | None = {"kind": "ratio", "label": item.body}
        elif not _SCORED.search(item.body):
            point = {"id": item.id, "text": item.body.replace("是否", ""), "value": value}
            rule = {"kind": "checklist", "points": [point]}
        else:
            rule, _ = read(item.body, value, item.body)
        if rule is None or (
            rule["kind"] in ("parts", "judgement") and not re.search("酌情", item.body)
        ):
            return None
        out.append({"name": _name(item, rule), "weight": value, "rule": rule})
    if sum((p["weight"] for p in out), Decimal(0)) != weight or len(out) < 2:
        return None
    if all(p["rule"]["kind"] == "checklist" and p["rule"].get("points") for p in out):
        return None  # points only: the checklist form's
    if len({p["name"] for p in out}) != len(out):
        return None
    return {"kind": "parts", "parts": out}
