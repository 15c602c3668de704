"""Money against results: scores the spending cannot support, and missing explanations."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.core.numbers import HUNDRED, ZERO, fmt
from jixiao.core.problems import Problem
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, hit, register
from jixiao.review.rules.prose import unexplained_deductions
from jixiao.review.view import about, rows

_NO_REASON = ("", "无", "无偏差", "正常", "无偏差,正常范围内", "无偏差，正常范围内", "/", "—")
_ABOUT_MONEY = re.compile(r"执行|支出|资金|结转|付款|支付|预算|款")


def budget_performance_divergence(r: Result, p: Params) -> Iterator[Problem]:
    b = r.budget
    if b is None or b.rate is None:
        return
    weight = sum((s.weight for s in r.indicators), ZERO)
    if not weight:
        return
    score_rate = sum((s.score for s in r.indicators), ZERO) / weight * HUNDRED
    if b.rate < p["execution_below"] and score_rate >= p["score_rate_above"]:
        yield hit(
            b.where.with_field("执行率"),
            f"预算只执行了 {fmt(b.rate)}%，指标却得了 {fmt(score_rate)}% 的分",
            "钱没有花出去，产出和效益却全部达成：核实指标的实际完成值是否真实，"
            "或目标是否与预算脱节",
        )


register(
    ReviewRule(
        "budget-performance-divergence",
        "钱与绩效不匹配",
        "预算执行率很低（默认低于 60%），指标得分率却很高（默认 90% 以上）。",
        budget_performance_divergence,
        examples=(
            (
                "全年预算 50000 元只执行 3657.80 元（7.32%），产出、效益、满意度全部满分",
                "seed 003 党政事务",
            ),
        ),
    )
)


def missing_deviation_reason(r: Result, p: Params) -> Iterator[Problem]:
    if r.case.evaluation:
        yield from unexplained_deductions(r)  # an evaluation explains a deduction (扣分说明)
        return
    for (row, key), score in zip(rows(r), r.indicators, strict=False):
        if score.score < score.weight and row.deviation.strip() in _NO_REASON:
            yield about(
                row,
                key,
                "deviation",
                f"「{row.name}」扣 {fmt(score.weight - score.score)} 分，却没有写偏差原因",
                "写明未完成的原因和改进措施",
            )
    b = r.budget
    if b is not None and b.rate is not None and b.rate < p["execution_below"]:
        explained = any(
            _ABOUT_MONEY.search(row.deviation)
            for row in r.case.indicators
            if row.deviation.strip() not in _NO_REASON
        )
        if not explained:
            yield hit(
                b.where.with_field("执行率"),
                f"预算执行率 {fmt(b.rate)}%，表中没有任何关于支出偏差的说明",
                "说明资金未支出的原因（如项目延期、指标冻结）及结转安排",
            )


register(
    ReviewRule(
        "missing-deviation-reason",
        "扣分却没有偏差原因",
        "指标丢了分、或预算执行率低于设定值（默认 90%），表中却没有写偏差原因分析及改进措施；"
        "评价报告公布的得分低于分值，评分表没有扣分说明，该指标的分析也没有一句说到扣分。",
        missing_deviation_reason,
        examples=(
            ("预算执行率 7.32%，所有指标的偏差原因都写“无偏差”", "seed 003 党政事务"),
            ("“财务合规性”分值 3、公布得分 2，报告没有写扣分理由", "seed 001"),
        ),
    )
)
