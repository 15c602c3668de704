"""Chinese numerals read as cn2an 0.5.24 reads them in its "smart" mode, without cn2an.

`chinese_number(run)` gives the text `f"{cn2an.cn2an(run, 'smart')}"` would give, or None
where cn2an refuses the run, for any run over 零〇一二两三四五六七八九十百千万亿 with at most one
点 (the runs the target reader sends: an integer part, and for percentages an optional 点 and
decimal digits). Anything else (other characters, 负, Arabic digits) is None. The forms read:

- a numeral with units, a zero where places are skipped: 三万五千零二十, 十五, 一十五, 两百,
  三千万亿 (万 and 亿 stack as in cn2an: 万亿 is 10^12). cn2an first repairs some loose
  spellings: a missing 零 is put back (一万五百 reads as 一万零五百, 一千十 as 一千零一十), a
  missing 一 too (一百十, 一千零十), and 零 before a thousand after 万 goes (十万零一千 reads as
  十万一千). The repairs take 〇 for a digit, not a zero: 一千〇十 becomes 一千零〇十 and
  十万〇一千 keeps its 〇, and both are refused;
- digits alone, read place by place: 二〇二四 is 2024, 一二三 is 123, 零五 is 5;
- spoken shorthand, blocks of at most two digits and a unit then one digit, the digit taking
  the unit below the last one: 一百一 is 110, 三万五 is 35000, 两千三 is 2300 (not after 十 or
  亿: 十十五 and 一亿三 are None);
- any of these + 点 + up to 16 decimal digits: a float, 三点五 is 3.5, summed digit by digit
  and rounded as cn2an does, so long runs carry the same binary rounding (and 10^16 or more
  prints as 1e+16).

Refused (None) as cn2an refuses them: a unit with no digit before it (万, 百十, 十十), 万 or
亿 twice where cn2an's grammar allows it once (一万万, 一亿亿), more than one 点, more than 16
decimals, an empty part. The results are ints (printed "35000") or floats (printed by repr,
"3.5", "0.1"). Unlike cn2an, a run so long that its value overflows a float when decimals
are added (some 40 characters of 亿, far beyond a 24-character run) gives None rather than
OverflowError.

Pure Python without regular expressions: importing it builds nothing but a few small sets.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than this module
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["chinese_number"]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
# the unit a trailing digit takes in spoken shorthand (三万五: 五千); 十 and 亿 have none
_UNIT_BELOW = {"百": "十", "千": "百", "万": "千"}
_ZERO = frozenset("零〇")
_NONZERO = frozenset("一二两三四五六七八九")
_DIGIT = _ZERO | _NONZERO
_UNIT = frozenset(_UNITS)
_ALPHABET = _DIGIT | _UNIT | {"点"}
_MAX_DECIMALS = 16

_CACHE: dict[str, str | None] = {}
_CACHE_SIZE = 4096


def chinese_number(run: str) -> str | None:
    """The number `run` writes, as cn2an's smart mode prints it ("35000", "3.5"), or None."""
    try:
        return _CACHE[run]
    except KeyError:
        pass
    value = _read(run)
    text = None if value is None else f"{value}"
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[run] = text
    return text


def _read(run: str) -> int | float | None:
    if not run or not _ALPHABET.issuperset(run):
        return None
    # cn2an: "一千零十一", "一万零百一十一" get their missing 一 first
    run = run.replace("零十", "零一十").replace("零百", "零一百")
    parts = run.split("点")
    if len(parts) > 2:
        return None
    integer = _normalized(parts[0])
    decimals = parts[1] if len(parts) == 2 else None
    if decimals is not None and (len(decimals) > _MAX_DECIMALS or not _DIGIT.issuperset(decimals)):
        return None
    if _is_numeral(integer):
        value = _numeral_value(integer)
    elif integer and _DIGIT.issuperset(integer):
        value = _digits_value(integer)
    else:
        spoken = _spoken(integer)
        if spoken is None:
            return None
        value = _numeral_value(spoken)
    if decimals is None:
        return value
    try:
        return round(value + _decimal_value(decimals), len(decimals))
    except OverflowError:
        return None


def _at(s: str, i: int, chars: frozenset[str]) -> bool:
    return i < len(s) and s[i] in chars


def _normalized(s: str) -> str:
    """cn2an's repairs of the integer part, in its order (each one re.sub pass in cn2an)."""
    # Each pass changes every place that matches in the string it is given: the matches
    # cannot overlap (none holds a second 万, 亿 or 千 after its first character).
    if "万零" in s:  # 十万零一千: the 零 before a thousand after 万 goes
        places = _places(s, "万", _zero_before_thousand)
        if places:
            s = "".join(s[a + 1 : b] for a, b in zip([-1, *places], [*places, len(s)], strict=True))
    for units, missing in _MISSING_ZERO:
        places = _places(s, units, missing)
        if places:
            s = "零".join(s[a:b] for a, b in zip([0, *places], [*places, len(s)], strict=True))
    return s.replace("百十", "百一十").replace("零十", "零一十")


