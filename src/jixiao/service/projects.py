"""Project-years: listed within the actor's scope, opened only when visible, created by
whoever may declare targets for the unit.

A project is keyed by `core.identity.project_key` of its name without the unit (the unit is
the row's own column), so "2024年XX项目" and "XX项目" of one unit are one project across
years; a project renamed keeps its old key as an alias.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from jixiao import api
from jixiao.core.identity import project_key
from jixiao.core.results import NO_GRADE
from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.service.people import org_by_code
from jixiao.store.schema import (
    Adjustment,
    Organisation,
    Project,
    ProjectAlias,
    ProjectYear,
    ScoreRun,
    User,
)
from jixiao.store.types import now
from jixiao.workflow import (
    NOT_FOUND,
    Action,
    DocumentKind,
    OrgKind,
    Role,
    Scope,
    Stage,
    Subject,
    Verdict,
    authorize,
    scope_of,
)
from jixiao.workflow.items import AdjustmentStatus

YEARS = range(2000, 2101)
MAX_ID = 2**63 - 1  # the largest id a database integer holds


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """One project-year as a listing shows it; `id` is the project-year's."""

    id: int
    project_id: int
    key: str
    name: str
    code: str
    year: int
    stage: Stage
    unit_code: str
    unit_name: str
    version: int
    total: Decimal | None
    grade: str
    updated_at: datetime
    evaluation: bool = False  # its newest run scored an evaluation (a framework), not a table


def in_scope(scope: Scope) -> ColumnElement[bool]:
    """`scope` as a WHERE on project_years (workflow.Scope says how)."""
    if scope.everything:
        return ProjectYear.id.is_not(None)
    terms: list[ColumnElement[bool]] = []
    if scope.districts:
        terms.append(among(ProjectYear.district_id, scope.districts))
    if scope.departments:
        terms.append(among(ProjectYear.department_id, scope.departments))
    if scope.units:
        terms.append(among(ProjectYear.unit_id, scope.units))
    if scope.evaluators:
        terms.append(
            and_(
                among(ProjectYear.evaluator_id, scope.evaluators),
                among(ProjectYear.stage, [s.value for s in scope.evaluator_stages]),
            )
        )
    return or_(*terms) if terms else false()


def among(column: Any, values: Collection[Any]) -> ColumnElement[bool]:
    """`column IN values`, written `column = value` for one value (most scopes: one unit, one
    department, one district): SQLAlchemy re-renders an IN list into the statement on every
    execution, which cost about 1.5 ms a statement on the listing's."""
    if len(values) == 1:
        return column == next(iter(values))  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]


def subject_of(s: Session, py: ProjectYear, pending: bool | None = None) -> Subject:
    """The project-year as `authorize` sees it; `pending`: whether a 目标调整 request is
    pending, when the caller knows (else it is looked up)."""
    if pending is None:
        pending = bool(
            s.scalar(
                select(func.count())
                .select_from(Adjustment)
                .where(
                    Adjustment.project_year_id == py.id,
                    Adjustment.status == AdjustmentStatus.PENDING,
                )
            )
        )
    return subject_from(py, pending)


class Placed(Protocol):
    """What `authorize` reads of a project-year: a row, or its columns as a query gives them."""

    unit_id: int
    department_id: int | None
    district_id: int | None
    stage: Stage
    evaluator_id: int | None
    commissioner: Role | None


def subject_from(py: Placed, pending: bool) -> Subject:
    """The project-year as `authorize` sees it, its pending 目标调整 known."""
    return Subject(
        unit_id=py.unit_id,
        department_id=py.department_id or 0,
        district_id=py.district_id or 0,
        stage=py.stage,
        evaluator_id=py.evaluator_id,
        commissioner=py.commissioner,
        adjustment_pending=pending,
    )


def check(
    ctx: Context,
    subject: Subject,
    action: Action,
    document: DocumentKind | None = None,
) -> None:
    """`workflow.authorize`, as the service answers it: 404 hidden, 403 forbidden."""
    decision = authorize(ctx.actor, action, subject, document=document)
    if decision.verdict is Verdict.HIDDEN:
        raise NotFound(NOT_FOUND)
    if decision.verdict is Verdict.FORBIDDEN:
        raise Forbidden(decision.reason)


