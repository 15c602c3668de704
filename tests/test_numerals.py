"""jixiao.targets.numerals against cn2an 0.5.24, the reader it replaces (a test dependency now).

Every run the target reader can send (17 numeral characters, 1-24 long, and for percentages
点 and 1-24 decimal digits) must print as f"{cn2an.cn2an(run, 'smart')}" prints, or be None
where cn2an raises ValueError, KeyError or IndexError.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.targets.numerals import chinese_number

NUMERALS = "零〇一二两三四五六七八九十百千万亿"
DECIMALS = "零〇一二三四五六七八九"
DIGIT_VALUES = str.maketrans("一二三四五六七八九", "123456789")
SRC = Path(__file__).resolve().parents[1] / "src"


def reference(run: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning would be a reading we do not copy
            return f"{cn2an.cn2an(run, 'smart')}"
    except (ValueError, KeyError, IndexError):
        return None


def mismatches(runs: Iterable[str]) -> list[tuple[str, str | None, str | None]]:
    return [
        (run, want, got) for run in runs if (want := reference(run)) != (got := chinese_number(run))
    ]


# --- named readings, cn2an's quirks among them -------------------------------------------


@pytest.mark.parametrize(
    ("run", "text"),
    [
        ("一百一", "110"),
        ("三万五", "35000"),
        ("两千三", "2300"),
        ("十三万六", "136000"),
        ("二〇二四", "2024"),
        ("一二三", "123"),
        ("零五", "5"),
        ("零零", "0"),
        ("〇", "0"),
        ("一百零", "100"),
        ("十", "10"),
        ("一十五", "15"),
        ("两万两", "22000"),
        ("三千万亿", "3000000000000000"),
        ("三十万亿", "30000000000000"),
        ("十万零一千", "101000"),  # 零 before a thousand after 万 is accepted, not required
        ("一万五百", "10500"),  # the zero cn2an's repairs put back
        ("一千十", "1010"),
        ("一千〇十", None),  # the repair puts 零 before 〇十 as before 五十: 一千零〇十
        ("一百十", "110"),
        ("一千零十一", "1011"),
        ("三点五", "3.5"),
        ("零点一", "0.1"),
        ("一点零", "1.0"),
        ("五点", "5"),  # an empty decimal part leaves an int
        ("一二点三四五六七八九一二三四五六七八", "12.345678912345678"),
        ("九九九九九九九九九九九九九九九九点九", "1e+16"),  # float repr
        ("十十", None),
        ("万", None),
        ("一万万", None),
        ("万亿", None),
        ("一亿亿", None),
        ("百十", None),
        ("千十", None),
        ("十十五", None),  # shorthand after 十: cn2an's KeyError
        ("一亿三", None),  # shorthand after 亿: cn2an's KeyError
        ("点五", None),
        ("一点二点三", None),
        ("一点" + "二" * 17, None),  # more than 16 decimals
        ("", None),
        ("3", None),  # not a character this reader reads (cn2an reads it)
        ("负一", None),
        ("壹", None),
    ],
)
def test_named_readings(run: str, text: str | None) -> None:
    assert chinese_number(run) == text
    if run and set(run) <= set(NUMERALS + "点"):
        assert reference(run) == text


def test_overflow_is_none_where_cn2an_raises() -> None:
    # Out of the reader's range (runs are at most 24 long): the one place the two differ.
    run = "一" + "亿" * 40 + "万一点一"
    with pytest.raises(OverflowError):
        cn2an.cn2an(run, "smart")
    assert chinese_number(run) is None


def test_the_cache_holds_after_it_fills() -> None:
    first = chinese_number("三万五")
    runs = ["".join(t) for t in itertools.product("一二三四五六七八九", repeat=4)]  # 6561
    assert [chinese_number(run) for run in runs] == [
        str(int(run.translate(DIGIT_VALUES))) for run in runs
    ]
    assert first == chinese_number("三万五") == "35000"


# --- exhaustive over short runs ------------------------------------------------------


def test_every_short_run() -> None:
    runs = itertools.chain.from_iterable(
        map("".join, itertools.product(NUMERALS, repeat=n)) for n in range(1, 4)
    )
    assert mismatches(runs) == []


def test_every_short_run_with_a_point() -> None:
    # 点 anywhere in runs up to 3 long, beyond what the target reader sends
    runs = [
        run
        for n in range(1, 4)
        for run in map("".join, itertools.product(NUMERALS + "点", repeat=n))
        if "点" in run
    ]
    assert mismatches(runs) == []


def test_every_short_percentage() -> None:
    integers = ["".join(t) for n in range(1, 3) for t in itertools.product(NUMERALS, repeat=n)]
    decimals = ["".join(t) for n in range(1, 3) for t in itertools.product(DECIMALS, repeat=n)]
    runs = [f"{i}点{d}" for i in integers for d in decimals]
    assert mismatches(runs) == []


# --- generated runs: numbers written as people write them, and noise ----------------------

SMALL_UNITS = ("", "十", "百", "千")
NUMBERS = st.one_of(
    st.integers(0, 10**16 - 1),
    st.integers(10**8, 10**16 - 1),
    st.integers(0, 10**4),
    # many zeros: the places where 零 goes or is left out
    st.lists(st.sampled_from("0000001123456789"), min_size=1, max_size=16).map(
        lambda ds: int("".join(ds))
    ),
    st.builds(lambda d, k: d * 10**k, st.integers(1, 99), st.integers(0, 14)),
)


@st.composite
def written(draw: st.DrawFn, loose: bool) -> tuple[int, str]:
    """A number below 10^16 and how a table writes it: 二/两, 零/〇, 十五/一十五, digits alone.

    loose: also as tables write it loosely (一百十, 一万五百, 十万零一千, 三万五 for 三万五千),
    which need not read as the number.
    """
    n = draw(NUMBERS)
    zero = draw(st.sampled_from("零〇"))
    liang = draw(st.sampled_from(["never", "before units", "anywhere"]))

    def digit(d: int, before_unit: bool) -> str:
        if d == 2 and (liang == "anywhere" or (liang == "before units" and before_unit)):
            return draw(st.sampled_from("二两"))
        return zero if d == 0 else "一二三四五六七八九"[d - 1]

    if draw(st.integers(0, 4)) == 0:  # digits alone: 二〇二四
        return n, "".join(digit(int(c), False) for c in str(n))
    if n == 0:
        return n, zero
    ten_one_lead = draw(st.booleans())  # 十五 / 一十五
    ten_one_inner = not loose or draw(st.integers(0, 3)) > 0  # 一百一十 / 一百十
    drop_zero = loose and draw(st.integers(0, 3)) == 0  # 一万五百 for 一万零五百
    # The zeros that end the places of 万 (4-7), 亿 (8-15) or 万亿 (12-15) are not read
    # (十万一千, 一亿一千万, 十万一千亿); loosely they are (十万零一千).
    zero_across = loose and draw(st.booleans())
    digits = str(n)
    top = len(digits) - 1
    out: list[str] = []
    pending_zero = False
    for p in range(top, -1, -1):
        d = int(digits[top - p])
        if d:
            if pending_zero and not (drop_zero and draw(st.booleans())):
                out.append(zero)
            pending_zero = False
            unit = SMALL_UNITS[p % 4]
            if d == 1 and unit == "十":
                lead = not out
                out.append(
                    ("一" if ten_one_lead else "") + "十"
                    if lead
                    else ("一十" if ten_one_inner else "十")
                )
            else:
                out.append(digit(d, bool(unit) or p > 0) + unit)
        elif out:
            pending_zero = True
        if p and p % 4 == 0:
            section = int(digits[max(0, top - p - 3) : top - p + 1])
            if p == 8:
                out.append("亿")
            elif section:
                out.append("万")
            if p == 8 or section:  # zeros that end the places of 亿, of 万, of 万亿
                pending_zero = pending_zero and zero_across
    text = "".join(out)
    if (
        loose
        and draw(st.integers(0, 4)) == 0
        and len(text) > 2
        and text[-1] in "十百千"
        and text[-2] in "一二两三四五六七八九"
        and text[-3] in "百千万"
    ):
        text = text[:-1]  # spoken shorthand: 三万五 for 三万五千
    return n, text


def written_numbers() -> st.SearchStrategy[str]:
    return written(loose=True).map(lambda pair: pair[1])


@settings(max_examples=500, deadline=None)
@given(written(loose=False))
def test_numbers_written_out_read_as_the_number(pair: tuple[int, str]) -> None:
    n, text = pair
    assert chinese_number(text) == str(n)


@st.composite
def edited(draw: st.DrawFn, runs: st.SearchStrategy[str]) -> str:
    """A written number with a character or two changed, put in, or left out."""
    text = draw(runs)
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.integers(0, len(text)))
        c = draw(st.sampled_from(NUMERALS))
        edit = draw(st.sampled_from(["put", "change", "drop"]))
        if edit == "put" or not text:
            text = text[:i] + c + text[i:]
        elif edit == "change":
            text = text[: i - 1] + c + text[i:] if i else c + text[1:]
        else:
            text = text[: i - 1] + text[i:] if i else text[1:]
    return text


INTEGER_RUNS = st.one_of(
    written_numbers(),
    edited(written_numbers()),
    st.text(st.sampled_from(NUMERALS), min_size=1, max_size=24),
    st.text(st.sampled_from("一二两三五九零十百千万亿"), min_size=1, max_size=24),
)
DECIMAL_RUNS = st.one_of(
    st.text(st.sampled_from(DECIMALS), min_size=1, max_size=16),
    st.text(st.sampled_from(DECIMALS), min_size=1, max_size=24),
    st.text(st.sampled_from("零一五九"), min_size=1, max_size=16),
)


@settings(max_examples=3000, deadline=None)
@given(INTEGER_RUNS)
@example("一千二百三十四万五千六百七十八亿九千零一十二万三千四百五十六")
@example("九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九")
@example("一二三四五六七八九〇一二三四五六七八九〇一二三四")
def test_generated_runs(run: str) -> None:
    assert chinese_number(run) == reference(run)


@settings(max_examples=2000, deadline=None)
@given(INTEGER_RUNS, DECIMAL_RUNS)
@example("零", "一")
@example("一二三四五六七八九〇一二三四五六七八九〇一二三四", "九九九九九九九九九九九九九九九九")
@example("九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九", "九九")
def test_generated_percentages(integer: str, decimals: str) -> None:
    run = f"{integer}点{decimals}"
    assert chinese_number(run) == reference(run)


# --- cheap to import ---------------------------------------------------------------

# The module is imported by itself: the package jixiao.targets imports the whole target
# reader (parse.py, which imports cn2an until it uses this module instead).
_IMPORT = """
import json, sys, time, types
for name, path in (("jixiao", {jixiao!r}), ("jixiao.targets", {targets!r})):
    package = types.ModuleType(name)
    package.__path__ = [path]
    sys.modules[name] = package
before = set(sys.modules)
start = time.perf_counter()
import jixiao.targets.numerals
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "new": sorted(set(sys.modules) - before)}}))
"""


def test_import_is_cheap_and_without_cn2an(tmp_path: Path) -> None:
    code = _IMPORT.format(jixiao=str(SRC / "jixiao"), targets=str(SRC / "jixiao" / "targets"))
    # Timed from a bytecode cache, as an installed jixiao imports it (compiling the source
    # is not the module's cost); the cache goes to tmp_path, not beside the source.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path)
    runs = []
    for _ in range(3):  # the first writes the cache
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        runs.append(json.loads(done.stdout))
    for run in runs:
        assert "cn2an" not in run["new"]
        assert set(run["new"]) <= {"jixiao.targets.numerals", "__future__"}
    assert min(run["seconds"] for run in runs[1:]) < 0.005
