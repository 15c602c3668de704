"""Judge an actual against a target: outcome, share of the weight, rule, inputs, reason.

Pure functions over parsed terms and a policy. The caller turns notes into located
problems and the share into a rounded score.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.core.frozen import fast_init
from jixiao.core.numbers import HUNDRED, ONE, ZERO, fmt_plain, round2
from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import Outcome
from jixiao.scoring.policy import Policy, band_for, percent_shown
from jixiao.targets import lexicon as lx
from jixiao.targets.direction import Direction, name_direction
from jixiao.targets.parse import cut_message, parse_cell, target_in_name
from jixiao.targets.terms import (
    Amount,
    Artefact,
    Blank,
    Level,
    Moment,
    NotApplicable,
    Op,
    Quantity,
    Reading,
    Schedule,
    Term,
    UnitKind,
    Unreadable,
)


def field_problem(code: str, severity: str, field: str, message: str) -> Problem:
    """A problem about one field of the row being judged ("target", "actual"): the caller,
    who knows the row, puts it in its place (`where.field` holds the field until then)."""
    return Problem(code, Severity(severity), Location(field=field), message)


GUESSED_DIRECTION = "direction-guessed"
GUESSED_UNIT = "unit-guessed"
# the notes that say a judgement rests on a guess: the score is then not certain
GUESSES = frozenset({GUESSED_DIRECTION, GUESSED_UNIT, "target-in-name"})


@fast_init
@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    share: Decimal  # of the weight, 0..1 (unrounded)
    rule: str
    reason: str  # Chinese clause: what was compared and what was found
    formula: str = ""  # how the share was computed, shown when points are lost
    inputs: tuple[tuple[str, str], ...] = ()
    notes: tuple[Problem, ...] = ()


def _pct(x: Decimal) -> str:
    return f"{fmt_plain(round2(x * HUNDRED))}%"


def judge(
    target: Reading,
    actual: Reading,
    path: tuple[str, ...],
    policy: Policy,
    year: int | None = None,
) -> Judgement:
    """`year` is the table's year: the year of moments written without one."""
    if target.cut or actual.cut:  # read up to the text_chars limit: judged, and said so
        j = judge(replace(target, cut=False), replace(actual, cut=False), path, policy, year)
        cut = [(f, r) for f, r in (("target", target), ("actual", actual)) if r.cut]
        labels = {"target": "年度指标值", "actual": "实际完成值"}
        notes = tuple(
            field_problem("limit-exceeded", "warning", f, cut_message(labels[f], r)) for f, r in cut
        )
        return replace(j, notes=(*notes, *j.notes))
    name = path[-1] if path else ""
    if _not_applicable(target, actual, name):
        return Judgement(Outcome.NOT_APPLICABLE, ZERO, "not_applicable", "该指标不适用")
    named = target_in_name(name) if target.blank else None
    if actual.blank:
        return _no_evidence(name, target, named)
    if actual.not_applicable:
        note = field_problem(
            "missing-actual", "error", "actual", "年度指标值已填写，但实际完成值为「无」"
        )
        return _unjudged("未填报实际完成值", (note,))
    if policy.is_satisfaction(path) and not actual.is_compound:
        found = _satisfaction(actual.terms[0], policy)
        if found is not None and (target.blank or target.not_applicable):
            note = field_problem(
                "missing-target",
                "warning",
                "target",
                "实际完成值已填写，但年度指标值为空或为「无」",
            )
            return replace(found, notes=(note,))
        if found is not None:
            return found
    if named is not None:
        return _from_name(name, named, actual, path, policy, year)
    if target.is_compound or actual.is_compound:
        return _compound(target, actual, path, policy, year)
    return judge_term(target.terms[0], actual.terms[0], path, policy, year)


def _not_applicable(target: Reading, actual: Reading, name: str) -> bool:
    """Nothing measured (each cell blank or 无), and the row says so explicitly somewhere: a
    无 / 不适用 / — in the target, the actual or the name. Blank alone is no value, not 不适用."""
    if not (target.blank or target.not_applicable) or not (actual.blank or actual.not_applicable):
        return False
    return target.not_applicable or actual.not_applicable or parse_cell(name).not_applicable


