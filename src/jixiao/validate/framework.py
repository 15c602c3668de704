"""Check a framework: weights, rules and their parameters, grade bands, names. Located problems."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.core.framework import Framework, Node
from jixiao.core.numbers import fmt, parse_decimal
from jixiao.core.problems import Problem, Severity
from jixiao.scoring import rules
from jixiao.scoring.rules.base import Param, ParamType


def check_framework(fw: Framework) -> list[Problem]:
    problems: list[Problem] = []
    top = sum((n.weight for n in fw.nodes), Decimal(0))
    if top != fw.total:
        problems.append(
            Problem(
                "weight-sum",
                Severity.ERROR,
                fw.where,
                f"一级指标权重合计 {fmt(top)}，应为 {fmt(fw.total)}",
            )
        )
    _siblings(fw.nodes, "顶层", problems)
    ids: dict[str, str] = {}
    for path, node in fw.walk():
        where = node.where
        if node.weight < 0:
            problems.append(
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    where,
                    f"指标「{'/'.join(path)}」的权重为负数",
                )
            )
        if node.children:
            total = sum((c.weight for c in node.children), Decimal(0))
            if total != node.weight:
                problems.append(
                    Problem(
                        "weight-sum",
                        Severity.ERROR,
                        where,
                        f"「{'/'.join(path)}」权重 {fmt(node.weight)}，下级合计 {fmt(total)}",
                    )
                )
            _siblings(node.children, "/".join(path), problems)
            if node.rule is not None:
                problems.append(
                    Problem(
                        "framework-invalid",
                        Severity.WARNING,
                        where,
                        f"「{'/'.join(path)}」有下级指标，其规则不会被使用",
                    )
                )
        else:
            problems.extend(check_rule(node, path))
        if node.id:
            if node.id in ids:
                problems.append(
                    Problem(
                        "framework-invalid",
                        Severity.ERROR,
                        where,
                        f"标识 id「{node.id}」重复（另见「{ids[node.id]}」）",
                    )
                )
            ids[node.id] = "/".join(path)
    problems.extend(_grades(fw))
    return problems


def _siblings(nodes: tuple[Node, ...], parent: str, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for node in nodes:
        if node.name in seen:
            problems.append(
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    node.where,
                    f"「{parent}」下有两个同名指标「{node.name}」",
                )
            )
        seen.add(node.name)


def check_rule(node: Node, path: tuple[str, ...]) -> list[Problem]:
    where = node.where
    name = "/".join(path)
    if node.rule is None:
        return [
            Problem(
                "framework-invalid", Severity.ERROR, where, f"末级指标「{name}」没有规则（rule）"
            )
        ]
    kind = rules.get(node.rule.kind)
    if kind is None:
        known = "、".join(sorted(rules.kinds()))
        return [
            Problem(
                "unknown-rule",
                Severity.ERROR,
                where,
                f"「{name}」的规则类型「{node.rule.kind}」不存在（可用：{known}）",
            )
        ]
    problems = []
    declared = {p.name: p for p in kind.params}
    for param in kind.params:
        if param.required and param.name not in node.rule.params:
            problems.append(
                Problem(
                    "rule-param",
                    Severity.ERROR,
                    where,
                    f"「{name}」的规则 {kind.name} 缺少参数「{param.name}」（{param.doc}）",
                )
            )
    if kind.check is not None:
        problems += [
            Problem("rule-param", Severity.ERROR, where, f"「{name}」的规则 {kind.name}：{message}")
            for message in kind.check(node.rule.params)
        ]
    for key, value in node.rule.params.items():
        if key not in declared:
            problems.append(
                Problem(
                    "rule-param",
                    Severity.WARNING,
                    where,
                    f"「{name}」的规则 {kind.name} 没有参数「{key}」，已忽略",
                )
            )
            continue
        wrong = _type_error(declared[key], value)
        if wrong:
            problems.append(
                Problem(
                    "rule-param", Severity.ERROR, where, f"「{name}」的规则参数「{key}」{wrong}"
                )
            )
    return problems


def _type_error(param: Param, value: Any) -> str:
    if value is None:
        return "" if not param.required else "不能为空"
    if param.type in (ParamType.NUMBER, ParamType.RATE):
        ok = parse_decimal(value) is not None or (isinstance(value, str) and value.endswith("%"))
        return "" if ok else f"应为数字，实际为「{value}」"
    if param.type == ParamType.LIST:
        return "" if isinstance(value, list | tuple) else "应为列表"
    if param.type == ParamType.MAPPING:
        return "" if isinstance(value, Mapping) else "应为映射 {键: 值}"
    if param.type == ParamType.BOOL:
        return "" if isinstance(value, bool) else "应为 true 或 false"
    if param.type in (ParamType.TEXT, ParamType.EXPRESSION, ParamType.FACT):
        return "" if isinstance(value, str | int | float | Decimal) else "应为文字"
    return ""


def _grades(fw: Framework) -> list[Problem]:
    if not fw.grades:
        return [
            Problem("framework-invalid", Severity.ERROR, fw.where, "框架没有等级划分（grades）")
        ]
    problems = []
    minimums = sorted(b.minimum for b in fw.grades)
    if minimums[0] > 0:
        problems.append(
            Problem(
                "grade-bands",
                Severity.ERROR,
                fw.where,
                f"等级划分不覆盖 0–{fmt(minimums[0])} 分：最低一档的下限应为 0",
            )
        )
    if minimums[-1] > fw.total:
        problems.append(
            Problem(
                "grade-bands",
                Severity.ERROR,
                fw.where,
                f"等级下限 {fmt(minimums[-1])} 超过总分 {fmt(fw.total)}",
            )
        )
    if len(set(minimums)) != len(minimums):
        problems.append(Problem("grade-bands", Severity.ERROR, fw.where, "两个等级的下限相同"))
    return problems
