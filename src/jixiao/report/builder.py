"""An evaluation report as a Document, in the chapter order of the published reports:
一 基本情况 … 七 其他需要说明的问题, the signature block, then the annex indicator table.

Narrative comes from the case; every number, table and the indicator-by-indicator analysis
come from the scored result. A section the case says nothing about is left out (with a
warning), or written from the case's data where that is possible (评价工作过程); chapter and
section numbers are counted as the sections are written, so they run on without gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.framework import Node
from jixiao.core.model import NARRATIVE_KEYS, Case, Kind
from jixiao.core.numbers import fmt
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import IndicatorScore, NodeScore, Result
from jixiao.report.document import Block, Document, Figure, Heading, Paragraph, Signature
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
from jixiao.report.text import cn_number, heading_number, narrative_blocks


class _Report:
    """Blocks in order, with chapter (一、) and section (（一）) numbers counted as written."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.case = result.case
        self.blocks: list[Block] = []
        self.warnings: list[Problem] = []
        self.chapters = 0
        self.sections = 0

    def say(self, key: str, level: int = 2) -> list[Block]:
        """The case's narrative `key`, its own headings renumbered from `level` down."""
        return narrative_blocks(self.case.narrative.get(key, ""), level)

    def chapter(self, title: str, *blocks: Block) -> None:
        self.chapters += 1
        self.sections = 0
        self.blocks += [Heading(1, f"{cn_number(self.chapters)}、{title}"), *blocks]

    def section(
        self,
        title: str,
        key: str,
        *data: Block,
        derived: list[Block] | None = None,
        source: str = "",
    ) -> None:
        """A （一） section: the case's narrative `key`, else `derived` (written from `source`);
        then the `data` blocks (tables generated from the case). With neither narrative nor
        data it is left out."""
        text = self.say(key, 3)
        if not text and derived:
            text = derived
            self.note(key, Severity.INFO, "report-section-derived", f"已按{source}写出")
        elif not text:
            left = "报告中只列出由数据生成的内容" if data else "报告中略去该节"
            self.note(key, Severity.WARNING, "report-section-missing", left)
        if not text and not data:
            return
        self.sections += 1
        self.blocks += [Heading(2, f"（{cn_number(self.sections)}）{title}"), *text, *data]

    def note(self, key: str, severity: Severity, code: str, what: str) -> None:
        name = NARRATIVE_KEYS.get(key, key)
        self.warnings.append(
            Problem(
                code,
                severity,
                self.case.where.with_field(f"narrative.{key}"),
                f"案例没有写“{name}”，{what}",
            )
        )


def build_evaluation_report(result: Result, chart: bytes | None = None) -> Document:
    case = result.case
    fw = case.scored_on
    report = _Report(result)
    report.blocks += report.say("preamble")

    words = _wording(case)
    report.chapter(words.chapter_one)
    report.section(words.background, "background")
    report.section(words.overview, "overview")
    funds = funds_table(case, f"表 1-1 {words.subject}资金情况表")
    report.section(words.funds, "funds", *([funds] if funds else []))
    targets = targets_table(case, f"表 1-2 {words.subject}绩效目标完成情况表")
    report.section(words.goals, "goals", *([targets] if targets else []))

    report.chapter("绩效评价工作开展情况")
    report.section("绩效评价目的、对象和范围", "purpose")
    system = Paragraph(
        f"本次评价采用“{fw.title}”，共设一级指标 {len(fw.nodes)} 个、末级指标 {len(fw.leaves())} 个，"
        f"满分 {num(fw.total)} 分。{_bands(result)}"
    )
    report.section(
        "绩效评价原则、评价指标体系、评价方法和评价标准",
        "principles",
        system,
        framework_table(fw, "表 2-1 绩效评价指标体系"),
    )
    report.section(
        "绩效评价工作过程",
        "process",
        derived=_process(result),
        source="案例的评价单位、日期和评价框架",
    )

    overall = Paragraph(
        f"经评价，{case.project.name}{words.evaluated}综合得分 {num(result.total)} 分，评价等级为“{result.grade}”。"
        f"{_by_level(result)}"
    )
    figure = [Figure("图 3-1 一级指标得分率", chart)] if chart is not None else []
    report.chapter(
        "综合评价情况及评价结论",
        overall,
        *report.say("conclusion"),
        summary_table(result, "表 3-1 绩效评价得分汇总表"),
        *figure,
    )

    report.chapter("绩效评价指标分析", *_analysis(result))

    report.chapter("主要经验及做法、存在的问题及原因分析")
    report.section("主要经验及做法", "experience")
    report.section(
        "存在的问题及原因分析", "problems", derived=_lost_points(result), source="各指标的扣分情况"
    )
    recommendations = report.say("recommendations")
    if recommendations:
        report.chapter("有关建议", *recommendations)
    else:
        report.note("recommendations", Severity.WARNING, "report-section-missing", "报告中略去该章")
    # Published reports print 无。 under 其他需要说明的问题 when there is nothing to add.
    report.chapter("其他需要说明的问题", *(report.say("other") or [Paragraph("无。")]))

    report.blocks.append(_signature(result))
    report.blocks.append(annex_table(result, "附件：绩效评价指标体系及评分表"))
    subtitle = "　".join(x for x in (case.evaluator, case.date) if x)
    return Document(
        case.title,
        subtitle,
        tuple(report.blocks),
        case.evaluator,
        (case.kind_label, case.project.name, "绩效评价"),
        tuple(report.warnings),
    )


