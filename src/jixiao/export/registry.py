"""Which writer writes which suffix. Built-in writers register the way a plugin would."""

from __future__ import annotations

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


def _builtin() -> None:
    from jixiao.export.case import write_json, write_yaml
    from jixiao.export.text import write_text
    from jixiao.export.xlsx_selfeval import write_xlsx

    register_writer((".yaml", ".yml"), write_yaml)
    register_writer((".json",), write_json)
    register_writer((".xlsx",), write_xlsx)
    register_writer((".txt", ".tsv"), write_text)


_builtin()
