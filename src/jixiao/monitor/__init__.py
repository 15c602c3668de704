"""绩效运行监控（双监控）: budget execution against 序时进度 and interim indicator progress."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jixiao.core.problems import Location, Problem, error, has_errors
from jixiao.monitor.compute import (
    department_progress,
    expected_share,
    forecast,
    quarter_score,
)
from jixiao.monitor.indicators import band, indicator_progress
from jixiao.monitor.model import (
    DepartmentInput,
    DepartmentProgress,
    Forecast,
    IndicatorProgress,
    ProjectProgress,
    QuarterScore,
    Status,
    Thresholds,
)
from jixiao.monitor.read import FORMAT, read_department
from jixiao.monitor.shape import monitor_json

__all__ = [
    "FORMAT",
    "DepartmentInput",
    "DepartmentProgress",
    "Forecast",
    "IndicatorProgress",
    "MonitorRun",
    "ProjectProgress",
    "QuarterScore",
    "Status",
    "Thresholds",
    "band",
    "department_progress",
    "expected_share",
    "forecast",
    "indicator_progress",
    "monitor_json",
    "monitor_paths",
    "quarter_score",
    "read_department",
]

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True)
class MonitorRun:
    departments: tuple[DepartmentProgress, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> bool:
        return has_errors(self.problems) or not self.departments


def _files(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
        )
        if not found:
            problems.append(
                error("monitor-no-case", Location(str(path)), "目录中没有监控案例（.yaml）")
            )
        files.extend(found)
    return files


def monitor_paths(paths: Iterable[Path], as_of: date | None = None) -> MonitorRun:
    """Read every monitoring case (files, or .yaml files inside directories) and monitor it
    at `as_of` (default: the case's own `as_of`, else the end of its latest month)."""
    problems: list[Problem] = []
    departments: list[DepartmentProgress] = []
    for path in _files(paths, problems):
        dept, found = read_department(path)
        problems.extend(found)
        if dept is None:
            continue
        progress, found = department_progress(dept, as_of)
        problems.extend(found)
        if progress is not None:
            departments.append(progress)
    return MonitorRun(tuple(departments), tuple(problems))
