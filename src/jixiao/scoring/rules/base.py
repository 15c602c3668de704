"""The rule-kind registry: kinds are pure functions that declare what they read.

A kind receives the indicator's weight, the rule's parameters (from the framework) and the
indicator's facts (from the case) and returns a raw score with the reason for it. The
engine caps the score to [0, weight], rounds it half-up to two decimals and phrases the
sentence. Third parties register kinds the same way the built-in ones are registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jixiao.core.numbers import HUNDRED, ZERO, fmt_plain, parse_decimal
from jixiao.scoring.policy import Policy
from jixiao.targets import parse_cell
from jixiao.targets.terms import UnitKind


class ParamType(StrEnum):
    """What a rule parameter or fact holds, as a framework author writes it."""

    NUMBER = "number"
    RATE = "rate"  # 95%, 0.95 or 95
    TEXT = "text"
    LIST = "list"
    MAPPING = "mapping"
    BOOL = "bool"
    EXPRESSION = "expression"  # a formula (simpleeval, under a budget)
    FACT = "fact"  # the name of a fact


class RuleError(ValueError):
    """Facts or parameters a kind cannot work with; the message is Chinese and names them."""


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: ParamType
    doc: str
    required: bool = True
    default: Any = None


# facts every indicator may carry, whatever its rule: the evaluator's finding, and a veto
COMMON_FACTS = ("note", "veto")


def capped(score: Decimal, weight: Decimal) -> Decimal:
    """A rule's raw score held to [0, weight], as every score is shown."""
    return min(max(score, ZERO), weight)


@dataclass(frozen=True, slots=True)
class RuleResult:
    score: Decimal  # raw: the engine caps it to [0, weight] and rounds it
    reason: str  # how the score came about, one clause in Chinese
    inputs: tuple[tuple[str, str], ...] = ()
    lost_because: str = ""  # what the points were lost for, when the kind knows


@dataclass(frozen=True, slots=True)
class RuleContext:
    weight: Decimal
    params: Mapping[str, Any]
    facts: Mapping[str, Any]
    policy: Policy
    year: int | None = None
    path: tuple[str, ...] = ()  # the leaf's path in its framework, when there is one

    def param(self, name: str) -> Any:
        return self.params.get(name)

    def fact(self, name: str) -> Any:
        if name not in self.facts:
            raise RuleError(f"缺少事实「{name}」")
        return self.facts[name]


@dataclass(frozen=True, slots=True)
class RuleKind:
    name: str
    title: str  # the Chinese name shown in reports and docs
    params: tuple[Param, ...]
    facts: tuple[Param, ...]
    apply: Callable[[RuleContext], RuleResult]
    doc: str = ""
    example: Mapping[str, Any] = field(default_factory=dict)  # {"rule":…, "weight":…, "facts":…}
    # checks across parameters ("points or per_failure"); returns Chinese messages
    check: Callable[[Mapping[str, Any]], list[str]] | None = None


_KINDS: dict[str, RuleKind] = {}


def register(kind: RuleKind) -> RuleKind:
    if kind.name in _KINDS:
        raise ValueError(f"rule kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, RuleKind]:
    return dict(_KINDS)


def get(name: str) -> RuleKind | None:
    return _KINDS.get(name)


# Reading facts ---------------------------------------------------------------------------


def number(value: Any, name: str = "") -> Decimal:
    """A number from a fact: 61.91, "61.91", "61.91万元" (in 元), "1,907,000.00"."""
    direct = parse_decimal(value) if not isinstance(value, bool) else None
    if direct is not None:
        return direct
    if isinstance(value, str):
        amount = parse_cell(value).amount
        if amount is not None:
            return amount.low.base
    raise RuleError(f"事实「{name}」应为数字，实际为「{value}」")


def rate(value: Any, name: str = "") -> Decimal:
    """A rate as a fraction: "99.6%" → 0.996; 0.996 → 0.996; 99.6 → 0.996 (over 1.5 is %)."""
    if isinstance(value, str):
        amount = parse_cell(value).amount
        if amount is not None:
            q = amount.low
            if q.kind is UnitKind.PERCENT:
                return q.base / HUNDRED
            value = q.base
    n = number(value, name)
    return n / HUNDRED if n > Decimal("1.5") else n


def pct(fraction: Decimal) -> str:
    """0.99677 → '99.68%'."""
    return f"{fmt_plain((fraction * HUNDRED).quantize(Decimal('0.01')))}%"


def num(value: Decimal) -> str:
    return fmt_plain(value.quantize(Decimal("0.01")).normalize()) if value % 1 else fmt_plain(value)
