"""The `limits` section of a YAML file (`--limits FILE`, and later the server's settings) read
into `core.limits.Limits`; every wrong key or value is a located problem."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from jixiao.core.limits import LABELS, Limits
from jixiao.core.problems import Location, Problem, Severity
from jixiao.source.errors import SourceError
from jixiao.source.reader import load
from jixiao.source.text import read_text


def load_limits(path: Path) -> tuple[Limits, list[Problem]]:
    """Limits from `path` (a mapping under `limits:`, or a bare mapping); the defaults for
    whatever it leaves out. A file with problems changes nothing: the defaults are returned."""
    where = Location(str(path))
    try:
        data = load(read_text(path), str(path)) if path.is_file() else None
    except SourceError as exc:
        return Limits(), [_problem(where, f"限额配置无法读取：{exc}")]
    if data is None and not path.is_file():
        return Limits(), [_problem(where, "限额配置文件不存在")]
    if isinstance(data, dict) and "limits" in data:
        data = data["limits"]
    if not isinstance(data, dict):
        return Limits(), [_problem(where, "限额配置应为“名称: 数值”的映射（可写在 limits: 下）")]
    defaults = Limits()
    changes: dict[str, object] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        field = where.with_field(str(key))
        if key not in LABELS:
            known = "、".join(LABELS)
            problems.append(_problem(field, f"不认识的限额「{key}」（可用：{known}）"))
            continue
        default = getattr(defaults, key)
        number = _positive(value, float if isinstance(default, float) else int)
        if number is None:
            problems.append(_problem(field, f"限额「{key}」应为正数，不是「{value}」"))
            continue
        changes[key] = number
    if problems:
        return defaults, problems
    return dataclasses.replace(defaults, **changes), []  # type: ignore[arg-type]


def _positive(value: object, kind: type) -> int | float | None:
    """A positive number of the limit's kind: integers for counts and sizes, any for seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or not 0 < number < 10**15:
        return None
    if kind is int:
        return int(number) if number == number.to_integral_value() else None
    return float(number)


def _problem(where: Location, message: str) -> Problem:
    return Problem("limits-invalid", Severity.ERROR, where, message)
