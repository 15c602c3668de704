"""Field readers shared by the monitoring case reader: located problems, units, thresholds,
and the value helpers (months, amounts, percentages) that turn YAML scalars into Decimals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jixiao.core.numbers import HUNDRED, fmt_plain, parse_decimal
from jixiao.core.problems import Location, Problem, error, warning
from jixiao.monitor.model import Thresholds
from jixiao.source.reader import YamlList, YamlMap
from jixiao.source.values import read_number, shown, written_as_number
from jixiao.targets import Op, parse_cell
from jixiao.targets.lexicon import FUND_UNITS
from jixiao.targets.terms import UnitKind

UNITS = FUND_UNITS  # 元 and 万元, by their factor to 元
THRESHOLD_KEYS = ("red_below", "green_from", "far_above", "score_weight")


class FieldReader:
    """Collects located problems while fields of one case file are read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def at(self, container: Any, key: str | int, path: str) -> Location:
        lines = container if isinstance(container, YamlMap | YamlList) else None
        return Location(self.name, line=None if lines is None else lines.line_of(key), field=path)

    def fail(self, code: str, where: Location, message: str) -> None:
        self.problems.append(error(code, where, message))

    def unknown_keys(self, data: YamlMap, known: tuple[str, ...], path: str) -> None:
        for key in data:
            if key not in known:
                where = self.at(data, key, f"{path}.{key}" if path else key)
                allowed = "、".join(known)
                self.problems.append(
                    warning(
                        "monitor-invalid",
                        where,
                        f"不认识的字段「{shown(key)}」，已忽略（可用：{allowed}）",
                    )
                )

    def text(self, data: YamlMap, key: str, path: str, label: str) -> str | None:
        value = data.get(key)
        if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail("monitor-invalid", self.at(data, key, path), f"缺少{label}（{key}）")
            return None
        return value.strip()

    def as_of(self, data: YamlMap) -> date | None:
        value = data.get("as_of")
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            where = self.at(data, "as_of", "as_of")
            self.fail("monitor-as-of", where, f"截至日期「{value}」不是日期（写成 2024-09-30）")
            return None

    def unit(self, data: YamlMap, path: str, default: str) -> str:
        value = data.get("unit", default)
        if value not in UNITS:
            where = self.at(data, "unit", f"{path}.unit" if path else "unit")
            self.fail("monitor-invalid", where, f"金额单位「{value}」不对，应为 元 或 万元")
            return default
        return str(value)

    def thresholds(self, data: YamlMap, path: str, base: Thresholds) -> Thresholds:
        given = data.get("thresholds")
        if given is None:
            return base
        if not isinstance(given, YamlMap):
            self.fail("monitor-bad-threshold", self.at(data, "thresholds", path), "阈值应为映射")
            return base
        self.unknown_keys(given, THRESHOLD_KEYS, path)
        out = base
        for key in ("red_below", "green_from"):
            if key in given:
                value = _percent(given[key])
                if value is None or not Decimal("0.01") <= value <= 2:
                    where = self.at(given, key, f"{path}.{key}")
                    self.fail("monitor-bad-threshold", where, f"{key} 应为百分数，如 60%")
                else:
                    out = replace(out, **{key: value})
        if "far_above" in given:
            raw = given["far_above"]
            multiple = _percent(raw) if isinstance(raw, str) and "%" in raw else parse_decimal(raw)
            if multiple is None or multiple <= 1:
                where = self.at(given, "far_above", f"{path}.far_above")
                self.fail("monitor-bad-threshold", where, "far_above 应为大于 1 的倍数，如 2")
            else:
                out = replace(out, far_above=multiple)
        if "score_weight" in given:
            weight = parse_decimal(given["score_weight"])
            if weight is None or weight <= 0:
                where = self.at(given, "score_weight", f"{path}.score_weight")
                self.fail("monitor-bad-threshold", where, "score_weight 应为正数，如 6")
            else:
                out = replace(out, score_weight=weight)
        if out.red_below >= out.green_from:
            where = self.at(data, "thresholds", path)
            self.fail(
                "monitor-bad-threshold",
                where,
                f"red_below（{_pct(out.red_below)}）应小于 green_from（{_pct(out.green_from)}）",
            )
            return base
        return out

    def flag(self, data: YamlMap, key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail("monitor-invalid", self.at(data, key, path), f"{key} 应为 true 或 false")
            return default
        return value


def int_label(label: object) -> int | None:
    if isinstance(label, bool):
        return None
    if isinstance(label, int):
        return label
    text = str(label).strip()
    return int(text) if text.isdigit() else None


def _percent(value: object) -> Decimal | None:
    """`60%` or 60 as the fraction 0.6."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = parse_decimal(value.strip()[:-1])
    else:
        number = parse_decimal(value)
    return None if number is None else number / HUNDRED


def money(value: object, factor: Decimal) -> Decimal | None:
    """An amount in 元: a number in the file's unit, or text with its own unit (`12.5万元`);
    None for anything else, a number out of range (NaN, 1e999999) included."""
    if written_as_number(value):
        number, _ = read_number(value)
        return None if number is None else number * factor
    if not isinstance(value, str) or parse_decimal(value) is not None:
        return None
    term = parse_cell(value).amount
    if term and term.op is Op.BARE and term.low.kind is UnitKind.MONEY:
        return term.low.base
    return None


def not_money(value: object) -> str:
    """Why `value` is no amount, quoting it cut short: 「.nan」不是数字（NaN）, 「x」不是金额."""
    if written_as_number(value):
        why = read_number(value)[1]
        if why is not None:
            return why
    return f"「{shown(value)}」不是金额"


def _pct(value: Decimal) -> str:
    """Exact, without trailing zeros (60%, 62.5%): a threshold as the user wrote it."""
    return f"{fmt_plain(value * HUNDRED)}%"
