"""Findings, review rules and their registry, and the review configuration."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.core.memo import memo
from jixiao.core.problems import Location, Problem, Severity
from jixiao.source import reader
from jixiao.source.errors import LimitExceeded, UnreadableFile
from jixiao.source.text import read_text
from jixiao.source.values import read_number, shown, written_as_number

if TYPE_CHECKING:
    from jixiao.core.results import Result

Params = Mapping[str, Any]  # a rule's thresholds; numbers arrive as Decimal (load_config)


def hit(
    where: Location, message: str, suggestion: str, notice: bool = False, subject: str = ""
) -> Problem:
    """What a rule reports: a Problem still without its code, which the engine adds with the
    severity the configuration gives the rule; a rule may say a finding is only a notice
    (`notice`: 提示 whatever the configured level, e.g. a year at the start of a name).
    `subject` is what it is about: an indicator's key (Case.keys, IndicatorScore.key)."""
    return Problem(
        "", Severity.INFO if notice else Severity.WARNING, where, message, suggestion, subject
    )


@dataclass(frozen=True, slots=True)
class ReviewRule:
    code: str
    title: str
    doc: str
    check: Callable[[Result, Params], Iterable[Problem]]
    severity: Severity = Severity.WARNING
    # (bad example, what it finds) pairs for docs/review-rules.md
    examples: tuple[tuple[str, str], ...] = field(default=())
    # a check across all the results of one file, after the per-result checks: (index, hit)
    across: Callable[[Sequence[Result], Params], Iterable[tuple[int, Problem]]] | None = None


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


@memo(None)
def _defaults() -> dict[str, Any]:
    text = (resources.files("jixiao.review") / "defaults.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = reader.load(text, "defaults.yaml")
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
            user = reader.load(read_text(path), str(path)) or {}
        except UnreadableFile as exc:
            line = f" 第 {exc.line} 行" if exc.line is not None else ""
            raise ReviewConfigError(f"审核配置 {path}{line} 无法读取：{exc}") from None
        except LimitExceeded as exc:
            raise ReviewConfigError(
                f"审核配置 {exc.problem.where}：{exc.problem.message}"
            ) from None
        rules = user.get("rules") if isinstance(user, Mapping) else None
        if not isinstance(rules or {}, Mapping):
            raise ReviewConfigError(f"审核配置 {path}：rules 应为“规则代码: 设置”的映射")
        for code, settings in (rules or {}).items():
            if not isinstance(settings or {}, Mapping):
                raise ReviewConfigError(f"审核配置 {path}：规则「{shown(code)}」的设置应为映射")
            if code not in merged:
                known = "、".join(sorted(merged))
                raise ReviewConfigError(
                    f"审核配置 {path}：没有审核规则「{shown(code)}」（可用：{known}）"
                )
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
        params = {k: _number_or_value(v, code, k) for k, v in settings.items()}
        out[code] = RuleSettings(enabled, severity, params)
    return out


def _number_or_value(value: object, code: str, key: str) -> object:
    """Thresholds as Decimal, whether written 100, 0.9 or "100"; anything else as written;
    a number that cannot be read (NaN, 1e999999) or is negative is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return value
    if not written_as_number(value):
        return value
    number, why = read_number(value)
    if number is None or number < 0:
        reason = why or f"为负数（{number}）"
        raise ReviewConfigError(f"审核规则「{code}」的 {shown(key)} 应为非负数：{reason}")
    return number
