"""整改 items: listed within the actor's scope (overdue ones flagged), progress reported by the
unit, owner, due date and closing set by the department or finance bureau; every change
checked, versioned (409 on a stale one) and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.service.projects import MAX_ID, check, in_scope, subject_of
from jixiao.store.schema import Organisation, Project, ProjectYear, Rectification
from jixiao.store.types import now
from jixiao.workflow import NOT_FOUND, Action, Role, scope_of
from jixiao.workflow.items import RectificationStatus

# what the unit may set; the rest (owner, due date, closing) is the reviewers'
_UNIT_STATUSES = frozenset({RectificationStatus.IN_PROGRESS, RectificationStatus.DONE})


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    project_year_id: int
    project: str
    year: int
    unit_code: str
    code: str
    severity: str
    message: str
    owner: str
    due: date | None
    status: RectificationStatus
    closing_note: str
    version: int

    @property
    def overdue(self) -> bool:
        return self.status.is_open and self.due is not None and self.due < date.today()


def items(
    ctx: Context, *, open_only: bool = False, overdue: bool = False, unit: str | None = None
) -> list[Item]:
    scope = scope_of(ctx.actor)
    if scope.empty:
        return []
    query = (
        select(Rectification, ProjectYear, Project.name, Organisation.code)
        .join(ProjectYear, ProjectYear.id == Rectification.project_year_id)
        .join(Project, Project.id == ProjectYear.project_id)
        .join(Organisation, Organisation.id == ProjectYear.unit_id)
        .where(in_scope(scope))
        .order_by(Organisation.code, ProjectYear.year.desc(), Rectification.id)
    )
    if open_only or overdue:
        query = query.where(Rectification.status != RectificationStatus.CLOSED.value)
    if overdue:
        query = query.where(Rectification.due < date.today())
    if unit:
        query = query.where(Organisation.code == unit)
    with ctx.store.transaction() as s:
        return [_item(r, py, name, code) for r, py, name, code in s.execute(query)]


def _item(r: Rectification, py: ProjectYear, name: str, code: str) -> Item:
    return Item(
        r.id,
        py.id,
        name,
        py.year,
        code,
        r.code,
        r.severity.value,
        r.message,
        r.owner,
        r.due,
        r.status,
        r.closing_note,
        r.version,
    )


def update(
    ctx: Context,
    item_id: int,
    version: int,
    *,
    status: RectificationStatus | None = None,
    owner: str | None = None,
    due: date | None = None,
    note: str | None = None,
) -> Item:
    """Change an item: the unit reports progress (整改中, 已整改) with a note; the department
    or finance bureau sets the owner and due date and closes it (销号) or reopens it."""
    with ctx.store.transaction() as s:
        if not 0 < item_id <= MAX_ID:  # no such row; SQLite cannot even compare it
            raise NotFound(NOT_FOUND)
        r = s.scalar(select(Rectification).where(Rectification.id == item_id).with_for_update())
        if r is None:
            raise NotFound(NOT_FOUND)
        py = s.get(ProjectYear, r.project_year_id)
        assert py is not None
        subject = subject_of(s, py)
        reviewer = ctx.actor.role in (Role.DEPARTMENT, Role.FINANCE)
        action = Action.MANAGE_RECTIFICATION if reviewer else Action.EDIT_RECTIFICATION
        check(ctx, subject, action)
        if not reviewer and (owner is not None or due is not None):
            raise Forbidden("整改责任人和期限由主管部门或财政局确定", "owner")
        if status is not None and not reviewer and status not in _UNIT_STATUSES:
            raise Forbidden(
                "预算单位只能报告“整改中”或“已整改”，销号由主管部门或财政局办理", "status"
            )
        if r.version != version:
            raise Conflict(f"该整改事项已被修改（当前版本 {r.version}），请刷新后重试", "version")
        changes = {"status": status, "owner": owner, "due": due, "closing_note": note}
        for field, value in changes.items():
            if value is None:
                continue
            if isinstance(value, str) and len(value) > 5000:
                raise Invalid("内容过长（最多 5000 字）", field)
            old = getattr(r, field)
            if old != value:
                setattr(r, field, value)
                audit.record(
                    s, ctx, "rectification.update", "rectification", r.id, field, old, value
                )
        r.version += 1
        r.updated_at = now()
        project = s.get(Project, py.project_id)
        unit = s.get(Organisation, py.unit_id)
        assert project is not None and unit is not None
        return _item(r, py, project.name, unit.code)
