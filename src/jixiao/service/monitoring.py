"""运行监控 of uploaded monitoring cases (双监控, docs/monitoring.md): the files are read and
monitored by the library as `jixiao monitor` does; nothing is stored, any signed-in user may ask.

A case the library cannot read, or one with an error, answers `Invalid` with the located
problems, each named by the file as uploaded; the library's limits bound what reading costs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from jixiao import api
from jixiao.core import limits
from jixiao.core.problems import Location, Problem, Severity, error
from jixiao.service.context import Context
from jixiao.service.errors import Invalid, NotFound

MAX_FILES = 50  # monitoring cases (departments) in one request
# what a workbook or document is called: the monitor reads YAML and JSON cases only
_NOT_CASES = (".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".doc", ".pdf", ".csv", ".zip")
_EXAMPLE = Path("examples") / "monitor"


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """One project as the page and the API show it: the library's progress, and its 偏差 —
    the execution rate less the 序时进度 (a fraction; negative when behind)."""

    progress: api.ProjectProgress
    deviation: Decimal


@dataclass(frozen=True, slots=True)
class DepartmentLine:
    """One department: the library's roll-up, the file it came from (as uploaded), its
    projects lagging first, and how many are behind (red or yellow)."""

    progress: api.DepartmentProgress
    file: str
    projects: tuple[ProjectLine, ...]
    behind: int


@dataclass(frozen=True, slots=True)
class Monitoring:
    """What one analysis found: the departments in the order of the files, the problems
    (warnings and notes only: an error answers `Invalid`), the 截至日期 asked for (None: each
    case's own), the files read and whether they were the bundled example."""

    departments: tuple[DepartmentLine, ...]
    problems: tuple[Problem, ...]
    as_of: date | None
    files: tuple[str, ...]
    example: bool = False


def as_of_of(text: str) -> date | None:
    """The 截至日期 a form or a query gave (YYYY-MM-DD; empty: none), or `Invalid`."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"截至日期「{text}」不是日期（写成 2024-09-30）", "as_of") from None


def checked_count(count: int) -> None:
    """Refuses a request with no file or with more than MAX_FILES, before any is read."""
    if count == 0:
        raise Invalid("请选择至少一个监控文件（YAML 或 JSON 格式的监控案例）", "file")
    if count > MAX_FILES:
        raise Invalid(f"一次最多分析 {MAX_FILES} 个监控文件（收到 {count} 个）", "file")


def checked_total(total: int) -> None:
    """Refuses uploads larger in all than one file may be (monitoring cases are small)."""
    bound = limits.current().file_bytes
    if total > bound:
        raise Invalid(f"一次上传的监控文件合计超过 {bound} 字节", "file", code="too-large")


def analyse(ctx: Context, files: Sequence[tuple[str, bytes]], as_of: date | None) -> Monitoring:
    """运行监控 of the uploaded cases (name, bytes), one department each, at `as_of`."""
    del ctx  # any signed-in user: nothing is read from or written to the store
    checked_count(len(files))
    bound = limits.current().file_bytes
    for name, data in files:
        if len(data) > bound:
            raise Invalid(f"{name} 超过单个文件的大小上限 {bound} 字节", name, code="too-large")
    checked_total(sum(len(data) for _, data in files))
    refused = [
        error("unreadable-file", Location(name), _not_a_case(name))
        for name, _ in files
        if name.lower().endswith(_NOT_CASES)
    ]
    cases = [(name, data) for name, data in files if not name.lower().endswith(_NOT_CASES)]
    # The library reads monitoring cases from files: each upload is written to a private
    # folder under a plain name, and every location is given back the name it was uploaded as.
    with tempfile.TemporaryDirectory(prefix="jixiao_monitor_") as folder:
        names: dict[str, str] = {}
        paths = []
        for i, (name, data) in enumerate(cases):
            path = Path(folder) / f"{i:03d}.yaml"
            path.write_bytes(data)
            names[str(path)] = name
            paths.append(path)
        run = api.monitor_paths(paths, as_of)
    files_read = tuple(name for name, _ in files)
    return _result(run, names, as_of, files_read, example=False, refused=refused)


def example(ctx: Context, as_of: date | None) -> Monitoring:
    """运行监控 of the bundled example cases (examples/monitor/), found as the demo finds its
    examples: in the working folder, else beside the source tree."""
    del ctx
    folder = next(
        (
            f
            for f in (_EXAMPLE, Path(__file__).parents[3] / _EXAMPLE)
            if f.is_dir() and any(f.glob("*.yaml"))
        ),
        None,
    )
    if folder is None:
        raise NotFound(
            "找不到示例文件夹 examples/monitor/（请在 jixiao 源码目录运行服务）", "example"
        )
    paths = sorted(folder.glob("*.yaml"))
    run = api.monitor_paths(paths, as_of)
    names = {str(p): p.name for p in paths}
    return _result(run, names, as_of, tuple(p.name for p in paths), example=True)


def _result(
    run: api.MonitorRun,
    names: dict[str, str],
    as_of: date | None,
    files: tuple[str, ...],
    example: bool,
    refused: Sequence[Problem] = (),
) -> Monitoring:
    def named(where: Location) -> Location:
        return where._replace(file=names.get(where.file, where.file))

    problems = (*refused, *(replace(p, where=named(p.where)) for p in run.problems))
    if run.failed or refused:
        found = [p for p in problems if p.severity is Severity.ERROR]
        if not found:
            found = [error("monitor-invalid", Location(files[0]), "文件中没有可监控的部门")]
        raise Invalid(_summary(found), found[0].where.file, problems)
    departments = tuple(
        DepartmentLine(
            d,
            names.get(d.where.file, d.where.file),
            tuple(ProjectLine(p, p.rate - p.expected) for p in d.projects),
            sum(n for s, n in d.counts if s in (api.Status.RED, api.Status.YELLOW)),
        )
        for d in run.departments
    )
    return Monitoring(departments, problems, as_of, files, example)


def _not_a_case(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return (
        f"运行监控读取 YAML 或 JSON 格式的监控案例（format: jixiao-monitor/1），"
        f"不能直接读取 .{suffix} 文件；格式见 docs/monitoring.md"
    )


def _summary(problems: Sequence[Problem]) -> str:
    first = problems[0]
    more = f"（共 {len(problems)} 处错误）" if len(problems) > 1 else ""
    return f"{first.where}：{first.message}{more}"
