"""What a project-year holds, for those who may see it: its newest result (decoded from the
codec's JSON, exactly as scored), its uploads, the steps it has taken, the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from jixiao import codec
from jixiao.core.problems import Location, Severity
from jixiao.core.results import Result
from jixiao.service.context import Context
from jixiao.service.errors import NotFound
from jixiao.service.projects import in_scope, visible
from jixiao.store.schema import (
    AuditEntry,
    Document,
    ProjectYear,
    ScoreRun,
    StoredProblem,
    TransitionRecord,
    Upload,
    User,
)
from jixiao.workflow import (
    Action,
    Actor,
    DocumentKind,
    Stage,
    Subject,
    Transition,
    allowed_transitions,
    authorize,
    scope_of,
)


@dataclass(frozen=True, slots=True)
class Scored:
    """The newest score run of a project-year: the result and how it was made."""

    run_id: int
    result: Result
    policy: str
    policy_hash: str
    framework_hash: str
    jixiao_version: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class UploadRow:
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    source: Stage
    target: Stage
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    by: str
    origin: str
    action: str
    object_type: str
    object_id: int | None
    field: str
    old: str | None
    new: str | None


def latest(ctx: Context, project_year_id: int) -> Scored:
    found = newest(ctx, project_year_id)
    if found is None:
        raise NotFound("该项目还没有上传过表格，没有评分结果")
    return found


def newest(ctx: Context, project_year_id: int) -> Scored | None:
    """The newest score run, or None before the first upload."""
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id)
        return newest_in(s, project_year_id)


def newest_in(s: Session, project_year_id: int) -> Scored | None:
    """`newest` within a transaction that has found the project-year visible."""
    run = s.scalar(
        select(ScoreRun)
        .where(ScoreRun.project_year_id == project_year_id)
        .order_by(ScoreRun.id.desc())
        .limit(1)
    )
    if run is None:
        return None
    result = codec.from_document(json.loads(run.result), "result")
    return Scored(
        run.id,
        result,
        run.policy,
        run.policy_hash,
        run.framework_hash,
        run.jixiao_version,
        run.created_at,
    )


def uploadable(ctx: Context, project_year_id: int) -> tuple[DocumentKind, ...]:
    """What the actor may upload to the project-year now (the upload form's choices)."""
    with ctx.store.transaction() as s:
        _, subject = visible(s, ctx, project_year_id)
    return uploadable_for(ctx.actor, subject)


def uploadable_for(actor: Actor, subject: Subject) -> tuple[DocumentKind, ...]:
    return tuple(
        kind
        for kind in DocumentKind
        if authorize(actor, Action.UPLOAD, subject, document=kind).allowed
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """What reading, scoring and reviewing the newest case version found, as stored: the
    rule's code, how grave, where (file, sheet, cell or line), what and what to change."""

    code: str
    severity: Severity
    where: Location
    message: str
    suggestion: str
    subject: str = ""  # the indicator key it is about ("key|part" for part of a cell)


def findings(ctx: Context, project_year_id: int) -> list[Finding]:
    """The newest score run's problems and review findings, gravest first (errors, then
    warnings, then notes), in the order found within each."""
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id)
        return findings_in(s, project_year_id)


def findings_in(s: Session, project_year_id: int) -> list[Finding]:
    """`findings` within a transaction that has found the project-year visible."""
    newest = (
        select(ScoreRun.id)
        .where(ScoreRun.project_year_id == project_year_id)
        .order_by(ScoreRun.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = s.scalars(
        select(StoredProblem).where(StoredProblem.score_run_id == newest).order_by(StoredProblem.id)
    ).all()
    found = [
        Finding(r.code, r.severity, _location(r.where), r.message, r.suggestion, r.subject)
        for r in rows
    ]
    return sorted(found, key=lambda f: f.severity.rank)


def _location(stored: dict[str, object]) -> Location:
    known = {k: v for k, v in stored.items() if k in Location._fields}
    return Location(**known)  # type: ignore[arg-type]


def moves(ctx: Context, project_year_id: int) -> tuple[Transition, ...]:
    """The steps the actor may take now: the buttons a page shows."""
    with ctx.store.transaction() as s:
        _, subject = visible(s, ctx, project_year_id)
        return allowed_transitions(ctx.actor, subject)


def _names(s: Session, ids: set[int | None]) -> dict[int | None, str]:
    """Who each user id is, as pages show them; None is the command line."""
    wanted = {i for i in ids if i is not None}
    found: dict[int | None, str] = {None: "命令行"}
    if wanted:
        rows = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
        found.update(dict(rows.all()))
    return found


def uploads(ctx: Context, project_year_id: int) -> list[UploadRow]:
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id)
        return uploads_in(s, project_year_id)


def uploads_in(s: Session, project_year_id: int) -> list[UploadRow]:
    rows = s.execute(
        select(Upload, Document.size, Document.sha256)
        .join(Document, Document.id == Upload.document_id)
        .where(Upload.project_year_id == project_year_id)
        .order_by(Upload.id)
    ).all()
    names = _names(s, {u.uploaded_by for u, _, _ in rows})
    return [
        UploadRow(
            u.id, u.original_name, u.kind.value, size, sha, names[u.uploaded_by], u.uploaded_at
        )
        for u, size, sha in rows
    ]


def steps(ctx: Context, project_year_id: int) -> list[Step]:
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id)
        return steps_in(s, project_year_id)


def steps_in(s: Session, project_year_id: int) -> list[Step]:
    rows = s.scalars(
        select(TransitionRecord)
        .where(TransitionRecord.project_year_id == project_year_id)
        .order_by(TransitionRecord.id)
    ).all()
    names = _names(s, {r.actor_id for r in rows})
    return [Step(r.action, r.source, r.target, r.reason, names[r.actor_id], r.at) for r in rows]


def audit_log(ctx: Context, project_year_id: int, limit: int = 500) -> list[AuditRow]:
    """The audit entries about one project-year, newest first, for those who may read them."""
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id, Action.READ_AUDIT)
        rows = s.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.object_type == "project_year", AuditEntry.object_id == project_year_id
            )
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        ).all()
        names = _names(s, {r.actor_id for r in rows})
        return [
            AuditRow(
                r.at,
                names.get(r.actor_id, ""),
                r.origin,
                r.action,
                r.object_type,
                r.object_id,
                r.field,
                r.old,
                r.new,
            )
            for r in rows
        ]


def visible_ids(ctx: Context) -> Select[int]:
    """The project-year ids the actor may see, as a subquery for other listings."""
    scope = scope_of(ctx.actor)
    return select(ProjectYear.id).where(in_scope(scope))
