"""The target language: every written form of a target or actual reads into the right term."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.targets import (
    Amount,
    Artefact,
    Level,
    Moment,
    NotApplicable,
    Op,
    Schedule,
    Standard,
    Unreadable,
    parse_cell,
)
from jixiao.targets.terms import Term


def only(text: str) -> Term:
    terms = parse_cell(text).terms
    assert len(terms) == 1, terms
    return terms[0]


LONG_TAG = '<span style="font-family: 宋体; font-size: 12pt">≥95%</span>'
# (text, op, base in the canonical unit, unit key, unit kind)
AMOUNTS = [
    # seed forms
    ("≥200人次", Op.GE, "200", "人次", "count"),
    ("≤5万元", Op.LE, "50000", "元", "money"),
    (">90%", Op.GT, "90", "%", "percent"),
    ("100%", Op.BARE, "100", "%", "percent"),
    ("1", Op.BARE, "1", "", "none"),
    ("10人", Op.BARE, "10", "人", "count"),
    ("41000", Op.BARE, "41000", "", "none"),
    ("全年突破21万", Op.GT, "210000", "", "none"),
    ("99%以上", Op.GE, "99", "%", "percent"),
    ("≤ 0.5 小时", Op.LE, "1800", "s", "duration"),
    ("2小时内", Op.LE, "7200", "s", "duration"),
    ("5个工作日内", Op.LE, "432000", "s", "duration"),
    ("≥ 400 万次", Op.GE, "4000000", "次", "count"),
    ("≤ 46 万元", Op.LE, "460000", "元", "money"),
    ("≥6 期", Op.GE, "6", "期", "count"),
    ("17.76万", Op.BARE, "177600", "", "none"),
    ("3657.8元", Op.BARE, "3657.8", "元", "money"),
    ("97.42%", Op.BARE, "97.42", "%", "percent"),
    ("≥5年", Op.GE, "157680000", "s", "duration"),
    # comparator words
    ("不低于95%", Op.GE, "95", "%", "percent"),
    ("不少于30人", Op.GE, "30", "人", "count"),
    ("不超过10万元", Op.LE, "100000", "元", "money"),
    ("不高于5%", Op.LE, "5", "%", "percent"),
    ("100人以上", Op.GE, "100", "人", "count"),
    ("95%及以上", Op.GE, "95", "%", "percent"),
    ("95%（含）以上", Op.GE, "95", "%", "percent"),
    ("5%以下", Op.LE, "5", "%", "percent"),
    ("3天以内", Op.LE, "259200", "s", "duration"),
    ("5万元以内", Op.LE, "50000", "元", "money"),
    ("达到90%", Op.GE, "90", "%", "percent"),
    ("突破500万元", Op.GT, "5000000", "元", "money"),
    ("大于80%", Op.GT, "80", "%", "percent"),
    ("小于3%", Op.LT, "3", "%", "percent"),
    (">=95%", Op.GE, "95", "%", "percent"),
    ("<=5%", Op.LE, "5", "%", "percent"),
    ("约100人", Op.APPROX, "100", "人", "count"),
    ("100人左右", Op.APPROX, "100", "人", "count"),
    ("满意度≥90%", Op.GE, "90", "%", "percent"),
    ("满意度达到90%以上", Op.GE, "90", "%", "percent"),
    ("N≥95%", Op.GE, "95", "%", "percent"),
    ("≥90分", Op.GE, "90", "分", "score"),
    # full-width signs and digits
    ("＞90％", Op.GT, "90", "%", "percent"),
    ("＜5％", Op.LT, "5", "%", "percent"),
    ("≥９５％", Op.GE, "95", "%", "percent"),
    ("≤１０万元", Op.LE, "100000", "元", "money"),
    ("１２３人次", Op.BARE, "123", "人次", "count"),
    ("＞＝95%", Op.GE, "95", "%", "percent"),
    ("不少于１００人次", Op.GE, "100", "人次", "count"),
    # durations: minutes base
    ("30分钟", Op.BARE, "1800", "s", "duration"),
    ("1.5小时", Op.BARE, "5400", "s", "duration"),
    ("24小时内", Op.LE, "86400", "s", "duration"),
    ("3天", Op.BARE, "259200", "s", "duration"),
    ("2个工作日", Op.BARE, "172800", "s", "duration"),
    ("1年", Op.BARE, "31536000", "s", "duration"),
    ("1周", Op.BARE, "604800", "s", "duration"),
    ("1个月内", Op.LE, "2592000", "s", "duration"),
    ("24 小时不间断扫描", Op.BARE, "86400", "s", "duration"),
    # money to 元, magnitudes
    ("1亿元", Op.BARE, "100000000", "元", "money"),
    ("2.5亿元", Op.BARE, "250000000", "元", "money"),
    ("≥1亿元", Op.GE, "100000000", "元", "money"),
    ("≤0.5亿元", Op.LE, "50000000", "元", "money"),
    ("≥5000万元", Op.GE, "50000000", "元", "money"),
    ("1.2万元", Op.BARE, "12000", "元", "money"),
    ("1.2千元", Op.BARE, "1200", "元", "money"),
    ("不超过3千元", Op.LE, "3000", "元", "money"),
    ("1千万元", Op.BARE, "10000000", "元", "money"),
    ("3万", Op.BARE, "30000", "", "none"),
    # counting units are kept by name
    ("3万人次", Op.BARE, "30000", "人次", "count"),
    ("3.5万人次", Op.BARE, "35000", "人次", "count"),
    ("5件", Op.BARE, "5", "件", "count"),
    ("10个", Op.BARE, "10", "个", "count"),
    ("3批次", Op.BARE, "3", "批次", "count"),
    ("1 项", Op.BARE, "1", "项", "count"),
    ("10余人", Op.BARE, "10", "人", "count"),
    ("≥3次/年", Op.GE, "3", "次", "count"),
    ("5千个", Op.BARE, "5000", "个", "count"),
    # Chinese numerals
    ("不少于三个", Op.GE, "3", "个", "count"),
    ("≥五十人", Op.GE, "50", "人", "count"),
    ("二十人", Op.BARE, "20", "人", "count"),
    ("一百人次", Op.BARE, "100", "人次", "count"),
    ("两千人", Op.BARE, "2000", "人", "count"),
    ("百分之九十", Op.BARE, "90", "%", "percent"),
    ("百分之九十五", Op.BARE, "95", "%", "percent"),
    ("百分之一百二十", Op.BARE, "120", "%", "percent"),
    ("三个工作日内", Op.LE, "259200", "s", "duration"),
    ("两小时内", Op.LE, "7200", "s", "duration"),
    ("十五分钟", Op.BARE, "900", "s", "duration"),
    # thousands separators
    ("40,000", Op.BARE, "40000", "", "none"),
    ("40,000元", Op.BARE, "40000", "元", "money"),
    ("1,234,567.89元", Op.BARE, "1234567.89", "元", "money"),
    ("≥15,000条", Op.GE, "15000", "条", "count"),
    # HTML tags and stray whitespace
    ("<p>≥95%</p>", Op.GE, "95", "%", "percent"),
    ("<p>≥200人次</p>", Op.GE, "200", "人次", "count"),
    ("<span>≤5万元</span>", Op.LE, "50000", "元", "money"),
    ("\t≥95%\n", Op.GE, "95", "%", "percent"),
    ("≥95%\u3000", Op.GE, "95", "%", "percent"),
    # wrong today
    ("五万元", Op.BARE, "50000", "元", "money"),
    ("≤五万元", Op.LE, "50000", "元", "money"),
    ("一万元", Op.BARE, "10000", "元", "money"),
    ("三万人次", Op.BARE, "30000", "人次", "count"),
    ("三亿元", Op.BARE, "300000000", "元", "money"),
    # a magnitude after digits is not a Chinese numeral of its own
    ("控制在185万元以内", Op.LE, "1850000", "元", "money"),
    ("1千万元", Op.BARE, "10000000", "元", "money"),
    ("一万五千人次", Op.BARE, "15000", "人次", "count"),
    ("百分之百", Op.BARE, "100", "%", "percent"),
    ("百分之九十九点五", Op.BARE, "99.5", "%", "percent"),
    ("95%≤N", Op.GE, "95", "%", "percent"),
    ("4.1E+04", Op.BARE, "41000", "", "none"),
    (LONG_TAG, Op.GE, "95", "%", "percent"),
]


@pytest.mark.parametrize(("text", "op", "base", "key", "kind"), AMOUNTS)
def test_amount(text: str, op: Op, base: str, key: str, kind: str) -> None:
    term = only(text)
    assert isinstance(term, Amount), term
    assert term.op is op
    assert term.low.base == Decimal(base)
    assert term.low.key == key
    assert term.low.kind == kind


def test_seconds_convert_exactly() -> None:
    term = only("30秒")
    assert isinstance(term, Amount)
    assert term.low.base == Decimal(30)  # seconds


def test_approximate_count_keeps_its_counter() -> None:
    term = only("100多人")
    assert isinstance(term, Amount)
    assert (term.low.base, term.low.key) == (Decimal(100), "人")


def test_amount_keeps_the_written_value_and_unit() -> None:
    term = only("≤5万元")
    assert isinstance(term, Amount)
    assert (term.low.value, term.low.measure, str(term.low)) == (Decimal(5), "万元", "5万元")


# (text, low base, high base, key)
RANGES = [
    ("95% ≤ N ≤ 100%", "95", "100", "%"),
    ("95%≤N≤100%", "95", "100", "%"),
    ("90%≤满意度≤100%", "90", "100", "%"),
    ("90≤N≤100", "90", "100", ""),
    ("90%-100%", "90", "100", "%"),
    ("90%~100%", "90", "100", "%"),
    ("90-100%", "90", "100", "%"),
    ("80~100", "80", "100", ""),
    ("80-100", "80", "100", ""),
    ("80～100", "80", "100", ""),
    ("5万元-10万元", "50000", "100000", "元"),
    ("5-10万元", "50000", "100000", "元"),
    ("5~10万", "50000", "100000", ""),
]


@pytest.mark.parametrize(("text", "low", "high", "key"), RANGES)
def test_range(text: str, low: str, high: str, key: str) -> None:
    term = only(text)
    assert isinstance(term, Amount), term
    assert term.op is Op.RANGE
    assert term.high is not None
    assert (term.low.base, term.high.base) == (Decimal(low), Decimal(high))
    assert term.low.key == term.high.key == key


@pytest.mark.parametrize(
    ("text", "days", "hours"),
    [
        ("7x24 小时", 7, 24),
        ("7X24小时", 7, 24),
        ("7*24小时", 7, 24),
        ("7×24小时", 7, 24),
        ("7＊24小时", 7, 24),
        ("5×8小时", 5, 8),
        ("7x24 小时不间断电话支持", 7, 24),
        ("全天候", 7, 24),
    ],
)
def test_schedule(text: str, days: int, hours: int) -> None:
    term = only(text)
    assert isinstance(term, Schedule), term
    assert (term.days, term.hours) == (days, hours)


# (text, op, start, end, year, relative): start and end are month-day numbers (1231 = 31 Dec);
# a relative moment (次月10日) gives the day of the month.
MOMENTS = [
    ("2024 年 12 月 31 日前", Op.LE, 1231, 1231, 2024, False),
    ("2024年9月30日前完成", Op.LE, 930, 930, 2024, False),
    ("2024 年 10 月 25 日", Op.BARE, 1025, 1025, 2024, False),
    ("2024-12-31前", Op.LE, 1231, 1231, 2024, False),
    ("2024.12.31", Op.BARE, 1231, 1231, 2024, False),
    ("2024年6月底前", Op.LE, 601, 630, 2024, False),
    ("2025年1月", Op.BARE, 101, 131, 2025, False),
    ("2024年12月前", Op.LE, 1201, 1231, 2024, False),
    ("2024年内", Op.LE, 101, 1231, 2024, False),
    ("2024年底", Op.BARE, 1231, 1231, 2024, False),
    ("年底前", Op.LE, 1231, 1231, None, False),
    ("12月31日前", Op.LE, 1231, 1231, None, False),
    ("12月底前", Op.LE, 1201, 1231, None, False),
    ("6月底前", Op.LE, 601, 630, None, False),
    ("10月", Op.BARE, 1001, 1031, None, False),
    ("１２月", Op.BARE, 1201, 1231, None, False),
    ("第一季度", Op.BARE, 101, 331, None, False),
    ("第二季度", Op.BARE, 401, 630, None, False),
    ("第三季度", Op.BARE, 701, 930, None, False),
    ("第3季度", Op.BARE, 701, 930, None, False),
    ("第四季度", Op.BARE, 1001, 1231, None, False),
    ("第四季度前完成", Op.LE, 1001, 1231, None, False),
    ("四季度前", Op.LE, 1001, 1231, None, False),
    ("一季度", Op.BARE, 101, 331, None, False),
    ("上半年", Op.BARE, 101, 630, None, False),
    ("上半年完成", Op.LE, 101, 630, None, False),
    ("下半年", Op.BARE, 701, 1231, None, False),
    ("次月10日前", Op.LE, 10, 10, None, True),
    ("每月10日前", Op.LE, 10, 10, None, True),
    ("2024年1月-6月", Op.RANGE, 101, 630, 2024, False),
    ("2024年1月至6月", Op.RANGE, 101, 630, 2024, False),
    ("<b>2024年12月31日前</b>", Op.LE, 1231, 1231, 2024, False),
    ("截至2024年12月31日", Op.LE, 1231, 1231, 2024, False),
    ("2024年第四季度前完成", Op.LE, 1001, 1231, 2024, False),
    ("2024年上半年", Op.BARE, 101, 630, 2024, False),
    ("1-6月", Op.RANGE, 101, 630, None, False),
    ("2月底前", Op.LE, 201, 229, None, False),
    ("2023年2月底前", Op.LE, 201, 228, 2023, False),
]


@pytest.mark.parametrize(("text", "op", "start", "end", "year", "relative"), MOMENTS)
def test_moment(text: str, op: Op, start: int, end: int, year: int | None, relative: bool) -> None:
    term = only(text)
    assert isinstance(term, Moment), term
    assert term.op is op
    assert (term.start, term.end, term.year, term.relative) == (start, end, year, relative)


# (text, word, polarity, rank, affirm)
LEVELS = [
    ("显著", "显著", 1, 3, False),
    ("明显", "明显", 1, 3, False),
    ("显著提升", "显著", 1, 3, False),
    ("明显改善", "明显", 1, 3, False),
    ("大幅提升", "大幅", 1, 3, False),
    ("非常满意", "非常满意", 1, 3, False),
    ("有效", "有效", 1, 2, False),
    ("有效提升", "有效", 1, 2, False),
    ("良好", "良好", 1, 2, False),
    ("较好", "较好", 1, 2, False),
    ("满意", "满意", 1, 2, False),
    ("有所提升", "有所提升", 1, 1, False),
    ("一般", "一般", 1, 1, False),
    ("达成", "达成", 1, 2, True),
    ("完成", "完成", 1, 2, True),
    ("达标", "达标", 1, 2, True),
    ("是", "是", 1, 2, True),
    ("基本满意", "基本满意", 0, 1, False),
    ("部分达成", "部分达成", 0, 1, False),
    ("基本达成", "基本达成", 0, 1, False),
    ("部分完成", "部分完成", 0, 1, False),
    ("未达成", "未达成", -1, 0, False),
    ("未完成", "未完成", -1, 0, False),
    ("不明显", "不明显", -1, 0, False),
    ("不满意", "不满意", -1, 0, False),
    ("否", "否", -1, 0, False),
    ("<div>基本满意</div>", "基本满意", 0, 1, False),
]


@pytest.mark.parametrize(("text", "word", "polarity", "rank", "affirm"), LEVELS)
def test_level(text: str, word: str, polarity: int, rank: int, affirm: bool) -> None:
    term = only(text)
    assert isinstance(term, Level), term
    assert (term.word, term.polarity, term.rank, term.affirm) == (word, polarity, rank, affirm)


@pytest.mark.parametrize("text", ["每季度", "工作日每日审发", "每月", "定期"])
def test_standard(text: str) -> None:
    assert isinstance(only(text), Standard)


@pytest.mark.parametrize(
    "text", ["无", "不适用", "/", "／", "—", "-", "N/A", "不涉及", "<p>无</p>"]
)
def test_not_applicable(text: str) -> None:
    reading = parse_cell(text)
    assert reading.not_applicable
    assert all(isinstance(t, NotApplicable) for t in reading.terms)
    assert reading.terms


@pytest.mark.parametrize(
    "text", ["#####", "########", "#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?"]
)
def test_excel_artefact(text: str) -> None:
    reading = parse_cell(text)
    assert isinstance(only(text), Artefact)
    assert reading.unreadable == reading.terms


@pytest.mark.parametrize("text", ["见附件", "详见说明", "abc"])
def test_unreadable(text: str) -> None:
    reading = parse_cell(text)
    assert isinstance(only(text), Unreadable)
    assert reading.unreadable == reading.terms


# (text, [(op, base, key), ...])
COMPOUND = [
    ("≥100张; ≥50份; ≥10份", [(Op.GE, 100, "张"), (Op.GE, 50, "份"), (Op.GE, 10, "份")]),
    ("≥100张；≥50份", [(Op.GE, 100, "张"), (Op.GE, 50, "份")]),
    ("≥100张;50份", [(Op.GE, 100, "张"), (Op.BARE, 50, "份")]),
    ("≥95%;≥90%", [(Op.GE, 95, "%"), (Op.GE, 90, "%")]),
    ("50张; 50份", [(Op.BARE, 50, "张"), (Op.BARE, 50, "份")]),
    ("≥100张\n≥50份", [(Op.GE, 100, "张"), (Op.GE, 50, "份")]),
    ("≥100张<br/>≥50份", [(Op.GE, 100, "张"), (Op.GE, 50, "份")]),
    ("<p>≥95%</p><p>≥90%</p>", [(Op.GE, 95, "%"), (Op.GE, 90, "%")]),
    ("≥100张，≥50份", [(Op.GE, 100, "张"), (Op.GE, 50, "份")]),
    ("≥100张、≥50份", [(Op.GE, 100, "张"), (Op.GE, 50, "份")]),
]


@pytest.mark.parametrize(("text", "parts"), COMPOUND)
def test_compound(text: str, parts: list[tuple[Op, int, str]]) -> None:
    reading = parse_cell(text)
    assert reading.is_compound
    got = [(t.op, t.low.base, t.low.key) if isinstance(t, Amount) else t for t in reading.terms]
    assert got == [(op, Decimal(base), key) for op, base, key in parts]


def test_trailing_separator_is_not_a_part() -> None:
    reading = parse_cell("≥95%;")
    assert not reading.is_compound
    assert isinstance(reading.terms[0], Amount)


@pytest.mark.parametrize("text", [";;", " ；", ";"])
def test_separators_only_read_as_blank(text: str) -> None:
    reading = parse_cell(text)
    assert reading.terms
    assert reading.blank and not reading.not_applicable  # nothing written is not 不适用


@pytest.mark.parametrize("text", ["9999年12月", "9999年12月底前"])
def test_never_raises_on_far_years(text: str) -> None:
    assert parse_cell(text).terms


def test_reading_keeps_the_raw_text() -> None:
    raw = "<p>≥ 95％</p>"
    reading = parse_cell(raw)
    assert reading.text == raw
    assert not reading.is_compound
