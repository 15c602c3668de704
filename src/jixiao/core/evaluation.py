"""An evaluation case (部门评价, 重点评价, 部门整体支出评价): the project, its framework, the
facts the evaluator established for every indicator, and the narrative of the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.framework import Framework
from jixiao.core.model import Project, SelfEvaluation
from jixiao.core.problems import Location

NARRATIVE_KEYS: dict[str, str] = {
    "preamble": "前言",
    "background": "项目背景",
    "overview": "项目概况",
    "funds": "项目资金管理情况",
    "goals": "项目绩效目标",
    "purpose": "绩效评价目的、对象和范围",
    "principles": "绩效评价原则、评价指标体系、评价方法和评价标准",
    "process": "绩效评价工作过程",
    "conclusion": "综合评价结论",
    "experience": "主要经验及做法",
    "problems": "存在的问题及原因分析",
    "recommendations": "有关建议",
    "other": "其他需要说明的问题",
}


@dataclass(frozen=True, slots=True)
class Amount:
    """One line of a funds table: 年初预算 61.91 万元."""

    name: str
    value: Decimal | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A row of the target table (绩效目标及完成情况): path, target, actual."""

    path: tuple[str, ...]
    target: str
    actual: str


@dataclass(frozen=True, slots=True)
class EvaluationCase:
    title: str
    project: Project
    framework: Framework
    facts: Mapping[str, Mapping[str, Any]]  # leaf key -> facts
    kind: str = "部门评价"  # 部门评价 / 重点评价 / 部门整体支出评价 / 单位自评
    evaluator: str = ""
    date: str = ""
    funds: tuple[Amount, ...] = ()
    fund_unit: str = "万元"
    targets: tuple[TargetRow, ...] = ()
    narrative: Mapping[str, str] = field(default_factory=dict)
    published_total: Decimal | None = None
    published_grade: str = ""
    published_scores: Mapping[str, Decimal] = field(default_factory=dict)  # leaf key -> score
    policy: str = "default"  # the scoring policy the "target" rule uses
    # where the source document contradicts itself, as the transcriber recorded it
    disagreements: tuple[tuple[str, str], ...] = ()
    where: Location = field(default_factory=Location)


Case = SelfEvaluation | EvaluationCase  # what a file can hold
