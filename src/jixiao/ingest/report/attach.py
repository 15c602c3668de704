"""An evaluation case read from a report, with the tables of targets the same report prints.

A report's 绩效目标表 or 绩效目标完成情况表 (表 1-1, 表 3-2 …) is not a case of its own: its
rows are the evaluation's 绩效目标及完成情况 (`Case.indicators`), as a hand-made evaluation
case writes them under `targets:`, and reviewed as such; its funds block, where it has one,
the evaluation's named amounts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from jixiao.core.model import Amount, Case, Funds, Indicator, Kind, Project
from jixiao.ingest.evaluation import target_label


def with_targets(case: Case, tables: Sequence[Case]) -> Case:
    """`case` with the rows of the report's tables of targets: the completion tables' (they
    carry what was done), then the target tables' rows of indicators no completion table
    lists; their funds and project's code, unit and department where the case has none."""
    done = [t for t in tables if t.kind is Kind.COMPLETION]
    chosen = done + [t for t in tables if t.kind is Kind.TARGET]
    if not chosen:
        return case
    listed = {row.path for t in done for row in t.indicators}
    project = case.project
    for table in chosen:
        project = _filled(project, table.project)
    return dataclasses.replace(
        case,
        project=project,
        # as an evaluation case holds its targets (docs/evaluation-format.md `targets:`)
        indicators=tuple(
            Indicator(row.path, row.target, row.actual, where=row.where, label=target_label(i))
            for i, row in enumerate(
                row
                for table in chosen
                for row in table.indicators
                if table.kind is Kind.COMPLETION or row.path not in listed
            )
        ),
        funds=_funds(case.funds, [t.funds for t in chosen if t.funds is not None]),
        problems=(*case.problems, *(p for t in chosen for p in t.problems)),
    )


# a table's funds block as an evaluation's named amounts, in the names the reports use
_LINES = (("年初预算", "initial"), ("调整后预算", "annual"), ("实际支出", "executed"))


def _funds(own: Funds | None, tables: Sequence[Funds]) -> Funds | None:
    """The case's funds, else the first table's total line as named amounts."""
    if own is not None and own.lines:
        return own
    for funds in tables:
        lines = tuple(
            Amount(name, getattr(funds.total, field))
            for name, field in _LINES
            if getattr(funds.total, field) is not None
        )
        if lines:
            return Funds(weight=None, money_unit=funds.money_unit, lines=lines, where=funds.where)
    return own


def _filled(project: Project, other: Project) -> Project:
    return dataclasses.replace(
        project,
        code=project.code or other.code,
        name=project.name or other.name,
        year=project.year if project.year is not None else other.year,
        unit=project.unit or other.unit,
        department=project.department or other.department,
    )
