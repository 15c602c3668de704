"""The `jixiao score --json` shape, pinned by tests. Numbers are JSON numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.core.problems import Problem
from jixiao.core.results import EvaluationResult, IndicatorScore, TableResult
from jixiao.review.finding import Finding


def _n(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return (
        int(value)
        if value == value.to_integral_value() and value.as_tuple().exponent == 0
        else float(value)
    )


def indicator_json(i: IndicatorScore) -> dict[str, Any]:
    return {
        "path": list(i.path),
        "target": i.target,
        "actual": i.actual,
        "weight": _n(i.weight),
        "score": _n(i.score),
        "published_score": _n(i.published_score),
        "explanation": i.explanation,
    }


def table_json(r: TableResult) -> dict[str, Any]:
    t = r.table
    b = r.budget
    return {
        "source": str(t.where.file),
        "project": {"code": t.project.code, "name": t.project.name, "year": t.project.year},
        "budget": None
        if b is None
        else {
            "initial": _n(b.initial),
            "annual": _n(b.annual),
            "executed": _n(b.executed),
            "rate": _n(b.rate),
            "weight": _n(b.weight),
            "score": _n(b.score),
            "published_score": _n(b.published_score),
        },
        "indicators": [indicator_json(i) for i in r.indicators],
        "total": _n(r.total),
        "weight_total": _n(r.weight_total),
        "published_total": _n(t.published_total),
        "grade": r.grade,
        "grade_note": r.grade_note,
    }


def evaluation_json(r: EvaluationResult) -> dict[str, Any]:
    """An evaluation in the same shape; the budget is an indicator of its framework, so null."""
    c = r.case
    return {
        "source": str(c.where.file),
        "project": {"code": c.project.code, "name": c.project.name, "year": c.project.year},
        "budget": None,
        "indicators": [indicator_json(i) for i in r.indicators],
        "total": _n(r.total),
        "weight_total": _n(r.weight_total),
        "published_total": _n(c.published_total),
        "grade": r.grade,
        "grade_note": "",
    }


def finding_json(f: Finding) -> dict[str, str]:
    """A review finding as `jixiao review --json` prints it: a problem plus a suggestion."""
    return {**problem_json(f), "suggestion": f.suggestion}


def problem_json(p: Problem | Finding) -> dict[str, str]:
    return {
        "code": p.code,
        "severity": p.severity.value,
        "where": str(p.where),
        "message": p.message,
    }


def score_json(
    results: list[TableResult | EvaluationResult], problems: list[Problem]
) -> dict[str, Any]:
    return {
        "tables": [
            evaluation_json(r) if isinstance(r, EvaluationResult) else table_json(r)
            for r in results
        ],
        "problems": [problem_json(p) for p in problems],
    }
