"""An evaluation report held against itself: its score tables' own sums, the summary against
the annex, the conclusion's total and grade against the tables and the bands, each indicator's
analysis ("此项扣 2 分") against its scores. `prose.py` holds the report's text to its numbers.

The checks that extend an existing rule are called by that rule (`total-mismatch`,
`weight-sum`, `score-over-weight`, `ratio-inconsistent`, `table-disagreement`); the one with a
code of its own is registered here (`grade-mismatch`). Each reads only what the case itself
says: its score tables (`Case.score_tables`), narrative, facts' notes and published figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from jixiao.core.identity import indicator_keys, node_key, normal, text_key
from jixiao.core.model import Case
from jixiao.core.numbers import HUNDRED, ZERO, fmt, fmt_plain
from jixiao.core.problems import Location, Problem
from jixiao.core.report import ScoreRow, ScoreTable
from jixiao.core.results import Result
from jixiao.review.finding import Params, ReviewRule, hit, register
from jixiao.targets import parse_cell
from jixiao.targets.terms import UnitKind

NUMBER = r"(\d+(?:\.\d+)?)"
SENTENCES = re.compile(r"[^。；;\n]+")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
NUMBERING = re.compile(r"^\s*(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）.、．](?![0-9])|[①-⑳])\s*")


def plain_name(text: str) -> str:
    """A name as tables are matched on: no numbering, spaces or punctuation."""
    return normal(NUMBERING.sub("", text))


def _percent(text: str) -> Decimal | None:
    """A printed rate: "66.67%", and a bare "95.48" as percent (a bare 1 is ambiguous)."""
    amount = parse_cell(text).amount if text.strip() else None
    if amount is not None and amount.low.kind is UnitKind.PERCENT:
        return amount.low.base
    m = re.fullmatch(r"\s*" + NUMBER + r"\s*", text)
    return Decimal(m.group(1)) if m and Decimal(m.group(1)) > 1 else None


# ---- matching rows by name ------------------------------------------------------------------

_LONGEST = 200  # a name longer than this is no name: not compared letter by letter


def pair_paths(
    left: Sequence[tuple[str, ...]], right: Sequence[tuple[str, ...]], least: float = 0.8
) -> list[tuple[int, int]]:
    """Leaves of two tables paired by name: the same name first (the same parents break a
    tie), then names that differ a little (完成及时率/完成及时性, one name the start of the
    other) among those left; a leaf pairs at most once."""
    pairs: list[tuple[int, int]] = []
    free = set(range(len(right)))
    by_name: dict[str, list[int]] = {}
    for j, path in enumerate(right):
        by_name.setdefault(plain_name(path[-1]), []).append(j)
    left_over = []
    for i, path in enumerate(left):
        same = [j for j in by_name.get(plain_name(path[-1]), []) if j in free]
        if not same:
            left_over.append(i)
            continue
        parents = [plain_name(p) for p in path[:-1]]
        j = max(same, key=lambda j: (sum(plain_name(p) in parents for p in right[j][:-1]), -j))
        pairs.append((i, j))
        free.discard(j)
    # a row read with its names shifted by a level (a PDF's blank cell): its leaf's name is
    # one of the other's parents, or the other way round; the first such row in order
    still = []
    for i in left_over:
        a = plain_name(left[i][-1])
        near = [
            j
            for j in free
            if a in {plain_name(n) for n in right[j][:-1]}
            or plain_name(right[j][-1]) in {plain_name(n) for n in left[i][:-1]}
        ]
        if near:
            pairs.append((i, min(near)))
            free.discard(min(near))
        else:
            still.append(i)
    scored = []
    for i in still:
        a = plain_name(left[i][-1])
        for j in free:
            b = plain_name(right[j][-1])
            if max(len(a), len(b)) > _LONGEST:
                continue
            ratio = SequenceMatcher(None, a, b).ratio()
            if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
                ratio = max(ratio, 0.9)
            if ratio >= least:
                scored.append((ratio, i, j))
    used: set[int] = set()
    for _, i, j in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if i not in used and j in free:
            pairs.append((i, j))
            used.add(i)
            free.discard(j)
    return sorted(pairs)


def table_rows(r: Result, table: ScoreTable) -> dict[int, ScoreRow]:
    """The table's row for each of the result's leaves (by index), where the table has one."""
    pairs = pair_paths([s.path for s in r.indicators], [row.path for row in table.rows])
    return {i: table.rows[j] for i, j in pairs}


def _row_keys(r: Result, table: ScoreTable) -> list[str]:
    """Each row's indicator key: the leaf it matches, else its own path's key."""
    own = list(indicator_keys([row.path for row in table.rows]))
    pairs = pair_paths([row.path for row in table.rows], [s.path for s in r.indicators])
    for i, j in pairs:
        own[i] = r.indicators[j].key or own[i]
    return own


def _at(row: ScoreRow, field: str) -> Location:
    return row.where.with_field(field)


def _total_at(table: ScoreTable, field: str) -> Location:
    return (table.total_where or table.where).with_field(field)


# ---- 1. a score table's own arithmetic --------------------------------------------------------


def table_totals(r: Result, p: Params) -> Iterator[Problem]:
    """`total-mismatch`: a table's 总计 row against the sum of its rows (scores, weights)."""
    tolerance = p["tolerance"]
    for table in r.case.score_tables:
        subject = text_key(table.label)
        for column, printed, values in (
            ("得分", table.total_score, [row.score for row in table.rows]),
            ("分值", table.total_weight, [row.weight for row in table.rows]),
        ):
            if printed is None or not values or any(v is None for v in values):
                continue
            summed = sum((v for v in values if v is not None), ZERO)
            if abs(summed - printed) > tolerance:
                yield hit(
                    _total_at(table, f"总计 · {column}"),
                    f"「{table.label}」总计{column} {fmt(printed)}，但各行{column}合计为 "
                    f"{fmt(summed)}（相差 {fmt(summed - printed)}）",
                    f"核对各行{column}与总计：总计应等于各行之和；找出与其他表或正文不一致的那一行",
                    subject=f"{subject}|{column}",
                )


