"""目标调整: approved targets change only through a recorded request the finance bureau
decides. The unit hands in the new target table with its reason; it is kept as a case version
but does not count until approved, when it is scored and becomes the project-year's current
case. While a request is pending the project-year cannot leave the adjustable stages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from jixiao import codec
from jixiao.service import audit, filing, writing
from jixiao.service.context import Context
from jixiao.service.errors import Conflict, Invalid, NotFound
from jixiao.service.projects import MAX_ID, bump, check, subject_of, visible
from jixiao.service.uploads import prepare, read_one
from jixiao.store.schema import Adjustment, CaseVersion, ProjectYear
from jixiao.store.types import now
from jixiao.workflow import NOT_FOUND, Action, DocumentKind
from jixiao.workflow.items import AdjustmentStatus


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    project_year_id: int
    status: AdjustmentStatus
    reason: str
    case_version: int
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str
    version: int


def _request(a: Adjustment, seq: int) -> Request:
    return Request(
        a.id,
        a.project_year_id,
        a.status,
        a.reason,
        seq,
        a.requested_at,
        a.decided_at,
        a.decision_note,
        a.version,
    )


def request(ctx: Context, project_year_id: int, data: bytes, name: str, reason: str) -> Request:
    """The unit asks to change its approved targets to those of the file `name`."""
    if not reason.strip():
        raise Invalid("目标调整申请须说明调整理由", "reason")
    case, problems = read_one(data, name)
    if DocumentKind.of(case.kind) is not DocumentKind.TARGETS:
        raise Invalid(f"{name} 不是绩效目标表：调整申请应附调整后的目标表", name, problems)
    with ctx.store.transaction() as s:
        py, _ = visible(s, ctx, project_year_id, Action.REQUEST_ADJUSTMENT, lock=True)
        if case.project.year is not None and case.project.year != py.year:
            raise Invalid(f"{name} 是 {case.project.year} 年度的，该项目是 {py.year} 年度", "year")
        document, case_json = DocumentKind.TARGETS, filing.case_json(case)
        kept = (py, data, name, document, case.kind.value, case_json, False)
        ((seq, version_id),) = writing.keep(s, ctx, [kept])
        made = Adjustment(
            project_year_id=py.id,
            case_version_id=version_id,
            status=AdjustmentStatus.PENDING,
            reason=reason.strip()[:5000],
            requested_by=ctx.user_id,
        )
        s.add(made)
        s.flush()
        audit.record(
            s, ctx, "adjustment.request", "project_year", py.id, "adjustment", None, made.id
        )
        return _request(made, seq)


def decide(
    ctx: Context, adjustment_id: int, approve: bool, note: str = "", version: int | None = None
) -> Request:
    """The finance bureau approves (the new targets become current, scored) or rejects."""
    with ctx.store.transaction() as s:
        if not 0 < adjustment_id <= MAX_ID:  # no such row; SQLite cannot even compare it
            raise NotFound(NOT_FOUND)
        made = s.scalar(select(Adjustment).where(Adjustment.id == adjustment_id).with_for_update())
        if made is None:
            raise NotFound(NOT_FOUND)
        py = s.scalar(
            select(ProjectYear).where(ProjectYear.id == made.project_year_id).with_for_update()
        )
        assert py is not None
        check(ctx, subject_of(s, py), Action.DECIDE_ADJUSTMENT)
        if made.status is not AdjustmentStatus.PENDING:
            raise Conflict(f"该申请已{made.status.label}，不能再审批", "status")
        if version is not None and version != made.version:
            raise Conflict(f"该申请已被处理（当前版本 {made.version}），请刷新后重试", "version")
        if not approve and not note.strip():
            raise Invalid("不予调整须写明理由", "note")
        proposed = s.get(CaseVersion, made.case_version_id)
        assert proposed is not None
        if approve:
            case = codec.from_document(json.loads(proposed.data), "case")
            ready = prepare(s, py, case, [])
            bump(s, ctx, py, None)
            writing.apply(s, ctx, [(py, proposed.id, ready.filing)])
        made.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
        made.decided_by, made.decided_at = ctx.user_id, now()
        made.decision_note = note.strip()[:5000]
        made.version += 1
        audit.record(
            s, ctx, "adjustment.decide", "project_year", py.id, "adjustment", "pending", made.status
        )
        return _request(made, proposed.seq)


def requests(ctx: Context, project_year_id: int) -> list[Request]:
    with ctx.store.transaction() as s:
        visible(s, ctx, project_year_id)
        rows = s.execute(
            select(Adjustment, CaseVersion.seq)
            .join(CaseVersion, CaseVersion.id == Adjustment.case_version_id)
            .where(Adjustment.project_year_id == project_year_id)
            .order_by(Adjustment.id)
        ).all()
        return [_request(a, seq) for a, seq in rows]
