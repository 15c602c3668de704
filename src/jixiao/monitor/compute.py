"""双监控 arithmetic: execution against 序时进度, the year-end forecast, seed 001's quarterly
score, and the department roll-up with the lagging projects first.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from jixiao.core.numbers import ONE, ZERO, fmt_pct
from jixiao.core.problems import Location, Problem, error, info, warning
from jixiao.monitor.indicators import band, indicator_progress
from jixiao.monitor.model import (
    DepartmentInput,
    DepartmentProgress,
    Figure,
    FigureKind,
    Forecast,
    ProjectInput,
    ProjectProgress,
    QuarterScore,
    Status,
)

TWELVE = Decimal(12)
PROFILE_YEARS = 2  # prior years needed before their monthly profile replaces the straight line


def expected_share(month: int) -> Decimal:
    """序时进度 at the end of `month`: m/12, so 25/50/75/100% at quarter ends."""
    return Decimal(month) / TWELVE


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_score(
    rates: Sequence[tuple[int, Decimal]], weight: Decimal = Decimal(6)
) -> QuarterScore:
    """Σ_q (rate_q ÷ 序时_q) × 1 + mean(rate_q) × 2, capped at the weight (seed 001).

    `rates` are cumulative execution rates (fractions) at the end of quarters 1–4.
    """
    if not rates:
        raise ValueError("quarter_score needs at least one quarter")
    progress = sum((rate / (Decimal(q) / 4) for q, rate in rates), ZERO)
    mean = sum((rate for _, rate in rates), ZERO) / len(rates)
    raw = progress + mean * 2
    return QuarterScore(tuple(rates), raw, max(ZERO, min(raw, weight)), weight)


def _at(points: Sequence[Figure], month: int) -> Figure | None:
    """The latest cumulative figure at or before `month`."""
    found = None
    for point in points:
        if point.month > month:
            break
        found = point
    return found


def forecast(project: ProjectInput, figure: Figure) -> Forecast:
    """Year-end execution rate: by prior years' monthly profile when there are enough of them,
    else by the straight line through the months so far; never above 100%."""
    rate = figure.amount / project.budget
    month = figure.month
    if month == 12:
        method, value, note = "actual", rate, "12 月累计数即全年执行数"
    else:
        shares = _profile_shares(project, month)
        if len(shares) >= PROFILE_YEARS and sum(s for _, s in shares) > 0:
            mean = sum((s for _, s in shares), ZERO) / len(shares)
            years = "、".join(str(y) for y, _ in shares)
            method, value = "profile", rate / mean
            note = (
                f"按 {years} 年 1–{month} 月累计支出占全年的平均比例（{fmt_pct(mean)}）推算："
                f"{fmt_pct(rate)} ÷ {fmt_pct(mean)}"
            )
        else:
            method, value = "linear", rate * TWELVE / month
            note = (
                f"线性外推：按 1–{month} 月的平均进度推到 12 月（{fmt_pct(rate)} × 12 ÷ {month}）；"
                f"往年月度数据不足 {PROFILE_YEARS} 年，未用往年进度曲线"
            )
    if value > ONE:
        note += f"；推算值 {fmt_pct(value)} 超过 100%，按 100% 计"
        return Forecast(ONE, method, note, True)
    return Forecast(value, method, note)


def _profile_shares(project: ProjectInput, month: int) -> list[tuple[int, Decimal]]:
    """(year, share of the year's spending done by `month`) for each usable prior year."""
    shares = []
    for year, points in project.history:
        total = points[-1] if points and points[-1].month == 12 else None
        part = _at(points, month)
        if total is None or total.amount <= 0:
            continue
        shares.append((year, part.amount / total.amount if part is not None else ZERO))
    return shares


def project_progress(
    project: ProjectInput, month: int, as_of_where: Location, indicator_month: int
) -> tuple[ProjectProgress | None, list[Problem]]:
    """One project at the end of `month`; its indicators' actuals belong to `indicator_month`
    (the case's own as-of month), which differs from `month` when `--as-of` looks elsewhere."""
    problems: list[Problem] = []
    figure = _at(project.figures, month)
    if figure is None:
        first = project.figures[0].month
        problems.append(
            error(
                "monitor-as-of",
                as_of_where,
                f"截至日期（{month} 月）早于项目「{project.name}」的第一笔执行数（{first} 月），"
                "该项目未纳入汇总",
            )
        )
        return None, problems
    if figure.month < month:
        latest = (
            f"第 {figure.month // 3} 季度（{figure.month} 月末）"
            if project.kind is FigureKind.QUARTERLY
            else f"{figure.month} 月"
        )
        problems.append(
            warning(
                "monitor-stale",
                project.where,
                f"项目「{project.name}」最新执行数为 {latest}，截至日期为 {month} 月；"
                f"按 {figure.month} 月累计数计算",
            )
        )
    th = project.thresholds
    rate = figure.amount / project.budget
    expected = expected_share(month)
    progress = rate / expected
    quarters = [
        (q, point.amount / project.budget)
        for q in (1, 2, 3, 4)
        if q * 3 <= month
        for point in project.figures
        if point.month == q * 3
    ]
    due = expected_share(indicator_month)
    indicators = []
    scaled = project.scaled or (None,) * len(project.indicators)
    for ind, scale in zip(project.indicators, scaled, strict=True):
        shown, found = indicator_progress(ind, due, th, scale)
        indicators.append(shown)
        problems.extend(found)
    return (
        ProjectProgress(
            project,
            month,
            figure.month,
            figure.amount,
            rate,
            expected,
            progress,
            band(progress, th),
            forecast(project, figure),
            quarter_score(quarters, th.score_weight) if quarters else None,
            tuple(indicators),
        ),
        problems,
    )


def resolve_as_of(
    dept: DepartmentInput, override: date | None
) -> tuple[date | None, int | None, Location, list[Problem]]:
    """The as-of date, the month its 序时进度 uses, and where a problem with it is reported."""
    where = dept.as_of_where or dept.where.with_field("as_of")
    chosen = dept.as_of
    if override is not None:
        chosen, where = override, Location(dept.where.file, field="--as-of")
    if chosen is None:
        months = [p.figures[-1].month for p in dept.projects if p.figures]
        if not months:
            return None, None, where, []
        chosen = month_end(dept.year, max(months))
    if chosen.year < dept.year:
        message = f"截至日期 {chosen.isoformat()} 早于监控年度 {dept.year} 年"
        return None, None, where, [error("monitor-as-of", where, message)]
    return chosen, 12 if chosen.year > dept.year else chosen.month, where, []


def department_progress(
    dept: DepartmentInput, override: date | None = None
) -> tuple[DepartmentProgress | None, list[Problem]]:
    """Every project at the as-of date, and the department's totals; lagging projects first."""
    as_of, month, where, problems = resolve_as_of(dept, override)
    if as_of is None or month is None:
        return None, problems
    own = resolve_as_of(dept, None)[1] if override is not None else month
    indicator_month = own if own is not None else month
    if indicator_month != month and any(p.indicators for p in dept.projects):
        problems.append(
            info(
                "monitor-indicator-period",
                where,
                f"指标的期中实际值是案例截至 {indicator_month} 月的数，"
                f"指标进度仍按 {indicator_month} 月的序时进度计算",
            )
        )
    computed: list[ProjectProgress] = []
    for project in dept.projects:
        progress, found = project_progress(project, month, where, indicator_month)
        problems.extend(found)
        if progress is not None:
            computed.append(progress)
    if not computed:
        return None, problems
    ranked = sorted(computed, key=lambda p: (p.status.rank, p.progress))  # stable: file order
    budget = sum((p.budget for p in computed), ZERO)
    executed = sum((p.executed for p in computed), ZERO)
    rate = executed / budget
    expected = expected_share(month)
    counts = tuple(
        (s, sum(1 for p in computed if p.status is s))
        for s in (Status.RED, Status.YELLOW, Status.GREEN)
    )
    return (
        DepartmentProgress(
            dept.name,
            dept.year,
            as_of,
            dept.money_unit,
            budget,
            executed,
            rate,
            expected,
            rate / expected,
            band(rate / expected, dept.thresholds),
            tuple(ranked),
            dept.where,
            counts,
        ),
        problems,
    )
