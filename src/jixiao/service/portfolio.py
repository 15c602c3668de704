"""结果应用: per department, for one year, the project-years' scores and grades and the open
整改 items — what the finance bureau weighs in next year's budget. One query, in SQL, within
the actor's scope; the newest score run of each project-year counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from jixiao.core.results import NO_GRADE
from jixiao.service.context import Context
from jixiao.service.projects import in_scope
from jixiao.store.schema import Organisation, ProjectYear, Rectification, ScoreRun
from jixiao.workflow import scope_of
from jixiao.workflow.items import RectificationStatus


@dataclass(slots=True)
class DepartmentYear:
    department_id: int
    department: str
    year: int
    projects: int = 0
    scored: int = 0
    total: Decimal = Decimal(0)  # sum of the scored totals, for the mean
    grades: Counter[str] = field(default_factory=Counter)
    open_items: int = 0

    @property
    def mean(self) -> Decimal | None:
        if not self.scored:
            return None
        return (self.total / self.scored).quantize(Decimal("0.01"))


def portfolio(ctx: Context, year: int) -> list[DepartmentYear]:
    scope = scope_of(ctx.actor)
    if scope.empty:
        return []
    newest = (
        select(ScoreRun.project_year_id, func.max(ScoreRun.id).label("run_id"))
        .join(ProjectYear, ProjectYear.id == ScoreRun.project_year_id)
        .where(ProjectYear.year == year, in_scope(scope))
        .group_by(ScoreRun.project_year_id)
        .subquery()
    )
    open_items = (
        select(Rectification.project_year_id, func.count().label("n"))
        .join(ProjectYear, ProjectYear.id == Rectification.project_year_id)
        .where(
            ProjectYear.year == year,
            in_scope(scope),
            Rectification.status != RectificationStatus.CLOSED.value,
        )
        .group_by(Rectification.project_year_id)
        .subquery()
    )
    query = (
        select(
            ProjectYear.department_id,
            ScoreRun.grade,
            func.count(ProjectYear.id),
            func.count(ScoreRun.id),
            func.sum(ScoreRun.total),
            func.coalesce(func.sum(open_items.c.n), 0),
        )
        .outerjoin(newest, newest.c.project_year_id == ProjectYear.id)
        .outerjoin(ScoreRun, ScoreRun.id == newest.c.run_id)
        .outerjoin(open_items, open_items.c.project_year_id == ProjectYear.id)
        .where(ProjectYear.year == year, in_scope(scope))
        .group_by(ProjectYear.department_id, ScoreRun.grade)
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
    for department, grade, projects, scored, total, items in rows:
        key = department or 0
        entry = found.get(key)
        if entry is None:
            entry = found[key] = DepartmentYear(key, names.get(department, "（未归属）"), year)
        entry.projects += projects
        entry.open_items += int(items)
        if grade and grade != NO_GRADE:  # a target table, or a table not fully scored: no grade
            entry.scored += scored
            entry.total += total or Decimal(0)  # SUM keeps the column's type: exact
            entry.grades[grade] += projects
    return sorted(found.values(), key=lambda d: d.department)
