"""Self-evaluation tables as tab-separated text, in the layout of the published PDFs (seed 003).

Values are written as the source printed them (published scores, artefacts and all), so
reading the text back gives the same tables.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.core.model import Case, Kind
from jixiao.core.numbers import in_unit
from jixiao.export.layout import FUNDS_HEADER, INDICATOR_HEADER, level_label, plain
from jixiao.export.xlsx_safe import TRIGGERS


def _amount(value: Decimal | None, unit: str) -> str:
    shown = in_unit(value, unit)
    if shown is None:
        return ""
    return format(shown.quantize(Decimal("0.01")) if unit == "元" else shown.normalize(), "f")


def text_rows(t: Case) -> list[list[str]]:
    if not t.scored:
        return _target_rows(t)
    unit = t.funds.money_unit if t.funds else "元"
    p = t.project
    rows: list[list[str]] = [
        ["项目支出绩效自评表"],
        ["项目编码:", p.code, "项目名称:", p.name, "绩效自评年度:", str(p.year or "")],
        ["实施单位:", p.unit, "主管部门:", p.department],
        ["资金使用情况"],
        list(FUNDS_HEADER),
    ]
    if t.funds:
        f = t.funds
        for i, line in enumerate([f.total, *f.sources]):
            amounts = [_amount(v, unit) for v in (line.initial, line.annual, line.executed)]
            extra = (
                [
                    plain(f.weight),
                    plain(f.published_rate),
                    plain(f.published_score) or f.published_text,
                ]
                if i == 0
                else ["—", "—", "—"]
            )
            label = f"项目资金({unit})" if i == 0 else ""
            rows.append([label, ("其中:" if i == 1 else "") + line.name, *amounts, *extra])
    rows.append(["项目目标完成情况"])
    rows.append(["年度总体目标", "预期目标", "", "", "", "实际完成情况"])
    goal = (t.goal_expected.replace("\n", " "), t.goal_achieved.replace("\n", " "))
    rows.append(["", goal[0], "", "", "", goal[1]])
    rows.append(list(INDICATOR_HEADER))
    for ind, cells in zip(t.indicators, _level_cells(t), strict=True):
        score = plain(ind.published_score) or ind.published_text
        rows.append(
            [*cells, ind.name, ind.target, ind.actual, plain(ind.weight), score, ind.deviation]
        )
    total = plain(t.published_total) or t.published_total_text
    rows.append(["总分", "", "", "", "", "", plain(t.published_weight_total), total, "—"])
    return rows


def _target_rows(t: Case) -> list[list[str]]:
    """A 绩效目标表: project, overall goal and the indicators with 年度指标值 and 分值;
    a 完成情况表: with 实际完成值 and 偏差原因 instead of 分值."""
    p = t.project
    completion = t.kind == Kind.COMPLETION
    rows: list[list[str]] = [
        [t.kind.label],
        ["项目编码:", p.code, "项目名称:", p.name, "年度:", str(p.year or "")],
        ["实施单位:", p.unit, "主管部门:", p.department],
        ["年度总体目标", t.goal_expected.replace("\n", " ")],
        [*INDICATOR_HEADER[:6], INDICATOR_HEADER[8]]
        if completion
        else [*INDICATOR_HEADER[:5], "分值"],
    ]
    for ind, cells in zip(t.indicators, _level_cells(t), strict=True):
        last = [ind.actual, ind.deviation] if completion else [plain(ind.weight)]
        rows.append([*cells, ind.name, ind.target, *last])
    if t.published_weight_total is not None and not completion:
        rows.append(["合计", "", "", "", "", plain(t.published_weight_total)])
    return rows


def _level_cells(t: Case) -> list[list[str]]:
    """The first three cells of each indicator row: level names where a new group starts."""
    out: list[list[str]] = []
    previous: tuple[str, ...] = ()
    for ind in t.indicators:
        cells = ["", "", ""]
        for level in (0, 1):
            key = ind.path[: level + 1]
            if previous[: level + 1] != key and len(key) > level:
                cells[1 + level] = level_label(t, key)
        previous = ind.path
        out.append(cells)
    return out


def write_text(tables: list[Case], path: Path) -> None:
    blocks = ["\n".join("\t".join(map(safe_cell, row)) for row in text_rows(t)) for t in tables]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


_BREAKS = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def safe_cell(text: str) -> str:
    """One cell of a tab-separated line: its own tabs and line breaks become spaces (they would
    split the table), and text a spreadsheet opening the file would take for a formula
    (= + - @) gets the apostrophe that keeps it text (OWASP); the text reader removes it."""
    text = text.translate(_BREAKS)
    return f"'{text}" if text.startswith(TRIGGERS) else text
