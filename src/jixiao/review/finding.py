"""Findings, review rules and their registry, and the review configuration."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jixiao.core.numbers import parse_decimal
from jixiao.core.problems import Location, Severity

if TYPE_CHECKING:
    from jixiao.review.view import CaseView

Params = Mapping[str, Any]  # a rule's thresholds; numbers arrive as Decimal (load_config)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    where: Location
    message: str
    suggestion: str


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports; the engine adds the code and the configured severity."""

    where: Location
    message: str
    suggestion: str
    severity: Severity | None = None  # overrides the configured one (e.g. info for a year)


@dataclass(frozen=True, slots=True)
class ReviewRule:
    code: str
    title: str
    doc: str
    check: Callable[[CaseView, Params], Iterable[Hit]]
    severity: Severity = Severity.WARNING
    # (bad example, what it finds) pairs for docs/review-rules.md
    examples: tuple[tuple[str, str], ...] = field(default=())
    # a check across all the views of one file, after the per-view checks: (view index, hit)
    across: Callable[[Sequence[CaseView], Params], Iterable[tuple[int, Hit]]] | None = None


_RULES: dict[str, ReviewRule] = {}


def register(rule: ReviewRule) -> ReviewRule:
    if rule.code in _RULES:
        raise ValueError(f"review rule {rule.code!r} registered twice")
    _RULES[rule.code] = rule
    return rule


def review_rules() -> dict[str, ReviewRule]:
    return dict(_RULES)


class ReviewConfigError(ValueError):
    """A review configuration that cannot be used; the message is Chinese."""


@dataclass(frozen=True, slots=True)
class RuleSettings:
    enabled: bool
    severity: Severity
    params: Params


@cache
def _defaults() -> dict[str, Any]:
    text = (resources.files("jixiao.review") / "defaults.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def load_config(path: Path | None = None) -> dict[str, RuleSettings]:
    """Settings for every registered rule: its defaults.yaml entry (or, for a rule registered
    elsewhere, its registered severity), overridden by a user's YAML file if given."""
    import jixiao.review.rules  # noqa: F401  (the built-in rules must be registered first)

    defaults = _defaults()["rules"]
    # defaults.yaml order first (as before), then rules the YAML does not know
    codes = [c for c in defaults if c in _RULES] + [c for c in _RULES if c not in defaults]
    merged: dict[str, dict[str, Any]] = {c: dict(defaults.get(c) or {}) for c in codes}
    if path is not None:
        try:
            user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ReviewConfigError(f"审核配置 {path} 无法读取：{exc}") from None
        for code, settings in (user.get("rules") or {}).items():
            if code not in merged:
                known = "、".join(sorted(merged))
                raise ReviewConfigError(f"审核配置 {path}：没有审核规则「{code}」（可用：{known}）")
            merged[code].update(settings or {})
    out = {}
    for code, settings in merged.items():
        try:
            severity = Severity(settings.pop("severity", _RULES[code].severity.value))
        except ValueError:
            raise ReviewConfigError(
                f"审核规则「{code}」的级别只能是 error / warning / info"
            ) from None
        enabled = bool(settings.pop("enabled", True))
        params = {k: _number_or_value(v) for k, v in settings.items()}
        out[code] = RuleSettings(enabled, severity, params)
    return out


def _number_or_value(value: object) -> object:
    """Thresholds as Decimal, whether written 100, 0.9 or "100"; anything else as written."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    number = parse_decimal(value)
    return value if number is None else number
