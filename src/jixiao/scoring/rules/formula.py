"""Formula kind: a score computed from named facts by an expression (simpleeval, never eval).

Seed 001's quarterly execution score is the model: Σ (quarter progress / 序时进度) × 1 for
four quarters + the year's average rate × 2. Facts become Decimals (rates written with %
become fractions), so the arithmetic is exact. Reports never show the expression itself:
`speak` reads its syntax tree out as Chinese arithmetic, facts under their `names` labels.
"""

from __future__ import annotations

import ast
import operator
import time
from collections.abc import Mapping
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from typing import Any

from simpleeval import (
    EvalWithCompoundTypes,
    FunctionNotDefined,
    InvalidExpression,
    NameNotDefined,
)

from jixiao.core.limits import LABELS, Limits, current
from jixiao.core.numbers import HUNDRED, ZERO, fmt_plain, quantize
from jixiao.scoring.rules.base import (
    COMMON_FACTS,
    Param,
    ParamType,
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
    if isinstance(value, list | tuple):
        return [_decimal_fact(v, name) for v in value]
    if isinstance(value, str) and "%" in value:
        return rate(value, name)
    if isinstance(value, bool):
        return value
    return number(value, name)


# Evaluating under a budget -----------------------------------------------------------------
#
# simpleeval blocks code, but its size limits watch Python ints and strings, not what a
# formula can build: True + True is an int, (True+True)**… a 12-million-bit one, [1]*10**9 a
# list. Here every arithmetic operand must be a Decimal (never a bool, list or text), every
# value one of at most `formula_digits` digits, a power is sized before it is computed, and
# only the nodes a formula needs are evaluated. Each operation is then bounded, so a deadline
# checked at every node bounds the whole evaluation without threads or signals.


class _Refused(Exception):
    """A formula outside the budget or the arithmetic; the message is the Chinese reason."""


def _short(expression: str) -> str:
    return expression if len(expression) <= 120 else f"{expression[:120]}……"


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.digits = limits.formula_digits
        self.seconds = limits.formula_seconds
        self.deadline = time.monotonic() + limits.formula_seconds

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Refused(_limit_text("formula_seconds", f"超过 {self.seconds} 秒"))

    def number(self, value: Any, what: str = "算术") -> Decimal:
        if isinstance(value, bool):
            raise _Refused(f"是/否（真假值）不是数字，不能用于{what}")
        if not isinstance(value, Decimal):
            kind = (
                "列表"
                if isinstance(value, list | tuple)
                else "文字"
                if isinstance(value, str)
                else "非数字的值"
            )
            raise _Refused(f"{kind}不能用于{what}（列表只能交给 min、max、sum、avg）")
        return self.check(value)

    def check(self, value: Decimal) -> Decimal:
        """A value inside the budget: finite, fewer than `digits` digits before the point;
        a value too small to show in `digits` places is 0."""
        if not value.is_finite():
            raise _Refused("计算结果不是有限的数")
        if value:
            size = value.adjusted()
            if size >= self.digits:
                raise _Refused(_limit_text("formula_digits", f"有一个值达到 {size + 1} 位"))
            if size < -self.digits:
                return ZERO
        return value

    def power(self, base: Decimal, exponent: Decimal) -> Decimal:
        if base and exponent and abs(base) != 1:
            size = abs(base).log10() * exponent  # digits of the result, before computing it
            if size >= self.digits:
                raise _Refused(_limit_text("formula_digits", "乘方的结果位数过多"))
            if size < -self.digits:
                return ZERO
        return base**exponent


def _limit_text(name: str, found: str) -> str:
    limit = getattr(current(), name)
    shown = f"{limit:,}" if isinstance(limit, int) else str(limit)
    return (
        f"超出限额「{LABELS[name]}」（{found}，上限 {shown}）；"
        f"确属正常时可在限额配置中调大 {name}（见 docs/limits.md）"
    )


def _arith(budget: _Budget, fn: Any) -> Any:
    def operate(*operands: Any) -> Decimal:
        return budget.check(fn(*(budget.number(x) for x in operands)))

    return operate


_ARITHMETIC = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_LOGIC: dict[type[ast.AST], Any] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Gt: operator.gt,
    ast.Lt: operator.lt,
    ast.GtE: operator.ge,
    ast.LtE: operator.le,
    ast.Not: operator.not_,
}
_SYMBOL: dict[type[ast.AST], str] = {
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
}
_SYMBOL |= {ast.BitXor: "^", ast.Invert: "~", ast.MatMult: "@", ast.In: "in", ast.NotIn: "not in"}
_SYMBOL |= {ast.Is: "is", ast.IsNot: "is not"}
# The nodes a formula may use; anything else (attributes, subscripts, comprehensions, dicts,
# sets, f-strings, lambdas) is refused by name before evaluation.
_ALLOWED = (
    ast.Expression, ast.Expr, ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp,
    ast.BoolOp, ast.Compare, ast.IfExp, ast.Call, ast.List, ast.Tuple, ast.keyword,
    ast.operator, ast.unaryop, ast.boolop, ast.cmpop,
)  # fmt: skip
_NODE_WORDS = {
    ast.Attribute: "属性（.名称）",
    ast.Subscript: "下标（[ ]）",
    ast.Lambda: "自定义函数",
    ast.Dict: "字典",
    ast.Set: "集合",
    ast.ListComp: "列表推导",
    ast.GeneratorExp: "生成器",
    ast.JoinedStr: "格式化文字（f'…'）",
    ast.Starred: "展开（*）",
    ast.NamedExpr: "赋值（:=）",
}