def _no_evidence(name: str, target: Reading, named: Amount | None) -> Judgement:
    """A row whose actual is blank: nothing shows whether it was done. Many provincial tables
    leave both cells blank for yes/no indicators and fill in only the weight and the score."""
    if not (target.blank or target.not_applicable):
        what = f"实际完成值空着（年度指标值「{target.text.strip()}」）"
    elif named is not None:
        what = f"年度指标值空着（目标「{named.text}」写在名称里），实际完成值也空着"
    else:
        what = "年度指标值和实际完成值都空着"
    note = field_problem(
        "no-evidence", "warning", "actual", f"「{name}」{what}，没有完成情况的依据"
    )
    reason = f"{what}，没有完成情况的依据"
    return Judgement(Outcome.UNJUDGED, ZERO, "no_evidence", reason, notes=(note,))


def _from_name(
    name: str,
    amount: Amount,
    actual: Reading,
    path: tuple[str, ...],
    policy: Policy,
    year: int | None,
) -> Judgement:
    """Judge against the target the name carries (`年度资金支付完成率100%`), saying so."""
    shown = amount.text
    if amount.op is Op.BARE or amount.op is Op.APPROX:
        op, _, guessed = bare_direction(path, amount.low, policy)
        if not guessed:  # a known direction is written out; a guess is left to be explained
            shown = f"{op.value}{amount.low}"
            amount = replace(amount, op=op, text=shown)
    if actual.is_compound:
        j = _compound(Reading(shown, (amount,)), actual, path, policy, year)
    else:
        j = judge_term(amount, actual.terms[0], path, policy, year)
    message = f"年度指标值空着，按指标名称「{name}」中的目标「{shown}」评判；目标应写在年度指标值里"
    note = field_problem("target-in-name", "info", "target", message)
    reason = f"年度指标值空着，按名称「{name}」中的目标「{shown}」判定：{j.reason}"
    return replace(j, reason=reason, notes=(note, *j.notes))


def judge_term(
    t: Term, a: Term, path: tuple[str, ...], policy: Policy, year: int | None = None
) -> Judgement:
    if isinstance(a, Artefact):
        note = field_problem(
            "excel-artefact", "warning", "actual", f"实际完成值为表格残留「{a.text}」"
        )
        return _unjudged(f"实际完成值为「{a.text}」", (note,))
    if isinstance(a, Unreadable):
        why = f"：{a.reason}" if a.reason else ""
        note = field_problem(
            "unreadable-actual", "warning", "actual", f"无法识别实际完成值「{a.text}」{why}"
        )
        return _unjudged(f"无法识别实际完成值「{a.text}」", (note,))
    if isinstance(a, NotApplicable | Blank):
        note = field_problem(
            "missing-actual", "error", "actual", "年度指标值已填写，但实际完成值为「无」"
        )
        return _unjudged("未填报实际完成值", (note,))
    if isinstance(t, NotApplicable | Blank):
        note = field_problem(
            "missing-target",
            "warning",
            "target",
            "实际完成值已填写，但年度指标值为空或为「无」",
        )
        return _on_actual_only(a, "未设定年度指标值", policy, (note,))
    if isinstance(t, Artefact | Unreadable):
        code = "excel-artefact" if isinstance(t, Artefact) else "unreadable-target"
        why = f"（{t.reason}）" if isinstance(t, Unreadable) and t.reason else ""
        note = field_problem(
            code,
            "warning",
            "target",
            f"无法识别年度指标值「{t.text}」{why}，仅按实际完成值判定",
        )
        return _on_actual_only(a, f"年度指标值「{t.text}」无法识别", policy, (note,))
    if isinstance(t, Amount):
        return _pass_mark(_amount(t, a, path, policy), policy)
    if isinstance(t, Moment):
        return _pass_mark(_moment(t, a, policy, year), policy)
    if isinstance(t, Schedule) and isinstance(a, Schedule):
        met = a.days * a.hours >= t.days * t.hours
        reason = f"服务时段「{a.text}」{'达到' if met else '未达到'}「{t.text}」"
        return _binary(met, reason, "schedule", policy.share(Outcome.NOT_MET))
    if isinstance(t, Level):
        return _level(t, a, policy)
    return _on_actual_only(a, f"年度指标值「{getattr(t, 'text', '')}」为定性要求", policy, ())