def table_weights(r: Result, p: Params) -> Iterator[Problem]:
    """`weight-sum`: a level's printed weight (实施效益 5) against its leaves' weights, and a
    table's weights against the framework's total."""
    case = r.case
    expected = case.scored_on.total if case.evaluation else p["total"]
    for table in case.score_tables:
        rows = table.rows
        depth = max((len(row.path) for row in rows), default=0)
        for level in range(depth - 1):
            for prefix, group in _groups(rows, level):
                printed = next((g.weights[level] for g in group if _weight_at(g, level)), None)
                weights = [g.weight for g in group]
                if printed is None or any(w is None for w in weights):
                    continue
                summed = sum((w for w in weights if w is not None), ZERO)
                if summed != printed:
                    yield hit(
                        _at(group[0], "分值"),
                        f"「{table.label}」中「{'/'.join(prefix)}」印分值 {fmt(printed)}，"
                        f"下属 {len(group)} 项指标分值合计 {fmt(summed)}",
                        f"上级指标的分值应为下属指标分值之和：改为 {fmt(summed)}，或核对下属指标的分值",
                        subject=f"{node_key(prefix)}|{table.role.value}",
                    )
        weights = [row.weight for row in rows]
        if not weights or any(w is None for w in weights):
            continue
        summed = sum((w for w in weights if w is not None), ZERO)
        if summed != expected and table.total_weight in (None, summed):
            also = f"，总计行也印 {fmt(table.total_weight)}" if table.total_weight else ""
            yield hit(
                _total_at(table, "总计 · 分值"),
                f"「{table.label}」各行分值合计 {fmt(summed)}{also}，评价总分应为 {fmt(expected)}",
                "核对各指标分值：指标体系的分值合计应为总分",
                subject=f"{text_key(table.label)}|分值",
            )


def _weight_at(row: ScoreRow, level: int) -> bool:
    return level < len(row.weights) and row.weights[level] is not None


def _groups(
    rows: Sequence[ScoreRow], level: int
) -> Iterator[tuple[tuple[str, ...], list[ScoreRow]]]:
    """Runs of rows under one node at `level` (rows as printed: a node's leaves are adjacent)."""
    run: list[ScoreRow] = []
    key: tuple[str, ...] | None = None
    for row in rows:
        if len(row.path) <= level + 1:
            here = None
        else:
            here = tuple(plain_name(n) for n in row.path[: level + 1])
        if here != key and run and key is not None:
            yield run[0].path[: level + 1], run
            run = []
        key = here
        if here is not None:
            run.append(row)
    if run and key is not None:
        yield run[0].path[: level + 1], run


def table_over_weight(r: Result, p: Params) -> Iterator[Problem]:
    """`score-over-weight`: a row of a score table that scores more than its weight."""
    for table in r.case.score_tables:
        keys = _row_keys(r, table)
        for row, key in zip(table.rows, keys, strict=True):
            if row.score is not None and row.weight is not None and row.score > row.weight:
                yield hit(
                    _at(row, "得分"),
                    f"「{table.label}」中「{row.name}」得分 {fmt(row.score)} 超过分值 "
                    f"{fmt(row.weight)}",
                    "得分不能超过分值：核对评分过程，按评分标准改正",
                    subject=f"{key}|{table.role.value}",
                )


