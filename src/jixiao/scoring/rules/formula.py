"""Formula kind: a score computed from named facts by an expression (simpleeval, never eval).

Seed 001's quarterly execution score is the model: Σ (quarter progress / 序时进度) × 1 for
four quarters + the year's average rate × 2. Facts become Decimals (rates written with %
become fractions), so the arithmetic is exact. Reports never show the expression itself:
`speak` reads its syntax tree out as Chinese arithmetic, facts under their `names` labels.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from jixiao.core.numbers import HUNDRED, fmt_plain, quantize
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
    labels = {str(k): str(v) for k, v in (ctx.param("names") or {}).items()}
    rates = {k for k, v in ctx.facts.items() if _written_as_rate(v)}
    spoken = speak(str(expression), labels, rates)
    how = f"按{label}「{spoken}」计算" if spoken else f"按{label}计算"
    shown = "，".join(
        f"{labels.get(k, k)} = {_written(ctx.facts[k])}" for k in names if k in ctx.facts
    )
    return RuleResult(
        score,
        f"{how}（{shown}），结果为 {num(score)}" if shown else f"{how}，结果为 {num(score)}",
        tuple((labels.get(k, k), _show(v)) for k, v in names.items()),
    )


def _written_as_rate(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(_written_as_rate(v) for v in value)
    return isinstance(value, str) and "%" in value


def _written(value: Any) -> str:
    """A fact as the case wrote it; a list as 甲、乙、丙 rather than Python's ['甲', …]."""
    return "、".join(_written(v) for v in value) if isinstance(value, list) else str(value)


# Reading an expression out in Chinese ----------------------------------------------------

_BINARY = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}
_COMPARE = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}
# binding strength: a weaker operand of a stronger operation is put in parentheses
_PRECEDENCE = {ast.IfExp: 0, ast.BoolOp: 1, ast.Compare: 3, ast.Add: 4, ast.Sub: 4}
_PRECEDENCE |= {ast.Mult: 5, ast.Div: 5, ast.UnaryOp: 6}
_ATOM = 9
# a constant beside a rate in these operations is a rate too: q1 / 0.25 divides by 25%
_RATE_OPS = (ast.Add, ast.Sub, ast.Div)


class _Unspeakable(Exception):
    pass


def speak(
    expression: str, names: Mapping[str, str], rates: frozenset[str] | set[str] = frozenset()
) -> str | None:
    """`expression` as Chinese arithmetic: 权重 × 实际数 ÷ 计划数; facts under their `names`
    labels, `weight` as 权重. None for an expression outside the arithmetic a formula may use
    (it is then not printed: a report shows no code)."""
    try:
        tree = ast.parse(expression, mode="eval").body
        return _Speaker(names, rates).say(tree)
    except (SyntaxError, _Unspeakable):
        return None


