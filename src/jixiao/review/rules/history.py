"""Targets against history (财预〔2021〕101号's 历史标准: 近三年平均值、上年值): what an
indicator achieved in its earlier years, read once — by the review rule target-below-history,
and by `suggest_target`, the value a target editor offers from it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from jixiao.core.model import Indicator, Past
from jixiao.core.numbers import HUNDRED, fmt_plain
from jixiao.core.problems import Problem
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, register
from jixiao.review.rules.targets import ratio
from jixiao.review.view import about, rows
from jixiao.scoring.judge import bare_direction
from jixiao.scoring.policy import Policy
from jixiao.targets import Amount, Op, Quantity, parse_cell

CENT = Decimal("0.01")


def single(text: str) -> Amount | None:
    """The one amount a cell holds (“≥40场”, “46场”), or None."""
    terms = parse_cell(text).terms
    return terms[0] if len(terms) == 1 and isinstance(terms[0], Amount) else None


@dataclass(frozen=True, slots=True)
class Achieved:
    """The actuals of the last years held that compare with one amount: (year, actual),
    oldest first, at least one."""

    years: tuple[tuple[int, Amount], ...]

    @property
    def last(self) -> tuple[int, Amount]:
        return self.years[-1]

    @property
    def mean(self) -> Decimal:
        """The mean of the actuals, in base units."""
        return sum((a.low.base for _, a in self.years), Decimal(0)) / len(self.years)


def achieved(past: Sequence[Past], years: int, like: Amount | None = None) -> Achieved | None:
    """Of the last `years` earlier years, those whose actual is one amount comparable with
    `like` (None: with the newest such actual); None when there is none."""
    recent = [(p.year, single(p.actual)) for p in past[-years:]]
    found = [(year, a) for year, a in recent if a is not None]
    if like is None and found:
        like = found[-1][1]
    if like is None:
        return None
    kept = tuple((year, a) for year, a in found if ratio(like, a) is not None)
    return Achieved(kept) if kept else None


def in_unit(base: Decimal, q: Quantity) -> Decimal:
    """A value in base units, written in the unit of `q` (its base is never 0 here)."""
    return base / q.base * q.value


def _floor(row: Indicator, target: Amount) -> bool:
    """A target that is a lower bound: ≥ or >, or a bare count under 数量指标."""
    return target.op in (Op.GE, Op.GT) or (target.op is Op.BARE and "数量" in row.category)


def target_below_history(r: Result, p: Params) -> Iterator[Problem]:
    """A floor target under what the indicator achieved last year, or under the average of
    its last three years' actuals (财预〔2021〕101号 三（三）3: 历史标准)."""
    history = r.case.history
    if not history:
        return
    years = int(p["years"])
    for row, key in rows(r):
        past = history.get(key, ())
        target = single(row.target)
        if not past or target is None or not _floor(row, target):
            continue
        if target.low.is_percent and target.low.base >= 100:
            continue  # 100% cannot be raised
        done = achieved(past, years, target)
        if done is None:
            continue
        last_year, last = done.last
        if target.low.base < last.low.base:
            said = f"上年（{last_year} 年）实际完成「{last.text}」"
        elif len(done.years) > 1 and target.low.base < done.mean:
            shown = fmt_plain(in_unit(done.mean, last.low).quantize(CENT))
            said = f"近 {len(done.years)} 年实际完成的平均值 {shown}{last.low.measure}"
        else:
            continue
        yield about(
            row,
            key,
            "target",
            f"「{row.name}」年度指标值「{target.text}」低于{said}",
            "目标值一般不低于历史水平（上年值或近三年平均值）；确需下调的，应在申报时说明理由",
        )


