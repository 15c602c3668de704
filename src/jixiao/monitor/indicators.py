"""Interim indicator progress: the actual so far against the annual target, time-scaled.

A floor target (`≥200人次`) expects its time share by the as-of date; a ceiling (`≤5万元`)
is flagged once exceeded; an actual already far beyond the whole year's target says the
target was set too low. Rates (`≥95%`) and scores are levels, so they are not scaled.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Indicator
from jixiao.core.numbers import fmt_pct, fmt_plain, parse_decimal, round2
from jixiao.core.problems import Problem, error, info, warning
from jixiao.monitor.model import IndicatorProgress, Status, Thresholds
from jixiao.targets import Amount, Op, Quantity, parse_cell
from jixiao.targets.terms import UnitKind

_LEVELS = (UnitKind.PERCENT, UnitKind.SCORE)  # rates and scores are levels, not running totals


def band(ratio: Decimal, thresholds: Thresholds) -> Status:
    """Red below `red_below`, yellow below `green_from`, green from there on."""
    if ratio < thresholds.red_below:
        return Status.RED
    if ratio < thresholds.green_from:
        return Status.YELLOW
    return Status.GREEN


def _shown(base: Decimal, target: Quantity) -> str:
    """A base value written back in the target's unit: 150人次, 3.5万元."""
    scale = _scale(target)
    return f"{fmt_plain(round2(base / scale))}{target.measure}"


def _scale(target: Quantity) -> Decimal:
    return target.base / target.value if target.value else Decimal(1)


def _actual_base(ind: Indicator, target: Quantity) -> Decimal | str:
    """The actual in the target's base unit, or the reason it cannot be compared."""
    text = ind.actual
    number = parse_decimal(text)  # a plain number is in the target's unit: 156 → 156人次
    if number is not None:
        return number * _scale(target)
    terms = parse_cell(text).terms
    amount = next((t for t in terms if isinstance(t, Amount)), None)
    if amount is None:
        return "unreadable"
    q = amount.low
    if q.kind is UnitKind.NONE and not q.measure:
        return q.base * _scale(target)
    if q.kind is UnitKind.NONE or q.key == target.key:
        return q.base  # "12.3万" against "全年突破21万": the magnitude is already applied
    return "mismatch"


def indicator_progress(
    ind: Indicator, expected: Decimal, thresholds: Thresholds, scaled: bool | None = None
) -> tuple[IndicatorProgress, list[Problem]]:
    """One indicator's interim progress; `expected` is the time share at the as-of date;
    `scaled` says whether its target is time-scaled (None: decided from the target's unit)."""

    def result(status: Status, note: str, progress: Decimal | None = None) -> IndicatorProgress:
        return IndicatorProgress(ind.name, ind.target, ind.actual, progress, status, note)

    if not ind.target:
        message = "缺少年度指标值（target），无法监控"
        return result(Status.UNKNOWN, message), [
            error("monitor-target-unreadable", ind.where, message)
        ]
    reading = parse_cell(ind.target)
    amounts = [t for t in reading.terms if isinstance(t, Amount)]
    if not amounts and reading.unreadable:
        message = f"年度指标值「{ind.target}」无法识别，写成可衡量的目标（如 ≥200人次）"
        return result(Status.UNKNOWN, message), [
            error("monitor-target-unreadable", ind.where, message)
        ]
    if not amounts:
        note = "定性或时限目标，期中不按数值监控"
        return result(Status.UNKNOWN, note), [
            info("monitor-target-qualitative", ind.where, f"年度指标值「{ind.target}」：{note}")
        ]
    target = amounts[0]
    notes: list[str] = []
    if len(reading.terms) > 1:
        notes.append(f"一格多值，仅按第一项「{target.text}」监控")
    if not ind.actual:
        note = "尚未填报期中实际值"
        return result(Status.UNKNOWN, note), [warning("monitor-missing-actual", ind.where, note)]
    actual = _actual_base(ind, target.low)
    if actual == "unreadable":
        message = f"期中实际值「{ind.actual}」无法识别为数值"
        return result(Status.UNKNOWN, message), [error("monitor-bad-actual", ind.where, message)]
    if isinstance(actual, str):
        message = f"期中实际值「{ind.actual}」与年度指标值「{ind.target}」的单位无法比较"
        return result(Status.UNKNOWN, message), [
            warning("monitor-unit-mismatch", ind.where, message)
        ]
    if scaled is None:
        scaled = target.low.kind not in _LEVELS and not target.op.is_ceiling
    if target.op.is_ceiling:
        status, progress, note = _ceiling(target, actual, expected, scaled)
    else:
        status, progress, note = _floor(target, actual, expected, scaled, thresholds)
    notes.append(note)
    return result(status, "；".join(n for n in notes if n), progress), []


def _ceiling(
    target: Amount, actual: Decimal, expected: Decimal, scaled: bool
) -> tuple[Status, Decimal | None, str]:
    cap = target.low.base
    progress = actual / cap if cap else None
    over = actual > cap if target.op is Op.LE else actual >= cap
    if over:
        return Status.RED, progress, f"已超出上限「{target.text}」"
    if scaled and actual > cap * expected:
        return (
            Status.YELLOW,
            progress,
            f"快于序时进度（应不超过 {_shown(cap * expected, target.low)}），按此进度全年将超出上限",
        )
    return Status.GREEN, progress, "未超出上限"


def _floor(
    target: Amount, actual: Decimal, expected: Decimal, scaled: bool, thresholds: Thresholds
) -> tuple[Status, Decimal | None, str]:
    goal = target.low.base
    if goal <= 0:
        return Status.GREEN, None, "年度目标为 0，无需监控进度"
    due = goal * expected if scaled else goal
    progress = actual / due
    if actual >= goal * thresholds.far_above:
        times = fmt_plain(round2(actual / goal))
        return (
            Status.HIGH,
            progress,
            f"期中实际已达年度目标的 {times} 倍（≥ {fmt_plain(thresholds.far_above)} 倍），"
            "目标可能定得偏低",
        )
    if target.op is Op.RANGE and target.high is not None and actual > target.high.base:
        return Status.RED, progress, f"超出区间上限 {target.high}"
    if scaled:
        note = f"按序时 {fmt_pct(expected)} 折算，期中应达 {_shown(due, target.low)}"
    else:
        note = "比率、分值类指标，不按序时折算"
    return band(progress, thresholds), progress, note
