"""Shared terminal output: problems, JSON, the progress bar."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from jixiao import api
from jixiao.core.problems import Location, Problem, Severity

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class _OnFirstPrint:
    """A rich Console made when first used: `score --json` with nothing to say on stderr,
    and `--help`, never import rich's console."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out = cast("Console", _OnFirstPrint(highlight=False, soft_wrap=False))
err = cast("Console", _OnFirstPrint(stderr=True, highlight=False, soft_wrap=True))


def esc(value: object) -> str:
    """User text (names, targets, messages) shown literally: "[1]" is not markup."""
    from rich.markup import escape

    return escape(str(value))


def table(**options: Any) -> Table:
    """A terminal table as every command prints them: bold header, no box."""
    from rich.table import Table

    return Table(**{"show_header": True, "header_style": "bold", "box": None, **options})


STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def print_problems(problems: Iterable[Problem]) -> None:
    """Problems on stderr, errors first; a lone problem is one line, without a heading."""
    items = sorted(problems, key=_reading_order)
    if not items:
        return
    if len(items) > 1:
        err.print(f"\n[bold]问题（{len(items)} 条）[/bold]")
    for p in items:
        err.print(
            f"[{STYLE[p.severity]}]{p.severity.label}[/] {esc(p.where)}：{esc(p.message)} "
            f"[dim]({p.code})[/dim]",
            soft_wrap=True,
        )


_CELL_ROW = re.compile(r"\d+$")


def _reading_order(p: Problem) -> tuple[int, str, str, int]:
    """Errors first, then as the file reads: sheet by sheet, line by line (a cell's row)."""
    w = p.where
    line = w.line
    if line is None and w.cell is not None and (row := _CELL_ROW.search(w.cell)):
        line = int(row.group())
    return p.severity.rank, w.file, w.sheet or "", line or 0


def print_json(data: Any) -> None:
    """One strict JSON document on stdout, in one write."""
    sys.stdout.write(api.to_json(data) + "\n")


@contextmanager
def file_progress(files: list[Path], enabled: bool) -> Iterator[Any]:
    """A progress bar on stderr for many files; a no-op callback otherwise."""
    if not enabled or len(files) < 3:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("[bold]读取[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    console = err.console if isinstance(err, _OnFirstPrint) else err
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=len(files))

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        yield advance


def jobs_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--jobs N`: how many files are worked on at once, one process each."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="同时处理的文件数，每个文件一个进程（默认为本机核数）；1 表示不另起进程。",
    )(command)


def print_written(written: list[tuple[Path, bool]]) -> None:
    """Every file the command wrote, saying which replaced a file that was there."""
    for path, replaced in written:
        err.print(f"{'已覆盖' if replaced else '已写入'} {esc(path)}")


def refuse(code: str, message: str, as_json: bool, exit_code: int = 2) -> NoReturn:
    """Stop before any file is read (a bad policy, configuration or option): the message on
    stderr, and with --json the problem as the one JSON document on stdout."""
    if as_json:
        problem = Problem(code, Severity.ERROR, Location(), message)
        print_json({"problems": [api.problem_json(problem)]})
    err.print(f"[bold red]错误[/] {esc(message)} [dim]({code})[/dim]", soft_wrap=True)
    sys.exit(exit_code)
