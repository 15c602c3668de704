"""Moving a project-year through the cycle: the step the table allows, by whom it allows,
with the reason every return needs, recorded; entering 结果应用 opens the 整改 items."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Invalid, NotFound
from jixiao.service.projects import ProjectSummary, bump, summary_of, visible
from jixiao.store.schema import (
    Organisation,
    ProjectYear,
    Rectification,
    ScoreRun,
    StoredProblem,
    TransitionRecord,
)
from jixiao.workflow import (
    FIELDS,
    NOT_FOUND,
    Action,
    OrgKind,
    Stage,
    Verdict,
    authorize,
    find_transition,
    missing_fields,
)
from jixiao.workflow.items import RectificationStatus

_RECTIFIED = ("error", "warning")  # severities that become 整改 items


def transition(
    ctx: Context,
    project_year_id: int,
    action: Action,
    *,
    version: int | None = None,
    reason: str = "",
    payload: Mapping[str, object] | None = None,
) -> ProjectSummary:
    payload = dict(payload or {})
    with ctx.store.transaction() as s:
        py, subject = visible(s, ctx, project_year_id, lock=True)
        step = find_transition(py.stage, action)
        decision = authorize(ctx.actor, action, subject, transition=step)
        if decision.verdict is Verdict.HIDDEN:
            raise NotFound(NOT_FOUND)
        if not decision.allowed or step is None:
            raise Forbidden(decision.reason)
        missing = missing_fields(step, {**payload, "reason": reason})
        if missing:
            names = "、".join(FIELDS[m] for m in missing)
            raise Invalid(f"「{step.label}」须填写{names}", missing[0])
        bump(s, ctx, py, version)
        if "evaluator_id" in step.needs:
            py.evaluator_id = _evaluator(s, py, payload["evaluator_id"])
        if step.commissions is not None:
            py.commissioner = step.commissions
        source = py.stage
        py.stage = step.target
        s.add(
            TransitionRecord(
                project_year_id=py.id,
                action=action.value,
                source=source,
                target=step.target,
                reason=reason.strip(),
                payload={k: str(v) for k, v in payload.items() if k in FIELDS},
                actor_id=ctx.user_id,
            )
        )
        audit.record(s, ctx, action.value, "project_year", py.id, "stage", source, step.target)
        if step.target is Stage.RESULTS:
            open_rectifications(s, ctx, py)
    return summary_of(ctx, project_year_id)


def _evaluator(s: Session, py: ProjectYear, value: object) -> int:
    try:
        wanted = int(str(value))
    except ValueError:
        raise Invalid("第三方评价机构应为机构编号", "evaluator_id") from None
    org = s.get(Organisation, wanted)
    if org is None or org.kind is not OrgKind.EVALUATOR or org.district_id != py.district_id:
        raise Invalid("没有这个第三方评价机构（应是本区登记的评价机构）", "evaluator_id")
    return org.id


def open_rectifications(s: Session, ctx: Context, py: ProjectYear) -> int:
    """A 整改 item for every error and warning of the newest score run not yet tracked (by
    fingerprint: an item survives re-scoring, and a finding seen again is not doubled)."""
    run = s.scalar(
        select(ScoreRun)
        .where(ScoreRun.project_year_id == py.id)
        .order_by(ScoreRun.id.desc())
        .limit(1)
    )
    if run is None:
        return 0
    tracked = set(
        s.scalars(select(Rectification.fingerprint).where(Rectification.project_year_id == py.id))
    )
    made = 0
    for problem in s.scalars(
        select(StoredProblem).where(StoredProblem.score_run_id == run.id).order_by(StoredProblem.id)
    ):
        if problem.severity.value not in _RECTIFIED or problem.fingerprint in tracked:
            continue
        tracked.add(problem.fingerprint)
        s.add(
            Rectification(
                project_year_id=py.id,
                fingerprint=problem.fingerprint,
                code=problem.code,
                severity=problem.severity,
                message=problem.message,
                status=RectificationStatus.OPEN,
            )
        )
        made += 1
    if made:
        audit.record(s, ctx, "rectifications.open", "project_year", py.id, "count", None, made)
    return made


def evaluators(ctx: Context, project_year_id: int) -> list[tuple[int, str]]:
    """The 第三方评价机构 a project-year's evaluation may be entrusted to (the evaluator firms
    registered in its district), by name: the choices of 委托第三方评价."""
    with ctx.store.transaction() as s:
        py, _ = visible(s, ctx, project_year_id)
        return evaluators_in(s, py)


def evaluators_in(s: Session, py: ProjectYear) -> list[tuple[int, str]]:
    rows = s.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrgKind.EVALUATOR, Organisation.district_id == py.district_id)
        .order_by(Organisation.name, Organisation.id)
    )
    return [(i, name) for i, name in rows.all()]
