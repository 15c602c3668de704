"""Score an evaluation case against its framework: every leaf by its rule, then the tree.

Facts are looked up by the leaf's id, its name when no other leaf shares it, or its full
path ("项目决策/项目立项/立项依据充分性"). Every score is capped to [0, weight], rounded
half-up to two decimals, and carries its rule, inputs and a sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from jixiao.core.framework import Framework, Node
from jixiao.core.identity import indicator_keys
from jixiao.core.model import Case
from jixiao.core.numbers import ZERO, fmt, round2
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import IndicatorScore, Outcome, Result
from jixiao.scoring import rules
from jixiao.scoring.policy import Policy, load_policy
from jixiao.scoring.selfeval import subtotals


def leaf_keys(fw: Framework) -> dict[tuple[str, ...], str]:
    """The key each leaf's facts are filed under: id, else unique name, else full path."""
    leaves = fw.leaves()
    uses = Counter(node.name for _, node in leaves)
    return {
        path: node.id or (node.name if uses[node.name] == 1 else "/".join(path))
        for path, node in leaves
    }


def resolve_facts(
    case: Case, keys: Mapping[tuple[str, ...], str], problems: list[Problem]
) -> dict[tuple[str, ...], Mapping[str, Any]]:
    """Facts per leaf path (`keys` from leaf_keys); keys that name no leaf are reported,
    not dropped silently."""
    aliases: dict[str, tuple[str, ...]] = {}
    uses = Counter(path[-1] for path in keys)
    for path, key in keys.items():
        aliases["/".join(path)] = path
        aliases[key] = path
        if uses[path[-1]] == 1:
            aliases[path[-1]] = path  # a leaf with an id may still be named
    found: dict[tuple[str, ...], Mapping[str, Any]] = {}
    for key, facts in case.facts.items():
        leaf = aliases.get(key)
        if leaf is None:
            if uses[key] > 1:
                example = "/".join(next(p for p in keys if p[-1] == key))
                message = f"名称「{key}」对应多个指标，请用完整路径（如「{example}」）"
            else:
                message = f"事实「{key}」对应的指标不在评价框架中"
            problems.append(
                Problem(
                    "unknown-indicator",
                    Severity.WARNING,
                    case.where.with_field(f"facts.{key}"),
                    message,
                )
            )
            continue
        found[leaf] = facts if isinstance(facts, Mapping) else {"value": facts}
    return found


def evaluate(case: Case, policy: Policy | None = None) -> Result:
    policy = policy or load_policy(case.policy)
    problems: list[Problem] = [
        Problem("source-disagreement", Severity.WARNING, case.where.with_field(about), message)
        for about, message in case.disagreements
    ]
    keys = leaf_keys(case.scored_on)
    facts = resolve_facts(case, keys, problems)
    scores = []
    leaves = case.scored_on.leaves()
    stable = indicator_keys([path for path, _ in leaves], [node.id for _, node in leaves])
    for (path, node), own in zip(leaves, stable, strict=True):
        key = keys[path]
        published = case.published_scores.get(key)
        if published is None:
            published = case.published_scores.get("/".join(path))
        scored = score_leaf(path, node, facts.get(path, {}), key, published, policy, case, problems)
        scores.append(replace(scored, key=own))
    declared = {path: node.weight for path, node in case.scored_on.walk() if node.children}
    total = sum((s.score for s in scores), ZERO)
    weight_total = sum((s.weight for s in scores), ZERO)
    return Result(
        case=case,
        indicators=tuple(scores),
        nodes=subtotals(scores, declared),
        total=total,
        weight_total=weight_total,
        grade=case.scored_on.grade(total),
        problems=tuple(problems),
    )


def score_leaf(
    path: tuple[str, ...],
    node: Node,
    facts: Mapping[str, Any],
    key: str,
    published: Decimal | None,
    policy: Policy,
    case: Case,
    problems: list[Problem],
) -> IndicatorScore:
    where = node.where if node.where.file else case.where.with_field(key)
    note = str(facts.get("note") or "").strip()
    spec = node.rule
    kind = rules.get(spec.kind) if spec is not None else None
    if spec is None or kind is None:
        problems.append(
            Problem(
                "unknown-rule",
                Severity.ERROR,
                where,
                f"指标「{'/'.join(path)}」没有可用的规则，无法计分",
            )
        )
        return _result(
            path,
            node,
            ZERO,
            Outcome.UNJUDGED,
            "unjudged",
            (),
            "没有可用的规则，记 0 分。",
            key,
            published,
            note,
            where,
        )
    veto = str(facts.get("veto") or "").strip()
    if veto:  # "发生……的，本项指标得0分": a finding that voids the indicator, whatever its rule
        text = f"否决：{veto.rstrip('。')}，本项得 0 分，扣 {fmt(node.weight)} 分。"
        return _result(
            path,
            node,
            ZERO,
            Outcome.NOT_MET,
            "veto",
            (("否决事项", veto),),
            text,
            key,
            published,
            note,
            where,
        )
    ctx = rules.RuleContext(node.weight, spec.params, facts, policy, case.project.year, path)
    try:
        r = kind.apply(ctx)
    except rules.RuleError as exc:
        problems.append(
            Problem(
                "rule-input",
                Severity.ERROR,
                case.where.with_field(f"facts.{key}"),
                f"指标「{'/'.join(path)}」（{kind.title}）：{exc}",
            )
        )
        return _result(
            path,
            node,
            ZERO,
            Outcome.UNJUDGED,
            kind.name,
            (),
            f"{exc}，无法计分，记 0 分。",
            key,
            published,
            note,
            where,
        )
    raw = r.score
    score = round2(rules.capped(raw, node.weight))
    bound = "（超过权重按权重计）" if raw > node.weight else "（低于 0 按 0 计）" if raw < 0 else ""
    lost = node.weight - score
    text = f"{r.reason}{bound}，得 {fmt(score)} 分"
    if lost > 0:
        text += f"，扣 {fmt(lost)} 分"
        if r.lost_because:
            text += f"。扣分原因：{r.lost_because.rstrip('。')}"
    text += "。"
    outcome = Outcome.MET if lost <= 0 else Outcome.NOT_MET if score <= 0 else Outcome.PARTLY
    return _result(
        path, node, score, outcome, kind.name, r.inputs, text, key, published, note, where
    )


def _result(
    path: tuple[str, ...],
    node: Node,
    score: Decimal,
    outcome: Outcome,
    rule: str,
    inputs: tuple[tuple[str, str], ...],
    text: str,
    key: str,
    published: Decimal | None,
    note: str,
    where: Any,
) -> IndicatorScore:
    return IndicatorScore(
        path,
        node.weight,
        score,
        outcome,
        rule,
        inputs,
        text,
        node.benchmark,
        "",
        published,
        where,
        key,
        note,
    )
