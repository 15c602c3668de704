"""Run the review rules over scored cases; `order` sorts findings by severity, then place;
`relative_place` names a file from the folder the user reviewed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

import jixiao.review.rules  # noqa: F401  (registers the built-in rules)
from jixiao.core.identity import fingerprint
from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import Result
from jixiao.review.finding import RuleSettings, review_rules
from jixiao.review.view import unit_of


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A finding with the unit, project and table it concerns (for batch reports)."""

    finding: Problem
    unit: str
    project: str
    # where the table or case starts: tells apart the tables of one file
    table: Location = field(default_factory=Location)
    key: str = ""  # the project's stable key (core/identity.py)

    @property
    def fingerprint(self) -> str:
        """Code, project, subject and field: the same finding however the file is laid out."""
        f = self.finding
        # a table with neither name nor code has no key: told apart by where it starts
        project = self.key or f"at|{self.table._replace(file='')}"
        return fingerprint(f.code, project, f.subject, f.where.field)


def review_results(results: list[Result], settings: dict[str, RuleSettings]) -> list[Reviewed]:
    """Every enabled rule on every result, then the rules that compare the results (the
    tables of one file)."""
    rules = review_rules()
    found: list[Reviewed] = []
    enabled = {
        code: (rule, config)
        for code, rule in rules.items()
        if (config := settings.get(code)) is not None and config.enabled
    }
    for result in results:
        for code, (rule, config) in enabled.items():
            for one in rule.check(result, config.params):
                found.append(_reviewed(code, one, config.severity, result))
    for code, (rule, config) in enabled.items():  # checks across the file's results
        if rule.across is not None:
            for i, one in rule.across(results, config.params):
                found.append(_reviewed(code, one, config.severity, results[i]))
    return found  # unsorted: the caller sorts everything once, with `order`


def order(r: Reviewed) -> tuple[int, str, str, int, str]:
    """Errors first, then by file, sheet and line, as a reviewer reads."""
    w = r.finding.where
    return (r.finding.severity.rank, w.file, w.sheet or "", w.line or 0, w.cell or "")


def _reviewed(code: str, found: Problem, severity: Severity, result: Result) -> Reviewed:
    """A rule's finding with its code and the configured severity (a notice stays 提示)."""
    level = Severity.INFO if found.severity is Severity.INFO else severity
    case = result.case
    return Reviewed(
        replace(found, code=code, severity=level),
        unit_of(case),
        case.project.name,
        case.where,
        case.project.key,
    )


def by_table(findings: Iterable[Reviewed], files: Sequence[Path]) -> list[list[Reviewed]]:
    """The findings table by table in reading order: files as reviewed, then each file's tables
    by sheet and line; within a table they keep the order they come in (errors first)."""
    rank = {str(path): i for i, path in enumerate(files)}

    def key(r: Reviewed) -> tuple[int, str, str, int, str, str]:
        t = r.table
        return (rank.get(t.file, len(rank)), t.file, t.sheet or "", t.line or 0, r.project, r.unit)

    return [list(group) for _, group in groupby(sorted(findings, key=key), key=key)]


def relative_place(where: Location, roots: Sequence[Path]) -> Location:
    """`where` with its file named as the user sees it: from the folder reviewed
    (`子目录/表.xlsx` for `材料目录/`), each folder's own name first when several paths were
    given, a file given by itself by its name. A file under no path given stays as it is."""
    if not where.file:
        return where
    path, best = Path(where.file), None
    for root in roots:
        if path.is_relative_to(root) and (best is None or len(root.parts) > len(best.parts)):
            best = root
    if best is None:
        return where
    if path == best:  # a file given by itself
        return where._replace(file=path.name)
    shown = path.relative_to(best)
    if len(roots) > 1:
        shown = Path(best.resolve().name) / shown
    return where._replace(file=shown.as_posix())
