"""The `jixiao monitor --json` shape, pinned by tests: amounts in 元, rates in percent,
every number a JSON number rounded half-up to two decimals."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jixiao.core.numbers import HUNDRED, round2
from jixiao.core.problems import Problem
from jixiao.export.score_json import problem_json
from jixiao.monitor.model import DepartmentProgress, IndicatorProgress, ProjectProgress


def _n(value: Decimal | None) -> float | None:
    return None if value is None else float(round2(value))


def _p(value: Decimal | None) -> float | None:
    return None if value is None else _n(value * HUNDRED)


def indicator_json(i: IndicatorProgress) -> dict[str, Any]:
    return {
        "name": i.name,
        "target": i.target,
        "actual": i.actual,
        "progress": _p(i.progress),
        "status": i.status.value,
        "note": i.note,
    }


def project_json(p: ProjectProgress) -> dict[str, Any]:
    return {
        "name": p.name,
        "code": p.code,
        "budget": _n(p.budget),
        "executed": _n(p.executed),
        "rate": _p(p.rate),
        "expected": _p(p.expected),
        "progress": _p(p.progress),
        "status": p.status.value,
        "forecast": _p(p.forecast.rate),
        "quarterly_score": None if p.quarterly is None else _n(p.quarterly.score),
        "indicators": [indicator_json(i) for i in p.indicators],
    }


def department_json(d: DepartmentProgress) -> dict[str, Any]:
    return {
        "name": d.name,
        "year": d.year,
        "as_of": d.as_of.isoformat(),
        "budget": _n(d.budget),
        "executed": _n(d.executed),
        "rate": _p(d.rate),
        "expected": _p(d.expected),
        "status": d.status.value,
        "projects": [project_json(p) for p in d.projects],
    }


def monitor_json(
    departments: Iterable[DepartmentProgress], problems: Iterable[Problem]
) -> dict[str, Any]:
    return {
        "departments": [department_json(d) for d in departments],
        "problems": [problem_json(p) for p in problems],
    }
