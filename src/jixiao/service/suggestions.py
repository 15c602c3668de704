"""Target suggestions from history: for each indicator of a project-year's current case, its
earlier years as the store holds them (by indicator key) and the target history suggests —
computed by the library (`api.suggest_target`, the review rule target-below-history's own
arithmetic); this module only fetches."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from jixiao import api, codec
from jixiao.core.model import Case, Indicator
from jixiao.service.context import Context
from jixiao.service.projects import visible
from jixiao.service.uploads import with_history
from jixiao.store.schema import CaseVersion, ScoreRun

RULE = "target-below-history"


@dataclass(frozen=True, slots=True)
class Suggested:
    key: str
    indicator: Indicator
    suggestion: api.Suggestion


def suggestions(ctx: Context, project_year_id: int) -> list[Suggested]:
    """One per indicator of the current case (the one its newest score run scored), in the
    case's order; none when nothing has been handed in yet."""
    with ctx.store.transaction() as s:
        py, _ = visible(s, ctx, project_year_id)
        data = s.scalar(
            select(CaseVersion.data)
            .join(ScoreRun, ScoreRun.case_version_id == CaseVersion.id)
            .where(ScoreRun.project_year_id == py.id)
            .order_by(ScoreRun.id.desc())
            .limit(1)
        )
        if data is None:
            return []
        case: Case = with_history(s, py, codec.from_document(json.loads(data), "case"))
    policy = api.load_policy(case.policy) if case.policy in api.builtin_policies() else None
    years = int(api.load_review_config()[RULE].params["years"])
    return [
        Suggested(
            key,
            row,
            api.suggest_target(row, case.history.get(key, ()), policy or api.load_policy(), years),
        )
        for row, key in zip(case.indicators, case.keys, strict=True)
    ]
