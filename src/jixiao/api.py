"""The library's public face. The CLI and the web app call these and nothing deeper."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jixiao.core.model import SelfEvaluation
from jixiao.core.problems import Location, Problem, Severity, has_errors
from jixiao.core.results import TableResult
from jixiao.export.registry import writable_suffixes, write_tables
from jixiao.ingest.registry import read_path, readable_suffixes
from jixiao.scoring.policy import Policy, PolicyError, load_policy
from jixiao.scoring.selfeval import score_table

__all__ = [
    "Policy",
    "PolicyError",
    "Problem",
    "ScoreRun",
    "SelfEvaluation",
    "TableResult",
    "convert",
    "expand_paths",
    "load_policy",
    "read_path",
    "score_paths",
    "score_tables",
]


@dataclass(frozen=True, slots=True)
class ScoreRun:
    results: tuple[TableResult, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)


@contextmanager
def _batch() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is read and scored.

    Tables are acyclic values (frozen dataclasses, tuples, strings, Decimals), so reference
    counting frees them; the collector's passes over the many young objects a batch makes
    only cost time (about a third of it, measured by bench/bench_selfeval.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files as given, and the readable files inside directories (sorted, recursive)."""
    files: list[Path] = []
    problems: list[Problem] = []
    suffixes = set(readable_suffixes())
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not p.name.startswith(("~$", "."))
            )
            if not found:
                problems.append(
                    Problem(
                        "empty-directory",
                        Severity.WARNING,
                        Location(str(path)),
                        "目录中没有可读取的文件",
                    )
                )
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def score_tables(
    tables: Iterable[SelfEvaluation], policy: Policy | None = None
) -> list[TableResult]:
    return [score_table(t, policy) for t in tables]


def score_paths(
    paths: Iterable[Path],
    policy: Policy | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ScoreRun:
    files, problems = expand_paths(paths)
    results: list[TableResult] = []
    with _batch():
        _score_files(files, policy, on_file, results, problems)
    return ScoreRun(tuple(results), tuple(problems))


def _score_files(
    files: list[Path],
    policy: Policy | None,
    on_file: Callable[[Path], None] | None,
    results: list[TableResult],
    problems: list[Problem],
) -> None:
    for path in files:
        tables, read_problems = read_path(path)
        problems.extend(read_problems)
        for result in score_tables(tables, policy):
            results.append(result)
            problems.extend(result.problems)
        if on_file is not None:
            on_file(path)


def convert(source: Path, target: Path) -> list[Problem]:
    """Read every table in `source` and write them to `target` (format from its suffix)."""
    tables, problems = read_path(source)
    if has_errors(problems) and not tables:
        return problems
    if target.suffix.lower() not in writable_suffixes():
        known = "、".join(writable_suffixes())
        problems.append(
            Problem(
                "unsupported-output",
                Severity.ERROR,
                Location(str(target)),
                f"不支持输出为「{target.suffix or '无扩展名'}」（支持：{known}）",
            )
        )
        return problems
    target.parent.mkdir(parents=True, exist_ok=True)
    write_tables(tables, target)
    return problems
