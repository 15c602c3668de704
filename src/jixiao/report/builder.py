"""An evaluation report as a Document, in the chapter order of the published reports:
一 基本情况 … 七 其他需要说明的问题, then the annex indicator table.

Narrative comes from the case; every number, table and the indicator-by-indicator analysis
come from the scored result.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.framework import Node
from jixiao.core.numbers import fmt
from jixiao.core.results import EvaluationResult, IndicatorScore, NodeScore
from jixiao.report.document import Block, Document, Figure, Heading, Paragraph
from jixiao.report.tables import (
    annex_table,
    framework_table,
    funds_table,
    level_one,
    num,
    rate,
    summary_table,
    targets_table,
)
from jixiao.report.text import cn_number, narrative_blocks


def build_evaluation_report(result: EvaluationResult, chart: bytes | None = None) -> Document:
    case = result.case
    say = case.narrative.get
    blocks: list[Block] = []
    if say("preamble"):
        blocks += narrative_blocks(say("preamble", ""))

    blocks.append(Heading(1, "一、基本情况"))
    blocks += [Heading(2, "（一）项目背景"), *narrative_blocks(say("background", ""))]
    blocks += [Heading(2, "（二）项目概况"), *narrative_blocks(say("overview", ""))]
    blocks += [Heading(2, "（三）项目资金管理情况"), *narrative_blocks(say("funds", ""))]
    funds = funds_table(case, "表 1-1 项目资金情况表")
    if funds is not None:
        blocks.append(funds)
    blocks += [Heading(2, "（四）项目绩效目标"), *narrative_blocks(say("goals", ""))]
    targets = targets_table(case, "表 1-2 项目绩效目标完成情况表")
    if targets is not None:
        blocks.append(targets)

    blocks.append(Heading(1, "二、绩效评价工作开展情况"))
    blocks += [Heading(2, "（一）绩效评价目的、对象和范围"), *narrative_blocks(say("purpose", ""))]
    blocks.append(Heading(2, "（二）绩效评价原则、评价指标体系、评价方法和评价标准"))
    blocks += narrative_blocks(say("principles", ""))
    fw = case.framework
    blocks.append(
        Paragraph(
            f"本次评价采用“{fw.title}”，共设一级指标 {len(fw.nodes)} 个、末级指标 {len(fw.leaves())} 个，"
            f"满分 {num(fw.total)} 分。{_bands(result)}"
        )
    )
    blocks.append(framework_table(fw, "表 2-1 绩效评价指标体系"))
    blocks += [Heading(2, "（三）绩效评价工作过程"), *narrative_blocks(say("process", ""))]

    blocks.append(Heading(1, "三、综合评价情况及评价结论"))
    blocks.append(
        Paragraph(
            f"经评价，{case.project.name}项目综合得分 {num(result.total)} 分，评价等级为“{result.grade}”。"
            f"{_by_level(result)}"
        )
    )
    if say("conclusion"):
        blocks += narrative_blocks(say("conclusion", ""))
    blocks.append(summary_table(result, "表 3-1 绩效评价得分汇总表"))
    if chart is not None:
        blocks.append(Figure("图 3-1 一级指标得分率", chart))

    blocks.append(Heading(1, "四、绩效评价指标分析"))
    blocks += _analysis(result)

    blocks.append(Heading(1, "五、主要经验及做法、存在的问题及原因分析"))
    blocks += [Heading(2, "（一）主要经验及做法"), *narrative_blocks(say("experience", ""))]
    blocks.append(Heading(2, "（二）存在的问题及原因分析"))
    blocks += narrative_blocks(say("problems", "")) if say("problems") else _lost_points(result)
    blocks += [Heading(1, "六、有关建议"), *narrative_blocks(say("recommendations", ""))]
    blocks += [Heading(1, "七、其他需要说明的问题"), *narrative_blocks(say("other", ""), "无。")]

    blocks.append(annex_table(result, "附件：绩效评价指标体系及评分表"))
    subtitle = "　".join(x for x in (case.evaluator, case.date) if x)
    return Document(
        case.title,
        subtitle,
        tuple(blocks),
        case.evaluator,
        (case.kind, case.project.name, "绩效评价"),
    )


def _bands(result: EvaluationResult) -> str:
    bands = sorted(result.case.framework.grades, key=lambda b: b.minimum, reverse=True)
    if not bands:
        return ""
    parts = []
    upper: Decimal | None = None
    for band in bands:
        if upper is None:
            parts.append(f"{num(band.minimum)}分（含）以上为{band.label}")
        elif band.minimum > 0:
            parts.append(f"{num(band.minimum)}分（含）至{num(upper)}分为{band.label}")
        else:
            parts.append(f"{num(upper)}分以下为{band.label}")
        upper = band.minimum
    return (
        "评价结果分为"
        + "、".join(f"“{b.label}”" for b in bands)
        + f"{len(bands)}个等级："
        + "，".join(parts)
        + "。"
    )


def _by_level(result: EvaluationResult) -> str:
    parts = []
    for top, node in level_one(result):
        if node is not None:
            parts.append(
                f"{top.name}{num(node.score)}分（权重{num(top.weight)}分，"
                f"得分率{rate(node.score, top.weight)}）"
            )
    return ("其中，" + "，".join(parts) + "。") if parts else ""


def _analysis(result: EvaluationResult) -> list[Block]:
    scores = {s.path: s for s in result.indicators}
    nodes = {n.path: n for n in result.nodes}
    blocks: list[Block] = []
    for i, (top, node) in enumerate(level_one(result), start=1):
        blocks.append(Heading(2, f"（{cn_number(i)}）{top.name}情况"))
        if node is not None:
            blocks.append(
                Paragraph(
                    f"{top.name}类指标权重 {num(top.weight)} 分，得分 {num(node.score)} 分，"
                    f"得分率 {rate(node.score, top.weight)}。"
                )
            )
        blocks += _branch(top, (top.name,), scores, nodes, 3)
    return blocks


def _branch(
    node: Node,
    path: tuple[str, ...],
    scores: dict[tuple[str, ...], IndicatorScore],
    nodes: dict[tuple[str, ...], NodeScore],
    level: int,
) -> list[Block]:
    blocks: list[Block] = []
    if not node.children:
        return _leaf(scores[path])
    for j, child in enumerate(node.children, start=1):
        child_path = (*path, child.name)
        if child.children:
            sub = nodes.get(child_path)
            tail = f"（权重 {num(child.weight)} 分，得分 {num(sub.score)} 分）" if sub else ""
            title = f"{j}. {child.name}{tail}" if level == 3 else f"（{j}）{child.name}{tail}"
            blocks.append(
                Heading(min(level, 3), title) if level == 3 else Paragraph(title, bold=True)
            )
            blocks += _branch(child, child_path, scores, nodes, level + 1)
        else:
            blocks += _leaf(scores[child_path], f"{j}. " if level == 3 else f"（{j}）")
    return blocks


def _leaf(score: IndicatorScore, lead: str = "") -> list[Block]:
    head = f"{lead}{score.path[-1]}（权重 {num(score.weight)} 分，得分 {num(score.score)} 分）"
    blocks: list[Block] = [Paragraph(head, bold=True)]
    if score.note:
        blocks += [Paragraph(line) for line in score.note.splitlines() if line.strip()]
    blocks.append(Paragraph(f"评分：{score.explanation}"))
    return blocks


def _lost_points(result: EvaluationResult) -> list[Block]:
    lost = [s for s in result.indicators if s.score < s.weight]
    if not lost:
        return [Paragraph("本次评价各项指标均得满分，未发现需要说明的问题。")]
    blocks: list[Block] = [
        Paragraph(
            f"本次评价共有 {len(lost)} 项指标扣分，合计扣 "
            f"{fmt(sum((s.lost for s in lost), Decimal(0)))} 分："
        )
    ]
    blocks += [Paragraph(f"{i}. {s.path[-1]}：{s.explanation}") for i, s in enumerate(lost, 1)]
    return blocks
