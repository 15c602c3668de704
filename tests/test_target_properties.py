"""Properties of the target language and the judge, over generated cells."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.scoring.judge import judge
from jixiao.scoring.policy import Policy, load_policy, policy_from_mapping
from jixiao.targets import Amount, Op, Reading, parse_cell
from jixiao.targets.parse import normalize
from jixiao.targets.terms import Term

SETTINGS = settings(deadline=None, max_examples=200)
TERM_TYPES = Term.__args__  # type: ignore[attr-defined]


def _inverse_policy() -> Policy:
    text = (resources.files("jixiao.scoring") / "policies" / "default.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["ceiling"] = "inverse_ratio"
    return policy_from_mapping(data)


DEFAULT = load_policy("default")
POLICIES = [
    pytest.param(DEFAULT, id="linear_excess"),
    pytest.param(_inverse_policy(), id="inverse"),
]
PATHS = st.sampled_from(
    [
        ("产出指标", "数量指标", "叫号数量"),
        ("产出指标", "成本指标", "运维费用"),
        ("产出指标", "时效指标", "响应时间"),
        ("效益指标", "社会效益指标", "服务水平"),
        ("满意度指标", "服务对象满意度指标", "群众满意度"),
    ]
)

# Comparator words: (word, written before the number?, op)
OPS = [
    ("", True, Op.BARE),
    ("≥", True, Op.GE),
    (">=", True, Op.GE),
    ("＞", True, Op.GT),
    (">", True, Op.GT),
    ("≤", True, Op.LE),
    ("＜", True, Op.LT),
    ("不低于", True, Op.GE),
    ("不少于", True, Op.GE),
    ("达到", True, Op.GE),
    ("不超过", True, Op.LE),
    ("不高于", True, Op.LE),
    ("突破", True, Op.GT),
    ("大于", True, Op.GT),
    ("小于", True, Op.LT),
    ("以上", False, Op.GE),
    ("及以上", False, Op.GE),
    ("以下", False, Op.LE),
    ("以内", False, Op.LE),
]
FLOOR_WORDS = ["≥", ">=", "不低于", "不少于", "达到"]
MAGNITUDES = {"": 1, "千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8}
# unit -> (factor to the canonical unit, key, magnitudes allowed before it, largest number)
UNITS: dict[str, tuple[Decimal, str, tuple[str, ...], int]] = {
    "": (Decimal(1), "", tuple(MAGNITUDES), 10**6),
    "元": (Decimal(1), "元", tuple(MAGNITUDES), 10**6),
    "%": (Decimal(1), "%", ("",), 1000),
    "人次": (Decimal(1), "人次", tuple(MAGNITUDES), 10**6),
    "件": (Decimal(1), "件", ("", "千", "万"), 10**6),
    "个": (Decimal(1), "个", ("", "千", "万"), 10**6),
    "批次": (Decimal(1), "批次", ("",), 10**4),
    "分钟": (Decimal(60), "s", ("",), 10**4),
    "小时": (Decimal(3600), "s", ("",), 10**4),
    "天": (Decimal(86400), "s", ("",), 10**4),
    "个工作日": (Decimal(86400), "s", ("",), 1000),
    "年": (Decimal(31536000), "s", ("",), 99),  # four digits before 年 would be a year
}
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _plain(d: Decimal, commas: bool = False) -> str:
    return format(d, ",f" if commas else "f")


@st.composite
def targets(draw: st.DrawFn, ops: list[str] | None = None) -> tuple[str, Op, Decimal, str]:
    """A well-formed target and the (op, base, key) it must read as."""
    unit = draw(st.sampled_from(sorted(UNITS)))
    factor, key, mags, top = UNITS[unit]
    mag = draw(st.sampled_from(mags))
    number = draw(st.decimals(min_value=0, max_value=top, places=draw(st.integers(0, 2))))
    choices = [o for o in OPS if ops is None or o[0] in ops]
    word, before, op = draw(st.sampled_from(choices))
    written = _plain(number, commas=draw(st.booleans()) and number >= 1000)
    if draw(st.booleans()):
        written = written.translate(FULL_WIDTH)
    value = f"{written}{mag}{unit.translate(FULL_WIDTH) if unit == '%' else unit}"
    text = f"{word}{value}" if before else f"{value}{word}"
    return text, op, number * MAGNITUDES[mag] * factor, key


SEEN_FORMS = [
    "全年突破21万",
    "17.76万",
    "95% ≤ N ≤ 100%",
    "90%-100%",
    "≥100张; ≥50份; ≥10份",
    "50张; 50份",
    "2024 年 12 月 31 日前",
    "2024 年 10 月 25 日",
    "第四季度前完成",
    "第三季度",
    "2025年1月",
    "次月10日前",
    "次月8日",
    "5个工作日内",
    "7x24 小时",
    "7*24小时",
    "每季度",
    "工作日每日审发",
    "有所提升",
    "显著",
    "基本满意",
    "部分达成",
    "未达成",
    "达成",
    "无",
    "不适用",
    "/",
    "#####",
    "#DIV/0!",
    "见附件",
    "1",
    "41000",
    "3657.8元",
    "百分之九十",
    "不少于三个",
    "<p>≥95%</p>",
    "40,000",
    "=10个",
    "约100人",
    "0",
    "≤0",
]
CELLS = st.one_of(
    st.sampled_from(SEEN_FORMS),
    targets().map(lambda t: t[0]),
    st.lists(targets().map(lambda t: t[0]), min_size=2, max_size=3).map("; ".join),
)

ARBITRARY = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
    st.text(alphabet=st.characters(categories=["Cc", "Zs", "Sm", "So", "Nd", "Po"])),
    st.text(alphabet="0123456789.,%％≥≤<>=~-年月日季度第前内上下万亿元人次个一二三四五十百千;；"),
    st.text(min_size=2000, max_size=5000),
)


def _one_amount(reading: Reading) -> Amount:
    assert len(reading.terms) == 1, reading
    term = reading.terms[0]
    assert isinstance(term, Amount), term
    return term


# (a) parse_cell is total


@SETTINGS
@given(ARBITRARY)
@example("\x00\x1f\x7f")
@example("<" * 500)
@example("9" * 5000)
def test_parse_never_raises_and_returns_terms(text: str) -> None:
    reading = parse_cell(text)
    assert isinstance(reading, Reading)
    assert reading.text == text
    assert all(isinstance(t, TERM_TYPES) for t in reading.terms)


@SETTINGS
@given(ARBITRARY.filter(lambda s: normalize(s).strip(";") != ""))
def test_parse_returns_at_least_one_term(text: str) -> None:
    assert len(parse_cell(text).terms) >= 1


@SETTINGS
@given(st.text(alphabet=";； ", min_size=1))
@example(";;")
def test_separators_only_give_at_least_one_term(text: str) -> None:
    assert len(parse_cell(text).terms) >= 1


# (b) well-formed targets read exactly


@SETTINGS
@given(targets())
def test_generated_target_reads_exactly(case: tuple[str, Op, Decimal, str]) -> None:
    text, op, base, key = case
    term = _one_amount(parse_cell(text))
    assert term.op is op, text
    assert term.low.base == base, text
    assert term.low.key == key, text


# (c) money unit round trip


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**6, places=4), st.sampled_from(["", "≥", "≤"]))
def test_money_units_round_trip(x: Decimal, word: str) -> None:
    wan = _one_amount(parse_cell(f"{word}{_plain(x)}万元")).low
    yuan = _one_amount(parse_cell(f"{word}{_plain(x * 10000)}元")).low
    yi = _one_amount(parse_cell(f"{word}{_plain(x / 10000)}亿元")).low
    assert wan.base == yuan.base == yi.base == x * 10000
    assert wan.key == yuan.key == yi.key == "元"


# (d) judge is total and bounded


@pytest.mark.parametrize("policy", POLICIES)
@SETTINGS
@given(target=CELLS, actual=CELLS, path=PATHS)
def test_judge_share_is_bounded(policy: Policy, target: str, actual: str, path: tuple) -> None:
    j = judge(parse_cell(target), parse_cell(actual), path, policy)
    assert Decimal(0) <= j.share <= Decimal(1)
    assert j.reason


@SETTINGS
@given(case=targets(ops=FLOOR_WORDS), path=PATHS)
def test_floor_met_by_an_equal_actual(case: tuple[str, Op, Decimal, str], path: tuple) -> None:
    text = case[0]
    for word in FLOOR_WORDS:
        if text.startswith(word):
            actual = text[len(word) :]
            break
    j = judge(parse_cell(text), parse_cell(actual), path, DEFAULT)
    assert j.share == 1, (text, actual, j)


# (e) monotonicity


def _share(target: str, actual: str, policy: Policy) -> Decimal:
    path = ("产出指标", "数量指标", "指标")
    return judge(parse_cell(target), parse_cell(actual), path, policy).share


@st.composite
def ordered_pair(draw: st.DrawFn, op: str) -> tuple[str, str, str]:
    unit = draw(st.sampled_from(["", "元", "%", "人次", "小时", "天"]))
    t = draw(st.decimals(min_value=0, max_value=10**4, places=2))
    a, b = sorted(draw(st.lists(st.decimals(0, 10**4, places=2), min_size=2, max_size=2)))
    return f"{op}{_plain(t)}{unit}", f"{_plain(a)}{unit}", f"{_plain(b)}{unit}"


@pytest.mark.parametrize("policy", POLICIES)
@SETTINGS
@given(case=ordered_pair("≥"))
def test_floor_share_never_falls_as_actual_grows(policy: Policy, case: tuple) -> None:
    target, smaller, larger = case
    assert _share(target, smaller, policy) <= _share(target, larger, policy), case


@pytest.mark.parametrize("policy", POLICIES)
@SETTINGS
@given(case=ordered_pair("≤"))
def test_ceiling_share_never_rises_as_actual_grows(policy: Policy, case: tuple) -> None:
    target, smaller, larger = case
    assert _share(target, smaller, policy) >= _share(target, larger, policy), case