# Rules whose share is a completion rate (actual against target): what a pass mark applies to.
_PROPORTIONAL = frozenset(
    ("floor_ratio", "ceiling_linear", "ceiling_inverse", "range", "equal", "completion_percent")
)


def _pass_mark(j: Judgement, policy: Policy) -> Judgement:
    """A completion rate under the policy's pass mark scores 0; above it, the share is the part
    of the way from the mark to 100 %: (rate − mark) ÷ (1 − mark)."""
    mark = policy.pass_mark
    if not mark or j.outcome is Outcome.MET or j.rule not in _PROPORTIONAL:
        return j
    fraction = mark / HUNDRED
    rate, shown_mark = j.share, f"{fmt_plain(mark)}%"
    shown = _pct(rate)
    if (round2(rate * HUNDRED) >= mark) != (rate * HUNDRED >= mark):  # 59.996% is no 60%
        shown = percent_shown(rate * HUNDRED, (mark,)) + "%"
    if rate < fraction:
        return replace(
            j,
            outcome=Outcome.NOT_MET,
            share=ZERO,
            formula=f"分值 × 0（完成率 {shown} 低于及格门槛 {shown_mark}）",
        )
    share = (rate - fraction) / (ONE - fraction)
    how = j.formula.removeprefix("分值 × ")
    derived = f"（完成率 = {how}）" if how and how != shown and "分值" not in how else ""
    formula = f"(完成率 {shown} − {shown_mark}) ÷ {fmt_plain(HUNDRED - mark)}% × 分值{derived}"
    outcome = Outcome.PARTLY if share > 0 else Outcome.NOT_MET
    return replace(j, outcome=outcome, share=share, formula=formula)


def _satisfaction(a: Term, policy: Policy) -> Judgement | None:
    """A satisfaction rate scored by the policy's bands, whatever the target: None when the
    actual is no percentage (then the row is judged as any other)."""
    if not isinstance(a, Amount) or not a.low.is_percent or a.high is not None:
        return None
    percent = a.low.base
    share, band = band_for(policy.satisfaction_bands, percent)
    outcome = Outcome.MET if share >= ONE else Outcome.PARTLY if share > 0 else Outcome.NOT_MET
    reason = f"满意度 {a.text}，{band}"
    formula = "" if outcome is Outcome.MET else f"分值 × {_pct(share)}（满意度{band}）"
    inputs = (("实际完成值", a.text), ("满意度分档", band))
    return Judgement(outcome, share, "satisfaction_band", reason, formula, inputs)


def _unjudged(reason: str, notes: tuple[Problem, ...]) -> Judgement:
    return Judgement(Outcome.UNJUDGED, ZERO, "unjudged", reason, notes=notes)


def _binary(met: bool, reason: str, rule: str, missed_share: Decimal) -> Judgement:
    if met:
        return Judgement(Outcome.MET, ONE, rule, reason)
    return Judgement(
        Outcome.NOT_MET, missed_share, rule, reason, f"分值 × {_pct(missed_share)}（未达成）"
    )


def _on_actual_only(a: Term, lead: str, policy: Policy, notes: tuple[Problem, ...]) -> Judgement:
    """A target with nothing to measure against: the actual says whether it was done."""
    if isinstance(a, Level):
        outcome = (
            Outcome.NOT_MET
            if a.polarity < 0
            else Outcome.PARTLY
            if a.polarity == 0
            else Outcome.MET
        )
        reason = f"{lead}，实际完成情况「{a.text}」判定为{outcome.label}"
        return _shared(outcome, "qualitative_level", reason, policy, notes)
    if isinstance(a, Amount) and a.low.is_percent:
        return _percent_judgement(a.low, lead, policy, notes)
    if isinstance(a, Schedule):
        return Judgement(Outcome.MET, ONE, "schedule", f"{lead}，实际「{a.text}」", notes=notes)
    text = getattr(a, "text", "")
    note = field_problem(
        "cannot-judge", "warning", "actual", f"实际完成值「{text}」无法与定性目标比较"
    )
    return _unjudged(f"{lead}，实际完成值「{text}」无法据以判定", (*notes, note))


