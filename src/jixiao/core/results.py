"""Score results. Every score carries the rule, the inputs and a sentence explaining it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.frozen import fast_init
from jixiao.core.model import Case
from jixiao.core.problems import Location, Problem


class Outcome(StrEnum):
    MET = "met"  # 达成
    PARTLY = "partly"  # 部分达成
    NOT_MET = "not_met"  # 未达成
    NOT_APPLICABLE = "not_applicable"  # 不适用
    UNJUDGED = "unjudged"  # 无法判定

    @property
    def label(self) -> str:
        return {
            "met": "达成",
            "partly": "部分达成",
            "not_met": "未达成",
            "not_applicable": "不适用",
            "unjudged": "无法判定",
        }[self.value]


@fast_init
@dataclass(frozen=True, slots=True)
class IndicatorScore:
    path: tuple[str, ...]
    weight: Decimal
    score: Decimal
    outcome: Outcome
    rule: str  # the rule kind that produced the score, e.g. "floor_ratio"
    inputs: tuple[tuple[str, str], ...]  # the values the rule used, as shown to a reviewer
    explanation: str  # one Chinese sentence; says why points were lost (扣分说明)
    target: str = ""
    actual: str = ""
    published_score: Decimal | None = None
    where: Location = field(default_factory=Location)
    facts_key: str = ""  # what an evaluation case files this leaf's facts under (id, name, path)
    note: str = ""  # the evaluator's finding for this indicator, as written in the case
    # False when the score rests on a guess (a direction inferred, the target read from the
    # name, the table's own score kept, a row read shifted): each guess is also a problem
    certain: bool = True
    key: str = ""  # the indicator's stable key (core/identity.py)

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score


@fast_init
@dataclass(frozen=True, slots=True)
class BudgetScore:
    """预算执行率 and its score: rate = executed / annual budget, score = rate × weight."""

    initial: Decimal | None
    annual: Decimal | None
    executed: Decimal | None
    rate: Decimal | None  # percent, two decimals half-up
    weight: Decimal
    score: Decimal
    explanation: str
    published_rate: Decimal | None = None
    published_score: Decimal | None = None
    where: Location = field(default_factory=Location)


@fast_init
@dataclass(frozen=True, slots=True)
class NodeScore:
    """A subtotal for one node of the indicator tree (e.g. 产出指标, or 产出指标/数量指标)."""

    path: tuple[str, ...]
    weight: Decimal
    score: Decimal
    declared_weight: Decimal | None = None


NO_GRADE = "—"  # the grade of a table that could not be graded; `grade_note` says why


@dataclass(frozen=True, slots=True)
class Result:
    """A case scored: every indicator by its rule, the tree's subtotals, the total and grade.

    The same shape whatever the case is: a self-evaluation table (its rows scored by the judge,
    its funds by the budget-execution rate in `budget`) or an evaluation on a framework."""

    case: Case
    indicators: tuple[IndicatorScore, ...]
    nodes: tuple[NodeScore, ...]
    total: Decimal
    weight_total: Decimal
    grade: str  # a band label, or NO_GRADE
    budget: BudgetScore | None = None
    problems: tuple[Problem, ...] = ()
    # why there is no grade, or how it was reached when not on the total itself (score rate)
    grade_note: str = ""

    @property
    def graded(self) -> bool:
        return self.grade != NO_GRADE
