"""A short Word report for self-evaluation tables: one section per table, scores explained."""

from __future__ import annotations

import re

from jixiao.core.numbers import fmt
from jixiao.core.results import TableResult
from jixiao.export.layout import INDICATOR_HEADER
from jixiao.report.document import Align, Block, Cell, Document, Heading, Paragraph, Table
from jixiao.report.tables import grouped_rows, header_cell, num
from jixiao.report.text import cn_number

# 无 / 无偏差 / 无偏差，正常范围内 / 未发生偏差：the row has nothing to explain
_NO_DEVIATION = re.compile(r"^(无|无偏差|未发生偏差|没有偏差|不存在偏差)([，,。；;、\s].*)?$")


def _table(r: TableResult, caption: str) -> Table:
    rows: list[tuple[Cell, ...]] = [tuple(header_cell(t) for t in INDICATOR_HEADER[1:8])]
    if r.budget is not None:
        b = r.budget
        rows.append(
            (
                Cell("预算执行率", 3, 1, Align.CENTER),
                Cell(""),
                Cell(f"{fmt(b.rate)}%" if b.rate is not None else ""),
                Cell(num(b.weight)),
                Cell(num(b.score)),
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
            Cell(num(ind.weight)),
            Cell(num(ind.score)),
        ]
        rows.append(tuple(cells))
    rows.append(
        (
            Cell("总分", 5, 1, Align.CENTER, True),
            header_cell(num(r.weight_total)),
            header_cell(num(r.total)),
        )
    )
    return Table(caption, tuple(rows), 1, (2, 2.4, 4, 2.2, 2.2, 1.2, 1.2), font_size=9)


def build_selfeval_report(results: list[TableResult]) -> Document:
    blocks: list[Block] = []
    year = next((r.table.project.year for r in results if r.table.project.year), None)
    unit = next((r.table.project.unit for r in results if r.table.project.unit), "")
    blocks.append(
        Paragraph(
            f"本报告汇总{unit}{f'{year}年度' if year else ''}{len(results)}个项目的支出绩效自评结果。"
            "各项得分按年度指标值与实际完成值逐项计算，扣分处均附计算依据。"
        )
    )
    for n, r in enumerate(results, start=1):
        t = r.table
        blocks.append(Heading(1, f"{cn_number(n)}、{t.project.name}"))
        published = (
            f"（自评表填报 {fmt(t.published_total)} 分）" if t.published_total is not None else ""
        )
        # only what the table holds: a blank 项目编码 is left out, never shown as "—"
        known = [f"项目编码 {t.project.code}" if t.project.code else ""]
        known.append(f"实施单位{t.project.unit}" if t.project.unit else "")
        stated = "，".join(x for x in known if x)
        blocks.append(
            Paragraph(
                (f"{stated}。" if stated else "")
                + f"按规则计算总分 {num(r.total)} 分{published}，等级“{r.grade}”。"
            )
        )
        if t.goal_expected:
            blocks += [Heading(2, "（一）年度总体目标"), Paragraph(t.goal_expected)]
        if t.goal_achieved:
            blocks += [Heading(2, "（二）实际完成情况"), Paragraph(t.goal_achieved)]
        blocks.append(Heading(2, "（三）指标得分"))
        blocks.append(_table(r, f"表 {n}-1 {t.project.name}绩效自评得分表"))
        lost = [i for i in r.indicators if i.score < i.weight]
        if r.budget is not None and r.budget.score < r.budget.weight:
            blocks.append(Paragraph(f"预算执行率：{r.budget.explanation}"))
        blocks += [Paragraph(f"{i.path[-1]}：{i.explanation}") for i in lost]
        reasons = [
            (i.name, i.deviation)
            for i in t.indicators
            if i.deviation and not _NO_DEVIATION.match(i.deviation.strip())
        ]
        if reasons:
            blocks.append(Heading(2, "（四）偏差原因分析及改进措施"))
            blocks += [Paragraph(f"{name}：{text}") for name, text in reasons]
    title = f"{year}年度项目支出绩效自评报告" if year else "项目支出绩效自评报告"
    return Document(title, unit, tuple(blocks), unit, ("绩效自评",))
