"""What the review rules read off a result: the case's indicators with their keys, its text,
its problems, and a finding about one indicator's field. Rules take the `Result` itself."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.identity import text_key
from jixiao.core.model import FIELD_NAMES, NARRATIVE_KEYS, Case, Indicator
from jixiao.core.problems import Location, Problem
from jixiao.core.results import Result
from jixiao.review.finding import hit
from jixiao.targets import holds_nothing


def rows(result: Result) -> Iterator[tuple[Indicator, str]]:
    """The case's indicators as written, each with its stable key (core/identity.py)."""
    case = result.case
    return zip(case.indicators, case.keys, strict=True)


def about(
    row: Indicator,
    key: str,
    field: str,
    message: str,
    suggestion: str,
    notice: bool = False,
    part: str = "",
) -> Problem:
    """A finding about the indicator `row` (its key `key`) in its `field` (target, actual,
    weight, score, path), or about one `part` of a compound target ("≥50份" of "≥50份;≥10份")."""
    subject = f"{key}|{part}" if part else key
    return hit(row.at(field), message, suggestion, notice, subject)


def not_applicable(row: Indicator) -> bool:
    """A row that says it does not apply (无, 不适用, ——) in its name and its target."""
    return holds_nothing(row.name) and holds_nothing(row.target)


def unit_of(case: Case) -> str:
    """Who a finding is addressed to: the 实施单位, else the department (a table) or the
    evaluator (an evaluation)."""
    other = case.evaluator if case.evaluation else case.project.department
    return case.project.unit or other


def narrative(result: Result) -> tuple[tuple[str, str], ...]:
    """The case's text as (label, text): a table's 年度总体目标, an evaluation's report
    sections and the evaluator's note on each indicator."""
    case = result.case
    if not case.evaluation:
        goals = (
            ("年度总体目标·预期目标", case.goal_expected),
            ("年度总体目标·实际完成情况", case.goal_achieved),
        )
        return tuple((label, text) for label, text in goals if text)
    text = tuple((NARRATIVE_KEYS.get(k, k), v) for k, v in case.narrative.items() if v)
    return text + tuple((s.path[-1], s.note) for s in result.indicators if s.note)


def problems_of(result: Result) -> tuple[Problem, ...]:
    """What reading the case and scoring it reported."""
    return result.case.problems + result.problems


def subject_of(result: Result, problem: Problem) -> str:
    """What a problem the reader or scorer reported (it knows the cell, not the key) is
    about: the indicator whose cell it names, and which of the cell's findings it is (its
    words: two parts of one cell are two subjects), else "" for the case itself."""
    if problem.subject:
        return problem.subject
    subjects: dict[Location, str] = {}
    for row, key in rows(result):
        if key:
            for name in FIELD_NAMES:
                place = row.at(name)
                subjects[place] = subjects[place._replace(field=None)] = key
    where = problem.where
    key = subjects.get(where) or subjects.get(where._replace(field=None), "")
    return f"{key}|{text_key(problem.message)}" if key else ""
