"""Monitoring values: what a case says (inputs) and what monitoring finds (progress).

Money is in 元, rates and ratios are fractions (0.75, not 75); formatting is the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from jixiao import codec
from jixiao.core.model import Indicator
from jixiao.core.problems import Location


class Status(StrEnum):
    """The traffic light of one line of monitoring; HIGH means far above the annual target."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    HIGH = "high"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "red": "红",
            "yellow": "黄",
            "green": "绿",
            "high": "远超",
            "unknown": "—",
        }[self.value]

    @property
    def rank(self) -> int:
        """Lagging first: red, yellow, then the rest."""
        return {"red": 0, "yellow": 1, "green": 2, "high": 3, "unknown": 4}[self.value]


class FigureKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Bands as fractions of the expected progress; far_above as a multiple of the target."""

    red_below: Decimal = Decimal("0.6")
    green_from: Decimal = Decimal("0.8")
    far_above: Decimal = Decimal(2)
    score_weight: Decimal = Decimal(6)


@dataclass(frozen=True, slots=True)
class Figure:
    """Cumulative execution (元) at the end of a month; quarters are their last month."""

    month: int
    amount: Decimal
    where: Location


@dataclass(frozen=True, slots=True)
class ProjectInput:
    name: str
    code: str
    budget: Decimal  # 元, > 0
    money_unit: str  # the unit the file wrote amounts in (元 or 万元), for display
    kind: FigureKind
    figures: tuple[Figure, ...]  # cumulative, by month ascending
    history: tuple[tuple[int, tuple[Figure, ...]], ...]  # prior years' cumulative profiles
    # the indicators to watch, as the core's indicators (an actual left "" is not reported yet)
    indicators: tuple[Indicator, ...]
    thresholds: Thresholds
    where: Location
    # per indicator, in order: is its target time-scaled (None: decided from the target's unit)
    scaled: tuple[bool | None, ...] = ()


@dataclass(frozen=True, slots=True)
class DepartmentInput:
    name: str
    year: int
    as_of: date | None
    money_unit: str  # 元 or 万元, as the file wrote amounts
    projects: tuple[ProjectInput, ...]
    thresholds: Thresholds
    where: Location
    as_of_where: Location | None = None


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    name: str
    target: str
    actual: str
    progress: Decimal | None  # actual ÷ (time-scaled) target, a fraction
    status: Status
    note: str


@dataclass(frozen=True, slots=True)
class Forecast:
    rate: Decimal  # year-end execution rate, a fraction, at most 1
    method: str  # "linear" or "profile"
    note: str  # the sentence a reader sees: method, and the cap when applied
    capped: bool = False


@dataclass(frozen=True, slots=True)
class QuarterScore:
    """Seed 001's 季度预算执行得分 over the quarters ended by the as-of date."""

    rates: tuple[tuple[int, Decimal], ...]  # (quarter, cumulative rate at its end)
    raw: Decimal
    score: Decimal  # raw capped at the weight
    weight: Decimal


@dataclass(frozen=True, slots=True)
class ProjectProgress:
    project: ProjectInput
    month: int  # the as-of month the expectation uses
    figure_month: int  # the latest month with a figure, at most `month`
    executed: Decimal
    rate: Decimal
    expected: Decimal
    progress: Decimal
    status: Status
    forecast: Forecast
    quarterly: QuarterScore | None
    indicators: tuple[IndicatorProgress, ...]

    @property
    def name(self) -> str:
        return self.project.name

    @property
    def code(self) -> str:
        return self.project.code

    @property
    def budget(self) -> Decimal:
        return self.project.budget


@dataclass(frozen=True, slots=True)
class DepartmentProgress:
    name: str
    year: int
    as_of: date
    money_unit: str  # 元 or 万元, as the file wrote amounts
    budget: Decimal
    executed: Decimal
    rate: Decimal
    expected: Decimal
    progress: Decimal
    status: Status
    projects: tuple[ProjectProgress, ...]  # lagging first
    where: Location
    counts: tuple[tuple[Status, int], ...] = ()  # projects per band, red first


# The codec's kinds for monitoring (jixiao.codec): registered with the values, so whoever holds
# one can encode it, as a third party registers its own.
for _kind, _cls in {
    "monitor/thresholds": Thresholds,
    "monitor/figure": Figure,
    "monitor/project_input": ProjectInput,
    "monitor/department_input": DepartmentInput,
    "monitor/indicator_progress": IndicatorProgress,
    "monitor/forecast": Forecast,
    "monitor/quarter_score": QuarterScore,
    "monitor/project_progress": ProjectProgress,
    "monitor/department_progress": DepartmentProgress,
}.items():
    codec.register(_kind, _cls)