@dataclass(frozen=True, slots=True)
class _Wording:
    """The headings of chapter 一 and the names that follow the kind of evaluation."""

    chapter_one: str
    background: str
    overview: str
    funds: str
    goals: str
    subject: str  # 项目资金情况表 / 部门资金情况表
    evaluated: str  # what follows the evaluated name in the conclusion: …项目综合得分


_PROJECT = _Wording(
    "基本情况", "项目背景", "项目概况", "项目资金管理情况", "项目绩效目标", "项目", "项目"
)
# 部门整体支出评价 reports describe a department, not a project (seed 001 and the
# 部门整体支出绩效评价 templates): 部门（单位）基本情况 / 部门主要职能 / 年度总体工作和重点工作任务 …
_DEPARTMENT = _Wording(
    "部门（单位）基本情况",
    "部门主要职能",
    "年度总体工作和重点工作任务",
    "部门预算编制和执行情况",
    "部门整体绩效目标及履职情况",
    "部门",
    "",
)


def _wording(case: Case) -> _Wording:
    return _DEPARTMENT if case.kind == Kind.WHOLE else _PROJECT


def _process(result: Result) -> list[Block]:
    """评价工作过程 from what the case does hold: who evaluated, when, against which framework."""
    case = result.case
    if not case.evaluator:
        return []
    when = f"，于{case.date}完成评价" if case.date else ""
    fw = case.scored_on
    return [
        Paragraph(
            f"本次评价由{case.evaluator}组织实施{when}。评价依据“{fw.title}”所列 "
            f"{len(fw.leaves())} 项末级指标及其评分标准逐项核定得分，形成评价结论；"
            "各项指标的得分情况和扣分原因见第四部分及附件。"
        )
    ]


def _signature(result: Result) -> Signature:
    case = result.case
    return Signature(
        (("评价机构（盖章）", case.evaluator), ("主评人", ""), ("日期", signature_date(case.date)))
    )


_BLANK = "　　"  # two ideographic spaces: room to write a month or a day by hand
_PARTIAL_DATE = re.compile(r"^\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?\s*$")


def signature_date(date: str) -> str:
    """The date under a signature: the case's full date as written; a year (or year and month)
    alone gets blanks for what is missing (2024年　　月　　日), no date a blank one."""
    if not date.strip():
        return f"{_BLANK}{_BLANK}年{_BLANK}月{_BLANK}日"
    partial = _PARTIAL_DATE.match(date)
    if partial is None:
        return date.strip()
    year, month = partial.groups()
    return f"{year}年{month or _BLANK}月{_BLANK}日"


def _bands(result: Result) -> str:
    bands = sorted(result.case.scored_on.grades, key=lambda b: b.minimum, reverse=True)
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


def _by_level(result: Result) -> str:
    parts = []
    for top, node in level_one(result):
        if node is not None:
            parts.append(
                f"{top.name}{num(node.score)}分（权重{num(top.weight)}分，"
                f"得分率{rate(node.score, top.weight)}）"
            )
    return ("其中，" + "，".join(parts) + "。") if parts else ""


def _analysis(result: Result) -> list[Block]:
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
        # 立项依据充分性 › 立项依据充分性: a level that only repeats its parent is the same
        # indicator, printed once under the parent's number
        while len(child.children) == 1 and child.children[0].name == child.name:
            child = child.children[0]
            child_path = (*child_path, child.name)
        if child.children:
            sub = nodes.get(child_path)
            tail = f"（权重 {num(child.weight)} 分，得分 {num(sub.score)} 分）" if sub else ""
            title = f"{heading_number(level, j)}{child.name}{tail}"
            blocks.append(
                Heading(min(level, 3), title)
                if level == 3
                else Paragraph(title, bold=True, keep=True)
            )
            blocks += _branch(child, child_path, scores, nodes, level + 1)
        else:
            blocks += _leaf(scores[child_path], heading_number(level, j))
    return blocks


def _leaf(score: IndicatorScore, lead: str = "") -> list[Block]:
    head = f"{lead}{score.path[-1]}（权重 {num(score.weight)} 分，得分 {num(score.score)} 分）"
    blocks: list[Block] = [Paragraph(head, bold=True, keep=True)]
    if score.note:
        blocks += [Paragraph(line) for line in score.note.splitlines() if line.strip()]
    blocks.append(Paragraph(f"评分：{score.explanation}"))
    return blocks


def _lost_points(result: Result) -> list[Block]:
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
