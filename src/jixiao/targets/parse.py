"""Read a target or actual cell into terms. Total: never raises on user text."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import cn2an

from jixiao.targets import lexicon as lx
from jixiao.targets.terms import (
    Amount,
    Artefact,
    Level,
    Moment,
    NotApplicable,
    Op,
    Quantity,
    Reading,
    Schedule,
    Standard,
    Term,
    UnitKind,
    Unreadable,
)

_OPS = {"ge": Op.GE, "gt": Op.GT, "le": Op.LE, "lt": Op.LT, "eq": Op.EQ, "approx": Op.APPROX}


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_TAGS = re.compile(r"<[^<>]{0,40}>")
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPLIT = re.compile(r"[;]+")
_NUM = r"\d+(?:\.\d+)?|\.\d+"
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CN_PERCENT = re.compile(rf"百分之([{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?)")
_CN_COUNT = re.compile(
    rf"(?<![第统唯单逐专同万])([{_CN_DIGITS}]+)(?=个|次|人|件|项|批|张|份|条|篇|场|版|年|月|日|天|周"
    r"|小时|分钟|家|户|所|台|套|期|轮|名|位|类|本|册|季度)"
)
_NOISE = re.compile(_alternation(lx.NOISE))

_UNITS: dict[str, tuple[UnitKind, str, Decimal]] = {}
for _u, _f in lx.MONEY.items():
    _UNITS[_u] = (UnitKind.MONEY, "元", _f)
for _u, _f in lx.PERCENT.items():
    _UNITS[_u] = (UnitKind.PERCENT, "%", _f)
for _u, _f in lx.DURATION_MINUTES.items():
    _UNITS[_u] = (UnitKind.DURATION, "min", _f)
for _u in lx.SCORE_UNITS:
    _UNITS[_u] = (UnitKind.SCORE, "分", Decimal(1))
for _u in lx.COUNTERS:
    _UNITS[_u] = (UnitKind.COUNT, _u, Decimal(1))
for _u in lx.PHYSICAL:
    _UNITS[_u] = (UnitKind.PHYSICAL, _u, Decimal(1))

_UNIT_RE = _alternation(_UNITS)
_MAG_RE = _alternation(lx.MAGNITUDES)
_PRE_RE = _alternation(lx.PREFIX_OPS)
_SUF_RE = _alternation(lx.SUFFIX_OPS)

_AMOUNT = re.compile(
    rf"^(?P<lead>.*?)(?P<num>{_NUM})(?:(?P<unit1>{_UNIT_RE})|(?P<mag>{_MAG_RE})(?P<unit2>{_UNIT_RE})?)?"
    rf"(?P<rest>.*)$"
)
_QTY = rf"(?:{_NUM})(?:{_MAG_RE})?(?:{_UNIT_RE})?"
_RANGE_DASH = re.compile(rf"^(?P<a>{_QTY})(?:~|至|到|-|—|–)(?P<b>{_QTY})(?P<rest>.*)$")
_RANGE_INEQ = re.compile(
    rf"^(?P<a>{_QTY})(?P<o1><=|<|≤)[^\d<>≤≥]{{0,8}}?(?P<o2><=|<|≤)(?P<b>{_QTY})(?P<rest>.*)$"
)
_SCHEDULE = re.compile(r"(?P<d>[1-7])(?:天)?[xX×*](?P<h>\d{1,2})(?:小时|h|H)?")
_FREQUENCY = re.compile(r"每(?:日|天|周|月|季度|季|半年|年|工作日)|定期|实时|常态化|随时|全天候")

_LEVEL_WORDS: dict[str, tuple[int, int, bool]] = {}
for _w in lx.AFFIRM:
    _LEVEL_WORDS[_w] = (1, 2, True)
for _w, _r in lx.INTENSITY.items():
    _LEVEL_WORDS[_w] = (1, _r, False)
for _w in lx.PARTIAL:
    _LEVEL_WORDS[_w] = (0, 1, False)
for _w in lx.NEGATIVE:
    _LEVEL_WORDS[_w] = (-1, 0, False)
_LEVEL = re.compile(_alternation(_LEVEL_WORDS))

# Dates: full date, year-month, month-day, month, quarter, halves, year end, relative day.
_D_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]")
_D_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_D_YM = re.compile(r"(\d{4})年(\d{1,2})月(?:底|末|份)?")
_D_MD = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]")
_D_M = re.compile(r"(?<![\d个年])(\d{1,2})月(?:底|末|份)?(?![\d])")
_D_Q = re.compile(r"第?([1-4一二三四])季度")
_D_HALF = re.compile(r"(上|下)半年")
_D_YEAR_END = re.compile(r"(\d{4})?年(?:底|末|终)")
_D_YEAR = re.compile(r"(\d{4})年(?!\d{1,2}月|底|末|终)")
_D_REL = re.compile(r"(?:次月|下月|每月|当月)(\d{1,2})[日号]")
_BEFORE = re.compile(r"前|之前|以前|截至|截止|以内|之内|内完成|底前|完成|内$")
_AFTER = re.compile(r"后|以后|之后|起")
_CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4}


def normalize(text: str) -> str:
    """NFKC (full-width signs and digits), no HTML tags, no spaces, no thousands commas."""
    s = unicodedata.normalize("NFKC", text)
    s = _TAGS.sub("", s)
    s = _SPACE.sub("", s)
    s = _THOUSANDS.sub("", s)
    return s.replace("≧", "≥").replace("≦", "≤").replace("~", "~")


def _cn_numerals(s: str) -> str:
    if not any(ch in _CN_DIGITS for ch in s):
        return s

    def convert(m: re.Match[str], suffix: str = "") -> str:
        try:
            return f"{cn2an.cn2an(m.group(1).replace('点', '.'), 'smart')}{suffix}"
        except (ValueError, KeyError, IndexError):
            return m.group(0)

    s = _CN_PERCENT.sub(lambda m: convert(m, "%"), s)
    return _CN_COUNT.sub(convert, s)


@lru_cache(maxsize=65536)
def parse_cell(text: str) -> Reading:
    """Read one cell. Compound cells (`≥100张; ≥50份`) give one term per part."""
    raw = "" if text is None else str(text)
    s = normalize(raw)
    if s.lower() in lx.NOT_APPLICABLE:
        return Reading(raw, (NotApplicable(raw),))
    parts = [p for p in _SPLIT.split(s) if p]
    return Reading(raw, tuple(parse_term(p) for p in parts))


def parse_term(s: str) -> Term:
    if s.lower() in lx.NOT_APPLICABLE:
        return NotApplicable(s)
    if s.startswith("#") and (set(s) == {"#"} or s.upper() in lx.EXCEL_ERRORS):
        return Artefact(s)
    s = _cn_numerals(s)
    for reader in (_schedule, _moment, _range, _amount, _level, _standard):
        term = reader(s)
        if term is not None:
            return term
    return Unreadable(s)


def quantity(num: str, mag: str | None, unit: str | None) -> Quantity:
    value = Decimal(num)
    factor = lx.MAGNITUDES[mag] if mag else Decimal(1)
    if unit:
        kind, key, unit_factor = _UNITS[unit]
    else:
        kind, key, unit_factor = UnitKind.NONE, "", Decimal(1)
    written = f"{mag or ''}{unit or ''}"
    return Quantity(value, written, kind, value * factor * unit_factor, key)


def _unknown_unit(q: Quantity, rest: str) -> tuple[Quantity, str]:
    """A unit we do not know (`5艘`, `3xyz`): kept by name so equal names still compare."""
    m = re.match(r"^([A-Za-z]+|[\u4e00-\u9fff])", rest)
    if q.unit or not m or _SUF_START.match(rest) or _LEVEL.match(rest):
        return q, rest
    name = m.group(1)
    return Quantity(q.value, name, UnitKind.UNKNOWN, q.base, name), rest[len(name) :]


_SUF_START = re.compile(rf"^(?:{_SUF_RE})")
_SUF_END = re.compile(rf"(?:{_SUF_RE})$")
_PRE_END = re.compile(rf"(?:{_PRE_RE})$")


def _amount(s: str) -> Amount | None:
    s2 = _NOISE.sub("", s)
    m = _AMOUNT.match(s2)
    if m is None:
        return None
    lead, rest = m.group("lead"), m.group("rest")
    if re.search(r"\d", lead) or re.search(r"\d", rest):
        return None
    if lead and re.search(r"[A-Za-z]", lead) and not _PRE_END.search(lead):
        return None
    q = quantity(m.group("num"), m.group("mag"), m.group("unit1") or m.group("unit2"))
    q, rest = _unknown_unit(q, rest)
    op = Op.BARE
    pre = _PRE_END.search(lead)
    if pre:
        op = _OPS[lx.PREFIX_OPS[pre.group(0)]]
    elif lead and _LEVEL.fullmatch(lead) is None and len(lead) > 12:
        return None  # a sentence that merely contains a number is not a target value
    suf = _SUF_START.match(rest) or _SUF_END.search(rest)
    if suf and op is Op.BARE:
        op = _OPS[lx.SUFFIX_OPS[suf.group(0)]]
    return Amount(op, q, None, s)


def _split_qty(text: str) -> Quantity:
    m = re.match(rf"^({_NUM})(?:({_UNIT_RE})|({_MAG_RE})({_UNIT_RE})?)?$", text)
    if m is None:
        raise ValueError(text)
    return quantity(m.group(1), m.group(3), m.group(2) or m.group(4))


def _range(s: str) -> Amount | None:
    if "年" in s or "月" in s or "日" in s:
        return None
    m = _RANGE_INEQ.match(s) or _RANGE_DASH.match(s)
    if m is None or re.search(r"\d", m.group("rest")):
        return None
    low, high = _split_qty(m.group("a")), _split_qty(m.group("b"))
    if not low.unit and high.unit:  # "90-100%": the unit is written once, at the end
        low = quantity(str(low.value), None, _unit_name(high))
    if low.base > high.base:
        return None
    return Amount(Op.RANGE, low, high, s)


def _unit_name(q: Quantity) -> str | None:
    return q.unit if q.unit in _UNITS else None


def _schedule(s: str) -> Schedule | None:
    if "全天候" in s:
        return Schedule(7, 24, s)
    m = _SCHEDULE.search(s)
    if m is None or not re.search(r"[xX×*]", s):
        return None
    return Schedule(int(m.group("d")), int(m.group("h")), s)


def _day(year: int | None, month: int, day: int) -> int | None:
    try:
        return _dt.date(year or 2001, month, day).timetuple().tm_yday
    except ValueError:
        return None


def _month_end(year: int | None, month: int) -> int | None:
    if not 1 <= month <= 12:
        return None
    nxt = _dt.date((year or 2001) + (month == 12), month % 12 + 1, 1)
    return (nxt - _dt.timedelta(days=1)).timetuple().tm_yday


def _spans(s: str) -> list[tuple[int, int, int, int | None]]:
    """(position, start day, end day, year) for every date mention, in order."""
    found: list[tuple[int, int, int, int | None]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], start: int | None, end: int | None, year: int | None) -> None:
        if start is None or end is None:
            return
        if any(a <= m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append((m.start(), start, end, year))

    for m in _D_FULL.finditer(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        add(m, _day(y, mo, d), _day(y, mo, d), y)
    for m in _D_ISO.finditer(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        add(m, _day(y, mo, d), _day(y, mo, d), y)
    for m in _D_YM.finditer(s):
        y, mo = int(m.group(1)), int(m.group(2))
        add(m, _day(y, mo, 1) if 1 <= mo <= 12 else None, _month_end(y, mo), y)
    for m in _D_YEAR_END.finditer(s):
        end_year = int(m.group(1)) if m.group(1) else None
        add(m, _day(end_year, 12, 31), _day(end_year, 12, 31), end_year)
    for m in _D_YEAR.finditer(s):
        y = int(m.group(1))
        add(m, 1, _day(y, 12, 31) or 365, y)
    for m in _D_MD.finditer(s):
        mo, d = int(m.group(1)), int(m.group(2))
        add(m, _day(None, mo, d), _day(None, mo, d), None)
    for m in _D_M.finditer(s):
        mo = int(m.group(1))
        add(m, _day(None, mo, 1) if 1 <= mo <= 12 else None, _month_end(None, mo), None)
    for m in _D_Q.finditer(s):
        q = _CN_Q.get(m.group(1)) or int(m.group(1))
        add(m, _day(None, 3 * q - 2, 1), _month_end(None, 3 * q), None)
    for m in _D_HALF.finditer(s):
        first = m.group(1) == "上"
        add(m, 1 if first else _day(None, 7, 1), _month_end(None, 6 if first else 12), None)
    found.sort()
    return found


def _moment(s: str) -> Moment | None:
    rel = _D_REL.search(s)
    if rel:
        day = int(rel.group(1))
        if not 1 <= day <= 31:
            return None
        return Moment(_deadline_op(s[rel.end() :], Op.BARE), day, day, None, True, s)
    spans = _spans(s)
    if not spans:
        return None
    if len(spans) > 1 and re.search(r"[-~至到—–]", s) and not _BEFORE.search(s):
        _, start, _, year = spans[0]
        _, _, end, year_end = spans[-1]
        return Moment(Op.RANGE, start, end, year_end or year, False, s)
    _, start, end, year = spans[-1]
    tail = s[s.rfind("月") + 1 :] if "月" in s else s
    op = _deadline_op(s if len(spans) > 1 else tail or s, Op.BARE)
    return Moment(op, start, end, year, False, s)


def _deadline_op(s: str, default: Op) -> Op:
    if _BEFORE.search(s):
        return Op.LE
    if _AFTER.search(s):
        return Op.GE
    return default


def _level(s: str) -> Level | None:
    found = _LEVEL.findall(s)
    if not found:
        return None
    words = [(_LEVEL_WORDS[w], w) for w in found]
    negative = [w for (pol, _, _), w in words if pol < 0]
    if negative:
        return Level(negative[0], -1, 0, False, s)
    partial = [w for (pol, _, _), w in words if pol == 0]
    if partial:
        return Level(partial[0], 0, 1, False, s)
    affirm = any(a for (_, _, a), _ in words)
    ranked = [(r, w) for (_, r, a), w in words if not a]
    if ranked:
        rank, word = max(ranked)
        return Level(word, 1, rank, affirm, s)
    return Level(words[0][1], 1, 2, True, s)


def _standard(s: str) -> Standard | None:
    return Standard(s) if _FREQUENCY.search(s) else None
