"""Which reader reads which file. Built-in readers register the way a plugin would."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path, PurePath

from jixiao.core import limits
from jixiao.core.model import Case, Kind
from jixiao.core.problems import Location, Problem, Severity, has_errors
from jixiao.ingest import local
from jixiao.ingest.grid import Grid
from jixiao.ingest.own import OwnOutput
from jixiao.ingest.selfeval import read_tables
from jixiao.ingest.text import LimitExceeded, UnreadableFile

# a file's content and its name (the suffix, and the file in every location) → what it holds
Reader = Callable[[bytes, str], tuple[list[Case], list[Problem]]]
_READERS: dict[str, Reader] = {}


def register_reader(suffixes: tuple[str, ...], reader: Reader) -> None:
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


def readable_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


def tables_from_grids(grids: list[Grid]) -> tuple[list[Case], list[Problem]]:
    tables: list[Case] = []
    problems: list[Problem] = []
    for grid in grids:
        problems.extend(grid.problems)
        found, probs = read_tables(grid)
        tables.extend(found)
        problems.extend(probs)
    return tables, problems


def read_path(path: Path) -> tuple[list[Case], list[Problem]]:
    """`read_bytes` of one file's content, named by its path: what a missing, empty, too big
    or unreadable file is, said before (and instead of) reading it."""
    where = Location(str(path))
    if not path.exists():
        return [], [Problem("file-not-found", Severity.ERROR, where, "文件或文件夹不存在")]
    if path.suffix.lower() not in _READERS:
        return [], [_unsupported(path.suffix, where)]
    if not path.is_file():
        return [], [Problem("file-not-found", Severity.ERROR, where, "文件不存在或不是普通文件")]
    size = path.stat().st_size
    if size == 0:
        return [], [_empty(where)]
    if size > limits.current().file_bytes:
        return [], [_too_big(size, where)]
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"无法读取文件（{exc.strerror}）"
        return [], [Problem("unreadable-file", Severity.ERROR, where, message)]
    return read_bytes(data, str(path), path.parent)  # a case's framework file is beside it


def read_bytes(
    data: bytes, name: str, folder: Path | None = None
) -> tuple[list[Case], list[Problem]]:
    """Every case in one file's content (self-evaluation tables, evaluation cases) and what
    could not be read. `name` chooses the reader by its suffix and names the file in every
    problem's location. Content as bytes names no file on this machine: an evaluation case's
    framework file is read only from `folder`, the folder of the file the content is."""
    where = Location(name)
    suffix = PurePath(name).suffix
    reader = _READERS.get(suffix.lower())
    if reader is None:
        return [], [_unsupported(suffix, where)]
    if not data:
        return [], [_empty(where)]
    if len(data) > limits.current().file_bytes:
        return [], [_too_big(len(data), where)]
    try:
        with local.beside(folder):
            tables, problems = reader(data, name)
    except OwnOutput:  # a review list jixiao wrote, recognised as the workbook is opened
        return [], [
            Problem(
                "other-format", Severity.INFO, where, "是 jixiao 写出的审核清单，不是自评表，跳过"
            )
        ]
    except UnreadableFile as exc:
        return [], [
            Problem("unreadable-file", Severity.ERROR, where._replace(line=exc.line), str(exc))
        ]
    except LimitExceeded as exc:
        return [], [exc.problem]
    if not tables and all(p.severity is Severity.WARNING for p in problems):
        # nothing found, and nothing said why (warnings about cells are not a reason)
        problems.append(
            Problem(
                "no-table",
                Severity.ERROR,
                where,
                "文件中没有找到项目支出绩效自评表（未见“一级指标/三级指标/年度指标值”表头）",
            )
        )
    return tables, problems


def _unsupported(suffix: str, where: Location) -> Problem:
    known = "、".join(readable_suffixes())
    return Problem(
        "unsupported-file",
        Severity.ERROR,
        where,
        f"不支持的文件类型「{suffix or '无扩展名'}」（支持：{known}）",
    )


def _empty(where: Location) -> Problem:
    return Problem("empty-file", Severity.ERROR, where, "文件为空（0 字节）")


def _too_big(size: int, where: Location) -> Problem:
    return limits.exceeded("file_bytes", size, where, "文件太大")


# suffix → (module, function) that makes a file's content into grids, imported when first used
_GRIDS: dict[str, tuple[str, str]] = {}


def register_grids(suffixes: tuple[str, ...], module: str, name: str) -> None:
    """A tabular format: `module.name(data, file) -> list[Grid]` reads it; its self-evaluation
    tables are found in those grids, and `file_grids` gives the grids to other readers."""
    for suffix in suffixes:
        _GRIDS[suffix.lower()] = (module, name)
        register_reader((suffix,), _grids_reader)


def file_grids(data: bytes, name: str) -> list[Grid]:
    """The grids of one file of a tabular format (KeyError for another suffix); raises as
    its reader does (UnreadableFile, LimitExceeded)."""
    module, function = _GRIDS[PurePath(name).suffix.lower()]
    grids: Callable[[bytes, str], list[Grid]] = getattr(importlib.import_module(module), function)
    return grids(data, name)


def _grids_reader(data: bytes, name: str) -> tuple[list[Case], list[Problem]]:
    """Self-evaluation tables, else the evaluation report the grids are (its score tables
    read into an evaluation case, the tables of targets it prints as that case's targets).
    A table the self-evaluation reader found but could not read (a 自评表 missing a column)
    stays that reader's error: it is not taken for a report's score table."""
    grids = file_grids(data, name)
    tables, problems = tables_from_grids(grids)
    if any(t.kind is Kind.SELFEVAL for t in tables) or has_errors(problems):
        return tables, problems
    from jixiao.ingest.report.attach import with_targets
    from jixiao.ingest.report.case import report_case

    case, read = report_case(grids, name)
    if case is None:  # no score table, or one that cannot be a framework (said in `read`)
        return tables, [p for p in problems if not read or p.code != "framework-table"] + read
    # the score tables the table reader set aside are read now; the tables of targets are
    # the case's, their own problems travel with it
    own = {id(p) for t in tables for p in t.problems}
    kept = [p for p in problems if p.code != "framework-table" and id(p) not in own]
    return [with_targets(case, tables)], [*kept, *read]


def _cases(data: bytes, name: str) -> tuple[list[Case], list[Problem]]:
    from jixiao.ingest.case import read_case

    return read_case(data, name)


def _builtin() -> None:
    register_grids((".txt", ".tsv", ".text"), "jixiao.ingest.text", "text_grids")
    register_grids((".csv",), "jixiao.ingest.text", "csv_grids")
    register_grids((".xlsx", ".xlsm", ".xls", ".ods"), "jixiao.ingest.xlsx", "workbook_grids")
    register_grids((".docx",), "jixiao.ingest.docx", "docx_grids")
    register_grids((".pdf",), "jixiao.ingest.pdf", "pdf_grids")
    register_grids((".doc", ".wps"), "jixiao.ingest.legacy", "legacy_grids")
    register_reader((".yaml", ".yml", ".json"), _cases)


_builtin()