def visible(
    s: Session,
    ctx: Context,
    project_year_id: int,
    action: Action = Action.READ,
    *,
    lock: bool = False,
) -> tuple[ProjectYear, Subject]:
    """The project-year, if the actor may do `action` to it (NotFound when it does not exist
    or is not theirs to see: the same answer). `lock`: held for update until the end of
    the transaction, so two writers take turns."""
    if not 0 < project_year_id <= MAX_ID:  # no such row; SQLite cannot even compare it
        raise NotFound(NOT_FOUND)
    query = select(ProjectYear).where(ProjectYear.id == project_year_id)
    py = s.scalar(query.with_for_update() if lock else query)
    if py is None:
        raise NotFound(NOT_FOUND)
    subject = subject_of(s, py)
    check(ctx, subject, action)
    return py, subject


# the listing's order: newest year first, then by unit and project name
ORDER = (ProjectYear.year.desc(), Organisation.code, Project.name, ProjectYear.id)


def summaries_where(where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The summaries of the project-years `where` keeps, in the listing's order, each with
    its newest score run (looked up by the project-year's index, one row each: meant for a
    page of them — `page_ids` chooses the page first). Written on the tables themselves,
    not on a subquery: a subquery's columns are rebuilt on every call, which cost more
    than the statement's run."""
    newest = (
        select(func.max(ScoreRun.id))
        .where(ScoreRun.project_year_id == ProjectYear.id)
        .correlate(ProjectYear)
        .scalar_subquery()
    )
    return (
        select(
            ProjectYear.id,
            ProjectYear.year,
            ProjectYear.stage,
            ProjectYear.version,
            ProjectYear.updated_at,
            Project.id.label("project_id"),
            Project.key,
            Project.name,
            Project.code,
            Organisation.code.label("unit_code"),
            Organisation.name.label("unit_name"),
            ScoreRun.total,
            ScoreRun.grade,
            ScoreRun.framework_hash,
        )
        .join(Project, Project.id == ProjectYear.project_id)
        .join(Organisation, Organisation.id == ProjectYear.unit_id)
        .outerjoin(ScoreRun, ScoreRun.id == newest)
        .where(where)
        .order_by(*ORDER)
    )


def page_of(s: Session, kept: ColumnElement[bool], limit: int, offset: int) -> list[ProjectSummary]:
    """`limit` summaries from `offset` of the project-years `kept` keeps, in the listing's
    order."""
    return _summaries(s, ProjectYear.id.in_(page_ids(kept, limit, offset)))


def counted_page(
    s: Session, kept: ColumnElement[bool], limit: int, offset: int
) -> tuple[list[ProjectSummary], int]:
    """`page_of`, and how many project-years `kept` keeps in all (a COUNT of its own: on
    SQLite a window count in the page's statement took twice as long as both)."""
    total = s.scalar(select(func.count(ProjectYear.id)).where(kept)) or 0
    if offset >= total:
        return [], total
    return page_of(s, kept, limit, offset), total


def page_ids(kept: ColumnElement[bool], limit: int, offset: int) -> Select[Any]:
    """The ids of the project-years on the page, chosen on the project-years alone: their
    score runs are joined to the page's rows only. A subquery, not a list of ids sent back:
    an IN list is re-rendered into the statement on every execution (about 1.5 ms each)."""
    return (
        select(ProjectYear.id)
        .join(Project, Project.id == ProjectYear.project_id)
        .join(Organisation, Organisation.id == ProjectYear.unit_id)
        .where(kept)
        .order_by(*ORDER)
        .limit(limit)
        .offset(offset)
    )


def summaries(s: Session, ids: list[int]) -> list[ProjectSummary]:
    """The summaries of these project-years, in the listing's order."""
    return _summaries(s, ProjectYear.id.in_(ids)) if ids else []


def _summaries(s: Session, where: ColumnElement[bool]) -> list[ProjectSummary]:
    return [summary_row(row) for row in s.execute(summaries_where(where))]


@dataclass(frozen=True, slots=True)
class Filters:
    """What a listing keeps: a year, a stage, a unit's or a department's code, the grade of
    the newest score run (None or "": any)."""

    year: int | None = None
    stage: Stage | None = None
    unit: str | None = None
    department: str | None = None
    grade: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a listing and how many project-years the filters keep in all."""

    items: list[ProjectSummary]
    total: int
    limit: int
    offset: int


MAX_LIMIT = 5000


def _filtered(s: Session, scope: Scope, f: Filters) -> ColumnElement[bool] | None:
    """The condition on project_years that keeps those in `scope` the filters keep (None: a
    code names no such unit or department, so none). A grade filter asks for the newest
    run's grade."""
    kept = [in_scope(scope)]
    if f.year is not None:
        kept.append(ProjectYear.year == f.year)
    if f.stage is not None:
        kept.append(ProjectYear.stage == f.stage.value)
    for code, kind, column in (
        (f.unit, OrgKind.UNIT, ProjectYear.unit_id),
        (f.department, OrgKind.DEPARTMENT, ProjectYear.department_id),
    ):
        if code:
            org = s.scalar(
                select(Organisation.id).where(Organisation.code == code, Organisation.kind == kind)
            )
            if org is None:
                return None
            kept.append(column == org)
    if f.grade:  # the newest run's grade: the one that counts
        runs = aliased(ScoreRun)
        newest = (
            select(runs.grade)
            .where(runs.project_year_id == ProjectYear.id)
            .correlate(ProjectYear)
            .order_by(runs.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        kept.append(newest == f.grade)
    return and_(*kept)


def listing(
    ctx: Context, filters: Filters, limit: int = 50, offset: int = 0, *, most: int = MAX_LIMIT
) -> Listing:
    """The project-years the actor may see that `filters` keep, newest year first: `limit`
    (at most `most`) of them from `offset`, and how many there are in all (one COUNT)."""
    limit = max(1, min(limit, most))
    scope = scope_of(ctx.actor)
    if scope.empty:
        return Listing([], 0, limit, offset)
    with ctx.store.transaction() as s:
        kept = _filtered(s, scope, filters)
        if kept is None:
            return Listing([], 0, limit, offset)
        return Listing(*counted_page(s, kept, limit, offset), limit, offset)


def list_projects(
    ctx: Context,
    year: int | None = None,
    stage: Stage | None = None,
    unit: str | None = None,
    limit: int = 500,
    offset: int = 0,
    *,
    department: str | None = None,
    grade: str | None = None,
) -> list[ProjectSummary]:
    """The project-years the actor may see, newest year first, filtered as asked."""
    scope = scope_of(ctx.actor)
    if scope.empty:
        return []
    with ctx.store.transaction() as s:
        kept = _filtered(s, scope, Filters(year, stage, unit, department, grade))
        if kept is None:
            return []
        return page_of(s, kept, max(1, min(limit, MAX_LIMIT)), offset)


@functools.cache
def grade_choices() -> tuple[tuple[str, str], ...]:
    """A grade filter's choices, (value, label): the grade labels of the built-in policies,
    highest band first, then NO_GRADE (a target table's, a table not fully scored)."""
    seen: dict[str, str] = {}
    for name in api.builtin_policies():
        for band in api.load_policy(name).grades:
            seen.setdefault(band.label, band.label)
    seen.setdefault(NO_GRADE, "未评定等级")
    return tuple(seen.items())


def summary_row(row: object) -> ProjectSummary:
    m = row._mapping  # type: ignore[attr-defined]
    return ProjectSummary(
        id=m["id"],
        project_id=m["project_id"],
        key=m["key"],
        name=m["name"],
        code=m["code"],
        year=m["year"],
        stage=Stage(m["stage"]),
        unit_code=m["unit_code"],
        unit_name=m["unit_name"],
        version=m["version"],
        total=m["total"],
        grade=m["grade"] or "",
        updated_at=m["updated_at"],
        evaluation=bool(m["framework_hash"]),
    )


def summary_of(ctx: Context, project_year_id: int) -> ProjectSummary:
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id)
        return summary_in(s, project_year_id)


def summary_in(s: Session, project_year_id: int) -> ProjectSummary:
    """`summary_of` within a transaction that has found the project-year visible."""
    return summary_row(s.execute(summaries_where(ProjectYear.id == project_year_id)).one())


def find_project(s: Session, unit_id: int, key: str) -> Project | None:
    """The unit's project by key, or by a key it once had."""
    found = s.scalar(select(Project).where(Project.unit_id == unit_id, Project.key == key))
    if found is not None:
        return found
    alias = s.scalar(
        select(ProjectAlias).where(ProjectAlias.unit_id == unit_id, ProjectAlias.key == key)
    )
    return None if alias is None else s.get(Project, alias.project_id)


def unit_projects(s: Session, unit_id: int) -> dict[str, Project]:
    """The unit's projects by key, and by every key they once had."""
    found = {p.key: p for p in s.scalars(select(Project).where(Project.unit_id == unit_id))}
    by_id = {p.id: p for p in found.values()}
    for key, pid in s.execute(
        select(ProjectAlias.key, ProjectAlias.project_id).where(ProjectAlias.unit_id == unit_id)
    ):
        found.setdefault(key, by_id[pid])
    return found


def unit_by_code(s: Session, code: str) -> Organisation:
    org = org_by_code(s, code)
    if org.kind is not OrgKind.UNIT:
        raise Invalid(f"「{org.name}」是{org.kind.label}，项目应属于一个预算单位", "unit")
    return org


def open_project_year(
    s: Session,
    ctx: Context,
    unit: Organisation,
    name: str,
    year: int,
    code: str = "",
    known: dict[str, Project] | None = None,
) -> tuple[ProjectYear, bool]:
    """The unit's project-year for `name` and `year`, made (at 目标申报) when there is none
    and the actor may declare targets for the unit; True when made. `known`: the unit's
    projects by key and former key, as `unit_projects` gives them (kept up to date here),
    for a caller filing many."""
    if year not in YEARS:
        raise Invalid(f"年度 {year} 不在 {YEARS.start}–{YEARS.stop - 1} 之间", "year")
    key = project_key(name) or project_key("", code=code)
    if not key:
        raise Invalid("项目名称不能为空", "name")
    subject = Subject(unit.id, unit.department_id or 0, unit.district_id or 0, Stage.TARGETS_DRAFT)
    project = find_project(s, unit.id, key) if known is None else known.get(key)
    if project is not None:
        py = s.scalar(
            select(ProjectYear).where(
                ProjectYear.project_id == project.id, ProjectYear.year == year
            )
        )
        if py is not None:
            return py, False
    check(ctx, subject, Action.UPLOAD, DocumentKind.TARGETS)  # who may declare, may create
    if project is None:
        project = Project(unit_id=unit.id, key=key, name=name.strip(), code=code.strip())
        s.add(project)
        s.flush()
        audit.record(s, ctx, "project.add", "project", project.id, "name", None, project.name)
        if known is not None:
            known[key] = project
    py = ProjectYear(
        project_id=project.id,
        year=year,
        stage=Stage.TARGETS_DRAFT,
        unit_id=unit.id,
        department_id=unit.department_id,
        district_id=unit.district_id,
        updated_by=ctx.user_id,
    )
    s.add(py)
    try:
        s.flush()
    except IntegrityError:
        raise Conflict(f"「{name}」{year} 年度已在库中（同时有人建立）") from None
    audit.record(s, ctx, "project_year.add", "project_year", py.id, "year", None, year)
    return py, True


# A unit the actor may not see answers as one that does not exist: no telling which codes
# exist, what they are, or which projects they have.
NO_UNIT = "没有这个预算单位，或无权为其建立项目"


def create_project_year(
    ctx: Context, unit_code: str, name: str, year: int, code: str = ""
) -> ProjectSummary:
    with ctx.store.transaction() as s:
        unit = s.scalar(select(Organisation).where(Organisation.code == unit_code))
        if unit is None or unit.kind is not OrgKind.UNIT:
            raise NotFound(NO_UNIT, "unit")
        declared = Subject(
            unit.id, unit.department_id or 0, unit.district_id or 0, Stage.TARGETS_DRAFT
        )
        decision = authorize(ctx.actor, Action.UPLOAD, declared, document=DocumentKind.TARGETS)
        if decision.verdict is Verdict.HIDDEN:
            raise NotFound(NO_UNIT, "unit")
        if decision.verdict is Verdict.FORBIDDEN:
            raise Forbidden(decision.reason)
        py, made = open_project_year(s, ctx, unit, name, year, code)
        if not made:
            raise Conflict(f"「{name}」{year} 年度已在库中（编号 {py.id}）")
        made_id = py.id
    return summary_of(ctx, made_id)


def bump(s: Session, ctx: Context, py: ProjectYear, expected: int | None) -> None:
    """Optimistic locking: the change is made to the version the client read, or refused
    naming who changed it since."""
    if expected is not None and expected != py.version:
        who = s.get(User, py.updated_by) if py.updated_by else None
        name = who.display_name if who else "他人"
        at = py.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        raise Conflict(
            f"该项目已被{name}于 {at} 修改（当前版本 {py.version}，你读取的是版本 {expected}），"
            "请刷新后重试",
            "version",
        )
    py.version += 1
    py.updated_by = ctx.user_id
    py.updated_at = now()
