"""The indicator library (指标库): for a name or a category, the indicators the district's units
actually use — how often, in which category, with which targets and actuals, and the review
findings they drew. Built from every stored year.

Aggregates, not rows: no project, unit or person is named, so every signed-in user of a
district searches its whole library (an administrator, who sees no content, none).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from jixiao.service.context import Context
from jixiao.store.schema import (
    Indicator,
    IndicatorYear,
    ProjectYear,
    ScoreRun,
    StoredProblem,
)
from jixiao.workflow import Role

_SAMPLES = 3  # the commonest targets and actuals shown per indicator
_ROWS = 20_000  # rows read for one search at most: a library, not an export


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    category: str
    uses: int  # project-years using it
    years: tuple[int, ...]
    targets: tuple[tuple[str, int], ...]  # commonest targets with their counts
    actuals: tuple[tuple[str, int], ...]
    findings: tuple[tuple[str, int], ...]  # review codes drawn, with counts


def search(ctx: Context, q: str = "", category: str = "", limit: int = 50) -> list[Entry]:
    """Indicators whose name contains `q` (and whose 二级指标 contains `category`), the most
    used first."""
    if ctx.actor.role is Role.ADMIN or ctx.actor.district_id is None:
        return []
    query = (
        select(IndicatorYear, Indicator.key)
        .join(Indicator, Indicator.id == IndicatorYear.indicator_id)
        .join(ProjectYear, ProjectYear.id == IndicatorYear.project_year_id)
        .where(ProjectYear.district_id == ctx.actor.district_id)
        .limit(_ROWS)
    )
    q, category = q.strip()[:100], category.strip()[:100]
    if q:
        query = query.where(or_(IndicatorYear.name.contains(q), IndicatorYear.path.contains(q)))
    if category:
        query = query.where(IndicatorYear.category.contains(category))
    with ctx.store.transaction() as s:
        rows = s.execute(query).all()
        findings = _findings(s, {row.project_year_id for row, _ in rows})
    grouped: dict[tuple[str, str], list[tuple[IndicatorYear, str]]] = defaultdict(list)
    for row, key in rows:
        grouped[(row.name, row.category)].append((row, key))
    entries = [_entry(name, cat, uses, findings) for (name, cat), uses in grouped.items()]
    entries.sort(key=lambda e: (-e.uses, e.name))
    return entries[: max(1, min(limit, 500))]


def _findings(s: Session, project_years: set[int]) -> dict[tuple[int, str], Counter[str]]:
    """Review codes per (project-year, indicator key), from each project-year's newest run."""
    if not project_years:
        return {}
    newest = (
        select(func.max(ScoreRun.id))
        .where(ScoreRun.project_year_id.in_(project_years))
        .group_by(ScoreRun.project_year_id)
    )
    found: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    rows = s.execute(
        select(ScoreRun.project_year_id, StoredProblem.subject, StoredProblem.code)
        .join(StoredProblem, StoredProblem.score_run_id == ScoreRun.id)
        .where(ScoreRun.id.in_(newest), StoredProblem.subject != "")
    )
    for py, subject, code in rows:
        for key in subject.split("|"):
            found[(py, key)][code] += 1
    return found


def _entry(
    name: str,
    category: str,
    uses: list[tuple[IndicatorYear, str]],
    findings: dict[tuple[int, str], Counter[str]],
) -> Entry:
    targets = Counter(row.target for row, _ in uses if row.target.strip())
    actuals = Counter(row.actual for row, _ in uses if row.actual.strip())
    drawn: Counter[str] = Counter()
    for row, key in uses:
        drawn.update(findings.get((row.project_year_id, key), Counter()))
    return Entry(
        name=name,
        category=category,
        uses=len({row.project_year_id for row, _ in uses}),
        years=tuple(sorted({row.year for row, _ in uses})),
        targets=tuple(targets.most_common(_SAMPLES)),
        actuals=tuple(actuals.most_common(_SAMPLES)),
        findings=tuple(drawn.most_common()),
    )
