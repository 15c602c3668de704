"""Evaluation cases from YAML/JSON (docs/evaluation-format.md): project, framework, facts,
narrative. The framework may be a built-in id, a file beside the case, or written inline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.core.memo import memo
from jixiao.core.model import Amount, Case, Funds, Indicator, Kind, Project
from jixiao.core.problems import Location, Problem, Severity, has_errors
from jixiao.ingest import formats
from jixiao.ingest.case import schema_problems
from jixiao.ingest.framework import FrameworkError, framework_from_mapping, load_framework
from jixiao.source.reader import YamlMap, plain
from jixiao.source.values import read_number, shown
from jixiao.targets.lexicon import FUND_UNITS

FORMAT = formats.EVALUATION


@memo(None)
def evaluation_schema() -> dict[str, Any]:
    text = (resources.files("jixiao.ingest") / "evaluation.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _line_finder(data: Any) -> Any:
    def line_of(path: list[object]) -> int | None:
        node, line = data, data.line if isinstance(data, YamlMap) else None
        for part in path:
            if isinstance(node, Mapping):
                if part not in node:
                    break
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                break
            if isinstance(node, YamlMap):  # the line of the innermost mapping on the path
                line = node.line
        return line

    return line_of


MONEY_UNIT = "万元"  # an evaluation's funds are written in 万元 unless it says otherwise


def target_label(index: int) -> str:
    """A row of an evaluation case's target table, counted from 1 as a reader counts."""
    return f"第 {index + 1} 条指标"


def evaluation_from_data(
    data: Mapping[str, Any], name: str, base_dir: Path | None
) -> tuple[Case | None, list[Problem]]:
    """`data` as `jixiao.source.reader.read` gives it (mappings carry their lines), or plain
    data from JSON."""
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
        number, why = read_number(value)
        if number is None:
            problems.append(
                Problem(
                    "case-invalid",
                    Severity.WARNING,
                    where.with_field(f"published.scores.{shown(key)}"),
                    f"公布得分{why or '为空'}，已忽略",
                )
            )
        else:
            parsed_scores[key] = number
    lines_of = _line_finder(data)
    unit = str(funds.get("unit", MONEY_UNIT))
    factor = FUND_UNITS[unit]  # the schema allows 元 and 万元; amounts are kept in 元
    amounts = []
    for i, line in enumerate(funds.get("lines") or []):
        at = ["funds", "lines", i, "value"]
        number, why = read_number(line.get("value"))
        located = Location(name, line=lines_of(at), field=f"funds.lines[{i}].value")
        if why is not None:
            problems.append(Problem("case-invalid", Severity.ERROR, located, f"资金{why}"))
        elif number is not None and number < 0:
            message = f"资金「{line['name']}」为负数（{number}），应为非负金额"
            problems.append(Problem("negative-amount", Severity.ERROR, located, message))
        value = number * factor if number is not None else None
        amounts.append(Amount(line["name"], value, line.get("note", "")))
    total, why = read_number(published.get("total"))
    if why is not None:
        located = Location(name, line=lines_of(["published", "total"]), field="published.total")
        problems.append(
            Problem("case-invalid", Severity.WARNING, located, f"公布总分{why}，已忽略")
        )
    if has_errors(problems):
        return None, problems
    written = str(clean.get("type", "部门评价"))
    kind = Kind.written(written)
    case = Case(
        title=clean["title"],
        project=project,
        framework=framework,
        facts={str(k): v for k, v in clean["facts"].items()},
        kind=kind,
        kind_text="" if written == kind.label else written,  # as written, where it differs
        evaluator=clean.get("evaluator", ""),
        date=clean.get("date", ""),
        funds=Funds(
            weight=None, money_unit=unit, lines=tuple(amounts)
        ),  # named amounts, no total line
        indicators=tuple(
            Indicator(
                tuple(t["path"]),
                str(t["target"]),
                str(t["actual"]),
                where=where,
                label=target_label(i),
            )
            for i, t in enumerate(clean.get("targets") or [])
        ),
        narrative=dict(clean.get("narrative") or {}),
        published_total=total,
        published_grade=str(published.get("grade") or ""),
        published_scores=parsed_scores,
        policy=str(clean.get("policy", "default")),
        disagreements=tuple((d["about"], d["message"]) for d in clean.get("disagreements") or []),
        where=where,
    )
    return case, problems
