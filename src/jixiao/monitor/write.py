"""Monitoring inputs back to the case format (`format: jixiao-monitor/1`, docs/monitoring.md):
amounts in the file's money unit, figures cumulative; `read.read_department` gives them back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from jixiao.core.model import Indicator
from jixiao.core.numbers import HUNDRED
from jixiao.export.case import _Dumper
from jixiao.monitor.fields import THRESHOLD_KEYS, UNITS
from jixiao.monitor.model import DepartmentInput, Figure, FigureKind, ProjectInput, Thresholds
from jixiao.monitor.read import FORMAT


def department_to_mapping(d: DepartmentInput) -> dict[str, Any]:
    """The case as the reader reads it, keys in the documented order."""
    data: dict[str, Any] = {"format": FORMAT, "department": d.name, "year": d.year}
    if d.as_of is not None:
        data["as_of"] = d.as_of
    data["unit"] = d.money_unit
    thresholds = _thresholds(d.thresholds, Thresholds())
    if thresholds:
        data["thresholds"] = thresholds
    data["projects"] = [_project(p, d) for p in d.projects]
    return data


def department_to_yaml(d: DepartmentInput) -> str:
    return yaml.dump(
        department_to_mapping(d), Dumper=_Indented, allow_unicode=True, sort_keys=False, width=100
    )


class _Indented(_Dumper):
    """Items indented under their key (`projects:` then `  - name:`), as the documentation and
    the examples write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _project(p: ProjectInput, d: DepartmentInput) -> dict[str, Any]:
    factor = UNITS[p.money_unit]
    data: dict[str, Any] = {"name": p.name}
    if p.code:
        data["code"] = p.code
    data["budget"] = p.budget / factor
    if p.money_unit != d.money_unit:
        data["unit"] = p.money_unit
    data[p.kind.value] = _series(p.figures, p.kind, factor)  # cumulative, the default
    if p.history:
        data["history"] = [
            {"year": year, "monthly": _series(points, FigureKind.MONTHLY, factor)}
            for year, points in p.history
        ]
    if p.indicators:
        data["indicators"] = [
            _indicator(row, p.scaled[i] if i < len(p.scaled) else None)
            for i, row in enumerate(p.indicators)
        ]
    thresholds = _thresholds(p.thresholds, d.thresholds)
    if thresholds:
        data["thresholds"] = thresholds
    return data


def _series(points: tuple[Figure, ...], kind: FigureKind, factor: Decimal) -> dict[int, Decimal]:
    per = 1 if kind is FigureKind.MONTHLY else 3  # a quarter's figure is its last month's
    return {p.month // per: p.amount / factor for p in points}


def _indicator(row: Indicator, scaled: bool | None) -> dict[str, Any]:
    data: dict[str, Any] = {"name": row.name}
    if row.target:
        data["target"] = row.target
    if row.actual:  # "": not reported yet, written by leaving the key out
        data["actual"] = row.actual
    if scaled is not None:
        data["scaled"] = scaled
    return data


def _thresholds(own: Thresholds, base: Thresholds) -> dict[str, Any]:
    """The keys where `own` is not `base` as written (0.60 is written although 0.6 is the
    default: reading gives back the value with its places)."""
    out: dict[str, Any] = {}
    for key in THRESHOLD_KEYS:
        value: Decimal = getattr(own, key)
        if str(value) == str(getattr(base, key)):
            continue
        if key in ("red_below", "green_from"):
            out[key] = f"{value * HUNDRED:f}%"  # the exponent kept: 0.625 → 62.500%
        else:
            out[key] = value
    return out
