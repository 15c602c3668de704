"""A project-year as its page shows it, read in one transaction: who may see it is decided once,
then its summary, newest score run, findings, the steps and uploads the actor may take now,
its uploads and its 流转记录 — what `reading`'s functions give one by one."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.service.context import Context
from jixiao.service.projects import ProjectSummary, summary_in, visible
from jixiao.service.reading import (
    Finding,
    Scored,
    Step,
    UploadRow,
    findings_in,
    newest_in,
    steps_in,
    uploadable_for,
    uploads_in,
)
from jixiao.service.transitions import evaluators_in
from jixiao.workflow import DocumentKind, Transition, allowed_transitions


@dataclass(frozen=True, slots=True)
class Overview:
    project: ProjectSummary
    scored: Scored | None  # the newest score run (None before the first upload)
    findings: list[Finding]  # of that run, gravest first
    moves: tuple[Transition, ...]  # the steps the actor may take now
    kinds: tuple[DocumentKind, ...]  # what the actor may upload now
    uploads: list[UploadRow]
    steps: list[Step]  # 流转记录
    evaluators: list[tuple[int, str]]  # the firms a step of `moves` may commission, if any


def overview(ctx: Context, project_year_id: int) -> Overview:
    with ctx.store.transaction() as s:
        py, subject = visible(s, ctx, project_year_id)
        moves = allowed_transitions(ctx.actor, subject)
        commissions = any("evaluator_id" in m.needs for m in moves)
        return Overview(
            summary_in(s, project_year_id),
            newest_in(s, project_year_id),
            findings_in(s, project_year_id),
            moves,
            uploadable_for(ctx.actor, subject),
            uploads_in(s, project_year_id),
            steps_in(s, project_year_id),
            evaluators_in(s, py) if commissions else [],
        )
