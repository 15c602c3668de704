"""Reading a monitoring case (`format: jixiao-monitor/1`) into inputs, with located problems.

Structure and amounts are checked here (missing budget, months out of range, decreasing
cumulative figures, overspend); what the figures mean against the calendar is `compute`'s.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.core.model import Indicator
from jixiao.core.numbers import fmt
from jixiao.core.problems import Location, Problem, error, warning
from jixiao.monitor.fields import UNITS, FieldReader, int_label, money, not_money
from jixiao.monitor.model import (
    DepartmentInput,
    Figure,
    FigureKind,
    ProjectInput,
    Thresholds,
)
from jixiao.source.errors import SourceError, UnreadableFile
from jixiao.source.reader import YamlList, YamlMap, read
from jixiao.source.text import decode

FORMAT = "jixiao-monitor/1"
TOP_KEYS = ("format", "department", "year", "as_of", "unit", "thresholds", "projects")
PROJECT_KEYS = (
    "name",
    "code",
    "budget",
    "unit",
    "monthly",
    "quarterly",
    "cumulative",
    "history",
    "indicators",
    "thresholds",
)
INDICATOR_KEYS = ("name", "target", "actual", "scaled")
HISTORY_KEYS = ("year", "monthly", "cumulative")


def read_department(path: Path) -> tuple[DepartmentInput | None, list[Problem]]:
    """The case in `path` as far as it can be read, and every problem met on the way."""
    name = str(path)
    if not path.is_file():
        return None, [error("file-not-found", Location(name), "文件不存在")]
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        return None, [error("unreadable-file", Location(name), f"无法读取文件（{exc.strerror}）")]
    except UnreadableFile as exc:
        return None, [error("unreadable-file", Location(name), str(exc))]
    try:
        data = read(text, name)
    except SourceError as exc:
        return None, [exc.problem]
    reader = _Reader(name)
    return reader.department(data), reader.problems


class _Reader(FieldReader):
    def department(self, data: Any) -> DepartmentInput | None:
        top = Location(self.name)
        if not isinstance(data, YamlMap):
            self.fail("monitor-invalid", top, f"监控案例应为 YAML 映射，且写明 format: {FORMAT}")
            return None
        if data.get("format") != FORMAT:
            where = self.at(data, "format", "format")
            self.fail("monitor-invalid", where, f"format 应为 {FORMAT}（绩效运行监控案例）")
            return None
        self.unknown_keys(data, TOP_KEYS, "")
        name = self.text(data, "department", "department", "部门名称")
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            self.fail(
                "monitor-invalid", self.at(data, "year", "year"), "缺少年度或年度不对（如 2024）"
            )
            year = None
        as_of = self.as_of(data)
        unit = self.unit(data, "", "万元")
        thresholds = self.thresholds(data, "thresholds", Thresholds())
        projects_data = data.get("projects")
        if not isinstance(projects_data, YamlList) or not projects_data:
            where = self.at(data, "projects", "projects")
            self.fail("monitor-invalid", where, "至少需要一个项目（projects）")
            return None
        projects = []
        for i in range(len(projects_data)):
            project = self.project(projects_data, i, unit, thresholds)
            if project is not None:
                projects.append(project)
        if name is None or year is None:
            return None
        as_of_where = self.at(data, "as_of", "as_of") if "as_of" in data else None
        return DepartmentInput(
            name, year, as_of, unit, tuple(projects), thresholds, top, as_of_where
        )

    def project(
        self, items: YamlList, index: int, unit: str, base: Thresholds
    ) -> ProjectInput | None:
        path = f"projects[{index}]"
        data = items[index]
        if not isinstance(data, YamlMap):
            self.fail(
                "monitor-invalid", self.at(items, index, path), "项目应为映射（name、budget……）"
            )
            return None
        self.unknown_keys(data, PROJECT_KEYS, path)
        where = Location(self.name, line=data.line, field=path)
        name = self.text(data, "name", f"{path}.name", "项目名称")
        code = data.get("code")
        unit = self.unit(data, path, unit)
        factor = UNITS[unit]
        thresholds = self.thresholds(data, f"{path}.thresholds", base)
        budget = self.budget(data, path, factor)
        figures = self.figures(data, path, factor)
        history = self.history(data, path, factor)
        indicators, scaled = self.indicators(data, path)
        if name is None or budget is None or figures is None:
            return None
        kind, points = figures
        self.overspend(points, budget, unit)
        return ProjectInput(
            name,
            "" if code is None else str(code),
            budget,
            unit,
            kind,
            points,
            history,
            indicators,
            thresholds,
            where,
            scaled,
        )

    def budget(self, data: YamlMap, path: str, factor: Decimal) -> Decimal | None:
        where = self.at(data, "budget", f"{path}.budget")
        if data.get("budget") is None:
            self.fail("monitor-missing-budget", where, "缺少全年预算数（budget）")
            return None
        budget = money(data["budget"], factor)
        if budget is None:
            self.fail("monitor-bad-amount", where, f"预算数{not_money(data['budget'])}")
            return None
        if budget <= 0:
            self.fail("monitor-missing-budget", where, "全年预算数为 0（或负数），执行率无法计算")
            return None
        return budget

    def figures(
        self, data: YamlMap, path: str, factor: Decimal
    ) -> tuple[FigureKind, tuple[Figure, ...]] | None:
        has_monthly, has_quarterly = "monthly" in data, "quarterly" in data
        if has_monthly and has_quarterly:
            where = self.at(data, "quarterly", f"{path}.quarterly")
            self.fail("monitor-invalid", where, "monthly 与 quarterly 只能填写其一")
            return None
        if not has_monthly and not has_quarterly:
            where = Location(self.name, line=data.line, field=path)
            self.fail(
                "monitor-no-figures",
                where,
                "没有执行数：填写 monthly（按月）或 quarterly（按季度）",
            )
            return None
        kind = FigureKind.MONTHLY if has_monthly else FigureKind.QUARTERLY
        cumulative = self.flag(data, "cumulative", f"{path}.cumulative", True)
        points = self.series(data, kind.value, f"{path}.{kind.value}", kind, factor, cumulative)
        return None if points is None else (kind, points)

    def series(
        self,
        data: YamlMap,
        key: str,
        path: str,
        kind: FigureKind,
        factor: Decimal,
        cumulative: bool,
    ) -> tuple[Figure, ...] | None:
        """Cumulative figures by month; per-period amounts are summed first."""
        given = data.get(key)
        if not isinstance(given, YamlMap) or not given:
            where = self.at(data, key, path)
            example = "{1: 12.5, 2: 30.1}" if kind is FigureKind.MONTHLY else "{1: 120, 2: 260}"
            self.fail("monitor-no-figures", where, f"{key} 应为“期数: 金额”的映射，如 {example}")
            return None
        last = 12 if kind is FigureKind.MONTHLY else 4
        period = "月份" if kind is FigureKind.MONTHLY else "季度"
        ok = True
        raw: list[tuple[int, Decimal, Location]] = []
        for label, value in given.items():
            where = self.at(given, label, f"{path}.{label}")
            number = int_label(label)
            if number is None or not 1 <= number <= last:
                self.fail("monitor-bad-month", where, f"{period}「{label}」不在 1–{last} 之间")
                ok = False
                continue
            amount = money(value, factor)
            if amount is None or amount < 0:
                why = not_money(value) if amount is None else f"「{fmt(amount)}」为负数"
                self.fail("monitor-bad-amount", where, f"执行数{why}，应为非负金额")
                ok = False
                continue
            month = number if kind is FigureKind.MONTHLY else number * 3
            raw.append((month, amount, where))
        raw.sort(key=lambda item: item[0])
        points: list[Figure] = []
        total = Decimal(0)
        for month, amount, where in raw:
            total = total + amount if not cumulative else amount
            if cumulative and points and amount < points[-1].amount:
                before = points[-1].month
                shown = f"{before} 月" if kind is FigureKind.MONTHLY else f"第 {before // 3} 季度"
                self.fail(
                    "monitor-decreasing",
                    where,
                    f"累计执行数比上一期（{shown}）少；累计数不应减少"
                    "（若填的是当期数，请加 cumulative: false）",
                )
                ok = False
            points.append(Figure(month, total, where))
        return tuple(points) if ok and points else None

    def history(
        self, data: YamlMap, path: str, factor: Decimal
    ) -> tuple[tuple[int, tuple[Figure, ...]], ...]:
        given = data.get("history")
        if given is None:
            return ()
        if not isinstance(given, YamlList):
            where = self.at(data, "history", f"{path}.history")
            self.fail("monitor-invalid", where, "history 应为往年列表（year、monthly）")
            return ()
        years = []
        for i, item in enumerate(given):
            at = f"{path}.history[{i}]"
            if not isinstance(item, YamlMap):
                self.fail(
                    "monitor-invalid", self.at(given, i, at), "往年数据应为映射（year、monthly）"
                )
                continue
            self.unknown_keys(item, HISTORY_KEYS, at)
            year = item.get("year")
            if isinstance(year, bool) or not isinstance(year, int):
                self.fail(
                    "monitor-invalid", self.at(item, "year", f"{at}.year"), "缺少年度（year）"
                )
                continue
            cumulative = self.flag(item, "cumulative", f"{at}.cumulative", True)
            points = self.series(
                item, "monthly", f"{at}.monthly", FigureKind.MONTHLY, factor, cumulative
            )
            if points is not None:
                years.append((year, points))
        return tuple(years)

    def indicators(
        self, data: YamlMap, path: str
    ) -> tuple[tuple[Indicator, ...], tuple[bool | None, ...]]:
        """The indicators to watch and, for each, whether its target is time-scaled."""
        given = data.get("indicators")
        if given is None:
            return (), ()
        if not isinstance(given, YamlList):
            where = self.at(data, "indicators", f"{path}.indicators")
            self.fail("monitor-invalid", where, "indicators 应为列表（name、target、actual）")
            return (), ()
        out, scales = [], []
        for i, item in enumerate(given):
            at = f"{path}.indicators[{i}]"
            if not isinstance(item, YamlMap):
                self.fail(
                    "monitor-invalid", self.at(given, i, at), "指标应为映射（name、target、actual）"
                )
                continue
            self.unknown_keys(item, INDICATOR_KEYS, at)
            name = self.text(item, "name", f"{at}.name", "指标名称")
            target = item.get("target")
            actual = item.get("actual")
            scaled = item.get("scaled")
            if scaled is not None and not isinstance(scaled, bool):
                self.fail(
                    "monitor-invalid",
                    self.at(item, "scaled", f"{at}.scaled"),
                    "scaled 应为 true 或 false",
                )
                scaled = None
            if name is None:
                continue
            out.append(
                Indicator(
                    (name,),
                    "" if target is None else str(target).strip(),
                    "" if actual is None else str(actual).strip(),  # "": not reported yet
                    where=Location(self.name, line=given.line_of(i), field=f"{at}（{name}）"),
                )
            )
            scales.append(scaled)
        return tuple(out), tuple(scales)

    def overspend(self, points: tuple[Figure, ...], budget: Decimal, unit: str) -> None:
        over = next((p for p in points if p.amount > budget), None)
        if over is not None:
            factor = UNITS[unit]
            self.problems.append(
                warning(
                    "monitor-overspend",
                    over.where,
                    f"累计执行数 {fmt(over.amount / factor)}{unit} 超过全年预算数 "
                    f"{fmt(budget / factor)}{unit}（超支）",
                )
            )
