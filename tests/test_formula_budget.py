"""Formula rules run under a budget: booleans are not numbers for arithmetic, sequences are
not repeated or built big, every value is a finite Decimal of at most `formula_digits`
digits, the expression at most `formula_chars` long, evaluation bounded by
`formula_seconds`; every error is a Chinese sentence."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.core.limits import Limits, using
from jixiao.scoring.rules.base import RuleError
from jixiao.scoring.rules.formula import evaluate_expression, speak

FACTS: dict[str, Any] = {"q1": Decimal("0.2"), "q": [Decimal("0.2"), Decimal("0.4")], "ok": True}
QUOTED = re.compile(r"「[^」]*」")  # the formula, a name or a function as written
# what a Chinese sentence may still spell in Latin letters: the functions and limits it names
SPELLED = re.compile(
    r"(?<![A-Za-z_])(?:min|max|abs|sum|avg|round|formula_[a-z]+|docs/limits\.md)(?![A-Za-z_])"
)
LATIN = re.compile(r"[A-Za-z]{3,}")  # an English word


def _error(expression: str, names: dict[str, Any] | None = None) -> str:
    start = time.perf_counter()
    with pytest.raises(RuleError) as info:
        evaluate_expression(expression, FACTS if names is None else names)
    assert time.perf_counter() - start < 2, expression
    return str(info.value)


def _chinese(message: str, expression: str) -> None:
    """A Chinese sentence: no exception class, no English words outside the formula itself."""
    rest = SPELLED.sub("", QUOTED.sub("", message.replace(expression, "")))
    assert not LATIN.search(rest), message
    assert "Error" not in message and "Exception" not in message, message
    assert re.search(r"[\u4e00-\u9fff]", message), message


HOSTILE = [
    "(True+True)**(True+True)**(True+True)**(True+True)**(True+True)**(True+True)",
    "(True+True)**10000000",
    "ok + ok",
    "-ok",
    "sum([ok, ok])",
    "[1]*10**9",
    "'a'*10**9",
    "[1, 2] * 1000000",
    "q * 1000000",
    "q + q",
    "'a' + 'b'",
    "9**9**9",
    "10**100",
    "2**1000000",
    "1e999",
    "1" + "0" * 70,
    "1e300 * 1e300",
    "round(1, 1000000000)",
    "round(10**50, 2)",
    "(-8) ** 0.5",
    "2 ** 1e40",
    "x / 0",
    "0 / 0",
    "avg([])",
    "min()",
    "min([])",
    "min([], [])",
    "max([1], [2])",
    "y + 1",
    "f(1)",
    "q1 > 0.1",
    "1 +",
    "((((((((((1",
    "-" * 1500 + "1",
    "[" * 100 + "]" * 100,
    "__import__('os')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd')",
    "lambda: 1",
    "[x for x in q for y in q]",
    "{1: 2}",
    "{1, 2}",
    "q[0]",
    "f'{q1}'",
    "'a' if q1 else 1",
    "q1 << 1000",
    "~1",
    "round(q)",  # found by the property test below
    "abs(q)",
    "!!python/object/apply:os.system ['ls']",
]


@pytest.mark.parametrize("expression", HOSTILE)
def test_hostile_formula_is_a_chinese_error_in_bounded_time(expression: str) -> None:
    message = _error(expression, {**FACTS, "x": Decimal(2)})
    assert "公式" in message
    _chinese(message, expression)


def test_division_by_zero_stays_a_located_error() -> None:
    assert "除数为 0" in _error("q1 / (q1 - q1)")


def test_booleans_are_not_numbers_for_arithmetic() -> None:
    assert "是/否" in _error("ok + 1")
    assert evaluate_expression("1 if ok else 0", FACTS) == 1  # but conditions are fine
    assert evaluate_expression("min(q1, 1) if q1 > 0.1 and ok else 0", FACTS) == Decimal("0.2")


def test_sequences_are_not_repeated() -> None:
    assert "列表" in _error("[1] * 3")
    assert "列表" in _error("q * 2")


def test_a_power_past_the_bound_is_refused_before_it_is_computed() -> None:
    assert "位数" in _error("2 ** 1000")
    assert evaluate_expression("2 ** 10", {}) == 1024
    assert evaluate_expression("q1 ** 2", FACTS) == Decimal("0.04")


def test_every_intermediate_value_is_bounded() -> None:
    # the result is small, but an intermediate value has 80 digits
    assert "位数" in _error("10 ** 40 * 10 ** 40 / 10 ** 79")
    with using(Limits(formula_digits=100)):
        assert evaluate_expression("10 ** 40 * 10 ** 40 / 10 ** 79", {}) == 10


def test_the_expression_length_is_a_limit() -> None:
    long = "q1 +" + " " * 2_000 + "q1"
    message = _error(long)
    assert "formula_chars" in message and "2,000" in message and "2,006" in message
    with using(Limits(formula_chars=5000)):
        assert evaluate_expression(long, FACTS) == Decimal("0.4")


def test_evaluation_time_is_a_limit() -> None:
    with using(Limits(formula_seconds=1e-9)):
        assert "formula_seconds" in _error("q1 + q1 + q1 + q1")


def test_ordinary_formulas_still_compute() -> None:
    names = {"q1": Decimal("0.2"), "q2": Decimal("0.45"), "q3": Decimal("0.7")}
    names |= {"q4": Decimal("0.98"), "weight": Decimal(6)}
    expression = (
        "min(q1/0.25, 1) + min(q2/0.5, 1) + min(q3/0.75, 1) + min(q4/1, 1)"
        " + avg([q1, q2, q3, q4]) * 2"
    )
    assert evaluate_expression(expression, names) == Decimal("4.778333333333333333333333333")
    assert evaluate_expression("round(q2 * 100 / 3, 1)", names) == Decimal("15.0")
    assert evaluate_expression("abs(0 - 2) + max(q)", FACTS) == Decimal("2.4")


def test_speaking_a_deep_expression_gives_nothing_rather_than_failing() -> None:
    assert speak("-" * 5000 + "1", {}) is None


NUMBERS = st.one_of(
    st.integers(-(10**80), 10**80).map(str),
    st.sampled_from(["0", "1", "2", "0.5", "1e300", "1e-300", "True", "False", "q1", "q", "ok"]),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)
OPERATORS = st.sampled_from(["+", "-", "*", "/", "**", "%", "//", "<", "and", "or"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(NUMBERS)
    kind = draw(st.integers(0, 4))
    if kind == 0:
        a, b = draw(expressions(depth + 1)), draw(expressions(depth + 1))
        return f"({a} {draw(OPERATORS)} {b})"
    if kind == 1:
        return f"-({draw(expressions(depth + 1))})"
    if kind == 2:
        fn = draw(st.sampled_from(["min", "max", "abs", "sum", "avg", "round"]))
        args = draw(st.lists(expressions(depth + 1), max_size=3))
        return f"{fn}({', '.join(args)})"
    if kind == 3:
        items = draw(st.lists(expressions(depth + 1), max_size=3))
        return f"[{', '.join(items)}]"
    a, b, c = (draw(expressions(depth + 1)) for _ in range(3))
    return f"({a} if {b} else {c})"


@settings(max_examples=400, deadline=1000)
@given(expressions() | st.text(max_size=60))
@example("(True+True)**(True+True)**(True+True)**(True+True)**(True+True)**(True+True)")
@example("[1]*10**9")
@example("'a'*10**9")
def test_any_expression_gives_a_bounded_number_or_a_chinese_error(expression: str) -> None:
    try:
        result = evaluate_expression(expression, FACTS)
    except RuleError as exc:
        _chinese(str(exc), expression)
        return
    assert isinstance(result, Decimal) and result.is_finite()
    assert abs(result) <= 10**9
