"""An evaluation report's grids into an evaluation case: the framework from its fullest score
table, each leaf's rule read from its 评分标准 (or the published score kept, said so), facts
for the rules from the published score and the analysis, the narrative, and every score table
as printed for the review.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from jixiao.core.framework import Framework, Node
from jixiao.core.model import Case, Funds, Kind, Project
from jixiao.core.numbers import fmt
from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.report import ScoreRow, ScoreTable, TableRole
from jixiao.ingest.evaluation import MONEY_UNIT
from jixiao.ingest.framework import FrameworkError, framework_from_mapping, load_framework
from jixiao.ingest.grid import Grid
from jixiao.ingest.report.narrative import Narrative, prose, read_narrative
from jixiao.ingest.report.tables import find_tables

_KINDS = ("部门整体", "重点评价", "部门评价", "财政评价", "自评")


# a framework's leaves are tens; past this a table is no framework a report analyses leaf by
# leaf, and finding each one's analysis (leaves × paragraphs) would cost the file's square
_MOST_ANALYSED = 500


def _usable(table: ScoreTable) -> int:
    """How far a table can carry the framework: its leaves with weight and score, unique."""
    paths = Counter(r.path for r in table.rows)
    good = sum(1 for r in table.rows if r.weight is not None and paths[r.path] == 1)
    return good - 2 * sum(n - 1 for n in paths.values() if n > 1)


def _source(tables: Sequence[ScoreTable]) -> ScoreTable:
    """The table the framework comes from: the annex when it reads cleanly, else the
    cleanest table (the summary), explanations and standards then matched by leaf name."""
    scored = [t for t in tables if any(r.score is not None for r in t.rows)]
    ranked = sorted(
        scored or tables, key=lambda t: (_usable(t), t.role is TableRole.ANNEX), reverse=True
    )
    return ranked[0]


def report_case(grids: list[Grid], name: str) -> tuple[Case | None, list[Problem]]:
    """The evaluation case in a report's grids; None when no score table is found."""
    tables: list[ScoreTable] = []
    for grid in grids:  # each grid's tables read knowing the tables before them
        tables.extend(find_tables(grid, tables))
    # a report's score table has leaves with both a weight and a score (得分 without 分值 is
    # no score table, and nothing to score against)
    if not any(r.score is not None and r.weight is not None for t in tables for r in t.rows):
        return None, []
    narrative = read_narrative(prose(grids))
    source = _source(tables)
    annex = [r for t in tables if t.role is TableRole.ANNEX and t is not source for r in t.rows]
    matched = _matched(source.rows, annex)
    rows = [_completed(r, matched.get(i)) for i, r in enumerate(source.rows)]
    aliases = {
        r.path: other.name
        for i, r in enumerate(source.rows)
        if (other := matched.get(i)) is not None and other.name != r.name
    }
    problems: list[Problem] = []
    rows = _once(rows, source.label, problems)
    leaves = _leaves(rows, narrative, problems, aliases)
    try:
        framework = framework_from_mapping(
            {
                "id": "report",
                "title": f"{narrative.title or name}（据评分表读出）",
                "grades": [{"min": g.minimum, "label": g.label} for g in _grades()],
                "indicators": _tree(rows, leaves),
            },
            name,
        )
    except FrameworkError as exc:
        return None, exc.problems
    framework = _located(framework, {r.path: r.where for r in rows})
    total = source.total_score if source.total_score is not None else narrative.stated_total
    understood = sum(1 for leaf in leaves.values() if leaf["understood"])
    weights = sum((r.weight for r in rows if r.weight is not None), Decimal(0))
    if weights != framework.total:
        problems.append(
            Problem(
                "weight-total",
                Severity.WARNING,
                source.total_where or source.where,
                f"「{source.label}」各末级指标分值合计 {fmt(weights)}，不等于满分 "
                f"{fmt(framework.total)}；总分与等级照表内分值计算，请核对分值",
            )
        )
    problems.insert(
        0,
        Problem(
            "report-read",
            Severity.INFO,
            source.where,
            f"读出评价报告：评分表 {len(tables)} 张，框架取自「{source.label}」，"
            f"末级指标 {len(rows)} 个，评分标准识别为规则的 {understood} 个",
        ),
    )
    cover = narrative.cover
    kind = Kind.written(_kind(narrative.title))
    case = Case(
        title=narrative.title or name,
        project=_project(narrative, kind),
        evaluator=cover.get("evaluator", ""),
        date=cover.get("date", ""),
        framework=framework,
        facts={key: leaf["facts"] for key, leaf in leaves.items()},
        kind=kind,
        funds=Funds(weight=None, money_unit=MONEY_UNIT),  # named amounts: none read yet
        narrative=narrative.sections(),
        published_total=total,
        published_grade=narrative.stated_grade or source.grade,
        published_scores={
            key: leaf["score"] for key, leaf in leaves.items() if leaf["score"] is not None
        },
        score_tables=tuple(tables),
        where=Location(name),
        problems=tuple(problems),
    )
    return case, problems


