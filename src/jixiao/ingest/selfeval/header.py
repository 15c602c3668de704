"""The top of a self-evaluation table: project fields, the funds block, the overall goal."""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.memo import memo
from jixiao.core.model import FundLine, Funds, Project
from jixiao.core.numbers import parse_decimal
from jixiao.core.problems import Problem, Severity
from jixiao.ingest.grid import Row
from jixiao.ingest.selfeval import labels as lb
from jixiao.targets.lexicon import FUND_UNITS


@memo(8192)
def project_field(text: str) -> str | None:
    """Which project field a label cell names (项目编码 → "code"), or None."""
    if len(text) > 14 or any(ch.isdigit() for ch in text):  # labels are short words
        return None
    for key, names in lb.PROJECT_LABELS.items():
        if lb.match_label(text, names, 0 if key == "year" else 6):
            return key
    return None


def read_project(rows: list[Row]) -> Project:
    found: dict[str, str] = {}
    for row in rows:
        filled = row.filled
        for pos, (_, text) in enumerate(filled):
            key = project_field(text)
            if key is None or key in found:
                continue
            nxt = filled[pos + 1][1] if pos + 1 < len(filled) else ""
            if nxt and project_field(nxt) is None:
                found[key] = lb.tidy(nxt)
    year = _year(found.get("year", ""))
    if year is None:
        for row in rows:
            for _, text in row.filled:
                m = lb.TITLE_YEAR.search(text)
                if m:
                    year = int(m.group(1))
    code, name = found.get("code", "").replace(" ", ""), found.get("name", "")
    if not code:
        code, name = lb.split_code(name)
    return Project(
        code=code,
        name=name,
        year=year,
        unit=found.get("unit", ""),
        department=found.get("department", ""),
    )


