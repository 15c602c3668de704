"""The core kinds: every value of `jixiao.core` the codec reads and writes, by its kind name.

A stage registers its own values the same way (`jixiao.monitor.model` registers monitoring's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jixiao.core.evaluation import Amount, EvaluationCase, TargetRow
from jixiao.core.framework import Framework, GradeBand, Node, RuleSpec
from jixiao.core.model import FundLine, Funds, IndicatorRow, Project, SelfEvaluation
from jixiao.core.problems import Location, Problem
from jixiao.core.results import (
    BudgetScore,
    EvaluationResult,
    IndicatorScore,
    NodeScore,
    TableResult,
)

CORE: dict[str, Any] = {
    "location": Location,
    "problem": Problem,
    "project": Project,
    "fund-line": FundLine,
    "funds": Funds,
    "indicator-row": IndicatorRow,
    "self-evaluation": SelfEvaluation,  # every stage: selfeval, target, completion
    "amount": Amount,
    "target-row": TargetRow,
    "rule-spec": RuleSpec,
    "node": Node,
    "grade-band": GradeBand,
    "framework": Framework,
    "facts": Mapping[str, Mapping[str, Any]],  # leaf key -> facts
    "narrative": Mapping[str, str],
    "evaluation-case": EvaluationCase,
    "indicator-score": IndicatorScore,
    "budget-score": BudgetScore,
    "node-score": NodeScore,
    "table-result": TableResult,
    "evaluation-result": EvaluationResult,
}