register(
    ReviewRule(
        "target-below-history",
        "目标低于历史水平",
        "下限型目标（≥、>，或数量指标的裸数）低于同一指标上年的实际完成值，或低于近三年实际完成值的平均值"
        "（财预〔2021〕101号：历史标准可参考近三年平均值、上年值）。需要往年数据：服务器上传时按指标的稳定标识"
        "从库中附上同一项目往年的目标与实际；单独审核一个文件时没有往年数据，不检查。",
        target_below_history,
        examples=(
            (
                "2024 年“举办文化活动场次”实际 46 场，2025 年目标“≥40场”",
                "目标低于上年实际完成「46场」",
            ),
        ),
    )
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What history says one indicator's target should be: the earlier years as held, last
    year's actual and the mean of the years counted (in `measure`, the target's unit), and
    the suggested target — not below the higher of the two for a “≥” indicator, not above
    the lower for a “≤” one — with the sentence that says why. `suggested` is "" when
    history offers no comparable actual or the target is no bound (a range, an equality)."""

    past: tuple[Past, ...]
    op: Op | None  # GE or LE: which way the indicator is better; None: neither
    last_year: int | None
    last: str  # that year's actual as written
    mean: Decimal | None
    mean_years: int
    measure: str
    suggested: str
    short: bool  # the current target asks less than history: under it (≥), over it (≤)
    basis: str


def _direction(row: Indicator, amount: Amount, policy: Policy) -> Op | None:
    if amount.op.is_floor:
        return Op.GE
    if amount.op.is_ceiling:
        return Op.LE
    if amount.op in (Op.BARE, Op.APPROX):
        return bare_direction(row.path, amount.low, policy)[0]
    return None  # a range or an equality: history sets no bound


def _places(done: Achieved, measure: str) -> int:
    """As many decimals as the actuals were written with (at most two), when they are in
    the unit shown; else two."""
    if any(a.low.measure != measure for _, a in done.years):
        return 2
    exponents = [a.low.value.normalize().as_tuple().exponent for _, a in done.years]
    return min(2, max([0, *(-e for e in exponents if isinstance(e, int))]))


def suggest_target(
    row: Indicator, past: Sequence[Past], policy: Policy, years: int = 3
) -> Suggestion:
    """The target history suggests for `row` (its current target, if any, gives the unit and
    the direction, and only actuals comparable with it count; else last year's actual and
    the judge's reading of the row's name and level), from its earlier years `past`, oldest
    first; `years` as the review rule counts."""
    past = tuple(past)
    target = single(row.target)
    done = achieved(past, years, target)  # without a target: compared with the newest actual
    if done is None:
        why = "往年没有可比较的实际完成值（一个数值，单位可比），无法按历史标准建议"
        return Suggestion(past, None, None, "", None, 0, "", "", False, why)
    last_year, last = done.last
    unit = target.low if target is not None else last.low
    op = _direction(row, target if target is not None else last, policy)
    mean = in_unit(done.mean, unit).quantize(CENT)
    n = len(done.years)
    said = f"上年（{last_year} 年）实际完成「{last.text}」"
    if n > 1:
        said += f"，近 {n} 年实际完成平均 {fmt_plain(mean)}{unit.measure}"
    if op is None:
        why = f"{said}；年度指标值「{row.target}」是区间或等值，不按历史标准建议"
        return Suggestion(past, None, last_year, last.text, mean, n, unit.measure, "", False, why)
    higher = op is Op.GE
    base = max(last.low.base, done.mean) if higher else min(last.low.base, done.mean)
    capped = higher and unit.is_percent and base > HUNDRED
    if capped:
        base = HUNDRED
    rounding = ROUND_CEILING if higher else ROUND_FLOOR
    value = in_unit(base, unit).quantize(Decimal(1).scaleb(-_places(done, unit.measure)), rounding)
    suggested = f"{op.value}{fmt_plain(value)}{unit.measure}"
    short = target is not None and (target.low.base < base if higher else target.low.base > base)
    if n > 1:
        rule = "不低于两者中的较高者" if higher else "越低越好，不高于两者中的较低者"
    else:
        rule = "不低于上年值" if higher else "越低越好，不高于上年值"
    why = f"{said}；按历史标准，目标{rule}" + ("（百分比至多 100%）" if capped else "")
    return Suggestion(past, op, last_year, last.text, mean, n, unit.measure, suggested, short, why)
