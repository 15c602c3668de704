"""One view of a case for the review rules: target rows, scored indicators, money, text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.evaluation import EvaluationCase
from jixiao.core.identity import indicator_keys, text_key
from jixiao.core.model import FIELD_NAMES, Funds, Stage
from jixiao.core.problems import Location, Problem
from jixiao.core.results import BudgetScore, EvaluationResult, IndicatorScore, TableResult
from jixiao.review.finding import hit
from jixiao.targets import holds_nothing


@dataclass(frozen=True, slots=True)
class RowView:
    """An indicator as people wrote it: name, target, actual, weight, reason."""

    path: tuple[str, ...]
    target: str
    actual: str
    at: Callable[[str], Location]
    weight: Decimal | None = None
    deviation: str = ""
    key: str = ""  # the indicator's stable key (core/identity.py)

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""

    def hit(
        self,
        field: str,
        message: str,
        suggestion: str,
        notice: bool = False,
        part: str = "",
    ) -> Problem:
        """A finding about this indicator's `field` (target, actual, weight, score, path), or
        about one `part` of a compound target ("≥50份" of "≥50份;≥10份")."""
        subject = f"{self.key}|{part}" if part else self.key
        return hit(self.at(field), message, suggestion, notice, subject)

    @property
    def level1(self) -> str:
        return self.path[0] if self.path else ""

    @property
    def category(self) -> str:
        """The level-2 name (数量指标, 成本指标, 社会效益指标…)."""
        return self.path[1] if len(self.path) > 2 else ""

    @property
    def not_applicable(self) -> bool:
        return holds_nothing(self.name) and holds_nothing(self.target)

    @property
    def placeholder(self) -> bool:
        """A row the template left (“……”): no target, no actual, no points; not scored, and
        not an indicator a reviewer comments on (docs/target-language.md)."""
        return not self.target.strip() and not self.actual.strip() and not self.weight


@dataclass(frozen=True, slots=True)
class CaseView:
    kind: str  # "selfeval" or "evaluation"
    name: str
    code: str
    unit: str
    where: Location
    rows: tuple[RowView, ...]
    scores: tuple[IndicatorScore, ...]
    total: Decimal
    published_total: Decimal | None = None
    total_where: Location | None = None  # the 总分 row, where the table prints one
    budget: BudgetScore | None = None
    funds: Funds | None = None
    declared_weights: dict[tuple[str, ...], Decimal] = field(default_factory=dict)
    narrative: tuple[tuple[str, str], ...] = ()  # (label, text)
    problems: tuple[Problem, ...] = ()  # what reading and scoring reported
    stage: Stage = Stage.SELFEVAL
    key: str = ""  # the project's stable key (core/identity.py)

    def subject_of(self, problem: Problem) -> str:
        """What a problem the reader or scorer reported (it knows the cell, not the key) is
        about: the indicator whose cell it names, and which of the cell's findings it is
        (its words: two parts of one cell are two subjects), else "" for the case itself."""
        if problem.subject:
            return problem.subject
        subjects = _subjects(self.rows)
        where = problem.where
        key = subjects.get(where) or subjects.get(where._replace(field=None), "")
        return f"{key}|{text_key(problem.message)}" if key else ""


def _subjects(rows: tuple[RowView, ...]) -> dict[Location, str]:
    """Indicator key by the location of each of its fields, for problems that name a cell."""
    found: dict[Location, str] = {}
    for row in rows:
        if row.key:
            for name in FIELD_NAMES:
                where = row.at(name)
                found[where] = found[where._replace(field=None)] = row.key
    return found


def selfeval_view(result: TableResult, read_problems: tuple[Problem, ...]) -> CaseView:
    t = result.table
    keys = indicator_keys([r.path for r in t.indicators])  # as the scorer keys them
    rows = tuple(
        RowView(r.path, r.target, r.actual, r.at, r.weight, r.deviation, key)
        for r, key in zip(t.indicators, keys, strict=True)
    )
    text = tuple(
        (label, value)
        for label, value in (
            ("年度总体目标·预期目标", t.goal_expected),
            ("年度总体目标·实际完成情况", t.goal_achieved),
        )
        if value
    )
    return CaseView(
        kind="selfeval",
        name=t.project.name,
        code=t.project.code,
        unit=t.project.unit or t.project.department,
        where=t.where,
        rows=rows,
        scores=result.indicators,
        total=result.total,
        published_total=t.published_total,
        total_where=t.total_where,
        budget=result.budget,
        funds=t.funds,
        declared_weights=dict(t.declared_weights),
        narrative=text,
        problems=read_problems + result.problems,
        stage=t.stage,
        key=t.project.key,
    )


def target_label(index: int) -> str:
    """A row of an evaluation case's target table, counted from 1 as a reader counts."""
    return f"第 {index + 1} 条指标"


def evaluation_view(result: EvaluationResult, read_problems: tuple[Problem, ...]) -> CaseView:
    case: EvaluationCase = result.case

    def at(i: int) -> Callable[[str], Location]:
        # the row and the field as a reader names them: 第 7 条指标 · 实际完成值
        return lambda name: case.where.with_field(
            f"{target_label(i)} · {FIELD_NAMES.get(name, name)}"
        )

    keys = indicator_keys([t.path for t in case.targets])
    rows = tuple(
        RowView(t.path, t.target, t.actual, at(i), key=key)
        for i, (t, key) in enumerate(zip(case.targets, keys, strict=True))
    )
    from jixiao.core.evaluation import NARRATIVE_KEYS

    text = tuple((NARRATIVE_KEYS.get(k, k), v) for k, v in case.narrative.items() if v)
    notes = tuple((s.path[-1], s.note) for s in result.indicators if s.note)
    return CaseView(
        kind="evaluation",
        name=case.project.name,
        code=case.project.code,
        unit=case.project.unit or case.evaluator,
        where=case.where,
        rows=rows,
        scores=result.indicators,
        total=result.total,
        published_total=case.published_total,
        narrative=text + notes,
        problems=read_problems + result.problems,
        key=case.project.key,
    )
