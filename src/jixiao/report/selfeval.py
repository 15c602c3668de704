"""A short Word report for self-evaluation tables: one section per table, scores explained."""

from __future__ import annotations

import re

from jixiao.core.numbers import HUNDRED, fmt
from jixiao.core.results import Result
from jixiao.export.layout import INDICATOR_HEADER
from jixiao.report.builder import signature_date
from jixiao.report.document import (
    Align,
    Block,
    Cell,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from jixiao.report.tables import grouped_rows, header_cell
from jixiao.report.text import cn_number

# 无 / 无偏差 / 无偏差，正常范围内 / 未发生偏差：the row has nothing to explain
_NO_DEVIATION = re.compile(r"^(无|无偏差|未发生偏差|没有偏差|不存在偏差)([，,。；;、\s].*)?$")


def _table(r: Result, caption: str) -> Table:
    rows: list[tuple[Cell, ...]] = [tuple(header_cell(t) for t in INDICATOR_HEADER[1:8])]
    if r.budget is not None:
        b = r.budget
        rows.append(
            (
                Cell("预算执行率", 3, 1, Align.CENTER),
                Cell(""),
                Cell(f"{fmt(b.rate)}%" if b.rate is not None else ""),
                Cell(fmt(b.weight)),
                Cell(fmt(b.score)),
            )
        )
    shown = [i for i in r.indicators if i.weight]
    spans = grouped_rows([i.path for i in shown], 2)
    for ind, row_spans in zip(shown, spans, strict=True):
        cells = [Cell(name, 1, span) for name, span in row_spans if span]
        cells += [
            Cell(ind.path[-1], align=Align.LEFT),
            Cell(ind.target),
            Cell(ind.actual),
            Cell(fmt(ind.weight)),
            Cell(fmt(ind.score)),
        ]
        rows.append(tuple(cells))
    rows.append(
        (
            Cell("总分", 5, 1, Align.CENTER, True),
            header_cell(fmt(r.weight_total)),
            header_cell(fmt(r.total)),
        )
    )
    return Table(caption, tuple(rows), 1, (2, 2.4, 4, 2.2, 2.2, 1.2, 1.2), font_size=9)


class _Sections:
    """（一）（二）… sections counted as they are written, so a section left out leaves no gap."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.count = 0

    def add(self, title: str, *content: Block) -> None:
        self.count += 1
        self.blocks += [Heading(2, f"（{cn_number(self.count)}）{title}"), *content]


def _outcome(r: Result, published: str) -> str:
    """总分 and 等级 with how the grade was reached: full marks other than 100 are stated, and
    the scorer's note (graded on the score rate, or why there is no grade) follows."""
    full = f" / 满分 {fmt(r.weight_total)}" if r.weight_total != HUNDRED else ""
    note = f"（{r.grade_note}）" if r.grade_note else ""
    return f"按规则计算总分 {fmt(r.total)}{full} 分{published}，等级“{r.grade}”{note}。"


def build_selfeval_report(results: list[Result]) -> Document:
    blocks: list[Block] = []
    year = next((r.case.project.year for r in results if r.case.project.year), None)
    unit = next((r.case.project.unit for r in results if r.case.project.unit), "")
    blocks.append(
        Paragraph(
            f"本报告汇总{unit}{f'{year}年度' if year else ''}{len(results)}个项目的支出绩效自评结果。"
            "各项得分按年度指标值与实际完成值逐项计算，扣分处均附计算依据。"
        )
    )
    for n, r in enumerate(results, start=1):
        t = r.case
        blocks.append(Heading(1, f"{cn_number(n)}、{t.project.name}"))
        published = (
            f"（自评表填报 {fmt(t.published_total)} 分）" if t.published_total is not None else ""
        )
        # only what the table holds: a blank 项目编码 is left out, never shown as "—"
        known = [f"项目编码 {t.project.code}" if t.project.code else ""]
        known.append(f"实施单位{t.project.unit}" if t.project.unit else "")
        stated = "，".join(x for x in known if x)
        blocks.append(Paragraph((f"{stated}。" if stated else "") + _outcome(r, published)))
        sections = _Sections(blocks)
        if t.goal_expected:
            sections.add("年度总体目标", Paragraph(t.goal_expected))
        if t.goal_achieved:
            sections.add("实际完成情况", Paragraph(t.goal_achieved))
        sections.add("指标得分", _table(r, f"表 {n}-1 {t.project.name}绩效自评得分表"))
        lost: list[Block] = []
        if r.budget is not None and r.budget.score < r.budget.weight:
            lost.append(Paragraph(f"预算执行率：{r.budget.explanation}"))
        lost += [
            Paragraph(f"{i.path[-1]}：{i.explanation}") for i in r.indicators if i.score < i.weight
        ]
        if lost:
            sections.add("扣分说明", *lost)
        reasons = [
            (i.name, i.deviation)
            for i in t.indicators
            if i.deviation and not _NO_DEVIATION.match(i.deviation.strip())
        ]
        if reasons:
            sections.add(
                "偏差原因分析及改进措施", *(Paragraph(f"{name}：{text}") for name, text in reasons)
            )
    # the unit signs and dates the report it hands in; what the table does not say is left
    # blank for filling in by hand
    blocks.append(
        Signature((("填报单位（盖章）", unit), ("填报人", ""), ("填报日期", signature_date(""))))
    )
    title = f"{year}年度项目支出绩效自评报告" if year else "项目支出绩效自评报告"
    return Document(title, unit, tuple(blocks), unit, ("绩效自评",))
