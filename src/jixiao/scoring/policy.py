"""Scoring policies: every choice the scorer makes, named and loaded from YAML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.core.framework import GradeBand
from jixiao.core.memo import memo
from jixiao.core.numbers import HUNDRED, ONE, ZERO, fmt, fmt_plain, quantize
from jixiao.core.results import Outcome
from jixiao.scoring import policy_fields as fields
from jixiao.scoring.policy_fields import PolicyError as PolicyError
from jixiao.scoring.policy_fields import ShareBand as ShareBand
from jixiao.source import reader
from jixiao.source.errors import LimitExceeded, UnreadableFile
from jixiao.source.text import read_text


class Ceiling(StrEnum):
    """How a lower-is-better target is scored past its line."""

    LINEAR_EXCESS = "linear_excess"
    INVERSE_RATIO = "inverse_ratio"


class OverMode(StrEnum):
    """What over-achievement earns: full marks, a reduced share, or a deviation curve."""

    FULL = "full"
    REDUCE = "reduce"
    DEVIATION = "deviation"


class BudgetMode(StrEnum):
    LINEAR = "linear"  # rate × weight
    BANDS = "bands"  # a share by band of the rate (财预〔2021〕101号)


class Compound(StrEnum):
    """How the parts of a compound target make one share."""

    MEAN = "mean"
    MIN = "min"


class Unjudged(StrEnum):
    """What an indicator that cannot be judged scores."""

    PUBLISHED = "published"  # the table's own score
    ZERO = "zero"


BUDGET_NAME = "预算执行率"  # in expected_weights: the budget block
INDICATOR_TOTAL = "指标合计"  # in expected_weights: every indicator's weight together


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    budget_weight: Decimal
    budget_cap: bool
    ceiling: Ceiling
    over_mode: OverMode
    over_beyond: Decimal
    over_share: Decimal
    shares: tuple[tuple[Outcome, Decimal], ...]
    percent_bands: tuple[tuple[Decimal, Outcome], ...]
    missed_deadline_share: Decimal
    compound: Compound
    ceiling_levels: tuple[str, ...]
    ceiling_words: tuple[str, ...]  # lower-is-better words added to the direction lexicon
    floor_words: tuple[str, ...]  # higher-is-better words added to the direction lexicon
    floor_levels: tuple[str, ...]
    durations_are_ceilings: bool
    bare_fraction_as_percent: bool
    unjudged: Unjudged
    grades: tuple[GradeBand, ...]  # highest minimum first
    full_marks: Decimal = Decimal(100)  # what the weights add up to; grades read on this scale
    citation: str = ""  # the rulebook an explanation names ("财预〔2021〕101号"); "" names none
    budget_mode: BudgetMode = BudgetMode.LINEAR  # rate × weight, or by `budget_bands`
    budget_bands: tuple[ShareBand, ...] = ()  # highest minimum first
    over_slope: Decimal = ZERO  # deviation mode: share lost per unit of actual/target past beyond
    over_floor: Decimal = ZERO  # deviation mode: the share never falls below this
    pass_mark: Decimal = ZERO  # percent; proportional shares become (rate − mark) ÷ (1 − mark)
    satisfaction_levels: tuple[str, ...] = ()  # level words that make a row a satisfaction one
    satisfaction_bands: tuple[ShareBand, ...] = ()  # a satisfaction percent scored by band
    # alternatives, each (一级指标 or 预算执行率, weight) pairs: what the rulebook expects
    expected_weights: tuple[tuple[tuple[str, Decimal], ...], ...] = ()

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

    def consequence(self, grade: str) -> str:
        """What `grade` means in 结果应用 by this policy ("" when it names nothing, or no such
        grade: a table not graded, a framework's own band)."""
        for band in self.grades:
            if band.label == grade:
                return band.consequence
        return ""

    def is_satisfaction(self, path: tuple[str, ...]) -> bool:
        """Whether a row sits under a satisfaction level scored by `satisfaction_bands`."""
        if not self.satisfaction_bands:
            return False
        return any(w in lvl for lvl in path[:-1] for w in self.satisfaction_levels)

    def weight_gaps(
        self, weights: Mapping[str, Decimal]
    ) -> tuple[tuple[str, Decimal, Decimal], ...]:
        """How a table's weights differ from the rulebook's: (name, table weight, expected
        weight) against the nearest of `expected_weights`; () when one matches or the policy
        expects nothing. `weights` names each 一级指标, plus 预算执行率 (the budget block) and
        指标合计 (all indicators); a name the table lacks weighs 0. An alternative that names
        no 指标合计 fixes the 一级指标: one it does not list must weigh 0."""
        best: tuple[tuple[str, Decimal, Decimal], ...] | None = None
        for alternative in self.expected_weights:
            named = dict(alternative)
            gaps = [
                (n, weights.get(n, ZERO), w) for n, w in alternative if weights.get(n, ZERO) != w
            ]
            if INDICATOR_TOTAL not in named:
                gaps += [
                    (n, w, ZERO)
                    for n, w in weights.items()
                    if n not in named and n not in (BUDGET_NAME, INDICATOR_TOTAL) and w != 0
                ]
            if best is None or len(gaps) < len(best):
                best = tuple(gaps)
        return best or ()


def band_for(bands: tuple[ShareBand, ...], percent: Decimal) -> tuple[Decimal, str]:
    """The share a percent earns and its band in the rulebook's words (“小于 100% 且大于等于
    80%”, or the band's label); below every band the share is 0."""
    upper: Decimal | None = None
    for band in bands:
        if percent >= band.minimum:
            if band.label:
                return band.share, band.label
            if upper is None:
                return band.share, f"大于等于 {fmt_plain(band.minimum)}%"
            return band.share, f"小于 {fmt_plain(upper)}% 且大于等于 {fmt_plain(band.minimum)}%"
        upper = band.minimum
    return ZERO, f"小于 {fmt_plain(upper)}%" if upper is not None else ""


def percent_shown(percent: Decimal, bounds: Iterable[Decimal]) -> str:
    """A percent with two decimals, or more when two decimals would put it on the other side
    of a band's bound (79.996% is below 80%, and must not read “80.00%”)."""
    for places in (2, 4, 8):
        shown = quantize(percent, places)
        if all((shown >= b) == (percent >= b) for b in bounds):
            return fmt(shown, places)
    return fmt_plain(percent)


def policy_from_mapping(data: Mapping[str, Any]) -> Policy:
    budget = fields.section(data, "budget")
    over = fields.section(data, "over_achievement")
    qual = fields.section(data, "qualitative")
    direction = fields.section(data, "direction")
    quantitative = data.get("quantitative") or {}
    satisfaction = data.get("satisfaction") or {}
    for key, part in (("quantitative", quantitative), ("satisfaction", satisfaction)):
        if not isinstance(part, Mapping):
            raise PolicyError(f"评分口径「{key}」部分格式不对")
    over_mode = fields.choice(over.get("mode"), OverMode, "over_achievement.mode")
    over_beyond, over_share = _over_limits(over, over_mode)
    budget_mode = fields.choice(budget.get("mode", "linear"), BudgetMode, "budget.mode")
    pass_mark = fields.number(quantitative, "pass_mark", "quantitative.") if quantitative else ZERO
    satisfaction_levels = tuple(str(w) for w in satisfaction.get("levels") or ())
    if satisfaction and not satisfaction_levels:
        raise PolicyError("评分口径「satisfaction.levels」应列出满意度指标所在层级的名称用词")
    if pass_mark >= HUNDRED:
        raise PolicyError(
            f"评分口径「quantitative.pass_mark」是百分数，应小于 100，实际为 {pass_mark}"
        )
    outcomes = {o.value: o for o in Outcome}
    bands = []
    for i, band in enumerate(qual.get("percent_bands") or []):
        if not isinstance(band, Mapping) or band.get("outcome") not in outcomes:
            raise PolicyError(f"评分口径「qualitative.percent_bands」第 {i + 1} 项格式不对")
        bands.append(
            (fields.number(band, "min", "qualitative.percent_bands."), outcomes[band["outcome"]])
        )
    grades = fields.grade_bands(data.get("grades"))
    return Policy(
        name=str(data.get("name", "custom")),
        title=str(data.get("title", data.get("name", "自定义评分口径"))),
        budget_weight=fields.number(budget, "weight", "budget."),
        budget_cap=bool(budget.get("cap_at_weight", True)),
        ceiling=fields.choice(data.get("ceiling"), Ceiling, "ceiling"),
        over_mode=over_mode,
        over_beyond=over_beyond,
        over_share=over_share,
        shares=(
            (Outcome.MET, fields.number(qual, "met", "qualitative.")),
            (Outcome.PARTLY, fields.number(qual, "partly", "qualitative.")),
            (Outcome.NOT_MET, fields.number(qual, "not_met", "qualitative.")),
            (Outcome.NOT_APPLICABLE, Decimal(0)),
            (Outcome.UNJUDGED, Decimal(0)),
        ),
        percent_bands=tuple(sorted(bands, reverse=True)),
        missed_deadline_share=fields.number(
            fields.section(data, "deadline"), "missed_share", "deadline."
        ),
        compound=fields.choice(data.get("compound"), Compound, "compound"),
        ceiling_levels=tuple(str(w) for w in direction.get("ceiling_levels") or ()),
        ceiling_words=tuple(str(w) for w in direction.get("ceiling_words") or ()),
        floor_words=tuple(str(w) for w in direction.get("floor_words") or ()),
        floor_levels=tuple(str(w) for w in direction.get("floor_levels") or ()),
        durations_are_ceilings=bool(direction.get("durations_are_ceilings", True)),
        bare_fraction_as_percent=bool(data.get("bare_fraction_as_percent", True)),
        unjudged=fields.choice(data.get("unjudged", "published"), Unjudged, "unjudged"),
        grades=tuple(sorted(grades, key=lambda b: b.minimum, reverse=True)),
        full_marks=fields.number(data, "full_marks", "") if "full_marks" in data else Decimal(100),
        citation=str(data.get("citation") or ""),
        budget_mode=budget_mode,
        budget_bands=fields.share_bands(budget.get("bands"), "budget.bands")
        if budget_mode == "bands"
        else (),
        over_slope=fields.number(over, "slope", "over_achievement.")
        if over_mode == "deviation"
        else ZERO,
        over_floor=fields.share(over, "floor", "over_achievement.")
        if over_mode == "deviation"
        else ZERO,
        pass_mark=pass_mark,
        satisfaction_levels=satisfaction_levels,
        satisfaction_bands=fields.share_bands(satisfaction.get("bands"), "satisfaction.bands")
        if satisfaction
        else (),
        expected_weights=fields.expected_weights(data),
    )


def _over_limits(over: Mapping[str, Any], mode: OverMode) -> tuple[Decimal, Decimal]:
    """`beyond` and `share` of over_achievement: each mode requires only the keys it uses
    (`full` none, `deviation` beyond, `reduce` both)."""
    where = "over_achievement."
    beyond = fields.number(over, "beyond", where) if mode != "full" or "beyond" in over else ONE
    share = fields.number(over, "share", where) if mode == "reduce" or "share" in over else ONE
    if mode == "deviation" and beyond < 1:
        raise PolicyError(
            f"评分口径「over_achievement.beyond」是目标的倍数，应不小于 1，实际为 {beyond}"
        )
    return beyond, share


def builtin_policies() -> tuple[str, ...]:
    folder = resources.files("jixiao.scoring") / "policies"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def load_policy(name_or_path: str = "default") -> Policy:
    """A built-in policy by name, or a YAML file by path.

    A file is read on every call and parsed again when its text changed, so a policy edited
    while a server runs is the one it scores by; a built-in policy is read and parsed once."""
    if not name_or_path.endswith((".yaml", ".yml")):  # a built-in's name (once per table)
        return _builtin(name_or_path)
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        try:  # within the file limits, in any common encoding; a folder or binary is refused
            text = read_text(path)
        except UnreadableFile as exc:
            raise PolicyError(f"评分口径文件 {path} 无法读取：{exc}") from None
        except LimitExceeded as exc:
            raise PolicyError(f"评分口径文件 {exc.problem.where}：{exc.problem.message}") from None
        return _parsed(text, str(path))
    return _builtin(name_or_path)


@memo(None)
def _builtin(name: str) -> Policy:
    res = resources.files("jixiao.scoring") / "policies" / f"{name}.yaml"
    if not res.is_file():
        known = "、".join(builtin_policies())
        raise PolicyError(f"找不到评分口径「{name}」（内置：{known}）")
    return _parsed(res.read_text(encoding="utf-8"), name)


@memo(32)  # keyed on the text itself: an edited file is a new key
def _parsed(text: str, source: str) -> Policy:
    try:
        data = reader.load(text, source)
    except UnreadableFile as exc:
        line = f" 第 {exc.line} 行" if exc.line is not None else ""
        raise PolicyError(f"评分口径文件 {source}{line} {exc}") from None
    except LimitExceeded as exc:
        raise PolicyError(f"评分口径文件 {exc.problem.where}：{exc.problem.message}") from None
    if not isinstance(data, Mapping):
        raise PolicyError(f"评分口径文件 {source} 的内容应为键值映射")
    return policy_from_mapping(data)
