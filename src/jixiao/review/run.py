"""Run the review rules over scored cases; `order` sorts findings by severity, then place."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import jixiao.review.rules  # noqa: F401  (registers the built-in rules)
from jixiao.core.numbers import fmt
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import EvaluationResult, TableResult
from jixiao.review.finding import Finding, Hit, RuleSettings, review_rules
from jixiao.review.view import CaseView, evaluation_view, selfeval_view

Result = TableResult | EvaluationResult


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A finding with the unit and project it concerns (for batch reports)."""

    finding: Finding
    unit: str
    project: str


Starts = dict[str | None, tuple[list[int], list[int]]]  # sheet → (first lines, table indexes)


def _starts(results: list[Result]) -> Starts:
    """Per sheet, the tables' first rows in order (ties in index order), for bisecting."""
    by_sheet: dict[str | None, list[tuple[int, int]]] = {}
    for i, r in enumerate(results):
        if isinstance(r, TableResult):
            by_sheet.setdefault(r.table.where.sheet, []).append((r.table.where.line or 0, i))
    out: Starts = {}
    for sheet, found in by_sheet.items():
        found.sort()
        out[sheet] = ([line for line, _ in found], [i for _, i in found])
    return out


def _owner(problem: Problem, starts: Starts) -> int | None:
    """Which table (by index) a reading problem falls in: the last one on its sheet starting
    at or before its line (of tables starting on the same line, the last by index)."""
    where = problem.where
    if where.line is None:
        return None
    found = starts.get(where.sheet)
    if found is None:
        return None
    lines, owners = found
    k = bisect_right(lines, where.line)
    return owners[k - 1] if k else None


def views(results: list[Result], read_problems: Iterable[Problem]) -> list[CaseView]:
    problems = list(read_problems)
    starts = _starts(results)
    owned: dict[int, list[Problem]] = {}
    for problem in problems:
        owner = _owner(problem, starts)
        if owner is not None:
            owned.setdefault(owner, []).append(problem)
    out = []
    for i, r in enumerate(results):
        mine = tuple(owned.get(i, ()))
        out.append(
            evaluation_view(r, mine) if isinstance(r, EvaluationResult) else selfeval_view(r, mine)
        )
    return out


def review_views(views_: list[CaseView], settings: dict[str, RuleSettings]) -> list[Reviewed]:
    rules = review_rules()
    found: list[Reviewed] = []
    for view in views_:
        for code, rule in rules.items():
            config = settings.get(code)
            if config is None or not config.enabled:
                continue
            for hit in rule.check(view, config.params):
                found.append(_reviewed(code, hit, config.severity, view))
    found.extend(_same_project_twice(views_, settings))
    return found  # unsorted: the caller sorts everything once, with `order`


def order(r: Reviewed) -> tuple[int, str, str, int, str]:
    """Errors first, then by file, sheet and line, as a reviewer reads."""
    w = r.finding.where
    return (r.finding.severity.rank, w.file, w.sheet or "", w.line or 0, w.cell or "")


def _reviewed(code: str, hit: Hit, severity: Severity, view: CaseView) -> Reviewed:
    finding = Finding(code, hit.severity or severity, hit.where, hit.message, hit.suggestion)
    return Reviewed(finding, view.unit, view.name)


def _same_project_twice(
    views_: list[CaseView], settings: dict[str, RuleSettings]
) -> list[Reviewed]:
    """One document, one project, two sets of figures: a table disagreement."""
    config = settings.get("table-disagreement")
    if config is None or not config.enabled:
        return []
    seen: dict[tuple[str, str], CaseView] = {}
    out = []
    for view in views_:
        if view.kind != "selfeval" or not (view.code or view.name):
            continue
        code = (view.code or view.name, view.unit)
        first = seen.get(code)
        if first is not None and _figures(first) != _figures(view):
            hit = Hit(
                view.where,
                f"项目「{view.name}」出现两次，数字不同：总分 {fmt(first.total)} 与 "
                f"{fmt(view.total)}",
                "同一项目只应有一张表；核实后删除或合并",
            )
            out.append(_reviewed("table-disagreement", hit, config.severity, view))
        seen.setdefault(code, view)
    return out


def _figures(view: CaseView) -> tuple[Decimal, ...]:
    funds = view.funds.total if view.funds is not None else None
    amounts = (funds.annual, funds.executed) if funds is not None else ()
    return (view.total, *(a for a in amounts if a is not None))
