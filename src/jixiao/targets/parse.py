"""Read a target or actual cell into terms. Total: never raises on user text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from jixiao.core.limits import LABELS, current
from jixiao.core.memo import memo
from jixiao.core.numbers import in_range
from jixiao.targets import lexicon as lx
from jixiao.targets.dates import read_moment
from jixiao.targets.numerals import chinese_number
from jixiao.targets.terms import (
    Amount,
    Artefact,
    Blank,
    Level,
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
# "95%≤N": a bound written on the left reverses the sign.
_LEFT_BOUND = {"≤": Op.GE, "<=": Op.GE, "<": Op.GT, "≥": Op.LE, ">=": Op.LE, ">": Op.LT}


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_BREAKS = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*p\s*>|<\s*/\s*div\s*>|\r\n|\n|\r", re.I)
_TAGS = re.compile(r"<[^<>]{0,300}>")
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPLIT = re.compile(r"[;；\n]+")
_SOFT_SPLIT = re.compile(r"[,，、]+")
_NUM = r"-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_ANY = re.compile(rf"[{_CN_DIGITS}]")
# A numeral run longer than any number in range (九千九百九十九万九千九百九十九亿… has 16
# characters per 10^8) is not a number: it is never read as one.
_CN_RUN = "{1,24}"
_CN_PERCENT = re.compile(
    rf"百分之([{_CN_DIGITS}]{_CN_RUN}(?:点[零〇一二三四五六七八九]{_CN_RUN})?)(?![{_CN_DIGITS}点])"
)
_CN_COUNT = re.compile(
    # a numeral starts a run: never after a digit ("185万元" is 185 × 万, already a number)
    rf"(?<![第统唯单逐专同\d.{_CN_DIGITS}])([{_CN_DIGITS}]{_CN_RUN})(?=个|次|人|件|项|批|张|份|条|篇|场|版|年|月|日|天|周"
    r"|小时|分钟|家|户|所|台|套|期|轮|名|位|类|本|册|季度|元|%)"
)
_NOISE = re.compile(_alternation(lx.NOISE))

_UNITS: dict[str, tuple[UnitKind, str, Decimal]] = {}
for _u, _f in lx.MONEY.items():
    _UNITS[_u] = (UnitKind.MONEY, "元", _f)
for _u, _f in lx.PERCENT.items():
    _UNITS[_u] = (UnitKind.PERCENT, "%", _f)
for _u, _f in lx.DURATION_SECONDS.items():
    _UNITS[_u] = (UnitKind.DURATION, "s", _f)
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
_ABOUT = r"(?:多|余|来)"  # "100多人", "1.5万余人次": roughly, more than

# number, then either a unit, or a magnitude with an optional unit ("千米" is a unit, not 千)
_QTY = (
    rf"(?P<num>{_NUM})(?:{_ABOUT}?(?P<unit1>{_UNIT_RE})"
    rf"|(?P<mag>{_MAG_RE}){_ABOUT}?(?P<unit2>{_UNIT_RE})?|{_ABOUT})?"
)
_AMOUNT = re.compile(rf"^(?P<lead>.*?){_QTY}(?P<rest>.*)$")
# The forms most cells take ("≥95%", "200人次", "17.76万"): read without the general search.
_SIMPLE = re.compile(rf"^(?P<op>>=|<=|≥|≤|>|<)?{_QTY}$")
_SIMPLE_OPS = {">=": Op.GE, "≥": Op.GE, ">": Op.GT, "<=": Op.LE, "≤": Op.LE, "<": Op.LT}
_DATE_UNITS = ("年", "月", "日")  # "2024年", "10月": dates, read by the general path
_COMPLEX = re.compile(r"[;；<\s\r\n]")
_ONE_QTY = re.compile(rf"^{_QTY}$")
_PLAIN_QTY = rf"(?:{_NUM})(?:{_MAG_RE})?(?:{_UNIT_RE})?"
_RANGE_DASH = re.compile(rf"^(?P<a>{_PLAIN_QTY})(?:~|至|到|-|—|–)(?P<b>{_PLAIN_QTY})(?P<rest>.*)$")
_RANGE_INEQ = re.compile(
    rf"^(?P<a>{_PLAIN_QTY})(?:<=|<|≤)[^\d<>≤≥]{{0,8}}?(?:<=|<|≤)(?P<b>{_PLAIN_QTY})(?P<rest>.*)$"
)
_SCHEDULE = re.compile(r"(?P<d>[1-7])(?:天)?[xX×*](?P<h>\d{1,2})(?:小时|h|H)?")
_FREQUENCY = re.compile(r"每(?:日|天|周|月|季度|季|半年|年|工作日)|定期|实时|常态化|随时|全天候")
_SUF_START = re.compile(rf"^(?:{_SUF_RE})")
_SUF_END = re.compile(rf"(?:{_SUF_RE})$")
_PRE_END = re.compile(rf"(?:{_PRE_RE})$")

_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_TIMES = re.compile(r"[xX×*]")
_UNIT_WORD = re.compile(r"^([A-Za-z]+|[\u4e00-\u9fff])")

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


def normalize(text: str) -> str:
    """NFKC (full-width signs and digits), no HTML tags, no spaces, no thousands commas."""
    s = unicodedata.normalize("NFKC", text)
    if "<" in s:
        s = _TAGS.sub("", s)
    s = _SPACE.sub("", s)
    if "," in s:
        s = _THOUSANDS.sub("", s)
    return s.replace("≧", "≥").replace("≦", "≤")


def _cn_numerals(s: str) -> str:
    if _CN_ANY.search(s) is None:
        return s
    s = s.replace("百分之百", "100%")

    def convert(m: re.Match[str], suffix: str = "") -> str:
        number = chinese_number(m.group(1))
        return m.group(0) if number is None else f"{number}{suffix}"

    s = _CN_PERCENT.sub(lambda m: convert(m, "%"), s)
    return _CN_COUNT.sub(convert, s)


def _parts(raw: str) -> list[str]:
    """The parts of a compound cell: split at ;, line breaks and paragraph tags."""
    text = _BREAKS.sub("\n", raw)
    text = _TAGS.sub("", text)
    return [p for p in (normalize(x) for x in _SPLIT.split(text)) if p]


_CACHED_CHARS = 256  # longer cells are rare: read each time rather than kept in the cache


def parse_cell(text: str) -> Reading:
    """Read one cell. Compound cells (`≥100张; ≥50份`) give one term per part.

    Only the first `text_chars` characters (the limit in force) are read; the Reading
    says when its text was cut."""
    raw = text if type(text) is str else "" if text is None else str(text)
    limit = current().text_chars
    if len(raw) > _CACHED_CHARS:
        return _parse_cell(raw, limit)
    return _cached(raw, limit)


def cut_message(field: str, reading: Reading) -> str:
    """The warning for a cell cut at the `text_chars` limit: what, how long, how to raise it."""
    limit = current().text_chars
    return (
        f"{field}有 {len(reading.text):,} 个字符，超出限额「{LABELS['text_chars']}」"
        f"（上限 {limit:,}），只读取了前 {limit:,} 个字符；"
        "确属正常时可在限额配置中调大 text_chars（见 docs/limits.md）"
    )


@memo(16384)
def _cached(raw: str, limit: int) -> Reading:
    return _parse_cell(raw, limit)


def _parse_cell(full: str, limit: int) -> Reading:
    if len(full) > limit:
        reading = _parse_cell(full[:limit], limit)
        return Reading(full, reading.terms, True)
    raw = full
    whole = normalize(raw)
    if whole.lower() in lx.BLANK:
        return Reading(raw, (Blank(raw),))
    if whole.lower() in lx.NOT_APPLICABLE:
        return Reading(raw, (NotApplicable(raw),))
    if _COMPLEX.search(raw) is None and "," not in whole and "、" not in whole:
        return Reading(raw, (parse_term(whole),))  # one part, nothing to split: most cells
    parts = _parts(raw) if _COMPLEX.search(raw) else [whole]
    if not parts:  # separators only
        return Reading(raw, (Blank(raw),))
    if len(parts) == 1:
        soft = [p for p in _SOFT_SPLIT.split(parts[0]) if p]
        if len(soft) > 1:
            terms = [parse_term(p) for p in soft]
            if all(isinstance(t, Amount) for t in terms):
                return Reading(raw, tuple(terms))
    return Reading(raw, tuple(parse_term(p) for p in parts))


class OutOfRange(ValueError):
    """A number the language refuses: too large, too small or too long (core.numbers.in_range)."""


_OUT_OF_RANGE = "数值超出可读取的范围（绝对值应小于 10 的 15 次方，非零时不小于 10 的 −8 次方）"


def parse_term(s: str) -> Term:
    try:
        return _parse_term(s[: current().text_chars])  # NFKC may lengthen a part: ﷽ is 18
    except OutOfRange:
        return Unreadable(s, _OUT_OF_RANGE)


def _parse_term(s: str) -> Term:
    if s.lower() in lx.NOT_APPLICABLE:
        return NotApplicable(s)
    if s.startswith("#") and (set(s) == {"#"} or s.upper() in lx.EXCEL_ERRORS):
        return Artefact(s)
    simple = _SIMPLE.match(s)
    if simple is not None and (simple["unit1"] or simple["unit2"]) not in _DATE_UNITS:
        q = quantity(simple["num"], simple["mag"], simple["unit1"] or simple["unit2"])
        return Amount(_SIMPLE_OPS.get(simple["op"] or "", Op.BARE), q, None, s)
    s = _cn_numerals(s)
    for reader in (_schedule, read_moment, _range, _amount, _level, _standard):
        term = reader(s)
        if term is not None:
            return term
    return Unreadable(s)


def quantity(num: str, mag: str | None, unit: str | None) -> Quantity:
    """The quantity written; OutOfRange when the number or its value in the canonical unit
    is not one jixiao reads (1E999999万 would overflow the multiplication)."""
    if len(num) > 40:  # more digits than any number in range (28 significant, 8 decimals)
        raise OutOfRange(num)
    try:
        value = base = Decimal(num)
    except InvalidOperation:  # an exponent past what Decimal holds: 1E99999999999999999999
        raise OutOfRange(num) from None
    if not in_range(value):
        raise OutOfRange(num)
    if mag:
        base *= lx.MAGNITUDES[mag]
    if not unit:
        return _checked(Quantity(value, mag or "", UnitKind.NONE, base, ""))
    kind, key, unit_factor = _UNITS[unit]
    if unit_factor != 1:
        base *= unit_factor
    return _checked(Quantity(value, f"{mag}{unit}" if mag else unit, kind, base, key))


def _checked(q: Quantity) -> Quantity:
    if q.base is not q.value and not in_range(q.base):
        raise OutOfRange(str(q))
    return q


def _unknown_unit(q: Quantity, rest: str) -> tuple[Quantity, str]:
    """A unit we do not know (`5艘`, `3xyz`): kept by name so equal names still compare."""
    m = _UNIT_WORD.match(rest)
    if q.measure or not m or _SUF_START.match(rest) or _LEVEL.match(rest):
        return q, rest
    name = m.group(1)
    return Quantity(q.value, name, UnitKind.UNKNOWN, q.base, name), rest[len(name) :]


def _amount(s: str) -> Amount | None:
    m = _AMOUNT.match(_NOISE.sub("", s))
    if m is None:
        return None
    lead, rest = m.group("lead"), m.group("rest")
    if _DIGIT.search(lead) or _DIGIT.search(rest):
        return None
    if lead and _LATIN.search(lead) and not _PRE_END.search(lead):
        return None
    q = quantity(m.group("num"), m.group("mag"), m.group("unit1") or m.group("unit2"))
    q, rest = _unknown_unit(q, rest)
    op = Op.BARE
    pre = _PRE_END.search(lead)
    if pre:
        op = _OPS[lx.PREFIX_OPS[pre.group(0)]]
    elif lead and _LEVEL.fullmatch(lead) is None and len(lead) > 12:
        return None  # a sentence that merely contains a number is not a target value
    left = next((sign for sign in ("<=", ">=", "≤", "≥", "<", ">") if rest.startswith(sign)), None)
    if left and op is Op.BARE:
        op = _LEFT_BOUND[left]
    suf = _SUF_START.match(rest) or _SUF_END.search(rest)
    if suf and op is Op.BARE:
        op = _OPS[lx.SUFFIX_OPS[suf.group(0)]]
    return Amount(op, q, None, s)


def _qty_parts(text: str) -> tuple[str, str | None, str | None] | None:
    m = _ONE_QTY.match(text)
    if m is None:
        return None
    return m.group("num"), m.group("mag"), m.group("unit1") or m.group("unit2")


def _range(s: str) -> Amount | None:
    if "年" in s or "月" in s or "日" in s:
        return None
    m = _RANGE_INEQ.match(s) or _RANGE_DASH.match(s)
    if m is None or _DIGIT.search(m.group("rest")):
        return None
    a, b = _qty_parts(m.group("a")), _qty_parts(m.group("b"))
    if a is None or b is None:
        return None
    if a[1] is None and a[2] is None:  # "5-10万元": the unit is written once, at the end
        a = (a[0], b[1], b[2])
    low, high = quantity(*a), quantity(*b)
    if low.key != high.key or low.base > high.base:
        return None
    return Amount(Op.RANGE, low, high, s)


def _schedule(s: str) -> Schedule | None:
    if "全天候" in s:
        return Schedule(7, 24, s)
    m = _SCHEDULE.search(s)
    if m is None or not _TIMES.search(s):
        return None
    return Schedule(int(m.group("d")), int(m.group("h")), s)


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


_YEAR_LEAD = re.compile(r"^(?:19|20)\d{2}年度?")
_NAMED = re.compile(
    rf"(?:{_PRE_RE})?(?P<num>{_NUM})(?P<mag>{_MAG_RE})?(?P<unit>{_UNIT_RE})?(?:{_SUF_RE})?$"
)


_NAME_TAIL = 64  # a target at the end of a name is shorter: 不低于 + 40 digits + 万 + 人次 + 以上


def target_in_name(name: str) -> Amount | None:
    """The target a name carries at its end (`年度资金支付完成率100%` → `100%`,
    `资金支付率达到90%` → `达到90%`), or None. Only a quantity counts: `工程质量合格` names
    what is measured, not a value to measure against."""
    s = _YEAR_LEAD.sub("", normalize(name[: current().text_chars]))
    # searched in the tail only: a search for an anchored-at-end pattern from every
    # position of a long digit run is quadratic
    m = _NAMED.search(s, max(0, len(s) - _NAME_TAIL))
    if m is None or m.start() == 0 or (m["unit"] or "") in _DATE_UNITS:
        return None
    if s[m.start() - 1].isdigit():  # the tail of a longer number
        return None
    term = parse_term(m.group(0))
    return term if isinstance(term, Amount) else None