def _shared(
    outcome: Outcome, rule: str, reason: str, policy: Policy, notes: tuple[Problem, ...] = ()
) -> Judgement:
    share = policy.share(outcome)
    formula = "" if outcome is Outcome.MET else f"分值 × {_pct(share)}（{outcome.label}）"
    return Judgement(outcome, share, rule, reason, formula, notes=notes)


def _percent_judgement(
    q: Quantity, lead: str, policy: Policy, notes: tuple[Problem, ...]
) -> Judgement:
    outcome = policy.outcome_for_percent(q.base)
    reason = f"{lead}，实际完成 {q}，按百分比分档判定为{outcome.label}"
    return _shared(outcome, "qualitative_percent", reason, policy, notes)


def _level(t: Level, a: Term, policy: Policy) -> Judgement:
    lead = f"年度指标值为定性目标「{t.text}」"
    if isinstance(a, Level):
        if a.polarity < 0:
            outcome = Outcome.NOT_MET
        elif a.affirm or (a.polarity > 0 and a.rank >= t.rank) or a.rank >= max(t.rank, 1):
            outcome = Outcome.MET
        else:
            outcome = Outcome.PARTLY
        reason = f"{lead}，实际完成情况「{a.text}」判定为{outcome.label}"
        return _shared(outcome, "qualitative_level", reason, policy)
    return _on_actual_only(a, lead, policy, ())


def bare_direction(path: tuple[str, ...], q: Quantity, policy: Policy) -> tuple[Op, str, bool]:
    """How to read a target written without a comparator: (≥ or ≤, why, whether it is a guess).

    A time limit under 时效 first, then the words of the name (the direction lexicon plus the
    policy's own words), then the level it sits under; failing all, a guess: higher is better.
    """
    levels, name = path[:-1], path[-1] if path else ""
    if (
        q.kind is UnitKind.DURATION
        and policy.durations_are_ceilings
        and any("时效" in lvl for lvl in levels)
    ):
        return Op.LE, "时效指标下的时长为上限", False
    found = name_direction(name, policy.floor_words, policy.ceiling_words)
    if found is not None:
        direction, word = found
        op = Op.GE if direction is Direction.HIGHER else Op.LE
        return op, f"指标名称中的「{word}」表明{direction.label}", False
    for lvl in levels:
        if any(w in lvl for w in policy.ceiling_levels):
            return Op.LE, f"「{lvl}」下的数值为上限", False
        if any(w in lvl for w in policy.floor_levels):
            return Op.GE, f"「{lvl}」下的数值为下限", False
    return Op.GE, "指标名称与所在层级都未表明方向，推定越高越好", True


def _as_percent(label: str, field: str, q: Quantity) -> Problem:
    shown = f"{fmt_plain(q.value * HUNDRED)}%"
    message = (
        f"{label}「{fmt_plain(q.value)}」没写单位，按 {shown} 理解（另一项是百分数）；请写明 %"
    )
    return field_problem(GUESSED_UNIT, "info", field, message)


def _align(
    t: Quantity, a: Quantity, policy: Policy
) -> tuple[Decimal, Decimal, Problem | None] | None:
    """Target and actual on one scale, or None when they measure different things."""
    tk, ak = t.kind, a.kind
    if policy.bare_fraction_as_percent:
        if tk is UnitKind.NONE and ak is UnitKind.PERCENT and t.value <= 1 and not t.measure:
            return t.base * HUNDRED, a.base, _as_percent("年度指标值", "target", t)
        if ak is UnitKind.NONE and tk is UnitKind.PERCENT and a.value <= 1 and not a.measure:
            return t.base, a.base * HUNDRED, _as_percent("实际完成值", "actual", a)
    if t.key == a.key or tk is UnitKind.NONE or ak is UnitKind.NONE:
        return t.base, a.base, None
    if tk is UnitKind.COUNT and ak is UnitKind.COUNT:
        if any(t.key in g and a.key in g for g in lx.COUNTER_GROUPS):
            return t.base, a.base, None
        msg = f"年度指标值单位「{t.measure}」与实际完成值单位「{a.measure}」不同，按数值直接比较"
        return t.base, a.base, field_problem("unit-mismatch", "info", "actual", msg)
    return None


