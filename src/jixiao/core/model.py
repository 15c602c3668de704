"""The self-evaluation table (项目支出绩效自评表) as immutable values.

Amounts are stored in 元 whatever the source table used; `Funds.unit` remembers the
unit the table was written in so exporters can write it back the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.frozen import fast_init
from jixiao.core.identity import project_key
from jixiao.core.problems import Location, Problem


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
class Funds:
    total: FundLine
    sources: tuple[FundLine, ...] = ()
    weight: Decimal | None = Decimal(10)
    unit: str = "元"
    published_rate: Decimal | None = None  # percent, as printed
    published_score: Decimal | None = None
    published_text: str = ""  # the score cell as printed (e.g. "#####")
    where: Location = field(default_factory=Location)
    # the label that declared the weight when no 分值 cell gives it: 得分（20分*执行率）
    weight_label: str = field(default="", compare=False)


@fast_init
@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator: its path in the tree (一级/二级/三级…), target, actual and weight."""

    path: tuple[str, ...]
    target: str
    actual: str
    weight: Decimal | None
    published_score: Decimal | None = None
    published_text: str = ""  # the score cell as printed, kept for artefacts like "#####"
    deviation: str = ""  # 偏差原因分析及改进措施
    where: Location = field(default_factory=Location)
    # field -> where that cell is: a Location, or a column index in the row `where` names
    cells: tuple[tuple[str, Location | int], ...] = ()
    # read with its cells shifted from the header's columns (PDF text): how it was read, not
    # what it holds, so two rows that hold the same are equal however they were read
    shifted: bool = field(default=False, compare=False)

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""

    def at(self, name: str) -> Location:
        """The location of one field of this row (target, actual, weight, score, …)."""
        label = FIELD_NAMES.get(name, name)
        for key, where in self.cells:
            if key == name:
                place = self.where.at_column(where) if isinstance(where, int) else where
                return place.with_field(label)
        return self.where.with_field(label)


FIELD_NAMES = {
    "path": "指标名称",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
}


class Stage(StrEnum):
    """What a table of targets is, by the columns it has."""

    SELFEVAL = "selfeval"  # 项目支出绩效自评表: targets, actuals, weights; scored
    TARGET = "target"  # 绩效目标表: targets declared, nothing done yet
    COMPLETION = "completion"  # 绩效目标完成情况表: targets and actuals, no 分值

    @property
    def label(self) -> str:
        """The table's name as its title prints it."""
        return {
            "selfeval": "项目支出绩效自评表",
            "target": "项目支出绩效目标表",
            "completion": "项目绩效目标完成情况表",
        }[self.value]


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    """A whole 项目支出绩效自评表 as a unit filled it in."""

    project: Project
    funds: Funds | None
    indicators: tuple[IndicatorRow, ...]
    goal_expected: str = ""  # 年度总体目标 · 预期目标
    goal_achieved: str = ""  # 年度总体目标 · 实际完成情况
    declared_weights: tuple[tuple[tuple[str, ...], Decimal], ...] = ()  # "产出指标(50分)"
    published_total: Decimal | None = None
    published_total_text: str = ""
    published_weight_total: Decimal | None = None
    total_where: Location | None = None  # the 总分 row, where the table prints one
    policy: str = "default"
    where: Location = field(default_factory=Location)
    stage: Stage = Stage.SELFEVAL
    # what reading this table reported (in the order read), whatever file form it came in:
    # the problems are the table's own, never found again by their line numbers
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def is_target_table(self) -> bool:
        return self.stage == Stage.TARGET

    @property
    def scored(self) -> bool:
        """A self-evaluation proper: weights and actuals, so jixiao can score it."""
        return self.stage == Stage.SELFEVAL

    @property
    def title(self) -> str:
        return Stage(self.stage).label
