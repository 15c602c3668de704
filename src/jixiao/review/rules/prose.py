"""An evaluation report's text held to its numbers and to itself: rates and sums it states,
deductions it never explains, problems without a recommendation, a year that is not the year
evaluated. (`report.py` holds the score tables and the conclusion.)

`stated_rates` extends `ratio-inconsistent`, `stated_sums` `total-mismatch`,
`unexplained_deductions` `missing-deviation-reason`; `recommendation-gap` and `year-mismatch`
are registered here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from jixiao.core.identity import text_key
from jixiao.core.model import NARRATIVE_KEYS
from jixiao.core.numbers import HUNDRED, ZERO, fmt, fmt_plain, in_unit
from jixiao.core.problems import Problem
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, hit, register
from jixiao.review.rules.report import (
    NUMBER,
    NUMBERING,
    SENTENCES,
    THOUSANDS,
    clip,
    plain_name,
    table_rows,
)
from jixiao.review.view import narrative

# rates the text states, and how the funds give them: (numerator, denominator) line kinds
_FUND_RATES: dict[str, tuple[tuple[str, str], ...]] = {
    "预算执行率": (
        ("spent", "adjusted"),
        ("spent", "arrived"),
        ("spent", "budget"),
        ("spent", "initial"),
    ),
    "资金到位率": (("arrived", "adjusted"), ("arrived", "budget"), ("arrived", "initial")),
    "成本控制率": (
        ("spent", "adjusted"),
        ("spent", "budget"),
        ("spent", "initial"),
        ("spent", "arrived"),
    ),
    "预算调整率": (("change", "initial"), ("increase", "initial")),
}
_LINE_KINDS = (
    ("change", re.compile(r"调整金额|调剂金额")),
    ("spent", re.compile(r"实际支出|实际支付|支出金额|支付金额|决算数|执行数")),
    ("arrived", re.compile(r"到位|下达部门资金")),
    ("adjusted", re.compile(r"调整后|预算总额|指标金额|全年预算|调整预算")),
    ("initial", re.compile(r"年初|申报预算|申报")),
    ("budget", re.compile(r"预算")),
)
_OTHER_LINE = re.compile(r"其中|项目支出|基本支出|三公|公用经费|采购|概算|费用|结转|结余|上年")
_STATED_RATE = re.compile(
    r"(预算执行率|资金到位率|成本控制率|预算调整率)([^，。；%\d]{0,4}?)\s*" + NUMBER + r"\s*%"
)
_NOT_THE_RATE = re.compile(r"分别|≥|≤|>|<|=|＞|＜|不低于|不高于|以上|以下|目标|标准|要求")
_OTHER_RATE = re.compile(
    r"季度|月|其中|项目支出|基本支出|上年|上一年|同比|去年|序时|采购|三公|公用"
)
_STATED_AMOUNT = re.compile(
    r"([\u4e00-\u9fff“”]{2,16}?)\s*(?:为|是|：|:|达)?\s*(\d+(?:\.\d+)?)\s*(亿元|万元|元)"
)
_UNITS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def _kind(name: str) -> str:
    if _OTHER_LINE.search(name) and not _LINE_KINDS[0][1].search(name):
        return ""
    return next((kind for kind, pattern in _LINE_KINDS if pattern.search(name)), "")


def _fund_values(r: Result) -> dict[str, list[tuple[Decimal, str]]]:
    """The funds table's amounts by what they are (元), each with its name as written."""
    found: dict[str, list[tuple[Decimal, str]]] = {}
    funds = r.case.funds
    for line in funds.lines if funds is not None else ():
        kind = _kind(line.name)
        if kind and line.value is not None:
            shown = fmt(in_unit(line.value, funds.money_unit) if funds else line.value)
            unit = funds.money_unit if funds else "元"
            found.setdefault(kind, []).append((line.value, f"{line.name} {shown} {unit}"))
    return found


def _text_values(text: str) -> dict[str, list[tuple[Decimal, str]]]:
    found: dict[str, list[tuple[Decimal, str]]] = {}
    for m in _STATED_AMOUNT.finditer(text):
        kind = _kind(m.group(1))
        if kind:
            value = Decimal(m.group(2)) * _UNITS[m.group(3)]
            found.setdefault(kind, []).append((value, f"{m.group(1)} {m.group(2)} {m.group(3)}"))
    return found