_NEVER_NEGATIVE = frozenset({UnitKind.COUNT, UnitKind.MONEY, UnitKind.DURATION})


def _amount(t: Amount, a: Term, path: tuple[str, ...], policy: Policy) -> Judgement:
    if isinstance(a, Level):
        if a.polarity < 0:
            return _shared(
                Outcome.NOT_MET, "qualitative_level", f"实际完成情况为「{a.text}」", policy
            )
        note = field_problem(
            "cannot-judge",
            "warning",
            "actual",
            f"定量目标「{t.text}」的实际完成值「{a.text}」不是数值",
        )
        return _on_actual_only(a, f"定量目标「{t.text}」", policy, (note,))
    if not isinstance(a, Amount):
        text = getattr(a, "text", "")
        note = field_problem(
            "cannot-judge", "warning", "actual", f"实际完成值「{text}」无法与「{t.text}」比较"
        )
        return _unjudged(f"实际完成值「{text}」无法与年度指标值「{t.text}」比较", (note,))
    aq = a.low
    aligned = _align(t.low, aq, policy)
    if aligned is None:
        if aq.is_percent:  # "1年" against "100%": the actual is a completion degree
            return _completion(t.text, aq)
        code = "unknown-unit" if UnitKind.UNKNOWN in (t.low.kind, aq.kind) else "unit-mismatch"
        msg = f"年度指标值「{t.text}」与实际完成值「{a.text}」的单位无法比较"
        return _unjudged(msg, (field_problem(code, "warning", "actual", msg),))
    tv, av, unit_note = aligned
    if av < 0 and aq.kind in _NEVER_NEGATIVE:
        msg = f"实际完成值「{a.text}」为负数：数量、金额和时长不会小于 0"
        return _unjudged(msg, (field_problem("unreadable-actual", "warning", "actual", msg),))
    notes = (unit_note,) if unit_note else ()
    op, why, guessed = t.op, "", False
    if op is Op.BARE or op is Op.APPROX:
        op, why, guessed = bare_direction(path, t.low, policy)
    inputs = (("年度指标值", t.text), ("实际完成值", a.text), ("比较", op.value or "区间"))
    j = _compare(t, a, op, aq, tv, av, inputs, notes, policy)
    if guessed:
        message = f"年度指标值「{t.text}」未写比较符，{why}，按「{op.value}」评判；请补写 ≥ 或 ≤"
        j = replace(
            j, notes=(*j.notes, field_problem(GUESSED_DIRECTION, "info", "target", message))
        )
    if why and (guessed or j.outcome is not Outcome.MET):
        return replace(j, reason=f"{j.reason}（年度指标值未写比较符，{why}，按「{op.value}」判定）")
    return j


def _compare(
    t: Amount,
    a: Amount,
    op: Op,
    aq: Quantity,
    tv: Decimal,
    av: Decimal,
    inputs: tuple[tuple[str, str], ...],
    notes: tuple[Problem, ...],
    policy: Policy,
) -> Judgement:
    if op is Op.RANGE and t.high is not None:
        aligned_high = _align(t.high, aq, policy)
        if aligned_high is None:
            return _unjudged(f"区间目标「{t.text}」无法比较", notes)
        high = aligned_high[0]
        if tv <= av <= high:
            reason = f"实际完成 {a.text}，在区间「{t.text}」内"
            return Judgement(Outcome.MET, ONE, "range", reason, "", inputs, notes)
        compared = _Compared(t.text, a.text, tv, av, t.low, aq, inputs, notes)
        if av < tv:
            return _floor(compared, policy)
        return _ceiling(replace(compared, target=high, target_q=t.high), policy)
    if op is Op.EQ:
        if av == tv:
            return Judgement(
                Outcome.MET,
                ONE,
                "equal",
                f"实际完成 {a.text}，等于「{t.text}」",
                inputs=inputs,
                notes=notes,
            )
        share = max(ZERO, ONE - abs(av - tv) / abs(tv)) if tv else ZERO  # tv may be < 0
        return Judgement(
            Outcome.PARTLY if share > 0 else Outcome.NOT_MET,
            share,
            "equal",
            f"实际完成 {a.text}，与「{t.text}」相差 {_pct(abs(av - tv) / abs(tv)) if tv else ''}",
            f"分值 × {_pct(share)}（1 − 偏差比例）",
            inputs,
            notes,
        )
    compared = _Compared(t.text, a.text, tv, av, t.low, aq, inputs, notes)
    return _floor(compared, policy) if op.is_floor else _ceiling(compared, policy)


