"""The one model: a case (a table of targets, or an evaluation) about one project, as
immutable values.

Amounts are stored in 元 whatever the source used; `Funds.money_unit` remembers the unit the
case was written in so exporters can write it back the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jixiao.core.framework import Framework
from jixiao.core.frozen import FrozenMap, fast_init, frozen_map
from jixiao.core.identity import indicator_keys, project_key
from jixiao.core.problems import Location, Problem
from jixiao.core.report import ScoreTable


@dataclass(frozen=True, slots=True)
class Project:
    code: str = ""
    name: str = ""
    year: int | None = None
    unit: str = ""  # 实施单位
    department: str = ""  # 主管部门 / 一级预算单位

    @property
    def key(self) -> str:
        """Stable across years and file forms: unit (else department) and name (identity.py)."""
        return project_key(self.name, self.unit or self.department, self.code)


@fast_init
@dataclass(frozen=True, slots=True)
class FundLine:
    """One row of the funds block: 年初预算数, 全年预算数, 全年执行数 (元)."""

    name: str
    initial: Decimal | None
    annual: Decimal | None
    executed: Decimal | None


@dataclass(frozen=True, slots=True)
class Amount:
    """One named amount of an evaluation's funds table: 年初预算 619100 元 (written 61.91 万元)."""

    name: str
    value: Decimal | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Past:
    """What an indicator was in an earlier year (from the store): its target and actual as
    written. The history a review compares a new target with (财预〔2021〕101号's 历史标准)."""

    year: int
    target: str = ""
    actual: str = ""


_NO_LINE = FundLine("", None, None, None)
_EMPTY: FrozenMap[Any, Any] = FrozenMap()


@dataclass(frozen=True, slots=True)
class Funds:
    """The money: a table's 资金 block (budget and execution, total and by source), or an
    evaluation's funds table (named amounts), in 元; `money_unit` is the unit it was written in (元 or 万元)."""

    total: FundLine = _NO_LINE
    sources: tuple[FundLine, ...] = ()
    weight: Decimal | None = Decimal(10)
    money_unit: str = "元"
    published_rate: Decimal | None = None  # percent, as printed
    published_score: Decimal | None = None
    published_text: str = ""  # the score cell as printed (e.g. "#####")
    where: Location = field(default_factory=Location)
    # the label that declared the weight when no 分值 cell gives it: 得分（20分*执行率）
    weight_label: str = field(default="", compare=False)
    lines: tuple[Amount, ...] = ()  # an evaluation's named amounts