def _ratios(rate: str, values: dict[str, list[tuple[Decimal, str]]]) -> list[tuple[Decimal, str]]:
    out = []
    adjusted, initial = values.get("adjusted", []), values.get("initial", [])
    values = {**values, "increase": [
        (a - i, f"（{a_name}）−（{i_name}）") for a, a_name in adjusted for i, i_name in initial
    ]}  # fmt: skip
    for top, bottom in _FUND_RATES[rate]:
        for a, a_name in values.get(top, []):
            for b, b_name in values.get(bottom, []):
                if b > 0:
                    out.append((a / b * HUNDRED, f"{a_name} ÷ {b_name}"))
    return out


def stated_rates(r: Result, p: Params) -> Iterator[Problem]:
    """`ratio-inconsistent`: 预算执行率, 资金到位率, 成本控制率 and 预算调整率 as the text states
    them, against the funds table and the amounts the same text states; a rate any of them
    gives (the documents divide by 调整后预算 or by 到位资金) is not held against the text."""
    if not r.case.evaluation:
        return
    tolerance = p["tolerance"]
    funds = _fund_values(r)
    for label, text in narrative(r):
        text = THOUSANDS.sub("", text)
        own = _text_values(text)
        values = {k: funds.get(k, []) + own.get(k, []) for k in {*funds, *own}}
        for sentence in SENTENCES.findall(text):
            for m in _STATED_RATE.finditer(sentence):
                clause = re.split(r"[，,：:]", sentence[: m.start()])[-1]
                if _NOT_THE_RATE.search(m.group(2)) or _OTHER_RATE.search(clause):
                    continue
                printed = Decimal(m.group(3))
                ratios = _ratios(m.group(1), values)
                if not ratios or any(abs(x - printed) <= tolerance for x, _ in ratios):
                    continue
                ratio, how = min(ratios, key=lambda x: abs(x[0] - printed))
                yield hit(
                    r.case.where.with_field(label),
                    f"{label}中“{clip(sentence.strip(), 60)}”：{m.group(1)} "
                    f"{fmt_plain(printed)}%，但 {how} = {fmt(ratio)}%",
                    "核实资金数与比率，二者应能互相推出；分母口径（调整后预算或到位资金）应与评分标准一致",
                    subject=text_key(sentence),
                )


_SUM_HEAD = re.compile(NUMBER + r"\s*(亿元|万元|元)\s*[，,]?\s*其中\s*[：:，,]?")
_AMOUNT = re.compile(NUMBER + r"\s*(亿元|万元|元)")


def stated_sums(r: Result, p: Params) -> Iterator[Problem]:
    """`total-mismatch`: "总资产 9909.86 万元，其中流动资产 720.75 万元，固定资产 …" whose
    parts add up to more than the whole (an error), or to less (a notice: a part may be
    left unnamed)."""
    tolerance = p["tolerance"]
    for label, text in narrative(r):
        for sentence in SENTENCES.findall(THOUSANDS.sub("", text)):
            for m in _SUM_HEAD.finditer(sentence):
                total, unit = Decimal(m.group(1)), m.group(2)
                parts = _parts(sentence[m.end() :], unit)
                if len(parts) < 2:
                    continue
                summed = sum(parts, ZERO)
                if abs(summed - total) <= tolerance:
                    continue
                listed = " + ".join(fmt_plain(x) for x in parts)
                more = summed > total
                yield hit(
                    r.case.where.with_field(label),
                    f"{label}中“{clip(sentence.strip(), 50, head=True)}”：其中各项 {listed} = "
                    f"{fmt_plain(summed)} {unit}，{'超过' if more else '少于'}总额 "
                    f"{fmt_plain(total)} {unit}（相差 {fmt_plain(abs(summed - total))} {unit}）",
                    "核对总额与分项：分项之和不能超过总额"
                    if more
                    else "核对总额与分项；如有未列出的分项，写明其名称和金额",
                    notice=not more,
                    subject=text_key(sentence),
                )


def _parts(rest: str, unit: str) -> list[Decimal]:
    """The amounts of a "其中" list: one per clause, in the total's unit, until a clause
    that is no part (a rate, a second amount, another unit)."""
    parts = []
    for clause in re.split(r"[，,、]", rest):
        amounts = _AMOUNT.findall(clause)
        if len(amounts) != 1 or amounts[0][1] != unit or "%" in clause:
            break
        parts.append(Decimal(amounts[0][0]))
    return parts


# ---- 5. deductions without a reason, problems without a recommendation, the wrong year --------

_EXPLAINS = re.compile(r"扣|失分|不得分|未得分|酌情|得\s*\d|得分为?\s*\d")
# the kinds whose score is the evaluator's judgement: only words can say why points were lost;
# a rate, a tier or a count explains its own score once the analysis states the number
_JUDGED = frozenset({"checklist", "judgement", "graded"})
_STATES_A_NUMBER = re.compile(r"\d")


