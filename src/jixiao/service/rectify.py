"""整改 items: listed within the actor's scope (overdue ones flagged), progress reported by the
unit, owner, due date and closing set by the department or finance bureau; every change
checked, versioned (409 on a stale one) and audited. Evidence is attached in evidence.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.service.projects import MAX_ID, check, in_scope, subject_of
from jixiao.store.schema import (
    AuditEntry,
    Document,
    Organisation,
    Project,
    ProjectYear,
    Rectification,
)
from jixiao.store.types import now
from jixiao.workflow import NOT_FOUND, Action, Role, Subject, authorize, scope_of
from jixiao.workflow.items import RectificationStatus

# what the unit may set; the rest (owner, due date, closing) is the reviewers'
_UNIT_STATUSES = frozenset({RectificationStatus.IN_PROGRESS, RectificationStatus.DONE})
EVIDENCE = "rectification.evidence"  # the audit action of attaching evidence
CLOSED_FOR_UNIT = "该整改事项已销号，如需修改请主管部门或财政局重新打开"
OWNER_LIMIT = 200  # characters of 整改责任人, as the column holds


@dataclass(frozen=True, slots=True)
class Evidence:
    """The file attached to an item: its name as uploaded, its bytes' sha256 and size."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Permits:
    """What the actor may do to an item now, as `update` and `evidence.attach` decide: the
    statuses it may set, whether it sets the owner and due date (分派), whether it attaches
    evidence; `refused` says why it may change nothing (empty when it may)."""

    statuses: tuple[RectificationStatus, ...] = ()
    assigns: bool = False
    attaches: bool = False
    refused: str = ""


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
    evidence: Evidence | None = None
    permits: Permits = Permits()
    unit_name: str = ""

    @property
    def overdue(self) -> bool:
        return self.status.is_open and self.due is not None and self.due < date.today()

    @property
    def days_overdue(self) -> int:
        """Days past the due date of an open item (0 when it is not overdue)."""
        return (date.today() - self.due).days if self.overdue and self.due else 0


def permits(ctx: Context, subject: Subject, r: Rectification) -> Permits:
    """What `update` and `evidence.attach` would let the actor do to the item now."""
    action = editing(ctx)
    decision = authorize(ctx.actor, action, subject)
    if not decision.allowed:
        return Permits(refused=decision.reason)
    if action is Action.MANAGE_RECTIFICATION:
        return Permits(tuple(RectificationStatus), assigns=True, attaches=True)
    if r.status is RectificationStatus.CLOSED:
        return Permits(refused=CLOSED_FOR_UNIT)
    mine = tuple(s for s in RectificationStatus if s in _UNIT_STATUSES)
    return Permits(mine, attaches=True)


