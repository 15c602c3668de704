"""Which writer writes which suffix. Built-in writers register the way a plugin would."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from jixiao.core.model import SelfEvaluation
from jixiao.export.output import write_atomically

Writer = Callable[[list[SelfEvaluation], Path], None]
_WRITERS: dict[str, Writer] = {}


def register_writer(suffixes: tuple[str, ...], writer: Writer) -> None:
    for suffix in suffixes:
        _WRITERS[suffix.lower()] = writer


def writable_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_WRITERS))


def write_tables(tables: list[SelfEvaluation], path: Path) -> None:
    """Write in the format the suffix names, through a temporary file."""
    writer = _WRITERS[path.suffix.lower()]
    write_atomically(path, lambda tmp: writer(tables, tmp))


def _on_first_use(module: str, name: str) -> Writer:
    """A writer imported when it first writes: a command that writes nothing pays nothing."""

    def write(tables: list[SelfEvaluation], path: Path) -> None:
        writer: Writer = getattr(importlib.import_module(module), name)
        writer(tables, path)

    return write


def _builtin() -> None:
    register_writer((".yaml", ".yml"), _on_first_use("jixiao.export.case", "write_yaml"))
    register_writer((".json",), _on_first_use("jixiao.export.case", "write_json"))
    register_writer((".xlsx",), _on_first_use("jixiao.export.xlsx_selfeval", "write_xlsx"))
    register_writer((".txt", ".tsv"), _on_first_use("jixiao.export.text", "write_text"))


_builtin()