def table_rates(r: Result, p: Params) -> Iterator[Problem]:
    """`ratio-inconsistent`: a printed 得分率 that is not the row's score ÷ weight."""
    tolerance = p["tolerance"]
    for table in r.case.score_tables:
        keys = _row_keys(r, table)
        for row, key in zip(table.rows, keys, strict=True):
            printed = _percent(row.rate)
            if printed is None or row.score is None or not row.weight:
                continue
            rate = row.score / row.weight * HUNDRED
            if abs(rate - printed) > tolerance:
                yield hit(
                    _at(row, "得分率"),
                    f"「{table.label}」中「{row.name}」得分率印 {row.rate}，但 "
                    f"{fmt_plain(row.score)} ÷ {fmt_plain(row.weight)} = {fmt(rate)}%",
                    f"得分率应为得分 ÷ 分值：核实得分后改为 {fmt(rate)}%",
                    subject=f"{key}|{table.role.value}|得分率",
                )


# ---- 2. one table against another -------------------------------------------------------------


def tables_disagree(r: Result, p: Params) -> Iterator[Problem]:
    """`table-disagreement`: the score tables leaf by leaf (a leaf in one and not the other, a
    different weight, a different score), and the names they print differently (a notice)."""
    tolerance = p["score_tolerance"]
    tables = r.case.score_tables
    for n, first in enumerate(tables):
        keys = _row_keys(r, first)
        for second in tables[n + 1 :]:
            a, b = first.label, second.label
            pairs = pair_paths([x.path for x in first.rows], [y.path for y in second.rows])
            renamed: set[tuple[str, str]] = set()
            for i, j in pairs:
                x, y, key = first.rows[i], second.rows[j], keys[i]
                for field, one, other in (("分值", x.weight, y.weight), ("得分", x.score, y.score)):
                    if one is not None and other is not None and abs(one - other) > tolerance:
                        yield hit(
                            _at(x, field),
                            f"「{x.name}」{field}：「{a}」为 {fmt(one)}，「{b}」为 {fmt(other)}",
                            f"同一指标在两张表中的{field}应相同：核对评分过程和正文的扣分说明，"
                            "改正有误的一张，并重算总分",
                            subject=f"{key}|{field}|{text_key(second.label)}",
                        )
                renamed |= _renamed(x.path, y.path)
            for here, there in sorted(renamed):
                yield hit(
                    first.where.with_field("指标名称"),
                    f"同一指标名称不同：「{a}」作「{here}」，「{b}」作「{there}」",
                    "统一指标名称，以指标体系（附件评分表）为准",
                    notice=True,
                    subject=text_key(f"{here}|{there}"),
                )
            yield from _missing(first, second, {i for i, _ in pairs}, keys)
            other_keys = _row_keys(r, second)
            yield from _missing(second, first, {j for _, j in pairs}, other_keys)


def _renamed(x: tuple[str, ...], y: tuple[str, ...]) -> set[tuple[str, str]]:
    """The names two paths of one leaf print differently; none for a path read shifted."""
    if plain_name(x[-1]) in map(plain_name, y[:-1]) or plain_name(y[-1]) in map(plain_name, x[:-1]):
        return set()
    if len(x) != len(y):
        return {(x[-1], y[-1])} if plain_name(x[-1]) != plain_name(y[-1]) else set()
    return {
        (one, other)
        for one, other in zip(x, y, strict=True)
        if plain_name(one) != plain_name(other)
    }


def _missing(
    table: ScoreTable, other: ScoreTable, paired: set[int], keys: Sequence[str]
) -> Iterator[Problem]:
    for i, row in enumerate(table.rows):
        if i not in paired:
            yield hit(
                _at(row, "指标名称"),
                f"「{table.label}」有指标「{'/'.join(row.path)}」，「{other.label}」没有这一指标",
                "两张表应列同一套指标：补上遗漏的指标，或删去多出的一行，并核对分值合计",
                subject=f"{keys[i]}|{text_key(table.label)}|missing|{text_key(other.label)}",
            )


# ---- 3. the conclusion: its total and grade ---------------------------------------------------