def items(
    ctx: Context, *, open_only: bool = False, overdue: bool = False, unit: str | None = None
) -> list[Item]:
    scope = scope_of(ctx.actor)
    if scope.empty:
        return []
    query = (
        select(Rectification, ProjectYear, Project.name, Organisation.code, Organisation.name)
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
        found = s.execute(query).all()
        evidence = evidence_of(s, [r for r, *_ in found])
        subjects: dict[int, Subject] = {}
        for _, py, *_ in found:
            if py.id not in subjects:
                subjects[py.id] = subject_of(s, py)
        return [
            _item(r, py, name, unit, evidence.get(r.id), permits(ctx, subjects[py.id], r))
            for r, py, name, *unit in found
        ]


def evidence_names(s: Session, item_ids: Iterable[int]) -> dict[int, str]:
    """The name each item's evidence was uploaded under. The store keeps no name beside the
    document (its bytes are shared by sha256), so the name is the one the audit entry of the
    newest attachment recorded, which the same transaction wrote."""
    wanted = set(item_ids)
    if not wanted:
        return {}
    rows = s.execute(
        select(AuditEntry.object_id, AuditEntry.new)
        .where(
            AuditEntry.object_type == "rectification",
            AuditEntry.object_id.in_(wanted),
            AuditEntry.action == EVIDENCE,
        )
        .order_by(AuditEntry.id)
    )
    return {oid: new for oid, new in rows if oid is not None and new is not None}


def evidence_of(s: Session, items: Iterable[Rectification]) -> dict[int, Evidence]:
    """The evidence of those items that have some, by item id."""
    held = {r.id: r.evidence_id for r in items if r.evidence_id is not None}
    if not held:
        return {}
    docs = {
        d: (sha, size)
        for d, sha, size in s.execute(
            select(Document.id, Document.sha256, Document.size).where(
                Document.id.in_(set(held.values()))
            )
        )
    }
    names = evidence_names(s, held)
    return {
        item: Evidence(names.get(item) or fallback_name(docs[d][0]), *docs[d])
        for item, d in held.items()
        if d in docs
    }


def fallback_name(sha256: str) -> str:
    return f"佐证材料-{sha256[:8]}"


def locked(s: Session, item_id: int) -> tuple[Rectification, ProjectYear]:
    """The item, held for update, and its project-year; NotFound when there is no such item
    (the same answer as for one the actor may not see)."""
    if not 0 < item_id <= MAX_ID:  # no such row; SQLite cannot even compare it
        raise NotFound(NOT_FOUND)
    r = s.scalar(select(Rectification).where(Rectification.id == item_id).with_for_update())
    if r is None:
        raise NotFound(NOT_FOUND)
    py = s.get(ProjectYear, r.project_year_id)
    assert py is not None
    return r, py


def editing(ctx: Context) -> Action:
    """What changing an item is for the actor: the unit reports, the others manage."""
    reviewer = ctx.actor.role in (Role.DEPARTMENT, Role.FINANCE)
    return Action.MANAGE_RECTIFICATION if reviewer else Action.EDIT_RECTIFICATION


def stale(r: Rectification, version: int) -> None:
    if r.version != version:
        raise Conflict(f"该整改事项已被修改（当前版本 {r.version}），请刷新后重试", "version")


def item_of(s: Session, ctx: Context, r: Rectification, py: ProjectYear) -> Item:
    project = s.get(Project, py.project_id)
    unit = s.get(Organisation, py.unit_id)
    assert project is not None and unit is not None
    allowed = permits(ctx, subject_of(s, py), r)
    named = (unit.code, unit.name)
    return _item(r, py, project.name, named, evidence_of(s, [r]).get(r.id), allowed)


def _item(
    r: Rectification,
    py: ProjectYear,
    name: str,
    unit: Sequence[str],
    evidence: Evidence | None,
    allowed: Permits,
) -> Item:
    return Item(
        r.id,
        py.id,
        name,
        py.year,
        unit[0],
        r.code,
        r.severity.value,
        r.message,
        r.owner,
        r.due,
        r.status,
        r.closing_note,
        r.version,
        evidence,
        allowed,
        unit[1],
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
        r, py = locked(s, item_id)
        action = editing(ctx)
        reviewer = action is Action.MANAGE_RECTIFICATION
        check(ctx, subject_of(s, py), action)
        if not reviewer and r.status is RectificationStatus.CLOSED:
            raise Forbidden(CLOSED_FOR_UNIT, "status")
        if not reviewer and (owner is not None or due is not None):
            raise Forbidden("整改责任人和期限由主管部门或财政局确定", "owner")
        if status is not None and not reviewer and status not in _UNIT_STATUSES:
            raise Forbidden(
                "预算单位只能报告“整改中”或“已整改”，销号由主管部门或财政局办理", "status"
            )
        stale(r, version)
        changes = {"status": status, "owner": owner, "due": due, "closing_note": note}
        for field, value in changes.items():
            if value is None:
                continue
            if isinstance(value, str) and len(value) > 5000:
                raise Invalid("内容过长（最多 5000 字）", field)
            if field == "owner" and len(owner or "") > OWNER_LIMIT:
                raise Invalid(f"整改责任人最多 {OWNER_LIMIT} 字", "owner")
            old = getattr(r, field)
            if old != value:
                setattr(r, field, value)
                audit.record(
                    s, ctx, "rectification.update", "rectification", r.id, field, old, value
                )
        r.version += 1
        r.updated_at = now()
        return item_of(s, ctx, r, py)
