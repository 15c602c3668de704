"""结果应用: for one year, per department and per project-year, the scores and grades, the
budget consequence each grade carries by the policy that graded it, and the open 整改 items —
what the finance bureau weighs in next year's budget. In SQL, within the actor's scope; the
newest score run of each project-year counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from jixiao import api
from jixiao.core.results import NO_GRADE
from jixiao.service.context import Context
from jixiao.service.projects import in_scope
from jixiao.store.schema import Organisation, Project, ProjectYear, Rectification, ScoreRun
from jixiao.workflow import Stage, scope_of
from jixiao.workflow.items import RectificationStatus

NO_DEPARTMENT = "（未归属）"


@dataclass(slots=True)
class DepartmentYear:
    department_id: int
    department: str
    year: int
    projects: int = 0
    scored: int = 0
    total: Decimal = Decimal(0)  # sum of the scored totals, for the mean
    grades: Counter[str] = field(default_factory=Counter)
    # (grade, consequence) → project-years: what each grade means, by the policy that gave it
    consequences: Counter[tuple[str, str]] = field(default_factory=Counter)
    open_items: int = 0

    @property
    def mean(self) -> Decimal | None:
        return mean_of(self.total, self.scored)


def mean_of(total: Decimal, scored: int) -> Decimal | None:
    """The mean of `scored` totals adding up to `total`, to the cent; None of none."""
    return (total / scored).quantize(Decimal("0.01")) if scored else None


@dataclass(frozen=True, slots=True)
class ProjectResult:
    """One project-year of the year, as 结果应用 lists it: graded or not (`total` and `grade`
    None: no score run, a target table, or a table not fully scored)."""

    id: int
    unit_code: str
    unit_name: str
    department: str
    project: str
    stage: Stage
    total: Decimal | None
    grade: str | None
    consequence: str
    open_items: int
    overdue_items: int


def graded(grade: str | None) -> bool:
    """A band label: not a target table's or an incompletely scored table's no-grade."""
    return bool(grade) and grade != NO_GRADE


def consequence_of(policy: str | None, grade: str | None) -> str:
    """What `grade` means by the policy named `policy` (a score run's): "" when the grade is
    none, or the policy names nothing for it, or is no built-in one (any more)."""
    if not policy or not graded(grade) or policy not in api.builtin_policies():
        return ""
    assert grade is not None
    found: str = api.load_policy(policy).consequence(grade)
    return found


def newest_runs(year: int, where: Any) -> Any:
    """Each project-year's newest score run (`project_year_id`, `run_id`) of the year in
    `where` (a scope's filter), as a subquery: the run that counts."""
    return (
        select(ScoreRun.project_year_id, func.max(ScoreRun.id).label("run_id"))
        .join(ProjectYear, ProjectYear.id == ScoreRun.project_year_id)
        .where(ProjectYear.year == year, where)
        .group_by(ScoreRun.project_year_id)
        .subquery()
    )


def _items(year: int, where: Any) -> Any:
    """Each project-year's open 整改 items, and how many of them are past their due date."""
    late = case((Rectification.due < date.today(), 1), else_=0)
    return (
        select(
            Rectification.project_year_id,
            func.count().label("n"),
            func.sum(late).label("late"),
        )
        .join(ProjectYear, ProjectYear.id == Rectification.project_year_id)
        .where(
            ProjectYear.year == year,
            where,
            Rectification.status != RectificationStatus.CLOSED.value,
        )
        .group_by(Rectification.project_year_id)
        .subquery()
    )


def portfolio(ctx: Context, year: int) -> list[DepartmentYear]:
    scope = scope_of(ctx.actor)
    if scope.empty:
        return []
    where = in_scope(scope)
    newest, open_items = newest_runs(year, where), _items(year, where)
    query = (
        select(
            ProjectYear.department_id,
            ScoreRun.grade,
            ScoreRun.policy,
            func.count(ProjectYear.id),
            func.count(ScoreRun.id),
            func.sum(ScoreRun.total),
            func.coalesce(func.sum(open_items.c.n), 0),
        )
        .outerjoin(newest, newest.c.project_year_id == ProjectYear.id)
        .outerjoin(ScoreRun, ScoreRun.id == newest.c.run_id)
        .outerjoin(open_items, open_items.c.project_year_id == ProjectYear.id)
        .where(ProjectYear.year == year, where)
        .group_by(ProjectYear.department_id, ScoreRun.grade, ScoreRun.policy)
    )
    with ctx.store.transaction() as s:
        rows = s.execute(query).all()
        names = dict(
            s.execute(
                select(Organisation.id, Organisation.name).where(
                    Organisation.id.in_({r[0] for r in rows if r[0] is not None})
                )
            ).all()
        )
    found: dict[int, DepartmentYear] = {}
    for department, grade, policy, projects, scored, total, items in rows:
        key = department or 0
        entry = found.get(key)
        if entry is None:
            entry = found[key] = DepartmentYear(key, names.get(department, NO_DEPARTMENT), year)
        entry.projects += projects
        entry.open_items += int(items)
        if graded(grade):  # a target table, or a table not fully scored: no grade
            entry.scored += scored
            entry.total += total or Decimal(0)  # SUM keeps the column's type: exact
            entry.grades[grade] += projects
            entry.consequences[(grade, consequence_of(policy, grade))] += projects
    return sorted(found.values(), key=lambda d: d.department)


def _listing(year: int, where: Any) -> Select[Any]:
    unit, department = aliased(Organisation), aliased(Organisation)
    newest, items = newest_runs(year, where), _items(year, where)
    return (
        select(
            ProjectYear.id,
            unit.code,
            unit.name,
            department.name,
            Project.name,
            ProjectYear.stage,
            ScoreRun.total,
            ScoreRun.grade,
            ScoreRun.policy,
            func.coalesce(items.c.n, 0),
            func.coalesce(items.c.late, 0),
        )
        .join(Project, Project.id == ProjectYear.project_id)
        .join(unit, unit.id == ProjectYear.unit_id)
        .outerjoin(department, department.id == ProjectYear.department_id)
        .outerjoin(newest, newest.c.project_year_id == ProjectYear.id)
        .outerjoin(ScoreRun, ScoreRun.id == newest.c.run_id)
        .outerjoin(items, items.c.project_year_id == ProjectYear.id)
        .where(ProjectYear.year == year, where)
        .order_by(department.name, unit.code, Project.name, ProjectYear.id)
    )


def project_results(
    ctx: Context, year: int, limit: int | None = None, offset: int = 0
) -> list[ProjectResult]:
    """The year's project-years the actor sees, by department, unit and project name."""
    scope = scope_of(ctx.actor)
    if scope.empty:
        return []
    query = _listing(year, in_scope(scope)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with ctx.store.transaction() as s:
        rows = s.execute(query).all()
    return [
        ProjectResult(
            py,
            code,
            unit,
            department or NO_DEPARTMENT,
            name,
            stage,
            total if graded(grade) else None,
            grade if graded(grade) else None,
            consequence_of(policy, grade),
            int(n),
            int(late),
        )
        for py, code, unit, department, name, stage, total, grade, policy, n, late in rows
    ]
