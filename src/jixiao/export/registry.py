"""Which writer writes which suffix. Built-in writers register the way a plugin would.

A writer writes the tables as read; a result writer writes them scored (the standard xlsx):
the caller scores them (`api.convert`), writers never score."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jixiao.core.model import Case
from jixiao.core.results import Result
from jixiao.export.output import write_atomically

Writer = Callable[[list[Case], Path], None]
ResultWriter = Callable[[list[Result], Path], None]
_WRITERS: dict[str, Writer] = {}
_RESULT_WRITERS: dict[str, ResultWriter] = {}


def register_writer(suffixes: tuple[str, ...], writer: Writer) -> None:
    for suffix in suffixes:
        _RESULT_WRITERS.pop(suffix.lower(), None)
        _WRITERS[suffix.lower()] = writer


def register_result_writer(suffixes: tuple[str, ...], writer: ResultWriter) -> None:
    """A writer of scored tables: `write_results` hands it the results the caller scored."""
    for suffix in suffixes:
        _WRITERS.pop(suffix.lower(), None)
        _RESULT_WRITERS[suffix.lower()] = writer


def writable_suffixes() -> tuple[str, ...]:
    return tuple(sorted({*_WRITERS, *_RESULT_WRITERS}))


def writes_results(path: Path) -> bool:
    """Whether the writer for `path`'s suffix wants the tables scored (`write_results`)."""
    return path.suffix.lower() in _RESULT_WRITERS


def write_tables(tables: list[Case], path: Path) -> None:
    """Write in the format the suffix names, through a temporary file."""
    writer = _WRITERS[path.suffix.lower()]
    write_atomically(path, lambda tmp: writer(tables, tmp))


def write_results(results: list[Result], path: Path) -> None:
    """Write scored tables in the format the suffix names, through a temporary file."""
    writer = _RESULT_WRITERS[path.suffix.lower()]
    write_atomically(path, lambda tmp: writer(results, tmp))


def _on_first_use(module: str, name: str) -> Callable[[list[Any], Path], None]:
    """A writer imported when it first writes: a command that writes nothing pays nothing."""

    def write(values: list[Any], path: Path) -> None:
        writer: Callable[[list[Any], Path], None] = getattr(importlib.import_module(module), name)
        writer(values, path)

    return write


def _builtin() -> None:
    register_writer((".yaml", ".yml"), _on_first_use("jixiao.export.case", "write_yaml"))
    register_writer((".json",), _on_first_use("jixiao.export.case", "write_json"))
    register_result_writer(
        (".xlsx",), _on_first_use("jixiao.export.xlsx_selfeval", "write_results_xlsx")
    )
    register_writer((".txt", ".tsv"), _on_first_use("jixiao.export.text", "write_text"))


_builtin()