def _places(s: str, units: str, match: Callable[[str, int], bool]) -> list[int]:
    """The places just after each unit of `units` in `s` where `match` holds, in order."""
    places = []
    for unit in units:
        i = s.find(unit)
        while i >= 0:
            if match(s, i):
                places.append(i + 1)
            i = s.find(unit, i + 1)
    places.sort()
    return places


def _zero_before_thousand(s: str, i: int) -> bool:
    # (万)零(?=[digit][千])
    return s[i + 1 : i + 2] == "零" and _at(s, i + 2, _DIGIT) and s[i + 3 : i + 4] == "千"


def _missing_zero_after_big(s: str, i: int) -> bool:
    # ([万亿])([digit][十百]) → \1零\2: 一万五百, 一亿三十
    return _at(s, i + 1, _DIGIT) and s[i + 2 : i + 3] in ("十", "百")


def _missing_zero_after_thousand(s: str, i: int) -> bool:
    # ([千])([digit]?[十]) → \1零\2: 一千十, 一千五十
    return s[i + 1 : i + 2] == "十" or (_at(s, i + 1, _DIGIT) and s[i + 2 : i + 3] == "十")


_MISSING_ZERO = (("万亿", _missing_zero_after_big), ("千", _missing_zero_after_thousand))


def _is_numeral(s: str) -> bool:
    """Whether `s` is in the language of cn2an's "normal" integer pattern, for which:

    1-99 = D | D? 十 D?           100-999 = D 百 (Z D | D 十 D?)?
    1000-9999 = D 千 (Z 1-99 | 100-999)?
    万 part = 1-9999 万 (Z 1-999 | 1000-9999)?
    亿 part = 1-99999999 亿 (Z 1-99999999 | 万 part)?
    numeral = Z | 亿 part | 万 part | 1-9999

    (D a digit 1-9, Z a zero). Each part holds its unit once, so each test is one split.
    """
    return (len(s) == 1 and s in _ZERO) or _upto_1e16(s)


def _upto_99(t: str) -> bool:
    n = len(t)
    if n == 1:
        return t in _NONZERO or t == "十"
    if n == 2:
        return (t[0] == "十" and t[1] in _NONZERO) or (t[0] in _NONZERO and t[1] == "十")
    return n == 3 and t[0] in _NONZERO and t[1] == "十" and t[2] in _NONZERO


def _hundreds(t: str) -> bool:
    if len(t) < 2 or t[1] != "百" or t[0] not in _NONZERO:
        return False
    r = t[2:]
    return (
        not r
        or (len(r) == 2 and r[0] in _ZERO and r[1] in _NONZERO)
        or (len(r) in (2, 3) and r[0] in _NONZERO and _upto_99(r))
    )


def _upto_999(t: str) -> bool:
    return _hundreds(t) if len(t) >= 2 and t[1] == "百" else _upto_99(t)


def _thousands(t: str) -> bool:
    if len(t) < 2 or t[1] != "千" or t[0] not in _NONZERO:
        return False
    r = t[2:]
    return not r or (r[0] in _ZERO and _upto_99(r[1:])) or _hundreds(r)


def _upto_9999(t: str) -> bool:
    return _thousands(t) if len(t) >= 2 and t[1] == "千" else _upto_999(t)


def _wan(t: str) -> bool:
    head, wan, r = t.partition("万")
    return (
        bool(wan)
        and _upto_9999(head)
        and (not r or (r[0] in _ZERO and _upto_999(r[1:])) or _thousands(r))
    )


def _upto_1e8(t: str) -> bool:
    return _wan(t) if "万" in t else _upto_9999(t)


def _upto_1e16(t: str) -> bool:
    if "亿" not in t:
        return _upto_1e8(t)
    head, _, r = t.partition("亿")
    return _upto_1e8(head) and (not r or (r[0] in _ZERO and _upto_1e8(r[1:])) or _wan(r))


def _spoken(s: str) -> str | None:
    """三万五 → 三万五千: blocks of 0-2 digits and a unit, then a digit; else None."""
    if len(s) < 3 or s[-1] not in _DIGIT or s[-2] not in _UNIT:
        return None
    run = 0
    for c in s[:-1]:
        if c in _DIGIT:
            run += 1
            if run > 2:
                return None
        else:
            run = 0
    below = _UNIT_BELOW.get(s[-2])
    return None if below is None else s + below


def _numeral_value(s: str) -> int:
    """cn2an's reading of digits and units, right to left (万 and 亿 stack: 万亿 = 10^12)."""
    value = 0
    unit = 1
    big = 1
    last = len(s) - 1
    for index, c in enumerate(reversed(s)):
        digit = _DIGITS.get(c)
        if digit is not None:
            value += digit * unit
            continue
        unit = _UNITS[c]
        if unit % 10000 == 0:
            if unit > big:
                big = unit
            else:
                big = unit * big
                unit = big
        if unit < big:
            unit = unit * big
        if index == last:
            value += unit
    return value


def _digits_value(s: str) -> int:
    value = 0
    for c in s:
        value = value * 10 + _DIGITS[c]
    return value


def _decimal_value(s: str) -> int | float:
    # exactly cn2an's float arithmetic: the digits summed from the last, then rounded
    value: int | float = 0
    for index in range(len(s) - 1, -1, -1):
        value += _DIGITS[s[index]] * 10 ** -(index + 1)
    return round(value, len(s))