def _agrees(row: ScoreRow, other: ScoreRow) -> int | None:
    """How many printed figures two rows share; None when one differs."""
    same = 0
    for a, b in ((row.weight, other.weight), (row.score, other.score)):
        if a is not None and b is not None:
            if a != b:
                return None
            same += 1
    return same


def _near(row: ScoreRow, other: ScoreRow) -> bool:
    """The same leaf under a name a little different: one name holds the other (满意度 ·
    政府部门及市民满意度), or the annex row's path names the summary's leaf."""
    a, b = row.name, other.name
    if len(a) >= 2 and len(b) >= 2 and (a in b or b in a):
        return True
    return a in other.path[:-1]


def _matched(rows: Sequence[ScoreRow], annex: Sequence[ScoreRow]) -> dict[int, ScoreRow]:
    """Each summary row's annex row: by its name, else the one row near its name whose
    weight and score agree best (none when two agree as well)."""
    out: dict[int, ScoreRow] = {}
    used: set[int] = set()
    by_name: dict[str, list[int]] = {}
    for j, other in enumerate(annex):
        by_name.setdefault(other.name, []).append(j)
    for i, row in enumerate(rows):
        same = by_name.get(row.name, [])
        if same:
            out[i] = annex[same[0]]
            used.add(same[0])
    names = {r.name for r in rows}
    for i, row in enumerate(rows):
        if i in out:
            continue
        ranked: list[tuple[int, int]] = []
        for j, other in enumerate(annex):
            if j in used or other.name in names or not _near(row, other):
                continue
            agree = _agrees(row, other)
            if agree is not None:
                ranked.append((agree, j))
        ranked.sort(reverse=True)
        if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            out[i] = annex[ranked[0][1]]
            used.add(ranked[0][1])
    return out


def _completed(row: ScoreRow, other: ScoreRow | None) -> ScoreRow:
    """A summary's row with what the annex says of the same leaf (its standard, above all)."""
    if other is None:
        return row
    return dataclasses.replace(
        row,
        explanation=row.explanation or other.explanation,
        standard=row.standard or other.standard,
        note=row.note or other.note,
        benchmark=row.benchmark or other.benchmark,
    )


