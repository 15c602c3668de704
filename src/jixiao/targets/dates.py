"""Dates and periods in targets and actuals: 2024年12月31日前, 第四季度, 上半年, 年底, 1-6月.

A moment is a span of month-day numbers (MMDD: 1231 is 31 December) with the year when
written, so year-less and dated moments compare without leap-year drift.
"""

from __future__ import annotations

import calendar
import re

from jixiao.targets.terms import Moment, Op

_Y = r"(?:(\d{4})年)?"
_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MONTHS = re.compile(_Y + r"(\d{1,2})月?(?:-|~|至|到|—|–)(\d{1,2})月(?:底|末|份)?")
_QUARTER = re.compile(_Y + r"第?([1-4一二三四])季度")
_HALF = re.compile(_Y + r"(上|下)半年")
_YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?:底|末|份)?")
_YEAR_END = re.compile(r"(\d{4})?年(?:底|末|终)")
_YEAR = re.compile(r"(\d{4})年(?!\d{1,2}月|底|末|终|第|上半|下半)")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]")
_MONTH = re.compile(r"(?<![\d个年])(\d{1,2})月(?:底|末|份)?(?!\d)")
_RELATIVE = re.compile(r"(?:次月|下月|每月|当月)(\d{1,2})[日号]")
_BEFORE = re.compile(r"前|之前|以前|截至|截止|以内|之内|内完成|底前|完成|内$")
_AFTER = re.compile(r"后|以后|之后|起(?!止)")
_RANGE_SIGN = re.compile(r"[-~至到—–]")
_YEAR_END_WORD = re.compile(r"[底末终]")
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}
_HINT = re.compile(r"[年月日季号]|\d[-/.]\d{1,2}[-/.]\d")  # cheap test before the full search

Span = tuple[int, int, int, int | None, bool]  # position, start, end, year, is a range


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if 1900 <= year <= 2200 else None


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days(year: int | None, month: int) -> int:
    """Days in the month; a year-less February has 29, so 29 February always reads."""
    if month == 2 and (year is None or calendar.isleap(year)):
        return 29
    return _DAYS[month]


def month_day(year: int | None, month: int, day: int) -> int | None:
    if not 1 <= month <= 12 or not 1 <= day <= _days(year, month):
        return None
    return month * 100 + day


def month_end(year: int | None, month: int) -> int | None:
    if not 1 <= month <= 12:
        return None
    return month * 100 + _days(year, month)


def _spans(s: str) -> list[Span]:
    found: list[Span] = []
    # the characters earlier (stronger) patterns took: each pattern is one pass over the
    # text and a match is checked in time of its own length, so a cell of n dates is linear
    taken = bytearray(len(s))

    def add(
        m: re.Match[str],
        start: int | None,
        end: int | None,
        year: int | None,
        is_range: bool = False,
    ) -> None:
        if start is None or end is None or start > end:
            return
        a, b = m.span()
        if taken.find(1, a, b) != -1:
            return
        taken[a:b] = b"\x01" * (b - a)
        found.append((a, start, end, year, is_range))

    # each pattern is tried only where the characters it needs occur: cells are mostly not dates
    has_year, has_month = "年" in s, "月" in s
    for m in _FULL.finditer(s) if has_year and has_month else ():
        y = _year(m.group(1))
        md = month_day(y, int(m.group(2)), int(m.group(3)))
        add(m, md, md, y)
    for m in _ISO.finditer(s):
        y = _year(m.group(1))
        md = month_day(y, int(m.group(2)), int(m.group(3)))
        add(m, md, md, y)
    for m in _MONTHS.finditer(s) if has_month and _RANGE_SIGN.search(s) else ():
        y = _year(m.group(1))
        add(m, month_day(y, int(m.group(2)), 1), month_end(y, int(m.group(3))), y, True)
    for m in _QUARTER.finditer(s) if "季度" in s else ():
        y = _year(m.group(1))
        q = _CN_QUARTER.get(m.group(2)) or int(m.group(2))
        add(m, month_day(y, 3 * q - 2, 1), month_end(y, 3 * q), y)
    for m in _HALF.finditer(s) if "半年" in s else ():
        y = _year(m.group(1))
        first = m.group(2) == "上"
        add(m, month_day(y, 1 if first else 7, 1), month_end(y, 6 if first else 12), y)
    for m in _YEAR_MONTH.finditer(s) if has_year and has_month else ():
        y = _year(m.group(1))
        add(m, month_day(y, int(m.group(2)), 1), month_end(y, int(m.group(2))), y)
    for m in _YEAR_END.finditer(s) if has_year and _YEAR_END_WORD.search(s) else ():
        add(m, 1231, 1231, _year(m.group(1)))
    for m in _YEAR.finditer(s) if has_year else ():
        y = _year(m.group(1))
        if y is not None:
            add(m, 101, 1231, y)
    for m in _MONTH_DAY.finditer(s) if has_month else ():
        md = month_day(None, int(m.group(1)), int(m.group(2)))
        add(m, md, md, None)
    for m in _MONTH.finditer(s) if has_month else ():
        add(m, month_day(None, int(m.group(1)), 1), month_end(None, int(m.group(1))), None)
    found.sort()
    return found


def deadline_op(s: str) -> Op:
    if _BEFORE.search(s):
        return Op.LE
    if _AFTER.search(s):
        return Op.GE
    return Op.BARE


def read_moment(s: str) -> Moment | None:
    """The moment a cell names, or None when it names no date or period."""
    if _HINT.search(s) is None:
        return None
    rel = _RELATIVE.search(s)
    if rel:
        day = int(rel.group(1))
        if not 1 <= day <= 31:
            return None
        return Moment(deadline_op(s[rel.end() :]), day, day, None, True, s)
    spans = _spans(s)
    if not spans:
        return None
    op = deadline_op(s)
    _, start, end, year, is_range = spans[-1]
    if len(spans) > 1 and op is Op.BARE and _RANGE_SIGN.search(s):
        first = spans[0]
        return Moment(Op.RANGE, first[1], end, year or first[3], False, s)
    if is_range and op is Op.BARE:
        op = Op.RANGE
    return Moment(op, start, end, year, False, s)