class _DecimalEval(EvalWithCompoundTypes):  # type: ignore[misc]
    """simpleeval with exact numbers (the literal 0.25 is Decimal("0.25"), not a float) and
    the budget: Decimal-only arithmetic, bounded values, a deadline."""

    def __init__(self, names: Mapping[str, Any], budget: _Budget) -> None:
        self.budget = budget
        operators: dict[type[ast.AST], Any] = {k: _arith(budget, f) for k, f in _ARITHMETIC.items()}
        operators |= _LOGIC
        operators[ast.Pow] = _arith(budget, budget.power)
        functions = {name: self._function(name, fn) for name, fn in FUNCTIONS.items()}
        super().__init__(operators=operators, functions=functions, names=dict(names))

    def _function(self, name: str, fn: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if kwargs:
                raise _Refused(f"函数 {name} 不接受命名参数")
            if name in _SCALAR and any(isinstance(a, list | tuple) for a in args):
                raise _Refused(f"函数 {name} 的参数应为数，不是列表（{_USAGE[name]}）")
            values = [[self.budget.number(v, f"函数 {name}") for v in a] if isinstance(a, list | tuple)
                      else self.budget.number(a, f"函数 {name}") for a in args]  # fmt: skip
            try:
                result = fn(*values)
            except (TypeError, ValueError, IndexError) as exc:
                raise _Refused(f"函数 {name} 的参数不合要求（{_USAGE[name]}）") from exc
            if not isinstance(result, Decimal):  # min([], []) compares the lists themselves
                raise _Refused(f"函数 {name} 的参数不合要求（{_USAGE[name]}）")
            return self.budget.check(result)

        return call

    def _eval(self, node: ast.AST) -> Any:
        self.budget.tick()
        return super()._eval(node)

    def _eval_constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, int) and value.bit_length() > 4 * self.budget.digits:
                raise _Refused(_limit_text("formula_digits", "公式中写了一个位数过多的数"))
            return self.budget.check(Decimal(repr(value)))
        if isinstance(value, bool | str):
            return value
        raise _Refused("公式中有不能使用的常量")


def _mean(values: list[Decimal]) -> Decimal:
    if not values:
        raise _Refused("avg() 的列表为空")
    return sum(values, ZERO) / len(values)


def _round(value: Decimal, places: Decimal = Decimal(2)) -> Decimal:
    if places != places.to_integral_value() or not 0 <= places <= 10:
        raise _Refused("round 保留的小数位数应为 0 到 10 的整数")
    try:
        return quantize(value, int(places))
    except InvalidOperation:
        raise _Refused(f"{value} 位数过多，无法保留 {places} 位小数") from None


def _flat(args: tuple[Any, ...]) -> list[Decimal]:
    return list(args[0]) if len(args) == 1 and isinstance(args[0], list | tuple) else list(args)


def _extreme(pick: Any) -> Any:
    def fn(*args: Any) -> Decimal:
        values = _flat(args)
        if not values:
            raise _Refused("min、max 至少需要一个数")
        return pick(values)  # type: ignore[no-any-return]

    return fn


FUNCTIONS: dict[str, Any] = {
    "min": _extreme(min),
    "max": _extreme(max),
    "abs": abs,
    "sum": lambda values: sum(values, ZERO),
    "avg": _mean,
    "round": _round,
}
_SCALAR = ("abs", "round")  # functions of numbers, not of a list
_USAGE = {
    "min": "min(a, b, …) 或 min(列表)",
    "max": "max(a, b, …) 或 max(列表)",
    "abs": "abs(数)",
    "sum": "sum(列表)",
    "avg": "avg(列表)",
    "round": "round(数, 小数位数)",
}


