"""Why a source file cannot be read: one exception type whose `problem` is the located Chinese
problem a reader reports as it is (file and line, stable code)."""

from __future__ import annotations

from jixiao.core.problems import Location, Problem, Severity


class SourceError(Exception):
    """A source that cannot be read; `problem` says why, where, in Chinese."""

    problem: Problem


class UnreadableFile(SourceError):
    """The file cannot be read at all; the message is the Chinese reason, `line` the line it
    stopped at when there is one. A reader that knows the file's `name` gives it, so `problem`
    is located; otherwise the reader's caller names the file."""

    def __init__(self, message: str, line: int | None = None, name: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.problem = Problem(
            "unreadable-file", Severity.ERROR, Location(name, line=line), message
        )


class LimitExceeded(SourceError):
    """A limit of `core.limits` exceeded while reading; carries the located `limit-exceeded`
    problem (`core.limits.exceeded`), which the reader's caller reports as it is."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