def _once(rows: list[ScoreRow], label: str, problems: list[Problem]) -> list[ScoreRow]:
    """Each leaf once: a row that repeats an earlier row's whole path is set aside, said so
    at its row (the framework cannot hold one leaf twice)."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for row in rows:
        if row.path in seen:
            problems.append(
                Problem(
                    "framework-invalid",
                    Severity.WARNING,
                    row.where,
                    f"「{label}」中指标「{'/'.join(row.path)}」出现两次，只读第一次出现的一行",
                )
            )
            continue
        seen.add(row.path)
        kept.append(row)
    return kept


def _keys(rows: Sequence[ScoreRow]) -> dict[tuple[str, ...], str]:
    uses = Counter(r.name for r in rows)
    return {r.path: r.name if uses[r.name] == 1 else "/".join(r.path) for r in rows}


def _analysis(
    row: ScoreRow,
    narrative: Narrative,
    groups: Counter[tuple[str, ...]],
    members: dict[tuple[str, ...], list[str]],
    alias: str,
    rule: dict[str, Any] | None,
) -> str:
    """What the report says of a leaf: under its name (and the annex's name for it), and
    for a rule in parts under each part's name too (（1）“三公”经费控制率 …)."""
    parent = row.path[-2] if len(row.path) > 1 else ""
    names = [row.name, alias]
    if rule is not None and rule.get("kind") == "parts":
        names += [str(p.get("name", "")) for p in rule.get("parts") or []]
    said: list[str] = [row.note] if row.note else []
    # the levels above, nearest first, each with how many leaves it holds
    ancestors = [(row.path[k], groups[row.path[: k + 1]]) for k in range(len(row.path) - 2, -1, -1)]
    # the leaves it shares its nearest group with (a level that repeats the leaf's name, as
    # 四级 under a 三级 of one leaf, is no group)
    depth = next((len(row.path) - 1 - i for i, (_, n) in enumerate(ancestors) if n > 1), 0)
    siblings = members.get(row.path[:depth], []) if depth else []
    for i, wanted in enumerate(n for n in dict.fromkeys(names) if n):
        text = narrative.analysis_of(
            wanted, parent, ancestors=ancestors if i == 0 else (), siblings=siblings
        )
        for line in text.split("\n"):
            if line and line not in said:
                said.append(line)
    return "\n".join(said)


def _leaves(
    rows: Sequence[ScoreRow],
    narrative: Narrative,
    problems: list[Problem],
    aliases: dict[tuple[str, ...], str],
) -> dict[str, dict[str, Any]]:
    """Each leaf's rule and facts, by the key its facts are filed under."""
    from jixiao.ingest.report.facts import derive_facts
    from jixiao.ingest.report.standards import recognise

    # how many leaves each level above a leaf holds, and their names
    groups: Counter[tuple[str, ...]] = Counter()
    members: dict[tuple[str, ...], list[str]] = {}
    for r in rows:
        for k in range(1, len(r.path)):
            groups[r.path[:k]] += 1
            members.setdefault(r.path[:k], []).append(r.name)
    out: dict[str, dict[str, Any]] = {}
    analysed = len(rows) <= _MOST_ANALYSED
    if not analysed:
        problems.append(
            Problem(
                "limit-exceeded",
                Severity.WARNING,
                rows[0].where,
                f"评分表有 {len(rows)} 个末级指标（超过 {_MOST_ANALYSED} 个），"
                "未逐项查找正文的指标分析；各指标的事实只取自评分表",
            )
        )
    for row, key in zip(rows, _keys(rows).values(), strict=True):
        weight = row.weight if row.weight is not None else Decimal(0)
        found = recognise(row.standard, weight, name=row.name, benchmark=row.benchmark)
        note = (
            _analysis(row, narrative, groups, members, aliases.get(row.path, ""), found.rule)
            if analysed
            else row.note
        )
        facts: dict[str, Any] = {}
        rule = found.rule
        understood = rule is not None
        if rule is not None:
            derived = derive_facts(rule, weight, row.score, note, row.name)
            facts = dict(derived.facts)
            if not facts and row.score is not None:
                rule, understood = None, False
                why = f"评分标准读作「{found.form}」，但{derived.how}"
            elif derived.how and rule.get("kind") == "formula":
                note = (
                    f"（事实来源：{derived.how}）\n{note}".strip()
                )  # a formula's facts are its names
            elif derived.how:
                facts["basis"] = derived.how
        else:
            why = found.why
        if rule is None:
            rule = {"kind": "judgement"}
            if row.score is not None:
                reason = (
                    row.note.strip()
                    or "评分标准未识别为规则，沿用公布得分；扣分理由待评价组据报告填写"
                )
                facts = {"score": row.score, "reason": reason}
            problems.append(
                Problem(
                    "rule-not-understood",
                    Severity.INFO,
                    row.where,
                    f"「{row.name}」：{why.rstrip('。')}；"
                    + (
                        f"沿用公布得分 {fmt(row.score)} 分"
                        if row.score is not None
                        else "没有公布得分，待评价组评定"
                    ),
                    subject=key,
                )
            )
        if note:
            facts["note"] = note
        out[key] = {
            "rule": _as_written(rule),
            "facts": _as_written(facts),
            "score": row.score,
            "understood": understood,
        }
    return out


def _as_written(value: Any) -> Any:
    """Rule parameters and facts as a case file gives them back: a whole number (Decimal 1)
    as the int YAML reads "1" as, so the draft written and read again is the same case."""
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == 0:
        return int(value)
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_as_written(v) for v in value)
    return value