@fast_init
@dataclass(frozen=True, slots=True)
class _Compared:
    """A target and an actual on one scale, with what a sentence about them needs."""

    target_text: str
    actual_text: str
    target: Decimal
    actual: Decimal
    target_q: Quantity  # as written, for formulas: 21万
    actual_q: Quantity
    inputs: tuple[tuple[str, str], ...]
    notes: tuple[Problem, ...]


def _floor(c: _Compared, policy: Policy) -> Judgement:
    """Below a floor: share = actual / target."""
    tv, av = c.target, c.actual
    if av >= tv:
        if policy.over_mode == "reduce" and tv > 0 and av / tv > policy.over_beyond:
            share = policy.over_share
            times = fmt_plain(policy.over_beyond)
            reason = (
                f"实际完成 {c.actual_text}，超过年度指标值「{c.target_text}」{times} 倍以上，"
                f"按超额完成口径计 {_pct(share)}"
            )
            return Judgement(
                Outcome.MET,
                share,
                "floor_ratio",
                reason,
                f"分值 × {_pct(share)}",
                c.inputs,
                c.notes,
            )
        if policy.over_mode == "deviation" and tv > 0 and av / tv > policy.over_beyond:
            return _over_deviation(c, av / tv, policy)
        reason = f"实际完成 {c.actual_text}，达到年度指标值「{c.target_text}」"
        return Judgement(Outcome.MET, ONE, "floor_ratio", reason, "", c.inputs, c.notes)
    share = max(ZERO, av / tv) if tv > 0 else ZERO
    reason = (
        f"实际完成 {c.actual_text}，未达到年度指标值「{c.target_text}」，完成比例 {_pct(share)}"
    )
    outcome = Outcome.PARTLY if share > 0 else Outcome.NOT_MET
    formula = f"分值 × {c.actual_q} ÷ {c.target_q}"
    return Judgement(outcome, share, "floor_ratio", reason, formula, c.inputs, c.notes)


def _over_deviation(c: _Compared, ratio: Decimal, policy: Policy) -> Judgement:
    """Far above a floor: the target is taken to have been set too low, and the share falls
    linearly with the deviation past `beyond` times the target, never below `floor`."""
    beyond, slope, floor = policy.over_beyond, policy.over_slope, policy.over_floor
    falling = ONE - slope * (ratio - beyond)
    share = max(floor, falling)
    reason = (
        f"实际完成 {c.actual_text}，为年度指标值「{c.target_text}」的 {_pct(ratio)}，"
        f"超过 {_pct(beyond)}，视为年初指标值设定偏低，按偏离度调减分值（原因未经核实）"
    )
    if falling > floor:
        formula = f"分值 × (1 − {fmt_plain(slope)} × ({_pct(ratio)} − {_pct(beyond)}))"
    else:
        formula = f"分值 × {_pct(floor)}（调减后不低于 {_pct(floor)}）"
    return Judgement(Outcome.MET, share, "over_deviation", reason, formula, c.inputs, c.notes)


