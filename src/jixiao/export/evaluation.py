"""Evaluation cases back to their YAML/JSON form (docs/evaluation-format.md), the framework
written inline and whole; `jixiao.ingest.evaluation` reads it back to the same case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.core.framework import Framework, Node
from jixiao.core.model import Case
from jixiao.core.numbers import in_unit
from jixiao.core.problems import Problem, Severity
from jixiao.export.case import _Dumper, _Flow, to_json
from jixiao.export.output import write_content
from jixiao.ingest.formats import EVALUATION as FORMAT


def _plain(value: Any) -> Any:
    """Facts and rule parameters as plain YAML data: text subclasses (a number written
    unreadably) as their text, mappings as dicts, tuples as lists."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | Decimal | date):
        return value
    raise TypeError(f"no YAML form for {type(value).__name__}")


def _node(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"name": node.name, "weight": node.weight}
    if node.id:
        data["id"] = node.id
    for key in ("explanation", "standard", "benchmark"):
        if getattr(node, key):
            data[key] = getattr(node, key)
    if node.rule is not None:
        data["rule"] = {"kind": node.rule.kind, **_plain(node.rule.params)}
    if node.children:
        data["children"] = [_node(c) for c in node.children]
    return data


def framework_to_mapping(f: Framework) -> dict[str, Any]:
    """A framework written from scratch (docs/frameworks.md): what it extended, resolved."""
    data: dict[str, Any] = {"id": f.id, "title": f.title, "total": f.total}
    if f.description:
        data["description"] = f.description
    data["grades"] = [{"min": g.minimum, "label": g.label} for g in f.grades]
    data["indicators"] = [_node(n) for n in f.nodes]
    return data


def evaluation_to_mapping(case: Case) -> dict[str, Any]:
    p = case.project
    project: dict[str, Any] = {"name": p.name, "code": p.code}
    if p.year is not None:
        project["year"] = p.year
    project |= {"unit": p.unit, "department": p.department}
    data: dict[str, Any] = {"format": FORMAT, "title": case.title, "type": case.kind_label}
    data["project"] = project
    if case.evaluator:
        data["evaluator"] = case.evaluator
    if case.date:
        data["date"] = case.date
    data["framework"] = framework_to_mapping(case.scored_on)
    if case.policy != "default":
        data["policy"] = case.policy
    funds = case.funds
    if funds is not None:
        data["funds"] = {
            "unit": funds.money_unit,
            "lines": [
                {
                    "name": a.name,
                    "value": in_unit(a.value, funds.money_unit),
                    **({"note": a.note} if a.note else {}),
                }
                for a in funds.lines
            ],
        }
    if case.indicators:
        data["targets"] = [
            {"path": _Flow(t.path), "target": t.target, "actual": t.actual} for t in case.indicators
        ]
    data["facts"] = {key: _plain(facts) for key, facts in case.facts.items()}
    if case.narrative:
        data["narrative"] = dict(case.narrative)
    if case.disagreements:
        data["disagreements"] = [{"about": a, "message": m} for a, m in case.disagreements]
    published: dict[str, Any] = {}
    if case.published_total is not None:
        published["total"] = case.published_total
    if case.published_grade:
        published["grade"] = case.published_grade
    if case.published_scores:
        published["scores"] = dict(case.published_scores)
    if published:
        data["published"] = published
    return data


def draft_remarks(case: Case, source: str, problems: Sequence[Problem]) -> list[str]:
    """What an evaluator checks in a case read from a report's score tables, for the draft's
    header: the warnings of reading it, and each leaf whose 评分标准 was not read as a rule
    (its published score kept, or none to keep), with its row."""
    if not case.score_tables:
        return []
    kept = [p for p in problems if p.code == "rule-not-understood"]
    warned = [p for p in problems if p.severity is Severity.WARNING]
    lines = [f"草稿：据「{source}」的评分表读出，请评价组核对指标、规则和事实后使用。"]
    lines += [f"读表警告：{_at(p)}：{p.message}" for p in warned]
    lines.append(f"评分标准未识别为规则的指标 {len(kept)} 个（沿用公布得分，或待评价组评定）：")
    return lines + [f"  {_at(p)}：{p.message}" for p in kept]


def _at(problem: Problem) -> str:
    return str(problem.where._replace(file=""))


def evaluation_to_yaml(case: Case, remarks: Sequence[str] = ()) -> str:
    """The case file; `remarks` go in its header as comments (a draft's what to check)."""
    header = "# jixiao 评价案例（格式说明见 docs/evaluation-format.md）\n"
    header += "".join(f"# {' '.join(line.split())}\n" for line in remarks)
    body = yaml.dump(
        evaluation_to_mapping(case), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def evaluation_to_json(case: Case) -> str:
    return to_json(evaluation_to_mapping(case)) + "\n"


def write_evaluation_yaml(case: Case, path: Path, remarks: Sequence[str] = ()) -> None:
    write_content(path, evaluation_to_yaml(case, remarks).encode("utf-8"))


def write_evaluation_json(case: Case, path: Path) -> None:
    write_content(path, evaluation_to_json(case).encode("utf-8"))
