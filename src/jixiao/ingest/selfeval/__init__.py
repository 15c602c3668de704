"""Find and read 项目支出绩效自评表 in grids, whatever the provincial layout."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal

from jixiao.core.model import Case, Kind
from jixiao.core.problems import Problem, Severity
from jixiao.ingest.grid import Grid, Row
from jixiao.ingest.selfeval import header as hd
from jixiao.ingest.selfeval import indicators as ind
from jixiao.ingest.selfeval import labels as lb
from jixiao.ingest.selfeval.alignment import Columns, level_of


def _is_title(row: Row) -> bool:
    filled = row.filled
    if not 0 < len(filled) <= 3 or "自评" not in row.text:
        return False
    return any(lb.TITLE.search(lb.clean(t)) for _, t in filled)


_project_label = lb.matcher(("项目名称", "项目编码"))


def _is_project_start(row: Row) -> bool:
    text = row.text
    if "项目" not in text or ("名" not in text and "编" not in text):
        return False
    return any(_project_label(t) for _, t in row.filled)


NEEDED = {
    Kind.SELFEVAL: ("target", "actual", "weight"),
    Kind.TARGET: ("target",),
    Kind.COMPLETION: ("target", "actual"),
}


def _stage(cols: Columns) -> Kind:
    """Without 实际完成值 a table is a 绩效目标表 (targets declared, nothing done yet); with
    actuals but neither 分值 nor 得分, a 绩效目标完成情况表 (as evaluation reports print)."""
    if "score" in cols:
        return Kind.SELFEVAL
    if "actual" not in cols:
        return Kind.TARGET
    return Kind.SELFEVAL if "weight" in cols else Kind.COMPLETION


# Columns of an evaluation indicator system (评价指标体系) or its score table, never of a
# self-evaluation or target table.
_FRAMEWORK_WORDS = (
    "四级指标",
    "得分率",
    "指标说明",
    "指标解释",
    "评分标准",
    "评分细则",
    "评分要点",
)


def _is_framework_table(rows: list[Row], head: int, cols: Columns) -> bool:
    """A header with indicator levels but no target or actual column, and words that only an
    evaluation framework's table uses (seed 000's 得分汇总表, seed 001's 评分表), or a 分值 and
    a 得分 column under no 自评表 title (a score table, whatever its caption: a 自评表 has a
    年度指标值 column, if one worded as jixiao does not know)."""
    if "target" in cols or "actual" in cols:
        return False
    if "weight" in cols and "score" in cols and not any(_is_title(r) for r in rows[:head]):
        return True
    around = " ".join(r.text for r in rows[max(0, head - 1) : head + 2])
    return any(word in around for word in _FRAMEWORK_WORDS)


def _is_prose(row: Row) -> bool:
    """One cell in the first column that names no indicator level: 表 3-2 …, or a paragraph."""
    if len(row.filled) != 1 or row.filled[0][0] != 0:
        return False
    return level_of(row.filled[0][1]) == 0


def split_tables(grid: Grid) -> list[list[Row]]:
    """Rows per table: a table starts at its title, or at 项目名称/项目编码 with no title above."""
    rows = list(grid.rows)
    starts: list[int] = []
    indicators = False  # an indicator header since the last start: that table is complete
    for i, row in enumerate(rows):
        if _is_title(row) or (_is_project_start(row) and (not starts or indicators)):
            starts.append(i)
            indicators = False
        elif not indicators and "一级" in row.text and ind.is_header(row):
            indicators = True
    if not starts or any(ind.is_header(r) for r in rows[: starts[0]]):
        starts.insert(0, 0)
    bounds = [*starts, len(rows)]
    return [rows[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def read_tables(grid: Grid) -> tuple[list[Case], list[Problem]]:
    tables: list[Case] = []
    problems: list[Problem] = []
    for rows in split_tables(grid):
        start = len(problems)
        table = read_table(rows, grid, problems)
        if table is not None:
            lines = {row.where.line for row in rows}
            # a cell the grid cut (cell_chars) in this table's rows, then what reading it said
            own = [p for p in grid.problems if p.where.line is not None and p.where.line in lines]
            tables.append(dataclasses.replace(table, problems=(*own, *problems[start:])))
    return tables, problems


def read_table(rows: list[Row], grid: Grid, problems: list[Problem]) -> Case | None:
    head = next((i for i, r in enumerate(rows) if ind.is_header(r)), None)
    if head is None:
        if any(_is_title(r) for r in rows):
            problems.append(
                Problem(
                    "no-indicators",
                    Severity.ERROR,
                    rows[0].where,
                    "找到了自评表标题，但没有找到指标表头（一级指标、三级指标、年度指标值……）",
                )
            )
        return None
    cols, last_header = ind.merged_header(rows, head)
    if _is_framework_table(rows, head, cols):
        problems.append(
            Problem(
                "framework-table",
                Severity.INFO,
                rows[head].where,
                "这是评价指标体系或得分表（有指标层级、分值或得分，没有年度指标值和实际完成值），"
                "不是自评表或绩效目标表，未读取；评价案例请按 docs/evaluation-format.md 写成 YAML",
            )
        )
        return None
    stage = _stage(cols)
    missing = [lb.INDICATOR_COLUMNS[k][0] for k in NEEDED[stage] if k not in cols]
    if missing:
        problems.append(
            Problem(
                "header-incomplete",
                Severity.ERROR,
                rows[head].where,
                f"指标表头缺少列：{'、'.join(missing)}",
            )
        )
        return None
    before = rows[:head]
    funds_at = hd.find_funds_header(before)
    funds = None
    if funds_at is not None:
        goal_at = next((i for i, r in enumerate(before) if i > funds_at and "目标" in r.text), head)
        funds = hd.read_funds(before, funds_at, goal_at, problems)
    project = hd.read_project(before[: funds_at if funds_at is not None else head])
    expected, achieved = hd.read_goal(before)
    reader = ind.RowReader(cols, problems, shifts=grid.where.sheet is None)
    indicators = []
    total: tuple[Decimal | None, Decimal | None, str] = (None, None, "")
    total_where = None
    embedded = stage != Kind.SELFEVAL  # target tables are often printed inside a report
    for row in rows[last_header + 1 :]:
        if row.is_blank:
            continue
        if ind.is_header(row):
            if embedded:
                break  # the next table of the report
            continue  # a header repeated after a page break
        if embedded and _is_prose(row):
            break  # a caption or a paragraph: the table has ended
        if ind.is_total(row):
            total = ind.read_total(row)
            total_where = row.where
            text = total[2]
            if text.startswith("#"):
                problems.append(ind.artefact("total", row.where, text))
            break
        item = reader.read(row)
        if item is not None:
            indicators.append(item)
    if not indicators:
        problems.append(
            Problem(
                "no-indicators", Severity.ERROR, rows[head].where, "指标表头下没有读到任何指标行"
            )
        )
        return None
    declared = dict(reader.declared)
    rule = next((r for r in rows if "统一设置" in r.text), None)
    if rule is not None:  # “一级指标分值统一设置为：产出指标50分、效益指标30分……” (Anhui, Sichuan)
        levels, budget_points = hd.weights_rule(rule.text)
        for name, points in levels.items():
            declared.setdefault((name,), points)  # a weight beside the label wins
        if funds is not None and funds.weight is None and budget_points is not None:
            funds = dataclasses.replace(
                funds, weight=budget_points, weight_label=lb.tidy(rule.text)[:60]
            )
    return Case(
        project=project,
        funds=funds,
        indicators=tuple(indicators),
        goal_expected=expected,
        goal_achieved=achieved,
        declared_weights=declared,
        published_total=total[1],
        published_total_text=total[2] if total[1] is None else "",
        published_weight_total=total[0],
        total_where=total_where,
        where=rows[0].where,
        kind=stage,
    )