def _ceiling(c: _Compared, policy: Policy) -> Judgement:
    """Above a ceiling: linear excess or inverse ratio, as the policy says."""
    tv, av = c.target, c.actual
    if av <= tv:
        reason = f"实际 {c.actual_text}，未超过年度指标值「{c.target_text}」"
        return Judgement(Outcome.MET, ONE, "ceiling", reason, "", c.inputs, c.notes)
    if tv <= 0:
        reason = f"实际 {c.actual_text}，超过年度指标值「{c.target_text}」（目标为 0）"
        return Judgement(
            Outcome.NOT_MET, ZERO, "ceiling", reason, "分值 × 0（目标为 0）", c.inputs, c.notes
        )
    excess = (av - tv) / tv
    if policy.ceiling == "inverse_ratio":
        share = tv / av
        formula = f"分值 × {c.target_q} ÷ {c.actual_q}"
        rule = "ceiling_inverse"
    else:
        share = max(ZERO, ONE - excess)
        formula = f"分值 × (1 − 超出比例 {_pct(excess)})"
        rule = "ceiling_linear"
    reason = f"实际 {c.actual_text}，超过年度指标值「{c.target_text}」{_pct(excess)}"
    outcome = Outcome.PARTLY if share > 0 else Outcome.NOT_MET
    return Judgement(outcome, share, rule, reason, formula, c.inputs, c.notes)


def _completion(ttext: str, aq: Quantity) -> Judgement:
    share = min(ONE, max(ZERO, aq.base / HUNDRED))
    outcome = Outcome.MET if share >= ONE else Outcome.PARTLY if share > 0 else Outcome.NOT_MET
    reason = f"年度指标值「{ttext}」，实际以完成程度 {aq} 填报"
    return Judgement(
        outcome,
        share,
        "completion_percent",
        reason,
        f"分值 × {aq}",
        (("年度指标值", ttext), ("实际完成值", str(aq))),
    )


def _moment(t: Moment, a: Term, policy: Policy, year: int | None) -> Judgement:
    lead = f"年度指标值为时间要求「{t.text}」"
    if isinstance(a, Moment):
        if t.relative != a.relative:
            note = field_problem(
                "cannot-judge",
                "warning",
                "actual",
                f"实际完成时间「{a.text}」无法与「{t.text}」比较",
            )
            return _unjudged(f"{lead}，实际「{a.text}」无法比较", (note,))
        t_year, a_year = t.year or year, a.year or year
        if t_year is None or a_year is None:  # compare within one year
            t_year = a_year = 0
        if t.op is Op.GE:
            met = (a_year, a.start) >= (t_year, t.start)
        else:
            met = (a_year, a.end) <= (t_year, t.end)
        verb = "按期完成" if met else "逾期"
        return _binary(
            met, f"{lead}，实际「{a.text}」{verb}", "deadline", policy.missed_deadline_share
        )
    if isinstance(a, Amount) and a.low.is_percent:
        return _completion(t.text, a.low)
    return _on_actual_only(a, lead, policy, ())


def _compound(
    target: Reading,
    actual: Reading,
    path: tuple[str, ...],
    policy: Policy,
    year: int | None = None,
) -> Judgement:
    ts, as_ = list(target.terms), list(actual.terms)
    notes: list[Problem] = []
    if len(ts) == 1:
        ts = ts * len(as_)
    elif len(as_) == 1:
        as_ = as_ * len(ts)
    elif len(ts) != len(as_):
        notes.append(
            field_problem(
                "compound-mismatch",
                "warning",
                "actual",
                f"年度指标值有 {len(ts)} 项，实际完成值有 {len(as_)} 项，按顺序逐项比较",
            )
        )
    parts = [judge_term(t, a, path, policy, year) for t, a in zip(ts, as_, strict=False)]
    missing = max(len(ts), len(as_)) - len(parts)
    for p in parts:
        notes.extend(p.notes)
    judged = [p for p in parts if p.outcome is not Outcome.UNJUDGED]
    if not judged:
        return _unjudged("；".join(p.reason for p in parts), tuple(notes))
    shares = [p.share for p in judged] + [ZERO] * missing
    share = min(shares) if policy.compound == "min" else sum(shares, ZERO) / len(shares)
    if all(p.outcome is Outcome.MET for p in judged) and not missing:
        outcome = Outcome.MET
    elif share == 0:
        outcome = Outcome.NOT_MET
    else:
        outcome = Outcome.PARTLY
    reason = "；".join(f"第 {i + 1} 项：{p.reason}" for i, p in enumerate(parts))
    how = "取平均" if policy.compound == "mean" else "取最低"
    formula = f"分值 × {_pct(share)}（各项比例{how}）" if outcome is not Outcome.MET else ""
    return Judgement(outcome, share, "compound", reason, formula, notes=tuple(notes))
