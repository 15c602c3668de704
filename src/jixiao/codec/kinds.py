"""The core kinds: every value of `jixiao.core` the codec reads and writes, by its kind name.

A stage registers its own values the same way (`jixiao.monitor.model` registers monitoring's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jixiao.core.framework import Framework, GradeBand, Node, RuleSpec
from jixiao.core.model import Amount, Case, FundLine, Funds, Indicator, Past, Project
from jixiao.core.problems import Location, Problem
from jixiao.core.report import ScoreRow, ScoreTable
from jixiao.core.results import (
    BudgetScore,
    IndicatorScore,
    NodeScore,
    Result,
)

CORE: dict[str, Any] = {
    "location": Location,
    "problem": Problem,
    "project": Project,
    "fund_line": FundLine,
    "funds": Funds,
    "indicator": Indicator,
    "amount": Amount,
    "past": Past,
    "rule_spec": RuleSpec,
    "node": Node,
    "grade_band": GradeBand,
    "framework": Framework,
    "facts": Mapping[str, Mapping[str, Any]],  # leaf key -> facts
    "narrative": Mapping[str, str],
    "score_row": ScoreRow,
    "score_table": ScoreTable,
    "case": Case,  # every kind: the three tables and the evaluations
    "indicator_score": IndicatorScore,
    "budget_score": BudgetScore,
    "node_score": NodeScore,
    "result": Result,
}