_TEXT_TOTAL = re.compile(
    r"(?:评分结果|评价得分|综合得分|总得分|最终得分|评价总分|总分|得分)\s*(?:为|是|：|:)?\s*"
    + NUMBER
    + r"\s*分"
)
_TEXT_GRADE = re.compile(
    r"等级\s*(?:为|是|：|:)\s*[“\"「『]?\s*(优秀|优|良好|良|中等|中|及格|合格|较差|差|不合格)"
)
_GRADE_WORD = {"优秀": "优", "良好": "良", "中等": "中", "及格": "中", "合格": "中", "较差": "差"}


def _grade(label: str) -> str:
    text = normal(label)
    return _GRADE_WORD.get(text, text)


def _conclusion(case: Case) -> str:
    return THOUSANDS.sub("", case.narrative.get("conclusion", ""))


def text_totals(r: Result, p: Params) -> Iterator[Problem]:
    """`table-disagreement`: the total the conclusion states, the tables' totals and the
    published total: one report, one total."""
    tolerance = p["score_tolerance"]
    case = r.case
    stated: list[tuple[str, Decimal, Location, str]] = [
        ("综合评价结论", Decimal(m.group(1)), case.where.with_field("综合评价结论"), m.group(0))
        for m in _TEXT_TOTAL.finditer(_conclusion(case))
    ]
    stated += [
        (f"「{table.label}」", table.total_score, _total_at(table, "总计 · 得分"), "")
        for table in case.score_tables
        # a table of weights only (表 2-1 指标体系) has no total score, whatever its 合计 row says
        if table.total_score is not None and any(row.score is not None for row in table.rows)
    ]
    reference = case.published_total
    named = "公布总分"
    if reference is None and stated:
        named, reference = stated[0][0], stated[0][1]
        stated = stated[1:]
    if reference is None:
        return
    for label, value, where, words in stated:
        if abs(value - reference) > tolerance:
            said = f"写“{words}”" if words else f"总计 {fmt(value)}"
            yield hit(
                where,
                f"{label}{said}，{named}却是 {fmt(reference)}",
                "报告只能有一个总分：核对评分表各行与结论，统一为按评分标准复核后的总分",
                subject=text_key(f"total|{label}"),
            )


def grade_mismatch(r: Result, p: Params) -> Iterator[Problem]:
    case = r.case
    if not case.evaluation:
        return
    total = case.published_total
    stated_totals = [Decimal(m.group(1)) for m in _TEXT_TOTAL.finditer(_conclusion(case))]
    if total is None and stated_totals:
        total = stated_totals[0]
    if total is None:
        return
    band = case.scored_on.grade(total)
    if not band:
        return
    grades = [("公布等级", case.published_grade, case.where.with_field("评价等级"))]
    grades += [
        ("综合评价结论", m.group(1), case.where.with_field("综合评价结论"))
        for m in _TEXT_GRADE.finditer(_conclusion(case))
    ]
    grades += [
        (f"「{table.label}」", table.grade, _total_at(table, "评价等级"))
        for table in case.score_tables
        if table.grade
    ]
    bands = "、".join(
        f"{fmt_plain(b.minimum)} 分以上为{b.label}"
        for b in sorted(case.scored_on.grades, key=lambda b: b.minimum, reverse=True)
    )
    for label, grade, where in grades:
        if grade and _grade(grade) != _grade(band):
            yield hit(
                where,
                f"{label}的等级为「{grade}」，但总分 {fmt(total)} 按等级划分（{bands}）应为「{band}」",
                f"按评价框架的等级划分改为「{band}」；若报告采用其他等级划分，应在报告中写明",
                subject=text_key(f"grade|{label}"),
            )


register(
    ReviewRule(
        "grade-mismatch",
        "等级与分档不符",
        "评价报告公布的等级（或结论、评分表写的等级）不是总分按评价框架等级划分应得的等级；"
        "“优秀”与“优”、“良好”与“良”视为同一等级。",
        grade_mismatch,
        examples=(("总分 88.66，结论写“综合评定等级为优”（90 分以上为优）", "应为「良」"),),
    )
)


# ---- 4. the analysis against the scores -------------------------------------------------------