def _tree(rows: Sequence[ScoreRow], leaves: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicator tree as a framework file writes it, printed weights on the levels."""
    roots: list[dict[str, Any]] = []
    index: dict[tuple[str, ...], dict[str, Any]] = {}
    for row, key in zip(rows, _keys(rows).values(), strict=True):
        siblings = roots
        for depth in range(len(row.path) - 1):
            at = row.path[: depth + 1]
            node = index.get(at)
            if node is None or "children" not in node:
                node = {"name": row.path[depth], "children": []}
                index[at] = node
                siblings.append(node)
            siblings = node["children"]
        leaf: dict[str, Any] = {"name": row.name, "weight": row.weight or Decimal(0)}
        if len(row.path) > 1 and "/".join(row.path) == key:
            leaf["id"] = key  # two leaves of one name: told apart by their path
        for field in ("explanation", "standard", "benchmark"):
            if getattr(row, field):
                leaf[field] = getattr(row, field)
        leaf["rule"] = leaves[key]["rule"]
        index[row.path] = leaf
        siblings.append(leaf)
    return roots


def _located(framework: Framework, where: dict[tuple[str, ...], Location]) -> Framework:
    """Every leaf located at its row of the score table, not at a line of YAML."""

    def place(node: Node, path: tuple[str, ...]) -> Node:
        here = (*path, node.name)
        children = tuple(place(c, here) for c in node.children)
        at = where.get(here, node.where)
        return dataclasses.replace(node, children=children, where=at)

    return dataclasses.replace(framework, nodes=tuple(place(n, ()) for n in framework.nodes))


def _grades() -> tuple[Any, ...]:
    """财预〔2020〕10号's four bands (优 ≥90, 良 ≥80, 中 ≥60, 差), as the built-in framework has."""
    return load_framework("project-reference", None).grades


def _kind(title: str) -> str:
    return next((k for k in _KINDS if k in title), "部门评价")


def _project(narrative: Narrative, kind: Kind) -> Project:
    """The project the cover names, else the title; a department's whole spending
    (部门整体支出) is the department's own, named by it and the year."""
    cover = narrative.cover
    department = cover.get("department", "")
    unit = cover.get("unit", "")
    name = cover.get("project") or _project_name(narrative.title)
    if kind is Kind.WHOLE:
        unit = unit or department
        if not cover.get("project") and department:
            year = f" {narrative.year} 年度" if narrative.year else ""
            name = f"{department}{year}部门整体支出"
    return Project("", name, narrative.year, unit, department)


def _project_name(title: str) -> str:
    """The project a report's title names: 2023 年度政务服务事务项目支出部门评价报告 → 政务服务事务."""

    name = re.sub(r"^.*?20\d{2}\s*年度?\s*", "", title.replace(" ", ""))
    name = re.sub(
        r"(项目)?(支出)?(部门|重点|财政)?(整体)?(支出)?(绩效)?(评价|自评)(报告)?$", "", name
    )
    return name or title
