"""Terms: what one target or actual cell means, as comparable immutable values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.core.frozen import fast_init
from jixiao.core.numbers import fmt_plain


class Op(StrEnum):
    """How a target bounds its value. BARE means the text gave no comparator."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    APPROX = "≈"
    RANGE = "区间"
    BARE = ""

    @property
    def is_floor(self) -> bool:
        return self in (Op.GE, Op.GT)

    @property
    def is_ceiling(self) -> bool:
        return self in (Op.LE, Op.LT)


class UnitKind(StrEnum):
    NONE = "none"
    MONEY = "money"
    PERCENT = "percent"
    DURATION = "duration"
    SCORE = "score"
    COUNT = "count"
    PHYSICAL = "physical"
    UNKNOWN = "unknown"


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as written, and its value in the canonical unit of its kind.

    `base` is in 元 for money, percent points for percentages, minutes for durations,
    and the written unit otherwise ("21万" → base 210000, measure "").
    """

    value: Decimal
    measure: str  # the unit of measure as written: 人次, 万元, %, 个工作日
    kind: UnitKind
    base: Decimal
    key: str

    def __str__(self) -> str:
        return f"{fmt_plain(self.value)}{self.measure}"

    @property
    def is_percent(self) -> bool:
        return self.kind is UnitKind.PERCENT


@fast_init
@dataclass(frozen=True, slots=True)
class Amount:
    """A quantity with a comparator: `≥200人次`, `≤5万元`, `95%≤N≤100%` (RANGE uses high)."""

    op: Op
    low: Quantity
    high: Quantity | None = None
    text: str = ""

    def holds(self, v: Decimal) -> bool:
        """Whether `v` (in the base unit) meets this bound: a tier's condition (≥95%,
        90%≤N<95%) as the threshold rules and the reading of 评分标准 both ask it."""
        low = self.low.base
        if self.op is Op.RANGE and self.high is not None:
            return low <= v <= self.high.base
        if self.op is Op.GE:
            return v >= low
        if self.op is Op.GT:
            return v > low
        if self.op is Op.LE:
            return v <= low
        if self.op is Op.LT:
            return v < low
        return v == low  # =, ≈, a bare value


@fast_init
@dataclass(frozen=True, slots=True)
class Moment:
    """A point or span in time: a date, month, quarter, half or year end; `op` LE for deadlines.

    Spans are day ordinals within a year (1..366) plus the year when known. A relative
    moment (`次月10日前`) has relative=True and compares by day of month only.
    """

    op: Op
    start: int
    end: int
    year: int | None = None
    relative: bool = False
    text: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    """A qualitative word: an affirmation, a partial or negative word, or a ranked intensity."""

    word: str
    polarity: int  # 1 positive, 0 partial, -1 negative
    rank: int  # strength 0..3: 显著 3, 有效/良好 2, 有所提升/基本 1, negative 0
    affirm: bool = False  # "done as required" (完成/达成/达标): meets any qualitative target
    text: str = ""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A service window such as 7x24小时: days per week × hours per day."""

    days: int
    hours: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class Standard:
    """A requirement with no measurable value (`每季度`, `工作日每日审发`): judged on the actual."""

    text: str


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """An explicit 无 / 不适用 / / / —: the indicator does not apply."""

    text: str = ""


@dataclass(frozen=True, slots=True)
class Blank:
    """Nothing written (or only separators): not "not applicable", just no value."""

    text: str = ""


@dataclass(frozen=True, slots=True)
class Artefact:
    """An Excel artefact left in the cell (`#####`, `#DIV/0!`)."""

    text: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Text the language does not read; `reason` says why when more than that is known
    (a number out of range)."""

    text: str
    reason: str = ""


Term = Amount | Moment | Level | Schedule | Standard | NotApplicable | Blank | Artefact | Unreadable


@fast_init
@dataclass(frozen=True, slots=True)
class Reading:
    """One cell: its text and the term(s) in it (several when the cell is compound).

    `cut` says the text was longer than the `text_chars` limit and only its start was read."""

    text: str
    terms: tuple[Term, ...]
    cut: bool = False

    @property
    def is_compound(self) -> bool:
        return len(self.terms) > 1

    @property
    def not_applicable(self) -> bool:
        for term in self.terms:  # noqa: SIM110 - a loop, not all(…): asked twice per row
            if type(term) is not NotApplicable:
                return False
        return True

    @property
    def blank(self) -> bool:
        """Nothing written: a blank cell is no value, never "not applicable"."""
        return len(self.terms) == 1 and type(self.terms[0]) is Blank

    @property
    def amount(self) -> Amount | None:
        """The cell's one quantity ("≥95%", "3.2万元"), or None when it holds anything else."""
        if len(self.terms) == 1 and isinstance(self.terms[0], Amount):
            return self.terms[0]
        return None

    @property
    def unreadable(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if isinstance(t, Unreadable | Artefact))