def _judged(kind: str, params: Any) -> bool:
    if kind in _JUDGED:
        return True
    if kind != "parts" or not isinstance(params, Mapping):
        return False
    parts = params.get("parts") or ()
    return any(
        isinstance(part, Mapping)
        and isinstance(part.get("rule"), Mapping)
        and _judged(str(part["rule"].get("kind", "")), part["rule"])
        for part in parts
        if isinstance(part, Mapping)
    )


def unexplained_deductions(r: Result) -> Iterator[Problem]:
    """`missing-deviation-reason`: an indicator the report scores below its weight with no
    扣分说明 in any score table and no word of the deduction in its analysis."""
    matched = [table_rows(r, table) for table in r.case.score_tables]
    nodes = dict(r.case.scored_on.leaves()) if r.case.evaluation else {}
    for i, s in enumerate(r.indicators):
        score = s.published_score
        if score is None or score >= s.weight:
            continue
        if any((row := rows.get(i)) is not None and row.note.strip() for rows in matched):
            continue
        node = nodes.get(s.path)
        spec = node.rule if node is not None else None
        judged = s.rule in _JUDGED or (spec is not None and _judged(spec.kind, spec.params))
        if _EXPLAINS.search(s.note) or (not judged and _STATES_A_NUMBER.search(s.note)):
            continue
        yield hit(
            s.where.with_field("扣分说明"),
            f"「{s.path[-1]}」公布得分 {fmt(score)}（分值 {fmt(s.weight)}），扣 "
            f"{fmt(s.weight - score)} 分，评分表没有扣分说明，该指标的分析也没有写扣分（扣几分、因何扣分）",
            "写明扣分依据：不符合哪一评价要点、依据什么材料、扣几分",
            subject=s.key,
        )


_ITEM = re.compile(
    r"^[ \t]*(?:([（(])[ \t]*([一二三四五六七八九十]{1,3}|\d{1,2})[ \t]*[)）]"
    r"|([一二三四五六七八九十]{1,3})[ \t]*[、.．]|(\d{1,2})[ \t]*[.、．](?!\d))",
    re.M,
)
# two-character words every section uses: they tie nothing to anything
_STOP = frozenset(
    {
        "进一",
        "一步",
        "加强",
        "提高",
        "提升",
        "项目",
        "绩效",
        "管理",
        "工作",
        "有待",
        "不够",
        "问题",
        "原因",
        "主要",
        "进行",
        "相关",
        "建议",
        "完善",
        "存在",
        "情况",
        "方面",
        "部门",
        "单位",
        "实施",
        "以及",
        "根据",
        "我局",
        "需要",
        "有关",
        "推进",
        "推动",
        "确保",
        "做好",
        "健全",
        "建立",
        "加大",
        "强化",
        "持续",
        "继续",
        "不断",
        "全面",
        "落实",
        "规范",
        "开展",
        "通过",
        "按照",
    }
)


# a section's own heading, numbered as the report numbers its chapters: （二）存在的问题及原因分析
_HEADINGS = frozenset(
    plain_name(h)
    for h in (
        *NARRATIVE_KEYS.values(),
        "存在的问题",
        "存在问题及原因分析",
        "主要问题",
        "问题及原因",
        "相关建议",
        "建议",
        "改进建议",
        "下一步工作建议",
        "改进措施及建议",
    )
)


def _is_heading(text: str, m: re.Match[str]) -> bool:
    end = text.find("\n", m.end())
    return plain_name(text[m.end() : end if end >= 0 else len(text)]) in _HEADINGS


def _style(m: re.Match[str]) -> str:
    if m.group(1):
        return "（一）" if not m.group(2).isdigit() else "（1）"
    return "一、" if m.group(3) else "1."


def items(text: str) -> list[str]:
    """The numbered items of a section at its top level (the numbering its first item uses),
    each with its text; an unnumbered section is one item."""
    marks = [m for m in _ITEM.finditer(text) if not _is_heading(text, m)]
    if not marks:
        return [text.strip()] if text.strip() else []
    style = _style(marks[0])
    starts = [m.start() for m in marks if _style(m) == style]
    ends = [*starts[1:], len(text)]
    return [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]


def _words(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)} - _STOP


def _heading(item: str) -> str:
    return clip(NUMBERING.sub("", item.splitlines()[0]).strip(), 30)


