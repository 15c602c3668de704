"""The `jixiao score --json` shape, pinned by tests: projections of the codec's lossless form
(`jixiao.codec`), numbers as JSON numbers."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from jixiao.codec import projection
from jixiao.core.model import Project
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import BudgetScore, IndicatorScore, Result

if TYPE_CHECKING:
    from jixiao.review.run import Reviewed


# The pinned shape, as projections of the codec's field table: the codec knows the fields and
# their forms (numbers as JSON numbers here, places as sentences), this file only which to show.
PROJECT = projection(Project, {"key": "key", "code": "code", "name": "name", "year": "year"})
INDICATOR = projection(
    IndicatorScore,
    {
        name: name
        for name in (
            "key",
            "path",
            "target",
            "actual",
            "weight",
            "score",
            "published_score",
            "explanation",
            "certain",
        )
    },
)
BUDGET = projection(
    BudgetScore,
    {
        name: name
        for name in ("initial", "annual", "executed", "rate", "weight", "score", "published_score")
    },
)
# a table and an evaluation alike; an evaluation's budget is an indicator of its framework
RESULT = projection(
    Result,
    {
        "source": "case.where.file",
        "project": ("case.project", PROJECT),
        "budget": ("budget", BUDGET),
        "indicators": ("indicators", INDICATOR),
        "total": "total",
        "weight_total": "weight_total",
        "published_total": "case.published_total",
        "grade": "grade",
        "grade_note": "grade_note",
    },
)
PROBLEM = projection(Problem, {name: name for name in ("code", "severity", "where", "message")})


def indicator_json(i: IndicatorScore) -> dict[str, Any]:
    return INDICATOR(i)


def project_json(p: Project) -> dict[str, Any]:
    return PROJECT(p)


def result_json(r: Result) -> dict[str, Any]:
    return RESULT(r)


def finding_json(r: Reviewed) -> dict[str, str]:
    """A review finding as `jixiao review --json` prints it: the problem, what to change and
    its fingerprint."""
    return {
        **problem_json(r.finding),
        "suggestion": r.finding.suggestion,
        "fingerprint": r.fingerprint,
    }


def problem_json(p: Problem) -> dict[str, str]:
    return PROBLEM(p)


def score_json(results: list[Result], problems: list[Problem]) -> dict[str, Any]:
    return {
        "tables": [result_json(r) for r in results],
        "problems": [problem_json(p) for p in problems],
    }


# No indent: json's C encoder then writes each table (indenting falls back to pure Python,
# half of a large run's time). One table or problem per line, still easy to read and grep.
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


class EncodedFile(NamedTuple):
    """One file's part of the `score --json` document, already encoded: what a worker process
    sends back (strings cross a process boundary ten times cheaper than the values)."""

    tables: tuple[str, ...]
    problems: tuple[str, ...]
    failed: bool  # a problem is an error


def encode_file(results: Iterable[Result], problems: Iterable[Problem]) -> EncodedFile:
    tables = tuple(_ENCODE(RESULT(r)) for r in results)
    found = tuple(problems)
    failed = any(p.severity is Severity.ERROR for p in found)
    return EncodedFile(tables, tuple(_ENCODE(PROBLEM(p)) for p in found), failed)


def write_score_json(files: Iterable[EncodedFile], stream: TextIO) -> bool:
    """`score_json` written file by file as `files` yields each file's part: nothing is held
    but the problems, spooled to a temporary file (they come after every table in the
    document). The same document as `score_json`, as JSON. True when any problem is an
    error."""
    failed = False
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        stream.write('{"tables": [')
        tables = problems = 0
        for file in files:
            for line in file.tables:
                stream.write(("\n" if not tables else ",\n") + line)
                tables += 1
            for line in file.problems:
                spool.write(("\n" if not problems else ",\n") + line)
                problems += 1
            failed = failed or file.failed
        stream.write('\n],\n"problems": [')
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
        stream.write("\n]}\n")
    return failed
