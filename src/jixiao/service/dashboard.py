"""看板: one year's figures as a finance-bureau head puts them on a slide — the totals by score
band, the grades, per department the mean, the count scored and the budget-execution rate, the
most frequent findings and where points were lost, and the same means and grade counts for the
earlier years stored. Within the actor's scope, on portfolio's queries (the newest score run of
each project-year counts), so every figure is the one 结果应用 shows for the same scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from sqlalchemy import case, distinct, func, select

from jixiao import api
from jixiao.core.numbers import round2
from jixiao.core.problems import Severity
from jixiao.core.results import NO_GRADE
from jixiao.service.context import Context
from jixiao.service.portfolio import (
    DepartmentYear,
    mean_of,
    newest_runs,
    portfolio,
    project_results,
)
from jixiao.service.projects import in_scope
from jixiao.store.schema import IndicatorYear, ProjectYear, ScoreRun, StoredProblem
from jixiao.store.types import Money
from jixiao.workflow import scope_of

BOUNDS = (Decimal(60), Decimal(70), Decimal(80), Decimal(90))  # the score bands' edges
EARLIER_YEARS = 4  # earlier years stored shown beside the chosen one
TOP = 10  # findings and deduction categories listed
NO_CATEGORY = "（未分级）"
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Band:
    """Totals from `low` (inclusive) to `high` (exclusive; None: no bound) and how many."""

    label: str
    low: Decimal | None
    high: Decimal | None
    projects: int


@dataclass(frozen=True, slots=True)
class Execution:
    """预算执行率 of some project-years: Σ 全年执行数 / Σ 全年预算数 (元) over the
    `counted` ones whose stored case gives both; `missing` ones give neither or one."""

    budget: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)
    counted: int = 0
    missing: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Percent, two decimals half-up; None without figures (or a budget of nothing)."""
        if not self.counted or not self.budget:
            return None
        return round2(self.executed / self.budget * HUNDRED)

    def __add__(self, other: Execution) -> Execution:
        return Execution(
            self.budget + other.budget,
            self.executed + other.executed,
            self.counted + other.counted,
            self.missing + other.missing,
        )


@dataclass(frozen=True, slots=True)
class DepartmentFigures:
    department: str
    projects: int
    scored: int  # graded project-years (the mean's count)
    mean: Decimal | None
    grades: tuple[tuple[str, int], ...]  # in band order, every grade of the labels in use
    execution: Execution


@dataclass(frozen=True, slots=True)
class Frequent:
    """A finding code of the newest score runs: how often, in how many project-years."""

    code: str
    title: str
    severity: Severity  # the gravest it was found at
    found: int
    projects: int


