"""工作台: what waits for the signed-in user — the project-years they may move on now (to
fill, to submit, to review, to approve), counted by what the step is and by stage, the first
few listed; and the 整改 items that are open and overdue within their scope. A constant
number of queries however many project-years the scope holds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from jixiao.service.context import Context
from jixiao.service.projects import (
    ProjectSummary,
    in_scope,
    subject_from,
    summaries,
)
from jixiao.store.schema import Adjustment, Organisation, Project, ProjectYear, Rectification
from jixiao.workflow import Stage, Transition, allowed_transitions, scope_of, stages_moved_by
from jixiao.workflow.items import AdjustmentStatus, RectificationStatus

SHOWN = 20  # waiting project-years listed; the rest are counted, and found in 项目列表


@dataclass(frozen=True, slots=True)
class Waiting:
    project: ProjectSummary
    moves: tuple[Transition, ...]


@dataclass(frozen=True, slots=True)
class Bench:
    waiting: list[Waiting]  # the first `SHOWN`, in the project list's order
    waiting_total: int  # all of them
    by_step: Counter[str]  # a step's button text → how many project-years wait for it
    by_stage: tuple[tuple[Stage, int], ...]  # the stages they wait at, in the cycle's order
    open_items: int
    overdue_items: int


def workbench(ctx: Context, year: int | None = None, shown: int = SHOWN) -> Bench:
    scope = scope_of(ctx.actor)
    if scope.empty:
        return Bench([], 0, Counter(), (), 0, 0)
    where = in_scope(scope)
    places = (
        select(
            ProjectYear.id,
            ProjectYear.unit_id,
            ProjectYear.department_id,
            ProjectYear.district_id,
            ProjectYear.stage,
            ProjectYear.evaluator_id,
            ProjectYear.commissioner,
        )
        .join(Project, Project.id == ProjectYear.project_id)
        .join(Organisation, Organisation.id == ProjectYear.unit_id)
        .where(where)
        .order_by(ProjectYear.year.desc(), Organisation.code, Project.name, ProjectYear.id)
    )
    if year is not None:
        places = places.where(ProjectYear.year == year)
    # only where a step of the actor's role leaves from: a district's other stages wait for
    # someone else, and are not read at all
    moving = sorted(stage.value for stage in stages_moved_by(ctx.actor.role))
    places = places.where(ProjectYear.stage.in_(moving))
    pending_of = (
        select(Adjustment.project_year_id)
        .join(ProjectYear, ProjectYear.id == Adjustment.project_year_id)
        .where(where, Adjustment.status == AdjustmentStatus.PENDING)
    )
    late = case((Rectification.due < date.today(), 1), else_=0)
    open_of = (
        select(func.count(), func.coalesce(func.sum(late), 0))
        .join(ProjectYear, ProjectYear.id == Rectification.project_year_id)
        .where(where, Rectification.status != RectificationStatus.CLOSED.value)
    )
    with ctx.store.transaction() as s:
        pending = set(s.scalars(pending_of))
        waiting: list[tuple[int, tuple[Transition, ...]]] = []
        stages: Counter[Stage] = Counter()
        for row in s.execute(places):
            moves = allowed_transitions(ctx.actor, subject_from(row, row.id in pending))
            if moves:
                waiting.append((row.id, moves))
                stages[row.stage] += 1
        first = dict(waiting[:shown])
        listed = {p.id: p for p in summaries(s, list(first))}
        open_items, overdue = s.execute(open_of).one()
    steps = Counter(m.label for _, moves in waiting for m in moves)
    return Bench(
        [Waiting(listed[i], moves) for i, moves in first.items()],
        len(waiting),
        steps,
        tuple((st, stages[st]) for st in Stage if stages[st]),
        int(open_items),
        int(overdue),
    )