def _year(text: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", text)
    return int(m.group(0)) if m else None


_funds_label = lb.matcher(lb.FUNDS_HEADER, 5)


def find_funds_header(rows: list[Row]) -> int | None:
    for i, row in enumerate(rows):
        hits = sum(1 for _, t in row.filled if _funds_label(t))
        if hits >= 2:
            return i
    return None


def read_funds(
    rows: list[Row], header_index: int, end: int, problems: list[Problem]
) -> Funds | None:
    header = rows[header_index]
    columns: dict[str, int] = {}
    for i, text in header.filled:
        for key, names in lb.FUNDS_COLUMNS.items():
            if key not in columns and lb.match_label(text, names, 6):
                columns[key] = i
    unit = _unit(rows, header_index, end)
    if unit is None:
        unit = "元"
        problems.append(
            Problem(
                "funds-unit-unknown",
                Severity.WARNING,
                header.where,
                "资金使用情况没有写明金额单位（元或万元），金额按所填数字以元读取；"
                "执行率不受影响，金额请核对后在表头注明单位",
            )
        )
    declared, declared_by = _declared_weight(rows, header_index)
    total: FundLine | None = None
    extras: tuple[Decimal | None, Decimal | None, Decimal | None, str] = (None, None, None, "")
    sources: list[FundLine] = []
    where = header.where
    factor = FUND_UNITS.get(unit, Decimal(1))
    for row in rows[header_index + 1 : end]:
        label_at, label = _fund_label(row)
        if label_at is None:
            continue
        values = _fund_values(row, label_at, columns, problems)
        amounts = [v * factor if v is not None else None for v in values[:3]]
        line = FundLine(label, amounts[0], amounts[1], amounts[2])
        if label in lb.FUNDS_TOTAL or (
            total is None and not sources and not lb.funds_source(label)
        ):
            total = line
            extras = (values[3], values[4], values[5], _score_text(row, columns))
            where = row.where
        else:
            sources.append(line)
    if total is None:
        return None
    weight, rate, score, score_text = extras
    shown = score_text if score is None else ""
    label = ""
    if weight is None and declared is not None:
        weight, label = declared, declared_by
    return Funds(total, tuple(sources), weight, unit, rate, score, shown, where, label)


def _unit(rows: list[Row], header_index: int, end: int) -> str | None:
    """The unit of the amounts, from the declaration nearest the funds header: the header row
    (项目资金（万元）, 年度预算数(万元)), then the rows above it (a block label, 单位：万元
    under the title), then the rows of the block."""
    order = [header_index, *range(header_index - 1, -1, -1), *range(header_index + 1, end)]
    for i in order:
        if "元" not in rows[i].text:
            continue
        for _, text in rows[i].filled:
            unit = lb.declared_unit(text)
            if unit is not None:
                return unit
    return None


def _declared_weight(rows: list[Row], header_index: int) -> tuple[Decimal | None, str]:
    """Points the block declares for budget execution where no 分值 cell gives them: a block
    label 预算执行情况（20分）, a score header 得分（20分*执行率） (Hubei)."""
    for row in rows[max(0, header_index - 1) : header_index + 1]:
        for _, text in row.filled:
            c = lb.clean(text)
            if not ("执行" in c or "预算" in c or c.startswith("得分")):
                continue
            points = lb.declared_points(text)
            if points is not None:
                return parse_decimal(points), lb.tidy(text)
    return None, ""


def _fund_label(row: Row) -> tuple[int | None, str]:
    for i, text in row.filled:
        c = lb.clean(text).removeprefix("其中")
        if c in lb.FUNDS_TOTAL or lb.funds_source(c):
            return i, c
    return None, ""


def _score_text(row: Row, columns: dict[str, int]) -> str:
    col = columns.get("score")
    return row.cell(col).strip() if col is not None else ""


_FUND_KEYS = ("initial", "annual", "executed", "weight", "rate", "score")


def _fund_values(
    row: Row, label_at: int, columns: dict[str, int], problems: list[Problem]
) -> list[Decimal | None]:
    spots = [columns.get(k, -1) for k in _FUND_KEYS]
    texts = [row.cell(i) if i >= 0 else "" for i in spots]
    aligned = False
    for text in texts[:3]:
        if not text:
            continue
        if parse_decimal(text) is not None:
            aligned = True
        elif not lb.is_dash(text):
            aligned = False
            break
    if not aligned:  # columns shifted (PDF extraction): take the values in order after the label
        after = [(i, t) for i, t in row.filled if i > label_at][:6]
        texts = [t for _, t in after] + [""] * (6 - len(after))
        spots = [i for i, _ in after] + [-1] * (6 - len(after))
    values: list[Decimal | None] = []
    for text, column, key in zip(texts, spots, _FUND_KEYS, strict=True):
        value = parse_decimal(text.replace("%", "")) if text else None
        if value is None and text and not lb.is_dash(text) and not text.startswith("#"):
            problems.append(
                Problem(
                    "bad-number",
                    Severity.ERROR,
                    row.place(column),
                    f"{lb.FUNDS_COLUMNS[key][0]}「{text}」不是数字",
                )
            )
        values.append(value)
    return values


def read_goal(rows: list[Row]) -> tuple[str, str]:
    """(预期目标, 实际完成情况): the rows under the goal labels, up to the next block."""
    expected: list[str] = []
    achieved: list[str] = []
    started = False
    for row in rows:
        if not started and "目标" not in row.text and "完成" not in row.text:
            continue
        texts = [t for _, t in row.filled]
        content = [t for t in texts if not goal_label(t)]
        labelled = len(content) < len(texts)
        started = started or labelled
        if not started:
            continue
        if not labelled and (
            find_funds_header([row]) is not None
            or any(lb.SECTION_HEADING.match(lb.clean(t)) and len(t) < 30 for t in texts)
        ):
            break
        content = [lb.tidy(t) for t in content if not _is_section(t)]
        if content:
            expected.append(content[0])
            if len(content) > 1:
                achieved.append(" ".join(content[1:]))
    return "\n".join(expected), "\n".join(achieved)


_is_section = lb.matcher(("项目基本情况", "项目目标完成情况", "资金使用情况"), 2)


_GOAL_WORDS = lb.GOAL_LABELS + lb.GOAL_EXPECTED + lb.GOAL_ACHIEVED + ("项目年度目标完成情况",)


@memo(4096)
def goal_label(text: str) -> bool:
    """年度总体目标 / 预期目标 / 实际完成情况 and their variants ("1.项目年度目标")."""
    return lb.match_label(lb.SECTION_HEADING.sub("", lb.clean(text)), _GOAL_WORDS, 2)


_LEVEL_POINTS = re.compile(r"(产出|效益|满意度|成本)指标[^\d、，,；;。]{0,6}?(\d+(?:\.\d+)?)分")
_BUDGET_POINTS = re.compile(r"(?:预算资金|预算)?执行率[^\d、，,；;。]{0,4}?(\d+(?:\.\d+)?)分")


def weights_rule(text: str) -> tuple[dict[str, Decimal], Decimal | None]:
    """The weights a template's note fixes: “一级指标分值统一设置为：产出指标50分、效益指标30分、
    服务对象满意度指标10分、预算资金执行率10分” → ({产出指标: 50, …}, 10)."""
    c = lb.clean(text)
    levels = {f"{m.group(1)}指标": Decimal(m.group(2)) for m in _LEVEL_POINTS.finditer(c)}
    budget = _BUDGET_POINTS.search(c)
    return levels, Decimal(budget.group(1)) if budget else None
