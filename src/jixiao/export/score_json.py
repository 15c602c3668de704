"""The `jixiao score --json` shape, pinned by tests. Numbers are JSON numbers."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from jixiao.core.model import Project
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import EvaluationResult, IndicatorScore, TableResult

if TYPE_CHECKING:
    from jixiao.review.finding import Finding


def _n(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return (
        int(value)
        if value == value.to_integral_value() and value.as_tuple().exponent == 0
        else float(value)
    )


def indicator_json(i: IndicatorScore) -> dict[str, Any]:
    return {
        "key": i.key,
        "path": list(i.path),
        "target": i.target,
        "actual": i.actual,
        "weight": _n(i.weight),
        "score": _n(i.score),
        "published_score": _n(i.published_score),
        "explanation": i.explanation,
        "certain": i.certain,
    }


def project_json(p: Project) -> dict[str, Any]:
    return {"key": p.key, "code": p.code, "name": p.name, "year": p.year}


def table_json(r: TableResult) -> dict[str, Any]:
    t = r.table
    b = r.budget
    return {
        "source": str(t.where.file),
        "project": project_json(t.project),
        "budget": None
        if b is None
        else {
            "initial": _n(b.initial),
            "annual": _n(b.annual),
            "executed": _n(b.executed),
            "rate": _n(b.rate),
            "weight": _n(b.weight),
            "score": _n(b.score),
            "published_score": _n(b.published_score),
        },
        "indicators": [indicator_json(i) for i in r.indicators],
        "total": _n(r.total),
        "weight_total": _n(r.weight_total),
        "published_total": _n(t.published_total),
        "grade": r.grade,
        "grade_note": r.grade_note,
    }


def evaluation_json(r: EvaluationResult) -> dict[str, Any]:
    """An evaluation in the same shape; the budget is an indicator of its framework, so null."""
    c = r.case
    return {
        "source": str(c.where.file),
        "project": project_json(c.project),
        "budget": None,
        "indicators": [indicator_json(i) for i in r.indicators],
        "total": _n(r.total),
        "weight_total": _n(r.weight_total),
        "published_total": _n(c.published_total),
        "grade": r.grade,
        "grade_note": "",
    }


def finding_json(f: Finding) -> dict[str, str]:
    """A review finding as `jixiao review --json` prints it: a problem plus a suggestion."""
    return {**problem_json(f), "suggestion": f.suggestion, "fingerprint": f.fingerprint}


def problem_json(p: Problem | Finding) -> dict[str, str]:
    return {
        "code": p.code,
        "severity": p.severity.value,
        "where": str(p.where),
        "message": p.message,
    }


def score_json(
    results: list[TableResult | EvaluationResult], problems: list[Problem]
) -> dict[str, Any]:
    return {
        "tables": [
            evaluation_json(r) if isinstance(r, EvaluationResult) else table_json(r)
            for r in results
        ],
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


def encode_file(
    results: Iterable[TableResult | EvaluationResult], problems: Iterable[Problem]
) -> EncodedFile:
    tables = tuple(
        _ENCODE(evaluation_json(r) if isinstance(r, EvaluationResult) else table_json(r))
        for r in results
    )
    found = tuple(problems)
    failed = any(p.severity is Severity.ERROR for p in found)
    return EncodedFile(tables, tuple(_ENCODE(problem_json(p)) for p in found), failed)


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