# "本项目得分 18 分" is the project's (or a level's) score, not this indicator's
_VERDICT_MARK = re.compile(r"此项|该项(?!目)|本项(?!目)|该指标|本指标|此指标|评分标准|故按")
_CONDITIONAL = re.compile(r"每|以上|以下|≥|≤|>|<|不足")
_RULE_SENTENCE = re.compile(r"若|如果|如有|否则")  # "若超过 100%，此项得 0 分": a rule
_VERDICT = re.compile(
    r"不扣分|未扣分|得满分|扣\s*" + NUMBER + r"\s*分|得(?:分为?)?\s*" + NUMBER + r"\s*分"
    r"|得分率\s*(?:为|是)?\s*" + NUMBER + r"\s*%"
)
_FULL = re.compile(r"满分\s*(?:为)?\s*" + NUMBER + r"\s*分")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What an indicator's analysis concludes: points lost, a score, or a score rate; and the
    weight it names (该指标满分 7 分), if it names one."""

    words: str
    lost: Decimal | None = None
    score: Decimal | None = None
    rate: Decimal | None = None
    full: Decimal | None = None


def verdict(note: str) -> Verdict | None:
    """The last concluding sentence of a note that says what the indicator scored
    ("故按照评分标准，此项扣1分", "该指标满分 7 分，得 7 分", "不扣分"). A sentence that
    does not name the indicator or the standard is not a conclusion, nor is a clause that
    states a scoring rule (若…, 每下降 1% 扣…)."""
    found = None
    for sentence in re.findall(r"[^。\n]+", note):
        if not _VERDICT_MARK.search(sentence) or _RULE_SENTENCE.search(sentence):
            continue
        full = _FULL.search(sentence)
        for clause in re.split(r"[，,；;：:]", sentence):
            if _CONDITIONAL.search(clause):
                continue
            for m in _VERDICT.finditer(clause):
                lost, score, rate = m.group(1), m.group(2), m.group(3)
                found = Verdict(
                    sentence.strip(),
                    Decimal(lost) if lost else None if score or rate else ZERO,
                    Decimal(score) if score else None,
                    Decimal(rate) if rate else None,
                    Decimal(full.group(1)) if full else None,
                )
    return found


def deductions_disagree(r: Result, p: Params) -> Iterator[Problem]:
    """`table-disagreement`: an indicator's analysis ("此项扣 2 分") against its published
    score and the score each table prints for it."""
    tolerance, rate_tolerance = p["score_tolerance"], p["tolerance"]
    matched = [(table, table_rows(r, table)) for table in r.case.score_tables]
    for i, s in enumerate(r.indicators):
        said = verdict(s.note) if s.note else None
        if said is None:
            continue
        # where several say the same score, one finding names them all
        said_by: dict[tuple[Decimal, Decimal], list[tuple[str, Location, str]]] = {}
        if s.published_score is not None:
            place = s.where.with_field("得分")
            said_by.setdefault((s.published_score, s.weight), []).append(("公布得分", place, ""))
        for table, rows in matched:
            row = rows.get(i)
            if row is not None and row.score is not None:
                weight = row.weight if row.weight is not None else s.weight
                named = (f"「{table.label}」", _at(row, "得分"), table.role.value)
                said_by.setdefault((row.score, weight), []).append(named)
        for (score, weight), names in said_by.items():
            why = _contradiction(said, score, weight, tolerance, rate_tolerance)
            if why:
                who = "、".join(name for name, _, _ in names)
                yield hit(
                    names[0][1],
                    f"「{s.path[-1]}」正文写“{clip(said.words)}”，但{who}"
                    f"{'均' if len(names) > 1 else ''}为 {fmt(score)}（分值 {fmt(weight)}）：{why}",
                    "正文的扣分说明与评分表的得分应一致：核实后改正一处；几项指标合并说明的，"
                    "应分别写明各扣几分",
                    subject=f"{s.key}|note|{names[0][2]}",
                )


def _contradiction(
    said: Verdict, score: Decimal, weight: Decimal, tolerance: Decimal, rate_tolerance: Decimal
) -> str:
    lost = weight - score
    if said.full is not None and said.full != weight:
        return f"正文写满分 {fmt_plain(said.full)} 分，分值却是 {fmt(weight)}"
    if said.lost is not None and abs(said.lost - lost) > tolerance:
        by_score = f"只扣 {fmt(lost)} 分" if lost else "没有扣分"
        return f"按得分{by_score}，正文却扣 {fmt_plain(said.lost)} 分"
    if said.score is not None and abs(said.score - score) > tolerance:
        return f"正文得 {fmt_plain(said.score)} 分"
    if (
        said.rate is not None
        and weight
        and abs(score / weight * HUNDRED - said.rate) > rate_tolerance
    ):
        return f"得分率应为 {fmt(score / weight * HUNDRED)}%，正文写 {fmt_plain(said.rate)}%"
    return ""


def clip(text: str, limit: int = 40, head: bool = False) -> str:
    """`text` cut to `limit` characters: its end (a verdict ends a sentence), or its start."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…" if head else "…" + text[-(limit - 1) :]
