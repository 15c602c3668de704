"""The score tables of an evaluation report, as the document prints them.

An evaluation report carries its indicator framework and scores in one or more tables: the
annex (附件 绩效评价指标体系及评分表, with 指标解释, 评分标准 and 扣分说明), the summary
(表 3-1 得分汇总表: weights and scores only) and, in a department's self-evaluation, a
自评指标评分表. `ingest.report` reads them from any grid; the evaluation case built from a
report keeps them, so the review can hold each table against its own sums, against the others
and against the text (`review.rules.report`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.problems import Location


class TableRole(StrEnum):
    ANNEX = "annex"  # the full framework: explanations, standards, scores (附件 评分表)
    SUMMARY = "summary"  # weights and scores only (表 3-1 得分汇总表)

    @property
    def label(self) -> str:
        return {"annex": "评分表", "summary": "得分汇总表"}[self.value]


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One leaf of a score table: its names from the first level down, and what the row prints.

    `weights` are the weights printed on the row's ancestors (一级 (20分), 三级 分值 …), level by
    level, None where the row prints none; `weight` is the leaf's own. Text cells are as printed
    (continuation lines of a cell that ran across rows or pages joined)."""

    path: tuple[str, ...]
    weight: Decimal | None
    score: Decimal | None
    weights: tuple[Decimal | None, ...] = ()
    explanation: str = ""  # 指标解释
    standard: str = ""  # 评分标准 / 指标说明 / 参考评分标准
    note: str = ""  # 扣分说明 / 评分依据
    benchmark: str = ""  # 标杆值 / 目标值
    actual: str = ""  # 实际完成值 / 完成值
    rate: str = ""  # 得分率, as printed
    where: Location = field(default_factory=Location)

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """A score table: its caption, what it is, its leaves in order, and its printed total."""

    caption: str
    role: TableRole
    rows: tuple[ScoreRow, ...]
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    total_where: Location | None = None
    grade: str = ""  # a 评价等级 the table prints
    where: Location = field(default_factory=Location)

    @property
    def label(self) -> str:
        """How a finding names the table: its caption, else what it is."""
        return self.caption or self.role.label
