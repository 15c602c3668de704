"""Formula kind: a score computed from named facts by an expression (simpleeval, never eval).

Seed 001's quarterly execution score is the model: Σ (quarter progress / 序时进度) × 1 for
four quarters + the year's average rate × 2. Facts become Decimals (rates written with %
become fractions), so the arithmetic is exact.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from jixiao.core.numbers import quantize
from jixiao.scoring.rules.base import (
    COMMON_FACTS,
    Param,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    num,
    number,
    rate,
    register,
)


def _decimal_fact(value: Any, name: str) -> Any:
    if isinstance(value, list):
        return [_decimal_fact(v, name) for v in value]
    if isinstance(value, str) and "%" in value:
        return rate(value, name)
    if isinstance(value, bool):
        return value
    return number(value, name)


def _mean(values: list[Decimal]) -> Decimal:
    if not values:
        raise RuleError("avg() 的列表为空")
    return sum(values, Decimal(0)) / len(values)


FUNCTIONS = {
    "min": min,
    "max": max,
    "abs": abs,
    "sum": lambda values: sum(values, Decimal(0)),
    "avg": _mean,
    "round": lambda value, places=2: quantize(Decimal(value), int(places)),
}


class _DecimalEval(EvalWithCompoundTypes):  # type: ignore[misc]
    """simpleeval with exact numbers: the literal 0.25 is Decimal("0.25"), not a float."""

    def _eval_constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(repr(value))
        return super()._eval_constant(node)


def evaluate_expression(expression: str, names: Mapping[str, Any]) -> Decimal:
    evaluator = _DecimalEval(functions=FUNCTIONS, names=dict(names))
    try:
        result = evaluator.eval(expression)
    except InvalidExpression as exc:
        raise RuleError(f"公式「{expression}」无法计算：{exc}") from None
    except SyntaxError as exc:
        raise RuleError(f"公式「{expression}」写法有误：{exc.msg}") from None
    except (ZeroDivisionError, ArithmeticError) as exc:
        raise RuleError(f"公式「{expression}」计算出错（{type(exc).__name__}）") from None
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise RuleError(f"公式「{expression}」计算出错：{exc}") from None
    if isinstance(result, bool) or not isinstance(result, int | float | Decimal):
        raise RuleError(f"公式「{expression}」的结果不是数字")
    if not Decimal(result).is_finite() or abs(Decimal(result)) > 10**9:
        raise RuleError(f"公式「{expression}」的结果过大，不是一个得分")
    return Decimal(str(result)) if isinstance(result, float) else Decimal(result)


def _formula(ctx: RuleContext) -> RuleResult:
    expression = ctx.param("expression")
    if not expression:
        raise RuleError("缺少参数 expression（公式）")
    names = {k: _decimal_fact(v, k) for k, v in ctx.facts.items() if k not in COMMON_FACTS}
    names["weight"] = ctx.weight
    score = evaluate_expression(str(expression), names)
    label = ctx.param("label") or "公式"
    shown = "，".join(f"{k} = {ctx.facts[k]}" for k in names if k in ctx.facts)
    return RuleResult(
        score,
        f"按{label}「{expression}」计算（{shown}），结果为 {num(score)}",
        tuple((k, _show(v)) for k, v in names.items()),
    )


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return num(value)
    return str(value)


def _check_formula(params: Mapping[str, Any]) -> list[str]:
    try:
        ast.parse(str(params.get("expression", "")), mode="eval")
    except SyntaxError as exc:
        return [f"公式写法有误：{exc.msg}"]
    return []


register(
    RuleKind(
        name="formula",
        check=_check_formula,
        title="公式计分",
        params=(
            Param(
                "expression",
                "expression",
                "得分公式，可用事实名、weight、+ - * / ( )、min max abs sum avg round",
            ),
            Param("label", "text", "公式名称，如“季度预算执行得分”", required=False),
        ),
        facts=(Param("<名称>", "number", "公式里用到的每个事实；带 % 的写法读作小数"),),
        apply=_formula,
        doc="得分由公式算出（超过权重按权重计，低于 0 按 0 计）。公式只能做算术，不能执行代码。",
        example={
            "rule": {
                "kind": "formula",
                "label": "季度执行得分",
                "expression": "min(q1/0.25, 1) + min(q2/0.5, 1) + min(q3/0.75, 1) "
                "+ min(q4/1, 1) + avg([q1, q2, q3, q4]) * 2",
            },
            "weight": 6,
            "facts": {"q1": "20%", "q2": "45%", "q3": "70%", "q4": "98%"},
        },
    )
)
