"""Evaluation cases from YAML/JSON (docs/evaluation-format.md): project, framework, facts,
narrative. The framework may be a built-in id, a file beside the case, or written inline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.core.evaluation import Amount, EvaluationCase, TargetRow
from jixiao.core.model import Project
from jixiao.core.numbers import parse_decimal
from jixiao.core.problems import Location, Problem, Severity
from jixiao.ingest import formats
from jixiao.ingest.case import schema_problems
from jixiao.ingest.framework import (
    LINE,
    FrameworkError,
    framework_from_mapping,
    load_framework,
    plain,
)

FORMAT = formats.EVALUATION


@cache
def evaluation_schema() -> dict[str, Any]:
    text = (resources.files("jixiao.ingest") / "evaluation.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _line_finder(data: Any) -> Any:
    def line_of(path: list[object]) -> int | None:
        node, line = data, data.get(LINE) if isinstance(data, Mapping) else None
        for part in path:
            if isinstance(node, Mapping):
                if part not in node:
                    break
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                break
            if isinstance(node, Mapping) and LINE in node:
                line = node[LINE]
        return line

    return line_of


def evaluation_from_data(
    data: Mapping[str, Any], name: str, base_dir: Path | None
) -> tuple[EvaluationCase | None, list[Problem]]:
    """`data` as loaded by `jixiao.ingest.framework.load_yaml` (mappings carry their lines)."""
    clean = plain(data)
    problems = schema_problems(clean, evaluation_schema(), name, _line_finder(data))
    if problems:
        return None, problems
    where = Location(name)
    try:
        ref = data["framework"]
        framework = (
            load_framework(ref, base_dir)
            if isinstance(ref, str)
            else framework_from_mapping(ref, name, base_dir)
        )
    except FrameworkError as exc:
        return None, exc.problems
    p = clean["project"]
    project = Project(
        str(p.get("code") or ""),
        p["name"],
        p.get("year"),
        p.get("unit", ""),
        p.get("department", ""),
    )
    funds = clean.get("funds") or {}
    published = clean.get("published") or {}
    scores = {str(k): v for k, v in (published.get("scores") or {}).items()}
    parsed_scores: dict[str, Decimal] = {}
    for key, value in scores.items():
        number = parse_decimal(value)
        if number is None:
            problems.append(
                Problem(
                    "case-invalid",
                    Severity.WARNING,
                    where.with_field(f"published.scores.{key}"),
                    f"公布得分「{value}」不是数字，已忽略",
                )
            )
        else:
            parsed_scores[key] = number
    case = EvaluationCase(
        title=clean["title"],
        project=project,
        framework=framework,
        facts={str(k): v for k, v in clean["facts"].items()},
        kind=clean.get("type", "部门评价"),
        evaluator=clean.get("evaluator", ""),
        date=clean.get("date", ""),
        funds=tuple(
            Amount(line["name"], parse_decimal(line.get("value")), line.get("note", ""))
            for line in funds.get("lines") or []
        ),
        fund_unit=funds.get("unit", "万元"),
        targets=tuple(
            TargetRow(tuple(t["path"]), str(t["target"]), str(t["actual"]))
            for t in clean.get("targets") or []
        ),
        narrative=dict(clean.get("narrative") or {}),
        published_total=parse_decimal(published.get("total")),
        published_grade=str(published.get("grade") or ""),
        published_scores=parsed_scores,
        policy=str(clean.get("policy", "default")),
        disagreements=tuple((d["about"], d["message"]) for d in clean.get("disagreements") or []),
        where=where,
    )
    return case, problems