def recommendation_gap(r: Result, p: Params) -> Iterator[Problem]:
    case = r.case
    problems = items(case.narrative.get("problems", ""))
    advice = items(case.narrative.get("recommendations", ""))
    if not problems or not advice:
        return
    ptitle, atitle = NARRATIVE_KEYS["problems"], NARRATIVE_KEYS["recommendations"]
    if len(problems) != len(advice):
        yield hit(
            case.where.with_field(atitle),
            f"{ptitle}列 {len(problems)} 项，{atitle}列 {len(advice)} 项，不能一一对应",
            "每个问题都应有针对性的建议，每条建议都应针对报告指出的问题：补上缺少的问题或建议，或合并重复的",
            subject=text_key("problems|recommendations"),
        )
    least = int(p["shared_words"])
    for mine, theirs, field, other in (
        (problems, advice, ptitle, atitle),
        (advice, problems, atitle, ptitle),
    ):
        words = [_words(t) for t in theirs]
        for item in mine:
            if all(len(_words(item) & w) < least for w in words):
                yield hit(
                    case.where.with_field(field),
                    f"{field}中的「{_heading(item)}」在{other}中找不到对应的内容",
                    f"为这一条写出对应的{other}，或说明它与哪一条对应",
                    subject=text_key(f"{field}|{_heading(item)}"),
                )


register(
    ReviewRule(
        "recommendation-gap",
        "问题与建议不对应",
        "评价报告“存在的问题”与“有关建议”的条数不同（按各自第一层编号 1. / （一） 计数），"
        "或某一条在另一部分中找不到一个共同的关键词（两字词，去掉“加强”“提高”“绩效”等通用词，"
        "至少 `shared_words` 个）。",
        recommendation_gap,
        examples=(
            (
                "存在的问题 4 项（1.–4.），有关建议 5 项（（一）–（五））",
                "seed 000：目录列问题五项，正文只有四项",
            ),
        ),
    )
)

_YEAR_MENTION = re.compile(r"(?<![\d〔\[（(\-—~至])((?:19|20)\d{2})\s*年(度)?(?!\s*\d{1,2}\s*月)")
_MONEY = re.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|元)")
_BUDGET_WORDS = re.compile(
    r"^(?:项目)?(?:调整后|年初|全年|实际)?(?:预算|支出|资金|经费|到位|执行|决算|拨付|部门预算)"
)
_OTHER_TIME = re.compile(
    r"结转|结余|同比|较上|比上|上年|上一年|去年|往年|以前年度|相比|对比|增长|减少|计划|拟|下一年|下年"
)
_QUIET_SECTIONS = frozenset({"background", "experience", "recommendations", "other"})


def _stem(name: str) -> str:
    return plain_name(re.sub(r"(?:19|20)\d{2}\s*(?:[-—–~至]\s*(?:19|20)?\d{2})?\s*年度?", "", name))


def year_mismatch(r: Result, p: Params) -> Iterator[Problem]:
    case = r.case
    year = case.project.year
    if not case.evaluation or year is None:
        return
    stem = _stem(case.project.name)
    quiet = {NARRATIVE_KEYS.get(k, k) for k in _QUIET_SECTIONS}
    for label, text in narrative(r):
        if label in quiet:
            continue
        for sentence in SENTENCES.findall(THOUSANDS.sub("", text)):
            if not _MONEY.search(sentence) or _OTHER_TIME.search(sentence):
                continue
            for m in _YEAR_MENTION.finditer(sentence):
                said = int(m.group(1))
                before = sentence[: m.start()]
                if said == year or before.count("《") > before.count("》"):
                    continue
                after = sentence[m.end() :].lstrip()
                about_it = (len(stem) >= 2 and plain_name(after).startswith(stem)) or bool(
                    _BUDGET_WORDS.match(after)
                )
                if about_it:
                    yield hit(
                        case.where.with_field(label),
                        f"{label}中“{clip(sentence[m.start() :].strip(), 50, head=True)}”写的是 {said} 年，"
                        f"评价的是 {year} 年度",
                        f"核实年度：评价年度的预算和支出应写作 {year} 年",
                        subject=text_key(sentence),
                    )
                    break


register(
    ReviewRule(
        "year-mismatch",
        "年度与评价年度不符",
        "评价报告写本项目预算、支出的句子里，年份不是评价年度（项目的 year）："
        "年份紧接项目名称或“预算”“支出”“资金”等词，且句中有金额。政策文件名（《》内）、"
        "文号、合同期（2022-2023 年）、日期（2024 年 7 月 31 日）、上年比较和结转资金不算。",
        year_mismatch,
        examples=(
            (
                "2023 年度评价报告写“2022年度政务服务事务项目调整后预算为 356.28 万元”",
                "seed 000：年度应为 2023 年",
            ),
        ),
    )
)
