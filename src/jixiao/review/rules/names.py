"""Indicator names: sentences instead of names, names carrying their own target, duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.core.model import Indicator
from jixiao.core.problems import Problem
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, register
from jixiao.review.view import about, not_applicable, rows
from jixiao.scoring.judge import bare_direction
from jixiao.scoring.policy import load_policy
from jixiao.targets import Op, parse_cell
from jixiao.targets.parse import target_in_name

_SENTENCE = re.compile(r"[，。,！？]|(?<!\d)[;；]")
_VALUE = re.compile(
    r"[≥≤><＞＜]|\d+(?:\.\d+)?\s*(?:%|％|万|亿|元|人次|人|次|个|件|项|天|小时|工作日)"
    r"|第[一二三四1-4]季度|\d{1,2}月(?:\d{1,2}日)?|前完成|之前|以内|年底|年末"
)
_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")


def _shown(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def long_name(r: Result, p: Params) -> Iterator[Problem]:
    limit = int(p["max_chars"])
    for row, key in rows(r):
        name = row.name.strip()
        if not_applicable(row) or not name:
            continue
        if len(name) > limit or _SENTENCE.search(name):
            why = f"共 {len(name)} 字" if len(name) > limit else "含标点，像一句话"
            yield about(
                row,
                key,
                "path",
                f"指标名称「{_shown(name)}」{why}，不像一个指标名",
                "指标名称应是名词短语（如“系统正常运行率”），把要求、目标和说明移到年度指标值或指标解释中；"
                "一格写了几个指标的，应拆成几行",
            )


register(
    ReviewRule(
        "long-name",
        "指标名称是一句话",
        "指标名称超过设定字数，或带逗号、句号，是一句话而不是一个名称；也提示一格里写了几个指标。",
        long_name,
        examples=(
            (
                "三级指标“保障系统运行，有效提高“依法、逐级、理性、有序”的信访秩序，确保社会和谐稳定，产生社会效益”",
                "名称是一句话（seed 004 的“存在的问题”）",
            ),
        ),
    )
)


def name_holds_value(r: Result, p: Params) -> Iterator[Problem]:
    for row, key in rows(r):
        name = row.name.strip()
        if not_applicable(row) or not name:
            continue
        rest = _YEAR.sub("", name)
        m = _VALUE.search(rest)
        named = _named_target(row)
        if named is not None:
            shown, stem = named
            yield about(
                row,
                key,
                "path",
                f"年度指标值空着，目标「{shown}」写在了指标名称「{_shown(name)}」里，"
                f"评分按名称中的「{shown}」读取",
                f"把「{shown}」移到年度指标值，名称只写衡量什么（如“{_shown(stem)}”）",
            )
        elif m:
            yield about(
                row,
                key,
                "path",
                f"指标名称「{_shown(name)}」含有目标或时间「{m.group(0)}」",
                "名称只写衡量什么，目标值和期限写在年度指标值里（如名称“工作完成时间”，目标“第四季度前”）",
            )
        elif rest != name:
            yield about(
                row,
                key,
                "path",
                f"指标名称「{_shown(name)}」以年份开头",
                "年份属于绩效目标表本身，指标名称中不必重复",
                notice=True,
            )


def _named_target(row: Indicator) -> tuple[str, str] | None:
    """The target a name carries when the target cell is blank, as the scorer reads it, and
    the name without it."""
    if not parse_cell(row.target).blank:
        return None
    amount = target_in_name(row.name)
    if amount is None:
        return None
    shown = amount.text
    if amount.op is Op.BARE or amount.op is Op.APPROX:
        op, _, _ = bare_direction(row.path, amount.low, load_policy())
        shown = f"{op.value}{amount.low}"
    stem = row.name.strip()
    at = stem.rfind(amount.text)
    return shown, (stem[:at] if at > 0 else stem)


register(
    ReviewRule(
        "name-holds-value",
        "指标名称里写了目标值",
        "指标名称里带着自己的目标、期限或数值（如“于第四季度结束前完成相关工作”“2023年1月-2023年12月”），"
        "名称与指标值混在一起，无法比较；年度指标值空着、目标写在名称里的（如“年度资金支付完成率100%”），"
        "评分按名称中的目标读取，并提示移到年度指标值；以年份开头的名称作为提示。",
        name_holds_value,
        examples=(
            ("三级指标“于第四季度结束前完成相关工作”", "名称里写了期限"),
            ("三级指标“2023年1月-2023年12月”，年度指标值“1年”", "名称是时间段"),
            ("三级指标“年度资金支付完成率100%”，年度指标值空着", "目标「≥100%」应写在年度指标值"),
        ),
    )
)


def duplicate_indicator(r: Result, p: Params) -> Iterator[Problem]:
    seen: dict[tuple[str, str], int] = {}
    for i, (row, key) in enumerate(rows(r)):
        if not_applicable(row) or row.placeholder or not row.name.strip():
            continue
        named = (row.level1, row.name.strip())
        if named in seen:
            first = r.case.indicators[seen[named]]
            yield about(
                row,
                key,
                "path",  # the other row is in the same file: its place within it is enough
                f"指标「{row.name}」重复出现（另见 {first.at('path')._replace(file='')}），"
                f"目标分别为「{first.target}」「{row.target}」",
                "合并为一个指标，或改名区分衡量对象（如“业务科室满意度”“窗口科室满意度”）",
            )
        else:
            seen[named] = i


register(
    ReviewRule(
        "duplicate-indicator",
        "指标重复",
        "同一一级指标下出现同名指标。",
        duplicate_indicator,
        examples=(
            (
                "“各科室满意度 ≥95%”和“各科室满意度 ≥98%”两行",
                "同一指标写了两次（seed 003 综合管理事务）",
            ),
        ),
    )
)
