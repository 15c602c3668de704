"""A table as a page shows it (项目, 自评 and 目标表 screens): each indicator row as written
beside its computed score, the table's own score and whether they differ, the 扣分说明 and
偏差原因, and the findings about that row; the budget-execution row; the findings about the
table as a whole. A target table (绩效目标表) is not scored: its rows are the case's, with
their weights summed. Values only: the web layer lays them out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.model import Indicator, Kind
from jixiao.core.numbers import ZERO
from jixiao.core.results import BudgetScore, IndicatorScore, Result
from jixiao.service.reading import Finding


@dataclass(frozen=True, slots=True)
class SheetRow:
    key: str
    path: tuple[str, ...]
    row: Indicator | None  # the row as written (an evaluation's leaves have none)
    score: IndicatorScore | None  # None in a table that is not scored (绩效目标表)
    findings: tuple[Finding, ...]

    @property
    def difference(self) -> Decimal | None:
        """Computed minus published, when the table prints a score and it differs."""
        s = self.score
        if s is None or s.published_score is None or s.published_score == s.score:
            return None
        return s.score - s.published_score

    @property
    def deviation(self) -> str:
        return self.row.deviation if self.row is not None else ""


@dataclass(frozen=True, slots=True)
class Sheet:
    result: Result
    rows: tuple[SheetRow, ...]
    general: tuple[Finding, ...]  # findings about no one row: the funds, the total, the file

    @property
    def scored(self) -> bool:
        """Scored row by row or on a framework; a 绩效目标表 is read and reviewed only."""
        return self.result.case.kind not in (Kind.TARGET, Kind.COMPLETION)

    @property
    def weights(self) -> Decimal:
        """The rows' 分值 summed (a target table's weights must come to its total)."""
        return sum((r.row.weight for r in self.rows if r.row and r.row.weight), ZERO)

    @property
    def findings(self) -> int:
        return sum(len(r.findings) for r in self.rows) + len(self.general)

    @property
    def budget(self) -> BudgetScore | None:
        return self.result.budget

    @property
    def budget_differs(self) -> bool:
        b = self.result.budget
        return b is not None and b.published_score is not None and b.published_score != b.score

    @property
    def total_differs(self) -> bool:
        published = self.result.case.published_total
        return published is not None and published != self.result.total

    @property
    def differences(self) -> int:
        """How many scores the table prints otherwise than jixiao computes them."""
        rows = sum(1 for r in self.rows if r.difference is not None)
        return rows + self.budget_differs + self.total_differs


def sheet_of(result: Result, found: Iterable[Finding]) -> Sheet:
    """The rows of `result` (its scores; the case's rows when nothing is scored) with the
    findings about each, by the indicator key a finding names; the rest stay with the table."""
    case = result.case
    written = dict(zip(case.keys, case.indicators, strict=True))
    rows: list[tuple[str, tuple[str, ...], Indicator | None, IndicatorScore | None]]
    if result.indicators:
        rows = [(s.key, s.path, written.get(s.key), s) for s in result.indicators]
    else:
        rows = [(k, i.path, i, None) for k, i in written.items() if not i.placeholder]
    about: dict[str, list[Finding]] = {}
    general: list[Finding] = []
    keys = {key for key, *_ in rows}
    for f in found:
        key = f.subject.partition("|")[0]
        (about.setdefault(key, []) if key in keys else general).append(f)
    return Sheet(
        result,
        tuple(SheetRow(k, p, i, s, tuple(about.get(k, ()))) for k, p, i, s in rows),
        tuple(general),
    )