def evaluate_expression(expression: str, names: Mapping[str, Any]) -> Decimal:
    """The value of `expression` over `names`; RuleError (a Chinese sentence naming the
    formula) for anything else: a syntax error, code, a value out of the budget, ÷ 0."""
    shown = _short(expression)
    try:
        return _evaluate(expression, names)
    except _Refused as exc:
        raise RuleError(f"公式「{shown}」无法计算：{exc}") from None
    except SyntaxError as exc:
        where = f"（第 {exc.offset} 个字符附近）" if exc.offset else ""
        raise RuleError(f"公式「{shown}」写法有误{where}") from None
    except (RecursionError, MemoryError):
        raise RuleError(f"公式「{shown}」嵌套过深，无法计算") from None
    except ZeroDivisionError:  # decimal's DivisionByZero is one
        raise RuleError(f"公式「{shown}」计算出错：除数为 0") from None
    except NameNotDefined as exc:
        raise RuleError(f"公式「{shown}」无法计算：没有名为「{exc.name}」的事实") from None
    except FunctionNotDefined as exc:
        known = "、".join(FUNCTIONS)
        message = f"没有函数「{exc.func_name}」（可用：{known}）"
        raise RuleError(f"公式「{shown}」无法计算：{message}") from None
    except InvalidExpression:
        raise RuleError(f"公式「{shown}」无法计算：公式只能做算术，不能执行代码") from None
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError):
        raise RuleError(
            f"公式「{shown}」计算出错：运算对这些数没有定义（如负数开方、0 除以 0）"
        ) from None


def _evaluate(expression: str, names: Mapping[str, Any]) -> Decimal:
    limits = current()
    if len(expression) > limits.formula_chars:
        raise _Refused(_limit_text("formula_chars", f"{len(expression):,} 个字符"))
    tree = ast.parse(expression.strip(), mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            what = _NODE_WORDS.get(type(node), f"「{_SYMBOL.get(type(node), '这种写法')}」")
            raise _Refused(f"公式只能做算术，不能使用{what}")
        if type(node) in _SYMBOL and type(node) is not ast.Pow:
            raise _Refused(f"公式只能做算术，不能使用运算符「{_SYMBOL[type(node)]}」")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise _Refused("公式只能调用 min、max、abs、sum、avg、round")
    budget = _Budget(limits)
    with localcontext(Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])):
        result = _DecimalEval(names, budget).eval(expression.strip(), previously_parsed=tree.body)
    if isinstance(result, bool) or not isinstance(result, Decimal):
        raise _Refused("结果不是数字")
    if abs(result) > 10**9:
        raise _Refused("结果过大，不是一个得分")
    return result


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
    if isinstance(value, list | tuple):
        return bool(value) and all(_written_as_rate(v) for v in value)
    return isinstance(value, str) and "%" in value


def _written(value: Any) -> str:
    """A fact as the case wrote it; a list as 甲、乙、丙 rather than Python's ['甲', …]."""
    return "、".join(_written(v) for v in value) if isinstance(value, list | tuple) else str(value)


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
    except (SyntaxError, ValueError, RecursionError, MemoryError, _Unspeakable):
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
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return num(value)
    return str(value)


def _check_formula(params: Mapping[str, Any]) -> list[str]:
    expression = str(params.get("expression", ""))
    if len(expression) > current().formula_chars:
        return [f"公式{_limit_text('formula_chars', f'{len(expression):,} 个字符')}"]
    try:
        ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        return [f"公式写法有误{f'（第 {exc.offset} 个字符附近）' if exc.offset else ''}"]
    except (ValueError, RecursionError, MemoryError):
        return ["公式写法有误：嵌套过深或数字过长"]
    return []


register(
    RuleKind(
        name="formula",
        check=_check_formula,
        title="公式计分",
        params=(
            Param(
                "expression",
                ParamType.EXPRESSION,
                "得分公式，可用事实名、weight、+ - * / ( )、min max abs sum avg round",
            ),
            Param("label", ParamType.TEXT, "公式名称，如“季度预算执行得分”", required=False),
            Param(
                "names",
                ParamType.MAPPING,
                "事实名的中文名称，如 {q1: 第一季度预算执行率}；报告中按中文读出公式，不显示公式原文",
                required=False,
            ),
        ),
        facts=(Param("<名称>", ParamType.NUMBER, "公式里用到的每个事实；带 % 的写法读作小数"),),
        apply=_formula,
        doc="得分由公式算出（超过权重按权重计，低于 0 按 0 计）。公式只能做算术，不能执行代码："
        "只有数字参与运算（是/否、文字、列表不能相加相乘，列表只能交给 min max sum avg），"
        "每一步的结果不超过限额 `formula_digits` 位（乘方先估算位数，过大的不算），"
        "公式不长于 `formula_chars` 个字符，计算不超过 `formula_seconds` 秒（见 limits.md）；"
        "除数为 0、写法有误、超出限额都给出带位置的中文错误，该指标记 0 分。"
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
