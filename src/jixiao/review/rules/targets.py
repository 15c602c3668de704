"""Targets: vague where they should be measurable, set far below what was done, units that
do not compare, and categories that have no real indicator (against earlier years: history.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.identity import node_key
from jixiao.core.model import Indicator
from jixiao.core.numbers import fmt_plain
from jixiao.core.problems import Problem
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, hit, register
from jixiao.review.view import about, not_applicable, problems_of, rows, subject_of
from jixiao.scoring.judge import bare_direction
from jixiao.scoring.policy import load_policy
from jixiao.targets import Amount, Level, Op, Unreadable, holds_nothing, parse_cell
from jixiao.targets.terms import Quantity, UnitKind

_MEASURABLE = re.compile(
    r"率|数|量|次|人|金额|成本|费用|经费|时间|时长|天|比例|覆盖|满意度|及时|达标|合格|完成"
)
_MEASURABLE_CATEGORIES = ("数量", "质量", "时效", "成本", "满意度")


def _measurable(row: Indicator) -> bool:
    return bool(_MEASURABLE.search(row.name)) or any(
        c in row.category for c in _MEASURABLE_CATEGORIES
    )


_GENERIC_COUNTERS = ("项", "个", "批", "套", "件")


def vague_target(r: Result, p: Params) -> Iterator[Problem]:
    project = r.case.project.name
    for row, key in rows(r):
        if not_applicable(row):
            continue
        reading = parse_cell(row.target)
        terms, amount = reading.terms, reading.amount
        if project and len(project) >= 4 and project in row.name:
            yield about(
                row,
                key,
                "path",
                f"指标「{row.name}」套用了项目名称",
                "指标应衡量项目的一项具体产出或效果，按合同和实施方案拆分（如“接入诉求渠道数量”）",
            )
        if (
            "数量" in row.category
            and amount is not None
            and amount.low.value == 1
            and amount.low.measure in _GENERIC_COUNTERS
        ):
            yield about(
                row,
                key,
                "target",
                f"「{row.name}」以「{row.target}」作为数量目标，过于笼统",
                "按合同和实施方案细化为可以清点的数量（功能模块、接入渠道、覆盖单位……）",
            )
            continue
        if not _measurable(row):
            if "效益" in row.level1 and terms and all(isinstance(t, Level) for t in terms):
                yield about(
                    row,
                    key,
                    "target",
                    f"效益指标「{row.name}」的目标「{row.target}」是定性说法",
                    "尽量给出可衡量的效益目标（如办理时长缩短到多少、覆盖多少人）",
                    notice=True,
                )
            continue
        if not row.target.strip() or reading.not_applicable:
            if not holds_nothing(row.actual):
                yield about(
                    row,
                    key,
                    "target",
                    f"「{row.name}」没有年度指标值，却填了实际完成值「{row.actual}」",
                    _suggest(row),
                )
            continue
        # a frequency (每季度, 工作日每日审发) is a schedule a reviewer can check: not vague
        if all(isinstance(t, Level | Unreadable) for t in terms):
            yield about(
                row,
                key,
                "target",
                f"「{row.name}」是可以量化的指标，年度指标值却是「{row.target}」",
                _suggest(row),
            )


def _suggest(row: Indicator) -> str:
    actual = parse_cell(row.actual).terms
    if len(actual) == 1 and isinstance(actual[0], Amount):
        q = actual[0].low
        # a percentage goes down to a multiple of 5 (98.72% → ≥95%): a round line the unit can hold
        line = f"{fmt_plain(q.value // 5 * 5)}%" if q.kind is UnitKind.PERCENT else _round_down(q)
        return f"改为可衡量的目标值；本年实际完成「{row.actual}」，可据此设定，如「≥{line}」"
    return "改为可衡量的目标值（数量、比率或期限，如“≥95%”“第四季度前完成”）"


register(
    ReviewRule(
        "vague-target",
        "目标不可衡量",
        "可以量化的指标（名称带“率、数、量、次、时间、满意度……”，或在数量、质量、时效、成本、满意度类下），"
        "年度指标值却写成“有所提升”“明显”“有效”等定性说法，或空着。",
        vague_target,
        examples=(
            (
                "质量指标“党建活动模式创新情况”，年度指标值“有所提升”，实际“100%”",
                "质量指标没有可衡量的目标",
            ),
        ),
    )
)


def ratio(target: Amount, actual: Amount) -> Decimal | None:
    """actual ÷ target in their base units, when they compare (one unit, or one side bare)."""
    t, a = target.low, actual.low
    if t.key != a.key and UnitKind.NONE not in (t.kind, a.kind):
        return None
    if t.base <= 0 or a.base <= 0:
        return None
    return a.base / t.base


def target_too_low(r: Result, p: Params) -> Iterator[Problem]:
    limit = p["ratio"]
    for row, key in rows(r):
        targets, actuals = parse_cell(row.target).terms, parse_cell(row.actual).terms
        if len(targets) != len(actuals):
            continue
        for k, (t, a) in enumerate(zip(targets, actuals, strict=True)):
            if not (isinstance(t, Amount) and isinstance(a, Amount)):
                continue
            if t.op not in (Op.GE, Op.GT, Op.BARE):
                continue
            if UnitKind.PERCENT in (t.low.kind, a.low.kind):  # rates cannot be "many times"
                continue
            times = ratio(t, a)
            if times is not None and times >= limit:
                yield about(
                    row,
                    key,
                    "target",
                    f"「{row.name}」实际完成 {a.text}，是年度指标值「{t.text}」的 {fmt_plain(times.quantize(Decimal('0.1')))} 倍",
                    f"目标明显定低了；下一年度可参考本年实际，设为不低于 {_round_down(a.low)}",
                    part=f"{k}:{t.text}" if len(targets) > 1 else "",
                )


def _round_down(q: Quantity) -> str:
    """Nine tenths of the actual, to two significant figures, in the actual's unit."""
    value = q.value * Decimal("0.9")
    digits = value.adjusted()
    step = Decimal(10) ** (digits - 1) if digits >= 1 else Decimal("0.1")
    rounded = (value // step) * step
    return f"{fmt_plain(rounded)}{q.measure}"


register(
    ReviewRule(
        "target-too-low",
        "目标定得过低",
        "实际完成值是目标值的很多倍（默认 3 倍及以上），说明目标定低了。只比较数量，不比较百分比。",
        target_too_low,
        examples=(
            (
                "社会效益指标“宣传知晓率”，年度指标值“≥3万”，实际“220万”",
                "实际是目标的 73.3 倍（seed 003）",
            ),
        ),
    )
)


def unit_mismatch(r: Result, p: Params) -> Iterator[Problem]:
    for problem in problems_of(r):
        if problem.code in ("unit-mismatch", "unknown-unit") and problem.severity.value != "info":
            yield hit(
                problem.where,
                problem.message,
                "目标和实际用同一单位书写",
                subject=subject_of(r, problem),
            )
    limit = p["bare_money_above"]
    for row, key in rows(r):
        targets, actuals = parse_cell(row.target).terms, parse_cell(row.actual).terms
        for k, (t, a) in enumerate(zip(targets, actuals, strict=False)):
            if not (isinstance(t, Amount) and isinstance(a, Amount)):
                continue
            bare, money = (t, a) if t.low.kind is UnitKind.NONE else (a, t)
            if (
                bare.low.kind is UnitKind.NONE
                and money.low.kind is UnitKind.MONEY
                and bare.low.base >= limit
            ):
                yield hit(
                    row.at("target" if bare is t else "actual"),
                    f"「{row.name}」金额「{bare.text}」没写单位，另一边是「{money.text}」",
                    f"写明单位（元或万元），避免把「{bare.text}」当成万元或元",
                    subject=f"{key}|{k}" if len(targets) > 1 else key,
                )


register(
    ReviewRule(
        "unit-mismatch",
        "单位不一致",
        "目标与实际的单位无法比较（如万元对人）；或一边是金额、另一边是没写单位的数字。",
        unit_mismatch,
        examples=(
            (
                "成本指标“干部健康管理经费”，年度指标值“41000”，实际“39099.42元”",
                "目标金额没写单位（seed 003）",
            ),
        ),
    )
)

_REQUIRED = {"产出": ("数量", "质量", "时效", "成本")}


def missing_category(r: Result, p: Params) -> Iterator[Problem]:
    indicators = r.case.indicators
    if not indicators:
        return
    real = [i for i in indicators if not not_applicable(i) and not holds_nothing(i.target)]
    categories = {(i.level1, i.category or i.level1) for i in real}
    for level1_word, needed in _REQUIRED.items():
        level1 = [i for i in indicators if level1_word in i.level1]
        if not level1:
            continue
        present = {c for l1, c in categories if level1_word in l1}
        present |= {l1 for l1, _ in categories if "成本" in l1}  # 成本指标 as its own level 1
        for word in needed:
            if not any(word in c for c in present):
                yield hit(
                    level1[0].at("path"),
                    f"产出指标下没有真正的{word}指标",
                    f"补充{word}指标（产出应覆盖数量、质量、时效、成本）",
                    subject=node_key((level1_word, word)),
                )
    for word, label in (("效益", "效益"), ("满意度", "满意度")):
        under = [i for i in indicators if word in i.level1]
        if under and not any(word in i.level1 for i in real):
            yield hit(
                under[0].at("path"),
                f"{label}指标全部为“无”或“不适用”",
                f"至少设置一个真实的{label}指标",
                subject=node_key((word,)),
            )


register(
    ReviewRule(
        "missing-category",
        "缺少必备类别",
        "产出指标下缺少数量、质量、时效或成本中的某一类，或效益、满意度指标全部是“无/不适用”。",
        missing_category,
        examples=(("产出指标下只有数量、质量指标", "缺少时效、成本指标"),),
    )
)


def direction_guess(r: Result, p: Params) -> Iterator[Problem]:
    policy = load_policy()
    for row, key in rows(r):
        if not_applicable(row):
            continue
        for term in parse_cell(row.target).terms:
            if not isinstance(term, Amount) or term.op not in (Op.BARE, Op.APPROX):
                continue
            op, _, guessed = bare_direction(row.path, term.low, policy)
            if not guessed:
                continue
            yield about(
                row,
                key,
                "target",
                f"「{row.name}」的年度指标值「{term.text}」没写比较符，指标名称和所在层级都看不出"
                f"越高越好还是越低越好，评分推定为「{op.value}{term.low}」",
                f"写明比较符：越高越好写「≥{term.low}」，越低越好写「≤{term.low}」",
            )
            break


register(
    ReviewRule(
        "direction-guess",
        "目标方向靠推定",
        "年度指标值只写了数值（如“99%”“41000”），没写 ≥ 或 ≤；指标名称里没有表明方向的词"
        "（完成、合格、整改、保障……或差错、投诉、成本、时长……），所在层级（成本、数量、满意度……）"
        "也看不出方向，评分只能推定“越高越好”。",
        direction_guess,
        examples=(("质量指标“平台性能”，年度指标值“99%”，实际“90%”", "看不出 99% 是下限还是上限"),),
    )
)