@dataclass(frozen=True, slots=True)
class Deduction:
    """Where points were lost: the rows of a 二级指标 scored below their weight."""

    category: str
    indicators: int
    projects: int
    lost: Decimal  # Σ (weight − score)


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One year as the year-over-year charts compare it."""

    year: int
    projects: int
    scored: int
    mean: Decimal | None
    grades: tuple[tuple[str, int], ...]
    departments: tuple[tuple[str, int, Decimal | None], ...]  # (department, scored, mean)


@dataclass(frozen=True, slots=True)
class Dashboard:
    year: int
    years: tuple[int, ...]  # every year stored in scope, newest first
    sees_nothing: bool  # the role sees no project content (the administrator)
    projects: int
    scored: int
    mean: Decimal | None
    execution: Execution
    bands: tuple[Band, ...]
    grades: tuple[tuple[str, int], ...]
    departments: tuple[DepartmentFigures, ...]  # highest mean first, unscored last
    findings: tuple[Frequent, ...]  # errors and warnings, in most project-years first
    deductions: tuple[Deduction, ...]  # most points lost first
    history: tuple[YearFigures, ...]  # the earlier years stored, oldest first, then the year


def bands() -> tuple[Band, ...]:
    """The empty bands: under 60, 60–70, 70–80, 80–90, 90 and above."""
    edges: list[Decimal | None] = [None, *BOUNDS, None]
    found = []
    for low, high in pairwise(edges):
        if low is None:
            label = f"{high}分以下"
        elif high is None:
            label = f"{low}分及以上"
        else:
            label = f"{low}–{high}分"
        found.append(Band(label, low, high, 0))
    return tuple(found)


def banded(totals: Iterable[Decimal]) -> tuple[Band, ...]:
    counts = Counter[int]()
    for total in totals:
        counts[sum(1 for bound in BOUNDS if total >= bound)] += 1
    return tuple(Band(b.label, b.low, b.high, counts[i]) for i, b in enumerate(bands()))


def dashboard(ctx: Context, year: int | None = None) -> Dashboard:
    """The year's figures the actor sees (`year` None: the newest year with a graded score
    run in scope, else the newest stored, else last year)."""
    scope = scope_of(ctx.actor)
    if scope.empty:
        return _empty(_last_year() if year is None else year)
    where = in_scope(scope)
    with ctx.store.transaction() as s:
        query = select(ProjectYear.year).where(where).distinct()
        years = tuple(s.scalars(query.order_by(ProjectYear.year.desc())))
        chosen = _default_year(s, where, years) if year is None else year
        shown = (*sorted(y for y in years if y < chosen)[-EARLIER_YEARS:], chosen)
        policies = set(
            s.scalars(
                select(ScoreRun.policy)
                .distinct()
                .join(ProjectYear, ProjectYear.id == ScoreRun.project_year_id)
                .where(ProjectYear.year.in_(shown), where)
            )
        )
        funds = _execution(s, chosen, where)
        findings = _findings(s, chosen, where)
        deductions = _deductions(s, chosen, where)
    by_year = {y: portfolio(ctx, y) for y in shown}
    order = grade_order(policies, {g for rows in by_year.values() for d in rows for g in d.grades})
    current = by_year[chosen]
    scored = sum(d.scored for d in current)
    departments = (_department(d, order, funds.get(d.department_id, Execution())) for d in current)
    totals = [r.total for r in project_results(ctx, chosen) if r.total is not None]
    return Dashboard(
        year=chosen,
        years=years,
        sees_nothing=False,
        projects=sum(d.projects for d in current),
        scored=scored,
        mean=mean_of(sum((d.total for d in current), Decimal(0)), scored),
        execution=sum(funds.values(), Execution()),
        bands=banded(totals),
        grades=_graded(current, order),
        departments=tuple(
            sorted(departments, key=lambda d: (d.mean is None, -(d.mean or 0), d.department))
        ),
        findings=findings,
        deductions=deductions,
        history=tuple(_year(y, by_year[y], order) for y in shown),
    )


def grade_order(policies: Iterable[str], seen: Iterable[str]) -> tuple[str, ...]:
    """The grade labels in band order (highest first) as the score runs' policies name them,
    then any other label found (a framework's own band), by name."""
    minimum: dict[str, Decimal] = {}
    builtin = api.builtin_policies()
    for name in policies:
        if name in builtin:
            for band in api.load_policy(name).grades:
                minimum[band.label] = max(minimum.get(band.label, band.minimum), band.minimum)
    known = sorted(minimum, key=lambda label: -minimum[label])
    return (*known, *sorted(set(seen) - minimum.keys()))


def _last_year() -> int:
    return date.today().year - 1


def _default_year(s: Any, where: Any, years: tuple[int, ...]) -> int:
    newest = s.scalar(
        select(func.max(ProjectYear.year))
        .join(ScoreRun, ScoreRun.project_year_id == ProjectYear.id)
        .where(where, ScoreRun.grade.not_in([NO_GRADE, ""]))
    )
    if newest is not None:
        return int(newest)
    return years[0] if years else _last_year()


def _empty(year: int) -> Dashboard:
    return Dashboard(year, (), True, 0, 0, None, Execution(), bands(), (), (), (), (), ())


def _graded(rows: Iterable[DepartmentYear], order: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    counts = Counter[str]()
    for d in rows:
        counts.update(d.grades)
    return tuple((g, counts[g]) for g in order)


def _department(d: DepartmentYear, order: tuple[str, ...], funds: Execution) -> DepartmentFigures:
    grades = tuple((g, d.grades[g]) for g in order)
    return DepartmentFigures(d.department, d.projects, d.scored, d.mean, grades, funds)


def _year(year: int, rows: list[DepartmentYear], order: tuple[str, ...]) -> YearFigures:
    scored = sum(d.scored for d in rows)
    return YearFigures(
        year,
        sum(d.projects for d in rows),
        scored,
        mean_of(sum((d.total for d in rows), Decimal(0)), scored),
        _graded(rows, order),
        tuple((d.department, d.scored, d.mean) for d in rows),
    )


def _execution(s: Any, year: int, where: Any) -> dict[int, Execution]:
    """Per department (0: none), the stored 全年预算数 and 全年执行数 of the year."""
    both = ProjectYear.budget.is_not(None) & ProjectYear.executed.is_not(None)
    rows = s.execute(
        select(
            ProjectYear.department_id,
            func.count(ProjectYear.id),
            func.sum(case((both, 1), else_=0)),
            func.sum(case((both, ProjectYear.budget), else_=None), type_=Money()),
            func.sum(case((both, ProjectYear.executed), else_=None), type_=Money()),
        )
        .where(ProjectYear.year == year, where)
        .group_by(ProjectYear.department_id)
    ).all()
    found: dict[int, Execution] = {}
    for department, projects, counted, budget, executed in rows:
        counted = int(counted or 0)
        found[department or 0] = found.get(department or 0, Execution()) + Execution(
            budget or Decimal(0), executed or Decimal(0), counted, int(projects) - counted
        )
    return found


def _findings(s: Any, year: int, where: Any) -> tuple[Frequent, ...]:
    """The errors and warnings of the year's newest score runs, by code."""
    newest = newest_runs(year, where)
    rows = s.execute(
        select(
            StoredProblem.code,
            StoredProblem.severity,
            func.count(StoredProblem.id),
            func.count(distinct(newest.c.project_year_id)),
        )
        .join(newest, newest.c.run_id == StoredProblem.score_run_id)
        .where(StoredProblem.severity.in_([Severity.ERROR, Severity.WARNING]))
        .group_by(StoredProblem.code, StoredProblem.severity)
    ).all()
    found: dict[str, tuple[Severity, int, int]] = {}
    for code, severity, n, projects in rows:
        # one code at two severities: the gravest, the finds added, the larger reach
        was = found.get(code)
        if was is not None:
            worst = min(was[0], severity, key=lambda v: v.rank)
            found[code] = (worst, was[1] + int(n), max(was[2], int(projects)))
        else:
            found[code] = (severity, int(n), int(projects))
    ranked = sorted(found.items(), key=lambda kv: (-kv[1][2], -kv[1][1], kv[0]))[:TOP]
    return tuple(
        Frequent(code, api.code_title(code), severity, n, projects)
        for code, (severity, n, projects) in ranked
    )


def _deductions(s: Any, year: int, where: Any) -> tuple[Deduction, ...]:
    """The year's indicator rows scored below their weight, by 二级指标."""
    lost = func.sum(IndicatorYear.weight - IndicatorYear.score, type_=Money())
    rows = s.execute(
        select(
            IndicatorYear.category,
            func.count(IndicatorYear.id),
            func.count(distinct(IndicatorYear.project_year_id)),
            lost,
        )
        .join(ProjectYear, ProjectYear.id == IndicatorYear.project_year_id)
        .where(
            ProjectYear.year == year,
            where,
            IndicatorYear.weight.is_not(None),
            IndicatorYear.score.is_not(None),
            IndicatorYear.score < IndicatorYear.weight,
        )
        .group_by(IndicatorYear.category)
    ).all()
    found = [
        Deduction(category or NO_CATEGORY, int(n), int(projects), points or Decimal(0))
        for category, n, projects, points in rows
    ]
    found.sort(key=lambda d: (-d.lost, -d.indicators, d.category))
    return tuple(found[:TOP])
