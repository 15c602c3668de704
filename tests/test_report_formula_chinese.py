"""Formula rules read as Chinese arithmetic in scores and reports, never as the expression's code."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import api
from jixiao.scoring.policy import load_policy
from jixiao.scoring.rules.base import RuleContext, get
from jixiao.scoring.rules.formula import speak

ROOT = Path(__file__).resolve().parents[1]
# what an expression looks like when it leaks into a document
CODE = re.compile(r"\bweight\b|\bq\d\b|\bif\b|\belse\b|\bavg\(|\bmin\(|[*/]|<=|>=|==")


def explain(expression: str, facts: dict[str, object], **params: object) -> str:
    kind = get("formula")
    assert kind is not None
    ctx = RuleContext(Decimal(6), {"expression": expression, **params}, facts, load_policy())
    return kind.apply(ctx).reason


def test_operators_and_functions_are_spoken() -> None:
    spoken = speak("weight * (a - b) / c", {"a": "满分", "b": "扣分", "c": "满分"})
    assert spoken == "权重 × (满分 − 扣分) ÷ 满分"
    assert speak("x if x <= y else 0", {}) == "x ≤ y 时为 x，否则为 0"
    assert speak("avg([a, b]) * 2", {"a": "甲", "b": "乙"}) == "甲、乙的平均值 × 2"
    assert speak("min(a, 1) + max(a, b) + abs(a)", {}) == "a 与 1 的较小值 + a 与 b 的较大值 + |a|"


def test_a_constant_beside_a_rate_reads_as_a_rate() -> None:
    # q1 is a rate (written with %): dividing it by 0.25 divides by the 25% time progress
    assert speak("q1/0.25 + q1 * 2", {"q1": "第一季度执行率"}, rates={"q1"}) == (
        "第一季度执行率 ÷ 25% + 第一季度执行率 × 2"
    )


def test_the_explanation_names_facts_by_their_labels() -> None:
    reason = explain(
        "q1/0.25 + avg([q1, q2]) * 2",
        {"q1": "20%", "q2": "45%"},
        names={"q1": "第一季度执行率", "q2": "第二季度执行率"},
        label="季度执行得分",
    )
    assert "第一季度执行率 ÷ 25%" in reason
    assert "第一季度执行率 = 20%" in reason
    assert not CODE.search(reason), reason


def test_an_expression_the_reader_cannot_speak_is_not_printed() -> None:
    reason = explain("x ** 2 * weight", {"x": 1}, label="自定义公式")
    assert "自定义公式" in reason and "**" not in reason


@pytest.mark.parametrize("seed", ["000", "001"])
def test_seed_explanations_hold_no_code(seed: str) -> None:
    """Formulas stand alone (000) and inside a parts rule (001's 政府采购执行率)."""
    [result] = api.score_paths([ROOT / "examples" / "seeds" / f"{seed}.yaml"]).results
    assert result.case.evaluation
    assert any(s.rule == "formula" or "按" in s.explanation for s in result.indicators)
    for score in result.indicators:
        assert not CODE.search(score.explanation), score.explanation