@fast_init
@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator as written: its path in the tree (一级/二级/三级…), target, actual and weight.

    A self-evaluation table's rows, a target table's, and the 绩效目标及完成情况 of an evaluation
    case are all of this shape (an evaluation's targets carry no weight)."""

    path: tuple[str, ...]
    target: str
    actual: str
    weight: Decimal | None = None
    published_score: Decimal | None = None
    published_text: str = ""  # the score cell as printed, kept for artefacts like "#####"
    deviation: str = ""  # 偏差原因分析及改进措施
    where: Location = field(default_factory=Location)
    # field -> where that cell is: a Location, or a column index in the row `where` names
    cells: tuple[tuple[str, Location | int], ...] = ()
    # read with its cells shifted from the header's columns (PDF text): how it was read, not
    # what it holds, so two rows that hold the same are equal however they were read
    shifted: bool = field(default=False, compare=False)
    # how a reader names the row where no cell locates it: 第 7 条指标 (an evaluation's targets)
    label: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def level1(self) -> str:
        return self.path[0] if self.path else ""

    @property
    def category(self) -> str:
        """The level-2 name (数量指标, 成本指标, 社会效益指标…)."""
        return self.path[1] if len(self.path) > 2 else ""

    @property
    def placeholder(self) -> bool:
        """A row the template left (“……”): no target, no actual, no points; not scored, and
        not an indicator a reviewer comments on (docs/target-language.md)."""
        return not self.target.strip() and not self.actual.strip() and not self.weight

    def at(self, name: str) -> Location:
        """The location of one field of this row (target, actual, weight, score, …)."""
        label = FIELD_NAMES.get(name, name)
        for key, where in self.cells:
            if key == name:
                place = self.where.at_column(where) if isinstance(where, int) else where
                return place.with_field(label)
        return self.where.with_field(f"{self.label} · {label}" if self.label else label)


FIELD_NAMES = {
    "path": "指标名称",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
}


class Kind(StrEnum):
    """What a case is: a table of targets (by the columns it has) or an evaluation."""

    SELFEVAL = "selfeval"  # 项目支出绩效自评表: targets, actuals, weights; scored
    TARGET = "target"  # 绩效目标表: targets declared, nothing done yet
    COMPLETION = "completion"  # 绩效目标完成情况表: targets and actuals, no 分值
    DEPARTMENT = "department"  # 部门评价 (a department evaluates its project)
    KEY = "key"  # 重点评价 (the finance bureau's 财政重点绩效评价)
    WHOLE = "whole"  # 部门整体支出绩效评价

    @property
    def label(self) -> str:
        """The case's name as its title prints it."""
        return _KIND_LABELS[self]

    @property
    def table(self) -> bool:
        """One of the three tables of targets (a self-evaluation, target or completion table)."""
        return self in (Kind.SELFEVAL, Kind.TARGET, Kind.COMPLETION)

    @classmethod
    def written(cls, text: str) -> Kind:
        """The kind an evaluation report names (type: 部门评价, 财政重点绩效评价, 单位自评…)."""
        if "整体" in text:
            return cls.WHOLE
        if "重点" in text:
            return cls.KEY
        if "自评" in text:
            return cls.SELFEVAL
        return cls.DEPARTMENT


_KIND_LABELS = {
    Kind.SELFEVAL: "项目支出绩效自评表",
    Kind.TARGET: "项目支出绩效目标表",
    Kind.COMPLETION: "项目绩效目标完成情况表",
    Kind.DEPARTMENT: "部门评价",
    Kind.KEY: "重点评价",
    Kind.WHOLE: "部门整体支出评价",
}

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
class Case:
    """What one table or one evaluation report says about one project in one year.

    A self-evaluation, target or completion table has its indicators and funds and no
    framework: its rows are scored by the built-in self-evaluation rules. An evaluation case
    (部门评价, 重点评价…) has a framework, the evaluator's facts for its leaves and the narrative
    of the report; its indicators are the report's 绩效目标及完成情况. Money is in 元 whatever
    the source used (`Funds.money_unit` remembers that unit)."""

    project: Project
    funds: Funds | None = None
    indicators: tuple[Indicator, ...] = ()
    kind: Kind = Kind.SELFEVAL
    goal_expected: str = ""  # 年度总体目标 · 预期目标
    goal_achieved: str = ""  # 年度总体目标 · 实际完成情况
    # the weights the table prints on its levels: 产出指标(50分) → {("产出指标",): 50}
    declared_weights: Mapping[tuple[str, ...], Decimal] = _EMPTY
    published_total: Decimal | None = None
    published_total_text: str = ""
    published_weight_total: Decimal | None = None
    total_where: Location | None = None  # the 总分 row, where the table prints one
    policy: str = "default"  # the scoring policy (an evaluation's "target" rule uses it)
    where: Location = field(default_factory=Location)
    # an evaluation: its framework, the facts per leaf key, what the report publishes
    framework: Framework | None = None
    facts: Mapping[str, Mapping[str, Any]] = _EMPTY
    title: str = ""  # the report's title, as written
    kind_text: str = ""  # the kind as the source names it, where it names one
    evaluator: str = ""  # 评价机构
    date: str = ""
    narrative: Mapping[str, str] = _EMPTY  # NARRATIVE_KEYS -> text
    published_grade: str = ""
    published_scores: Mapping[str, Decimal] = _EMPTY  # leaf key -> score
    # where the source document contradicts itself, as the transcriber recorded it
    disagreements: tuple[tuple[str, str], ...] = ()
    # a case read from a report: its score tables as printed, for the review (core/report.py)
    score_tables: tuple[ScoreTable, ...] = ()
    # earlier years of the indicators, by indicator key, oldest first: attached by the store
    # (or written in a case file) for the review of targets against history
    history: Mapping[str, tuple[Past, ...]] = _EMPTY
    # what reading this case reported (in the order read), whatever file form it came in:
    # the problems are the case's own, never found again by their line numbers
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    # the indicators' keys, worked out once: the scorer and every review rule ask for them
    _keys: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # immutable all the way down, so a case hashes and nothing can change it after
        for name in ("declared_weights", "facts", "narrative", "published_scores", "history"):
            object.__setattr__(self, name, frozen_map(getattr(self, name)))

    @property
    def keys(self) -> tuple[str, ...]:
        """Each indicator's stable key (core/identity.py), in the order of `indicators`."""
        if self._keys is None:
            keys = tuple(indicator_keys([row.path for row in self.indicators]))
            object.__setattr__(self, "_keys", keys)
            return keys
        return self._keys

    @property
    def evaluation(self) -> bool:
        """Scored against its framework (an evaluation), not row by row (a table)."""
        return self.framework is not None

    @property
    def scored_on(self) -> Framework:
        """The framework an evaluation is scored on (a table has none: ValueError)."""
        if self.framework is None:
            raise ValueError(f"{self.kind.label}没有评价框架")
        return self.framework

    @property
    def scored(self) -> bool:
        """Something jixiao can score: a self-evaluation table, or any evaluation."""
        return self.kind == Kind.SELFEVAL or self.framework is not None

    @property
    def kind_label(self) -> str:
        """The kind as the case names itself: as written, else the kind's label."""
        return self.kind_text or self.kind.label
