"""Consistency: one document giving two values for one thing, a rate that its own counts
contradict, Excel artefacts, and the points an evaluation deducted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import permutations

from jixiao.core.identity import text_key
from jixiao.core.numbers import HUNDRED, fmt, fmt_plain
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, hit, register
from jixiao.review.rules.prose import stated_rates
from jixiao.review.rules.report import (
    deductions_disagree,
    table_rates,
    tables_disagree,
    text_totals,
)
from jixiao.review.view import about, narrative, problems_of, rows, subject_of, unit_of
from jixiao.targets import parse_cell
from jixiao.targets.terms import UnitKind

_SENTENCES = re.compile(r"[^。；;\n]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_STATED = r"{name}[^，。；%\d]{{0,8}}?(?:为|达|达到|是|：|:)\s*(\d+(?:\.\d+)?)\s*%"


def _percent(text: str) -> Decimal | None:
    amount = parse_cell(text).amount
    return amount.low.base if amount and amount.low.kind is UnitKind.PERCENT else None


def table_disagreement(r: Result, p: Params) -> Iterator[Problem]:
    tolerance = p["tolerance"]
    text = narrative(r)
    for row, key in rows(r):
        actual = _percent(row.actual)
        if actual is None or len(row.name) < 3:
            continue
        pattern = re.compile(_STATED.format(name=re.escape(row.name)))
        for label, said in text:
            for m in pattern.finditer(said):
                stated = Decimal(m.group(1))
                if abs(stated - actual) > tolerance:
                    yield about(
                        row,
                        key,
                        "actual",
                        f"「{row.name}」在表中为 {row.actual}，{label}中却写“{m.group(0)}”",
                        "同一事项只能有一个数：核实后统一表格与文字，并按核实后的数计分",
                    )
                    break
    yield from tables_disagree(r, p)
    yield from text_totals(r, p)
    yield from deductions_disagree(r, p)


def same_project_twice(results: Sequence[Result], p: Params) -> Iterator[tuple[int, Problem]]:
    """One document, one project, two sets of figures: a table disagreement too."""
    seen: dict[tuple[str, str], Result] = {}
    for i, r in enumerate(results):
        project = r.case.project
        if r.case.evaluation or not (project.code or project.name):
            continue
        key = (project.code or project.name, unit_of(r.case))
        first = seen.get(key)
        if first is not None and _figures(first) != _figures(r):
            yield (
                i,
                hit(
                    r.case.where,
                    f"项目「{project.name}」出现两次，数字不同：总分 {fmt(first.total)} 与 "
                    f"{fmt(r.total)}",
                    "同一项目只应有一张表；核实后删除或合并",
                ),
            )
        seen.setdefault(key, r)


def _figures(r: Result) -> tuple[Decimal, ...]:
    funds = r.case.funds.total if r.case.funds is not None else None
    amounts = (funds.annual, funds.executed) if funds is not None else ()
    return (r.total, *(a for a in amounts if a is not None))


register(
    ReviewRule(
        "table-disagreement",
        "表格与文字不一致",
        "同一事项在表格中是一个数，在正文或另一张表中是另一个数（比较百分比，容差 `tolerance` 个百分点）。"
        "评价报告：得分汇总表与附件评分表逐项比较（名称略有不同的按同一指标对应，如“完成及时率”与"
        "“完成及时性”；一张表有、另一张没有的指标，分值或得分不同的指标；名称不同只作提示）；"
        "结论写的总分、各评分表的总计与公布总分；指标分析的结论（“此项扣 N 分”“不扣分”“得 N 分”"
        "“满分 N 分”“得分率 N%”）与公布得分、各评分表的得分（分值得分容差 `score_tolerance`）。",
        table_disagreement,
        across=same_project_twice,
        examples=(
            (
                "目标完成情况表中“信访群众满意度 98.72%”，正文“视信访群众满意度为 90%”",
                "seed 004：两个数只能有一个是真的",
            ),
            (
                "表 3-1 得分汇总表“政务服务事务工作质量达标率”得 8 分，附件评分表 7.00",
                "seed 000：两表得分不同",
            ),
            (
                "“绩效指标明确性”分值 3、公布得分 2，分析写“故按照评分标准，此项扣2分”",
                "seed 000：按得分只扣 1 分",
            ),
        ),
    )
)

_COUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元|万人次|人次|个|件|人|次|份|条|项|户|家|场|篇)")
_RATE = re.compile(
    r"([\u4e00-\u9fff]{1,10}(?:率|度))[^，。；%\d]{0,6}?(?:为|达|达到|是)?\s*(\d+(?:\.\d+)?)\s*%"
)


def ratio_inconsistent(r: Result, p: Params) -> Iterator[Problem]:
    seen = set()
    for found in _counts_and_rates(r, p):
        seen.add(found.subject)
        yield found
    yield from table_rates(r, p)
    # a sentence the counts already judged is not judged again against the funds
    yield from (found for found in stated_rates(r, p) if found.subject not in seen)


def _counts_and_rates(r: Result, p: Params) -> Iterator[Problem]:
    tolerance = p["tolerance"]
    for label, text in narrative(r):
        for sentence in _SENTENCES.findall(_THOUSANDS.sub("", text)):
            rates = _RATE.findall(sentence)
            counts = [(Decimal(v), u) for v, u in _COUNT.findall(sentence) if Decimal(v) > 0]
            units = {u for _, u in counts}
            # exactly two counts of one unit and one rate: "评价 3063 件，满意 2701 件，满意度 99.78%"
            if len(rates) != 1 or len(counts) != 2 or len(units) != 1:
                continue
            name, printed = rates[0][0], Decimal(rates[0][1])
            pairs = [
                (a, b)
                for (a, ua), (b, ub) in permutations(counts, 2)
                if ua == ub and b > 0 and a < b
            ]
            if not pairs:
                continue
            ratios = [(a / b * HUNDRED, a, b) for a, b in pairs]
            if any(abs(ratio - printed) <= tolerance for ratio, _, _ in ratios):
                continue
            ratio, a, b = min(ratios, key=lambda x: abs(x[0] - printed))
            yield hit(
                r.case.where.with_field(label),
                f"{label}中“{sentence.strip()[:60]}”：{name} {fmt(printed)}%，但 "
                f"{fmt_plain(a)} ÷ {fmt_plain(b)} = {fmt(ratio)}%",
                "核实计数与比率，二者应能互相推出",
                subject=text_key(sentence),
            )


register(
    ReviewRule(
        "ratio-inconsistent",
        "比率与计数矛盾",
        "正文一句话里写了两个计数和一个比率，比率却不能由这两个数算出（容差默认 0.5 个百分点）；"
        "评价报告评分表印的得分率不等于得分 ÷ 分值；正文写的预算执行率、资金到位率、成本控制率、"
        "预算调整率，资金表和同段文字写的金额按任何一种口径（调整后预算、到位资金、年初预算）都算不出来。",
        ratio_inconsistent,
        examples=(
            (
                "“共收到评价 3063 个，其中满意 2701 个，满意度 99.78%”",
                "2701 ÷ 3063 = 88.18%（seed 000）",
            ),
            ("评分表“制度执行有效性”分值 6、得分 4.5，得分率印 100%", "4.5 ÷ 6 = 75.00%"),
            (
                "资金表调整后预算 61.91 万元、实际支出 61.71 万元，正文“预算执行率为 96.68%”",
                "应为 99.68%",
            ),
        ),
    )
)


def excel_artefact(r: Result, p: Params) -> Iterator[Problem]:
    for problem in problems_of(r):
        if problem.code == "excel-artefact":
            yield hit(
                problem.where,
                problem.message,
                "调宽列或修正公式后重新导出；jixiao 已按规则重新计算该处得分",
                subject=subject_of(r, problem),
            )


register(
    ReviewRule(
        "excel-artefact",
        "表格残留",
        "公开的表格里留着 #####（列宽不足）、#DIV/0!、#REF! 等 Excel 残留。",
        excel_artefact,
        examples=(("“干部健康管理”表的得分列和总分印成 #####", "seed 003"),),
    )
)


def points_lost(r: Result, p: Params) -> Iterator[Problem]:
    if not r.case.evaluation:
        return
    for score in r.indicators:
        if score.score < score.weight:
            yield hit(
                score.where,
                f"「{score.path[-1]}」扣 {fmt(score.weight - score.score)} 分：{score.explanation}",
                "对照扣分原因整改，并在下一年度的目标和管理中落实",
                subject=score.key,
            )


register(
    ReviewRule(
        "points-lost",
        "评价扣分事项",
        "评价案例中每个丢分的指标及其原因，作为整改清单。",
        points_lost,
        severity=Severity.INFO,
        examples=(("seed 004“信访群众满意度”按未调查视同 90% 计，扣 1 分", "列入整改清单"),),
    )
)