class _Speaker:
    def __init__(self, names: Mapping[str, str], rates: frozenset[str] | set[str]) -> None:
        self.names = names
        self.rates = rates

    def say(self, node: ast.expr, as_rate: bool = False) -> str:
        if isinstance(node, ast.Constant):
            return self._constant(node.value, as_rate)
        if isinstance(node, ast.Name):
            return "权重" if node.id == "weight" else self.names.get(node.id, node.id)
        if isinstance(node, ast.List | ast.Tuple):
            return "、".join(self.say(e) for e in node.elts)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            rate = isinstance(node.op, _RATE_OPS)
            left = self._operand(node.left, node, rate and self._is_rate(node.right))
            right = self._operand(node.right, node, rate and self._is_rate(node.left), True)
            return f"{left} {_BINARY[type(node.op)]} {right}"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign = "−" if isinstance(node.op, ast.USub) else "+"
            return sign + self._operand(node.operand, node, False)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return "并非" + self._operand(node.operand, node, False)
        if isinstance(node, ast.BoolOp):
            word = " 且 " if isinstance(node.op, ast.And) else " 或 "
            return word.join(self._operand(v, node, False) for v in node.values)
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            test, body = self.say(node.test), self.say(node.body)
            rest = self.say(node.orelse)
            rest = rest if isinstance(node.orelse, ast.IfExp) else f"为 {rest}"
            return f"{test} 时为 {body}，否则{rest}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return self._call(node.func.id, node.args)
        raise _Unspeakable

    def _constant(self, value: Any, as_rate: bool) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        if not isinstance(value, int | float):
            raise _Unspeakable
        number = Decimal(repr(value))
        if as_rate:
            return f"{fmt_plain((number * HUNDRED).normalize())}%"
        return fmt_plain(number.normalize()) if number % 1 else fmt_plain(number.quantize(1))

    def _is_rate(self, node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id in self.rates

    def _operand(self, node: ast.expr, parent: ast.expr, as_rate: bool, right: bool = False) -> str:
        text = self.say(node, as_rate)
        mine, theirs = _strength(node), _strength(parent)
        # a − (b − c), a ÷ (b × c): the right operand of − and ÷ needs parentheses at equal strength
        if mine < theirs or (right and mine == theirs and mine != _ATOM):
            return f"({text})"
        return text

    def _compare(self, node: ast.Compare) -> str:
        operands = [node.left, *node.comparators]
        parts = []
        for i, item in enumerate(operands):
            neighbours = operands[max(i - 1, 0) : i + 2]
            beside_rate = any(self._is_rate(n) for n in neighbours if n is not item)
            parts.append(self._operand(item, node, beside_rate))
            if i < len(node.ops):
                parts.append(_COMPARE[type(node.ops[i])])
        return " ".join(parts)

    def _call(self, name: str, args: list[ast.expr]) -> str:
        def arg(node: ast.expr) -> str:
            text = self.say(node)
            return text if _strength(node) == _ATOM else f"({text})"

        if name in ("min", "max") and args:
            word = "较小值" if name == "min" else "较大值"
            if len(args) == 2:
                return f"{arg(args[0])} 与 {arg(args[1])} 的{word}"
            return f"{'、'.join(arg(a) for a in args)}中的{'最小值' if name == 'min' else '最大值'}"
        if name == "abs" and len(args) == 1:
            return f"|{self.say(args[0])}|"
        if name in ("sum", "avg") and len(args) == 1:
            return f"{self.say(args[0])}的{'合计' if name == 'sum' else '平均值'}"
        if name == "round" and 1 <= len(args) <= 2:
            places = self.say(args[1]) if len(args) == 2 else "2"
            return f"{arg(args[0])}（保留 {places} 位小数）"
        raise _Unspeakable


def _strength(node: ast.expr) -> int:
    if isinstance(node, ast.BinOp | ast.UnaryOp):
        key: type = type(node.op) if isinstance(node, ast.BinOp) else ast.UnaryOp
        return _PRECEDENCE.get(key, _ATOM)
    return _PRECEDENCE.get(type(node), _ATOM)


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
            Param(
                "names",
                "mapping",
                "事实名的中文名称，如 {q1: 第一季度预算执行率}；报告中按中文读出公式，不显示公式原文",
                required=False,
            ),
        ),
        facts=(Param("<名称>", "number", "公式里用到的每个事实；带 % 的写法读作小数"),),
        apply=_formula,
        doc="得分由公式算出（超过权重按权重计，低于 0 按 0 计）。公式只能做算术，不能执行代码。"
        "扣分说明和报告把公式读成中文算式（weight 读作“权重”，事实按 `names` 给的名称，"
        "与百分数相加减、相除的常数写成百分数），不出现公式原文。",
        example={
            "rule": {
                "kind": "formula",
                "label": "季度执行得分",
                "names": {
                    "q1": "一季度执行率",
                    "q2": "二季度执行率",
                    "q3": "三季度执行率",
                    "q4": "四季度执行率",
                },
                "expression": "min(q1/0.25, 1) + min(q2/0.5, 1) + min(q3/0.75, 1) "
                "+ min(q4/1, 1) + avg([q1, q2, q3, q4]) * 2",
            },
            "weight": 6,
            "facts": {"q1": "20%", "q2": "45%", "q3": "70%", "q4": "98%"},
        },
    )
)
