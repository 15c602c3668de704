"""工作台: what waits for the signed-in user — the project-years they may move on now (to
fill, to submit, to review, to approve), counted by what the step is, and the 整改 items that
are open and overdue within their scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from jixiao.service import rectify
from jixiao.service.context import Context
from jixiao.service.projects import ProjectSummary, list_projects, subject_of
from jixiao.store.schema import ProjectYear
from jixiao.workflow import Transition, allowed_transitions


@dataclass(frozen=True, slots=True)
class Waiting:
    project: ProjectSummary
    moves: tuple[Transition, ...]


@dataclass(frozen=True, slots=True)
class Bench:
    waiting: list[Waiting]
    by_step: Counter[str]  # a step's button text → how many project-years wait for it
    open_items: int
    overdue_items: int


def workbench(ctx: Context, year: int | None = None) -> Bench:
    projects = list_projects(ctx, year=year)
    waiting = []
    with ctx.store.transaction() as s:
        rows = {
            py.id: py
            for py in s.scalars(
                select(ProjectYear).where(ProjectYear.id.in_([p.id for p in projects]))
            )
        }
        for p in projects:
            moves = allowed_transitions(ctx.actor, subject_of(s, rows[p.id]))
            if moves:
                waiting.append(Waiting(p, moves))
    steps = Counter(m.label for w in waiting for m in w.moves)
    open_items = rectify.items(ctx, open_only=True)
    overdue = sum(1 for item in open_items if item.overdue)
    return Bench(waiting, steps, len(open_items), overdue)
