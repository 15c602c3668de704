"""The wording of a 评分标准 made regular before its forms are read: full-width signs and digits
as ASCII, spaces only between two figures, Chinese numerals before a counter as digits
(扣一分 → 扣1分, 一个百分点 → 1个百分点, 百分之九十 → 90%); the numbered items of a standard;
the value conditions it writes (≥95%, 90%≤满意度<95%, 90%以上, 不足60%) as intervals.

Every regular expression here is linear (no nested repetition) and every input is a cell,
bounded by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.targets.numerals import chinese_number

NUMBER = r"(\d{1,4}(?:\.\d{1,4})?)"

_WIDE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "，": ",",
        "；": ";",
        "：": ":",
        "％": "%",
        "＝": "=",
        "＜": "<",
        "＞": ">",
        "≧": "≥",
        "≦": "≤",
        "＊": "*",
        "／": "/",
        "．": ".",
        "～": "~",
        "－": "-",
        "—": "-",
        "–": "-",
        "＋": "+",
        "\u3000": " ",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"(?<=(.)) (?=(.))")
_FIGURE = re.compile(r"[A-Za-z0-9%.]")
_CN_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十点]{1,8})")
# a numeral before a counter; 统一项目, 第一项, 万一 and 十分显著 stay words
_CN_COUNT = re.compile(
    r"(?<![第统唯之单同逐万不])([零〇一二两三四五六七八九十百]{1,6})"
    r"(?=个|项|处|次|件|位|人|家|档|%|分(?![点之显明重必]))"
)


def normalise(text: str) -> str:
    """The standard with its signs, spaces and numerals made regular."""
    s = _SPACES.sub(" ", text.translate(_WIDE)).strip()
    s = s.replace(">=", "≥").replace("<=", "≤")
    s = _SPACE.sub(
        lambda m: " " if _FIGURE.match(m.group(1)) and _FIGURE.match(m.group(2)) else "", s
    )
    if _CN_PERCENT.search(s):
        s = _CN_PERCENT.sub(lambda m: _numeral(m, "%"), s)
    return _CN_COUNT.sub(lambda m: _numeral(m, ""), s)


def _numeral(m: re.Match[str], suffix: str) -> str:
    number = chinese_number(m.group(1))
    return m.group(0) if number is None else f"{number}{suffix}"


# Items ------------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_VALUE = re.compile(r"[(]\s*(扣)?\s*" + NUMBER + r"\s*分\s*[)]")
# a figure after these is a quantity (得1.5分, 扣0.5分, ×1分), never an item's number
_NOT_BEFORE_ITEM = frozenset("得扣为达到至减计共约和或于过足低高满第每各×*/=≥≤<>+-~(.0123456789")


# what follows the last item's value and speaks of all the items
_TAIL = re.compile(r"[\s;,。.、]*(?:以上|上述|在符合|在满足|注|如不符合|不满足|其中|若不符合)")


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # ①, or 1 for "1."
    body: str  # the item's words without its value
    value: Decimal | None  # (2分); None when the item states none
    deducts: bool = False  # (扣1分): a point that costs its value when it holds


def _numbered_starts(text: str) -> list[tuple[int, int, str]]:
    """Where items 1., 2., 3. … start (in order, each after the last): (start, end of the
    marker, id). 2.5%≤比率 after a separator is item 2 when item 2 is due."""
    out: list[tuple[int, int, str]] = []
    at, expected = 0, 1
    while expected <= 20:
        mark = re.compile(rf"(?<!\d){expected}\s*[.、]")
        found = None
        for m in mark.finditer(text, at):
            spaced = text[m.start() - 1 : m.start()] == " "
            before = text[: m.start()].rstrip()
            prev = before[-1:] if before else ""
            if prev and prev in _NOT_BEFORE_ITEM and not spaced:
                continue
            nxt = text[m.end() : m.end() + 1]
            if nxt.isdigit() and prev not in ("", ";", "。", ",", ":", ")") and not spaced:
                continue
            found = m
            break
        if found is None:
            break
        out.append((found.start(), found.end(), str(expected)))
        at, expected = found.end(), expected + 1
    return out


def items(text: str) -> tuple[str, list[Item], str]:
    """The preamble, the numbered items (①… or 1. …) and what follows the last item's value
    (以上评分维度…; 在符合①的前提下…). Items without numbering: none."""
    starts = [(m.start(), m.end(), m.group(0)) for m in re.finditer(f"[{_CIRCLED}]", text)]
    if len(starts) < 2 or len({s[2] for s in starts}) != len(starts):
        starts = _numbered_starts(text)
    if not starts:
        return text, [], ""
    preamble = text[: starts[0][0]]
    out: list[Item] = []
    tail = ""
    for i, (_, end, ident) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[end:stop]
        values = list(_VALUE.finditer(body))
        value = Decimal(values[0].group(2)) if len(values) == 1 else None
        deducts = bool(values[0].group(1)) if len(values) == 1 else False
        if len(values) == 1 and i + 1 == len(starts) and _TAIL.match(body[values[0].end() :]):
            tail = body[values[0].end() :]
            body = body[: values[0].end()]
        if len(values) == 1:
            body = body[: values[0].start()] + body[values[0].end() :]
        out.append(Item(ident, body.strip(" ;,。.、"), value, deducts))
    return preamble, out, tail.strip(" ;,。.、")


def clauses(text: str) -> list[str]:
    """The text cut at ; and 。 and at sub-item numbers ((1), (2) …)."""
    parts = re.split(r"[;。]|(?=\(\d{1,2}\))|(?<!\d)(?=[1-9][.、](?!\d))", text)
    return [p.strip(" ,") for p in parts if p and p.strip(" ,")]


def pieces(text: str) -> list[str]:
    """The clauses of a standard, item by item (an item's number never read as a figure)."""
    preamble, found, tail = items(text)
    if not found:
        return clauses(text)
    bodies = [preamble, *(i.body for i in found), tail]
    return [c for body in bodies if body for c in clauses(body)]


# Conditions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """A value condition on a percentage: lo/hi None when open on that side."""

    lo: Decimal | None = None
    lo_closed: bool = True
    hi: Decimal | None = None
    hi_closed: bool = True

    def holds(self, v: Decimal) -> bool:
        if self.lo is not None and (v < self.lo or (v == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (v > self.hi or (v == self.hi and not self.hi_closed)))

    def meet(self, other: Interval) -> Interval:
        lo, lo_closed = self.lo, self.lo_closed
        if other.lo is not None and (
            lo is None or other.lo > lo or (other.lo == lo and not other.lo_closed)
        ):
            lo, lo_closed = other.lo, other.lo_closed
        hi, hi_closed = self.hi, self.hi_closed
        if other.hi is not None and (
            hi is None or other.hi < hi or (other.hi == hi and not other.hi_closed)
        ):
            hi, hi_closed = other.hi, other.hi_closed
        return Interval(lo, lo_closed, hi, hi_closed)

    def when(self) -> str:
        """As the target language writes it (a closed range as 5%-10%)."""
        if self.lo is not None and self.hi is not None:
            return f"{fmt(self.lo)}%-{fmt(self.hi)}%"
        if self.lo is not None:
            return f"{'≥' if self.lo_closed else '>'}{fmt(self.lo)}%"
        if self.hi is not None:
            return f"{'≤' if self.hi_closed else '<'}{fmt(self.hi)}%"
        return ""

    def lower_when(self) -> str:
        """Only its lower side (for tiers read top-down, the higher ones taken before)."""
        if self.lo is None:
            return Interval(None, True, self.hi, self.hi_closed).when()
        return f"{'≥' if self.lo_closed else '>'}{fmt(self.lo)}%"


def fmt(d: Decimal) -> str:
    return f"{d.normalize():f}"


_OPS = {"≥": (True, True), ">": (True, False), "≤": (False, True), "<": (False, False)}
_FLIP = {"≥": "≤", "≤": "≥", ">": "<", "<": ">"}
_WORD_OPS = (
    ("大于或等于", "≥"),
    ("大于等于", "≥"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("达到", "≥"),
    ("小于或等于", "≤"),
    ("小于等于", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不大于", "≤"),
    ("未达到", "<"),
    ("高于", ">"),
    ("大于", ">"),
    ("超过", ">"),
    ("超出", ">"),
    ("低于", "<"),
    ("小于", "<"),
    ("不足", "<"),
    ("不满", "<"),
)
_LABEL = r"([^\d%;,。≥≤<>=]{0,24}?)"
_PCT = NUMBER + r"\s*%"
_DOUBLE = re.compile(_PCT + r"\s*([≥≤<>])\s*" + _LABEL + r"\s*([≥≤<>])\s*" + _PCT)
_SIGN = re.compile(r"([≥≤<>])\s*" + _PCT)
_REVERSED = re.compile(_PCT + r"\s*([≥≤<>])\s*(?=[^\d\s])")
_WORDS = re.compile(
    "(?<!每)(" + "|".join(w for w, _ in _WORD_OPS) + r")\s*" + _PCT + r"(?!\s*(?:个百分点|的比例))"
)
_SUFFIX = re.compile(_PCT + r"\s*(?:\(含\)|及)?\s*(以上|以下|以内)")
_RANGE = re.compile(NUMBER + r"\s*%?\s*[-~至到]\s*" + _PCT + r"(?:\s*\(含\))?")


def _side(op: str, n: Decimal) -> Interval:
    lower, closed = _OPS[op]
    return Interval(n, closed) if lower else Interval(None, True, n, closed)


def condition(clause: str) -> tuple[Interval | None, str]:
    """The value condition a clause states, with the label it names ("" if none); None when
    it states none (or two that do not meet)."""
    found: list[Interval] = []
    label = ""
    rest = clause
    m = _DOUBLE.search(rest)
    if m:
        a, op1, label, op2, b = m.groups()
        found += [_side(_FLIP[op1], Decimal(a)), _side(op2, Decimal(b))]
        rest = rest[: m.start()] + " " + rest[m.end() :]
    for m in _RANGE.finditer(rest):
        found.append(Interval(Decimal(m.group(1)), True, Decimal(m.group(2))))
    rest = _RANGE.sub(" ", rest)
    for m in _WORDS.finditer(rest):
        op = dict(_WORD_OPS)[m.group(1)]
        found.append(_side(op, Decimal(m.group(2))))
        label = label or _trailing_label(rest[: m.start()])
    rest = _WORDS.sub(" ", rest)
    for m in _SUFFIX.finditer(rest):
        op = {"以上": "≥", "以下": "≤", "以内": "≤"}[m.group(2)]
        found.append(_side(op, Decimal(m.group(1))))
        label = label or _trailing_label(rest[: m.start()])
    rest = _SUFFIX.sub(" ", rest)
    for m in _REVERSED.finditer(rest):
        found.append(_side(_FLIP[m.group(2)], Decimal(m.group(1))))
        label = label or _leading_label(rest[m.end() :])
    rest = _REVERSED.sub(" ", rest)
    for m in _SIGN.finditer(rest):
        found.append(_side(m.group(1), Decimal(m.group(2))))
        label = label or _trailing_label(rest[: m.start()])
    if not found:
        return None, ""
    out = found[0]
    for one in found[1:]:
        out = out.meet(one)
    if out.lo is not None and out.hi is not None and out.lo > out.hi:
        return None, ""
    return out, label.strip(" 若如当的")


_NOT_LABEL = re.compile(r"^(?:以上|以下|以内|含|且|并|或|若|如|当|的|时)+")


def _trailing_label(text: str) -> str:
    m = re.search(r"([\u4e00-\u9fff“”\"]{2,20})\s*$", text)
    label = _NOT_LABEL.sub("", m.group(1)) if m else ""
    return label if len(label) >= 2 else ""


def _leading_label(text: str) -> str:
    m = re.match(r"\s*([\u4e00-\u9fff“”\"]{2,20}?)(?:的|,|$|得|时)", text)
    return m.group(1) if m else ""


def samples(intervals: list[Interval]) -> list[Decimal]:
    """Values that tell any two readings of these conditions apart: every bound, just
    either side of it, and far out."""
    bounds = sorted({b for i in intervals for b in (i.lo, i.hi) if b is not None})
    eps = Decimal("0.001")
    out = [Decimal(-1000), Decimal(100000)]
    for b in bounds:
        out += [b - eps, b, b + eps]
    return out
