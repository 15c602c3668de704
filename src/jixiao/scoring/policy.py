"""Scoring policies: every choice the scorer makes, named and loaded from YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.core.framework import GradeBand
from jixiao.core.results import Outcome
from jixiao.ingest import yaml_safe
from jixiao.ingest.text import LimitExceeded, UnreadableFile
from jixiao.ingest.yaml_safe import read_number

CEILING_KINDS = ("linear_excess", "inverse_ratio")


class PolicyError(ValueError):
    """A policy file that cannot be used; the message is in Chinese and names the key."""


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    budget_weight: Decimal
    budget_cap: bool
    ceiling: str
    over_mode: str
    over_beyond: Decimal
    over_share: Decimal
    shares: tuple[tuple[Outcome, Decimal], ...]
    percent_bands: tuple[tuple[Decimal, Outcome], ...]
    missed_deadline_share: Decimal
    compound: str
    ceiling_levels: tuple[str, ...]
    ceiling_words: tuple[str, ...]  # lower-is-better words added to the direction lexicon
    floor_words: tuple[str, ...]  # higher-is-better words added to the direction lexicon
    floor_levels: tuple[str, ...]
    durations_are_ceilings: bool
    bare_fraction_as_percent: bool
    unjudged: str
    grades: tuple[GradeBand, ...]  # highest minimum first
    full_marks: Decimal = Decimal(100)  # what the weights add up to; grades read on this scale

    def share(self, outcome: Outcome) -> Decimal:
        for known, share in self.shares:  # a handful of outcomes: no dict per call
            if known is outcome:
                return share
        raise KeyError(outcome)

    def outcome_for_percent(self, percent: Decimal) -> Outcome:
        for minimum, outcome in self.percent_bands:
            if percent >= minimum:
                return outcome
        return Outcome.NOT_MET

    def grade(self, total: Decimal) -> str:
        for band in self.grades:
            if total >= band.minimum:
                return band.label
        return self.grades[-1].label if self.grades else ""


def _dec(data: Mapping[str, Any], key: str, where: str) -> Decimal:
    try:
        value = data[key]
    except KeyError:
        raise PolicyError(f"评分口径缺少「{where}{key}」") from None
    number, why = read_number(value)
    if number is None:
        raise PolicyError(f"评分口径「{where}{key}」应为数字：{why or '为空'}") from None
    if number < 0:
        raise PolicyError(f"评分口径「{where}{key}」不能为负数，实际为 {number}")
    return number


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise PolicyError(f"评分口径缺少「{key}」部分或格式不对")
    return value


def _choice(value: object, allowed: tuple[str, ...], key: str) -> str:
    if value not in allowed:
        raise PolicyError(f"评分口径「{key}」只能是 {' / '.join(allowed)}，实际为「{value}」")
    return str(value)


def policy_from_mapping(data: Mapping[str, Any]) -> Policy:
    budget = _section(data, "budget")
    over = _section(data, "over_achievement")
    qual = _section(data, "qualitative")
    direction = _section(data, "direction")
    outcomes = {o.value: o for o in Outcome}
    bands = []
    for i, band in enumerate(qual.get("percent_bands") or []):
        if not isinstance(band, Mapping) or band.get("outcome") not in outcomes:
            raise PolicyError(f"评分口径「qualitative.percent_bands」第 {i + 1} 项格式不对")
        bands.append((_dec(band, "min", "qualitative.percent_bands."), outcomes[band["outcome"]]))
    grades = []
    for i, band in enumerate(data.get("grades") or []):
        if not isinstance(band, Mapping) or "label" not in band:
            raise PolicyError(f"评分口径「grades」第 {i + 1} 项格式不对")
        grades.append(GradeBand(_dec(band, "min", "grades."), str(band["label"])))
    if not grades:
        raise PolicyError("评分口径缺少「grades」等级划分")
    return Policy(
        name=str(data.get("name", "custom")),
        title=str(data.get("title", data.get("name", "自定义评分口径"))),
        budget_weight=_dec(budget, "weight", "budget."),
        budget_cap=bool(budget.get("cap_at_weight", True)),
        ceiling=_choice(data.get("ceiling"), CEILING_KINDS, "ceiling"),
        over_mode=_choice(over.get("mode"), ("full", "reduce"), "over_achievement.mode"),
        over_beyond=_dec(over, "beyond", "over_achievement."),
        over_share=_dec(over, "share", "over_achievement."),
        shares=(
            (Outcome.MET, _dec(qual, "met", "qualitative.")),
            (Outcome.PARTLY, _dec(qual, "partly", "qualitative.")),
            (Outcome.NOT_MET, _dec(qual, "not_met", "qualitative.")),
            (Outcome.NOT_APPLICABLE, Decimal(0)),
            (Outcome.UNJUDGED, Decimal(0)),
        ),
        percent_bands=tuple(sorted(bands, reverse=True)),
        missed_deadline_share=_dec(_section(data, "deadline"), "missed_share", "deadline."),
        compound=_choice(data.get("compound"), ("mean", "min"), "compound"),
        ceiling_levels=tuple(str(w) for w in direction.get("ceiling_levels") or ()),
        ceiling_words=tuple(str(w) for w in direction.get("ceiling_words") or ()),
        floor_words=tuple(str(w) for w in direction.get("floor_words") or ()),
        floor_levels=tuple(str(w) for w in direction.get("floor_levels") or ()),
        durations_are_ceilings=bool(direction.get("durations_are_ceilings", True)),
        bare_fraction_as_percent=bool(data.get("bare_fraction_as_percent", True)),
        unjudged=_choice(data.get("unjudged", "published"), ("published", "zero"), "unjudged"),
        grades=tuple(sorted(grades, key=lambda b: b.minimum, reverse=True)),
        full_marks=_dec(data, "full_marks", "") if "full_marks" in data else Decimal(100),
    )


def builtin_policies() -> tuple[str, ...]:
    folder = resources.files("jixiao.scoring") / "policies"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def load_policy(name_or_path: str = "default") -> Policy:
    """A built-in policy by name, or a YAML file by path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        text = path.read_text(encoding="utf-8")
        source = str(path)
    else:
        res = resources.files("jixiao.scoring") / "policies" / f"{name_or_path}.yaml"
        if not res.is_file():
            known = "、".join(builtin_policies())
            raise PolicyError(f"找不到评分口径「{name_or_path}」（内置：{known}）")
        text = res.read_text(encoding="utf-8")
        source = name_or_path
    try:
        data = yaml_safe.load(text, source)
    except UnreadableFile as exc:
        line = f" 第 {exc.line} 行" if exc.line is not None else ""
        raise PolicyError(f"评分口径文件 {source}{line} {exc}") from None
    except LimitExceeded as exc:
        raise PolicyError(f"评分口径文件 {exc.problem.where}：{exc.problem.message}") from None
    if not isinstance(data, Mapping):
        raise PolicyError(f"评分口径文件 {source} 的内容应为键值映射")
    return policy_from_mapping(data)
