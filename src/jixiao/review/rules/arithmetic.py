"""Arithmetic a reviewer redoes: printed scores, rates, totals and weights against the rules."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.identity import node_key
from jixiao.core.model import Indicator, Kind
from jixiao.core.numbers import HUNDRED, ZERO, fmt
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, hit, register
from jixiao.review.rules.prose import stated_sums
from jixiao.review.rules.report import table_over_weight, table_totals, table_weights


def _row_for(r: Result, index: int) -> Indicator | None:
    rows = r.case.indicators
    return rows[index] if not r.case.evaluation and index < len(rows) else None


def score_mismatch(r: Result, p: Params) -> Iterator[Problem]:
    tolerance = p["tolerance"]
    for i, s in enumerate(r.indicators):
        if s.published_score is None or s.rule == "published_fallback":
            continue
        if abs(s.published_score - s.score) <= tolerance:
            continue
        row = _row_for(r, i)
        where = row.at("score") if row else s.where
        yield hit(
            where,
            f"「{s.path[-1]}」表内得分 {fmt(s.published_score)}，按评分规则应为 {fmt(s.score)}",
            f"改为 {fmt(s.score)}。计分依据：{s.explanation}",
            subject=s.key,
        )


register(
    ReviewRule(
        "score-mismatch",
        "得分与规则不符",
        "表内（或报告中）公布的指标得分，与按评分规则重新计算的结果不一致。",
        score_mismatch,
        severity=Severity.ERROR,
        examples=(
            (
                "年度指标值「全年突破21万」，实际「17.76万」，分值 6，表内得分 6.00",
                "按完成比例应得 5.07 分：表内多计 0.93 分",
            ),
        ),
    )
)


def budget_score_mismatch(r: Result, p: Params) -> Iterator[Problem]:
    b = r.budget
    if b is None or b.rate is None:
        return
    tolerance = p["tolerance"]
    if b.published_rate is not None and abs(b.published_rate - b.rate) > tolerance:
        yield hit(
            b.where.with_field("执行率"),
            f"表内执行率 {fmt(b.published_rate)}%，按全年执行数 ÷ 全年预算数应为 {fmt(b.rate)}%",
            f"改为 {fmt(b.rate)}%（{b.explanation}）",
        )
    if b.published_score is not None and abs(b.published_score - b.score) > tolerance:
        yield hit(
            b.where.with_field("执行率得分"),
            f"表内预算执行率得分 {fmt(b.published_score)}，应为 {fmt(b.score)}",
            f"改为 {fmt(b.score)}（{b.explanation}）",
        )


register(
    ReviewRule(
        "budget-score-mismatch",
        "执行率或其得分与金额不符",
        "表内的预算执行率，或执行率得分（执行率 × 分值），与年初/全年预算数、全年执行数算不出来。",
        budget_score_mismatch,
        severity=Severity.ERROR,
        examples=(
            ("全年预算数 41000.00，全年执行数 39099.42，表内执行率 96.36%", "按金额应为 95.36%"),
        ),
    )
)


def total_mismatch(r: Result, p: Params) -> Iterator[Problem]:
    tolerance = p["tolerance"]
    case = r.case
    if case.published_total is not None:
        parts = [s.published_score for s in r.indicators if s.weight or s.published_score]
        budget = r.budget.published_score if r.budget is not None else ZERO
        if parts and all(x is not None for x in parts) and budget is not None:
            printed = sum((x for x in parts if x is not None), ZERO) + budget
            if abs(printed - case.published_total) > tolerance:
                yield hit(
                    (case.total_where or case.where).with_field("总分"),
                    f"表内总分 {fmt(case.published_total)}，但各项表内得分合计为 {fmt(printed)}",
                    f"总分应为各项得分之和；按评分规则计算为 {fmt(r.total)}",
                )
    funds = case.funds
    if funds is not None and funds.sources:
        for column, label in (
            ("initial", "年初预算数"),
            ("annual", "全年预算数"),
            ("executed", "全年执行数"),
        ):
            total = getattr(funds.total, column)
            values = [getattr(s, column) for s in funds.sources]
            if total is None or any(v is None for v in values):
                continue
            parts_sum = sum((v for v in values if v is not None), ZERO)
            if abs(parts_sum - total) > tolerance:
                yield hit(
                    funds.where.with_field(label),
                    f"{label}：年度资金总额 {fmt(total)}，但各来源合计 {fmt(parts_sum)}",
                    "核对资金来源分项，使其合计等于年度资金总额",
                )
    yield from table_totals(r, p)
    yield from stated_sums(r, p)


register(
    ReviewRule(
        "total-mismatch",
        "合计不等于各项之和",
        "表内总分不等于各项表内得分之和；年度资金总额不等于各资金来源之和；评价报告的评分表"
        "（得分汇总表、附件评分表）总计行的得分或分值不等于各行之和；正文“总额 X，其中 A、B…”"
        "的分项之和超过总额（少于总额只作提示：可能有未列出的分项）。",
        total_mismatch,
        severity=Severity.ERROR,
        examples=(
            ("各项表内得分合计 96.48，表内总分 95.48", "总分与分项不符"),
            ("年度资金总额 100 万元，当年财政拨款 80 + 上年结转 10 + 其他 0", "来源合计 90 万元"),
            (
                "表 3-1 得分汇总表各行得分相加为 96.48，总计印 95.48",
                "seed 000：质量达标率一行印 8，附件为 7.00",
            ),
            (
                "“总资产 9,909.86 万元，其中流动资产 720.75 万元，固定资产 774.27 万元，"
                "在建工程 8,335.33 万元，无形资产 69.51 万元”",
                "seed 001：分项合计 9899.86 万元，少 10 万元（提示）",
            ),
        ),
    )
)


def score_over_weight(r: Result, p: Params) -> Iterator[Problem]:
    for i, s in enumerate(r.indicators):
        if s.published_score is not None and s.published_score > s.weight:
            row = _row_for(r, i)
            yield hit(
                row.at("score") if row else s.where,
                f"「{s.path[-1]}」表内得分 {fmt(s.published_score)} 超过分值 {fmt(s.weight)}",
                f"得分不能超过分值；按评分规则应为 {fmt(s.score)}",
                subject=s.key,
            )
    yield from table_over_weight(r, p)


register(
    ReviewRule(
        "score-over-weight",
        "得分超过分值",
        "表内得分大于该指标的分值（权重）；评价报告的评分表中某行得分大于该行分值。",
        score_over_weight,
        severity=Severity.ERROR,
        examples=(("分值 6.00，得分 7.00", "得分超过分值"),),
    )
)


def weight_sum(r: Result, p: Params) -> Iterator[Problem]:
    case = r.case
    if case.evaluation:
        yield from table_weights(r, p)  # an evaluation's weights as its report's tables print them
        return
    if not any(row.weight for row in case.indicators):
        return  # a table without a 分值 column (usual for 绩效目标表) has nothing to add up
    for path, declared in case.declared_weights.items():
        rows = [row for row in case.indicators if row.path[: len(path)] == path]
        summed = sum((row.weight or ZERO for row in rows), ZERO)
        if rows and summed != declared:
            yield hit(
                rows[0].at("weight"),
                f"「{'/'.join(path)}」注明 {fmt(declared)} 分，下属指标分值合计 {fmt(summed)}",
                "调整下属指标分值，使其合计等于注明的分值",
                subject=node_key(path),
            )
    expected: Decimal = p["total"]
    indicators = sum((row.weight or ZERO for row in case.indicators), ZERO)
    if case.kind == Kind.TARGET and r.budget is None:
        # a target table carries no 预算执行率 line: its indicators share what is left
        expected -= p["budget_weight"]
        if indicators != expected:
            yield hit(
                case.where.with_field("分值"),
                f"绩效指标分值合计 {fmt(indicators)}，应为 {fmt(expected)}（预算执行率另占 {p['budget_weight']} 分）",
                "产出 50、效益 30、满意度 10 为通行分配",
            )
        return
    budget = r.budget.weight if r.budget is not None else ZERO
    total = indicators + budget
    if total != expected:
        yield hit(
            (case.total_where or case.where).with_field("总分 · 分值"),
            f"各项分值（含预算执行率 {fmt(budget)} 分）合计 {fmt(total)}，应为 {fmt(expected)}",
            "产出 50、效益 30、满意度 10、预算执行 10 为通行分配",
        )


register(
    ReviewRule(
        "weight-sum",
        "分值不相加",
        "某一级指标注明的分值（如“产出指标(50分)”）不等于下属指标分值之和，或全表分值合计不是 100（绩效目标表没有预算执行率一行，指标分值合计应为 100 减 budget_weight）；"
        "评价报告的评分表中上级指标印的分值不等于下属指标分值之和，或各行分值合计不是评价框架的总分。",
        weight_sum,
        severity=Severity.ERROR,
        examples=(
            ("产出指标(50分) 下的指标分值 7 × 6 + 6 = 48", "少 2 分"),
            ("附件评分表三级指标“实施效益”印分值 5，其下四个指标各 5 分", "seed 000：应为 20"),
        ),
    )
)


def overspend(r: Result, p: Params) -> Iterator[Problem]:
    funds = r.case.funds
    if funds is None:
        return
    line = funds.total
    if line.annual and line.executed is not None and line.executed > line.annual:
        over = (line.executed - line.annual) / line.annual * HUNDRED
        yield hit(
            funds.where.with_field("全年执行数"),
            f"全年执行数 {fmt(line.executed)} 超过全年预算数 {fmt(line.annual)}（超 {fmt(over)}%）",
            "核实是否超预算支出；如有追加预算，应调整全年预算数",
        )


register(
    ReviewRule(
        "overspend",
        "超预算支出",
        "全年执行数大于全年预算数。",
        overspend,
        severity=Severity.ERROR,
        examples=(("全年预算数 50 万元，全年执行数 52 万元", "超支 4%"),),
    )
)
