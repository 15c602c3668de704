"""在线评价: the commissioned evaluator enters an evaluation case's facts leaf by leaf.

The framework comes from the project-year's newest case (an evaluation uploaded first). What
the form holds is text per leaf and fact; previewing puts it into the case's facts, writes the
case as an upload of it would be (YAML, docs/evaluation-format.md, the framework inline), reads
it back, scores and reviews it and stores nothing; saving uploads that same document. So the
live total beside the form is what saving stores.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from jixiao import api
from jixiao.api import ParamType
from jixiao.core.framework import Node
from jixiao.core.model import Case
from jixiao.core.numbers import fmt_plain, parse_decimal
from jixiao.core.problems import Problem
from jixiao.core.results import IndicatorScore, NodeScore, Result
from jixiao.service import reading, uploads
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Invalid
from jixiao.service.projects import ProjectSummary, summary_of, visible
from jixiao.service.reading import Finding
from jixiao.workflow import DocumentKind

SAVED_AS = "在线评价.yaml"  # the document an evaluation entered online is stored as
MAX_TEXT = 5000  # characters one typed fact may hold
REFUSED = "只有受委托的第三方评价机构在「评价实施」「意见征求」阶段可以在线评价"
NO_CASE = (
    "还没有评价案例：请先在项目页上传评价案例（上传评价案例），"
    "在线评价的指标体系（评价框架）取自该案例"
)
NOTE = "note"
_SPLIT = re.compile(r"[、,，\s]+")
# names a formula may use that are no facts (scoring/rules/formula.py)
_FORMULA_WORDS = frozenset({"weight", "min", "max", "abs", "sum", "avg", "round"})

# A typed draft: per leaf (its facts key), per fact, the text as typed.
Draft = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Field:
    """One fact the form asks for: its name in the leaf's facts, what it is, and the
    choices the rule's parameters give (a graded rule's levels, a checklist's 要点)."""

    name: str
    label: str
    type: ParamType
    hint: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # what each choice says (a checklist's 要点), "" when nothing

    def choice_texts(self) -> list[tuple[str, str]]:
        return [
            (c, self.texts[i] if i < len(self.texts) else "") for i, c in enumerate(self.choices)
        ]

    @property
    def many(self) -> bool:
        """A list: several choices may be ticked, or items typed apart by 、"""
        return self.type is ParamType.LIST

    @property
    def long(self) -> bool:
        return self.name == NOTE or self.name == "reason"


@dataclass(frozen=True, slots=True)
class Leaf:
    key: str  # what the case files its facts under (IndicatorScore.facts_key)
    kind: str  # the rule kind's name ("" when the framework names none that exists)
    title: str  # its Chinese title
    params: tuple[tuple[str, str], ...]  # the rule's parameters as a reader reads them
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Line:
    """One node of the framework's tree, in order: a leaf carries what the form asks."""

    path: tuple[str, ...]
    node: Node
    leaf: Leaf | None = None

    @property
    def depth(self) -> int:
        return len(self.path) - 1


@dataclass(frozen=True, slots=True)
class Evaluating:
    project: ProjectSummary
    case: Case
    lines: tuple[Line, ...]
    draft: Draft  # the stored facts as text, per leaf key and field

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return tuple(line.leaf for line in self.lines if line.leaf is not None)


@dataclass(frozen=True, slots=True)
class Preview:
    """The draft as saving it would store it: the result, each leaf's score and findings (by
    facts key), each node's subtotal (by path), and the findings about the whole case."""

    result: Result
    scores: Mapping[str, IndicatorScore]
    by_leaf: Mapping[str, tuple[Finding, ...]]
    nodes: Mapping[tuple[str, ...], NodeScore]
    general: tuple[Finding, ...]

    @property
    def findings(self) -> int:
        return sum(len(f) for f in self.by_leaf.values()) + len(self.general)


def evaluating(ctx: Context, project_year_id: int) -> Evaluating:
    """The newest evaluation case's tree and facts, for the evaluator who may upload one now."""
    if DocumentKind.EVALUATION not in reading.uploadable(ctx, project_year_id):
        raise Forbidden(REFUSED)
    summary = summary_of(ctx, project_year_id)
    scored = reading.newest(ctx, project_year_id)
    if scored is None or scored.result.case.framework is None:
        raise Invalid(NO_CASE, "case")
    result = scored.result
    case = result.case
    assert case.framework is not None
    keys = {s.path: s.facts_key for s in result.indicators}
    lines = []
    draft: dict[str, dict[str, str]] = {}
    for path, node in case.framework.walk():
        if not node.is_leaf:
            lines.append(Line(path, node))
            continue
        key = keys.get(path) or "/".join(path)
        leaf = _leaf(key, node)
        facts = case.facts.get(key) or {}
        draft[key] = {f.name: _text(facts.get(f.name)) for f in leaf.fields}
        lines.append(Line(path, node, leaf))
    return Evaluating(summary, case, tuple(lines), draft)


def _leaf(key: str, node: Node) -> Leaf:
    spec = node.rule
    kind = api.rule_kinds().get(spec.kind) if spec is not None else None
    if spec is None or kind is None:
        only = (Field(NOTE, "分析说明", ParamType.TEXT, "评价组对该指标的分析说明"),)
        return Leaf(key, spec.kind if spec else "", "（没有可用的规则）", (), only)
    params = spec.params
    fields = _fields(kind, params)
    boxed = {"points"} if kind.name == "checklist" and any(f.choices for f in fields) else set()
    shown = tuple(
        (_short(p.doc), _param_text(params[p.name]))
        for p in kind.params
        if p.name in params and p.name not in boxed
    )
    return Leaf(key, kind.name, kind.title, shown, fields)


def _fields(kind: Any, params: Mapping[str, Any]) -> tuple[Field, ...]:
    """The facts the rule reads: those it declares, those its FACT parameters name (a ratio's
    numerator and denominator; a threshold's `value` only when it reads no ratio), a
    formula's names; mappings (evidence, a part's facts) are not typed here."""
    found: list[Field] = []
    declared = {p.name: p for p in kind.params}
    for fact in kind.facts:
        if fact.type is ParamType.MAPPING:
            continue
        if fact.name.startswith("<") and fact.name.endswith(">"):
            inner = fact.name[1:-1]
            param = declared.get(inner)
            if param is not None and param.type is ParamType.FACT:
                if inner == "value" and (params.get("numerator") or params.get("denominator")):
                    continue
                name = params.get(inner) or param.default
                if name:
                    label = str(params.get("label") or "取值") if name == "value" else str(name)
                    found.append(Field(str(name), label, fact.type, fact.doc, fact.required))
            elif kind.name == "formula":
                labels = params.get("names") or {}
                for name in _formula_names(str(params.get("expression") or "")):
                    label = str(labels.get(name, name))
                    found.append(Field(name, label, fact.type, fact.doc, fact.required))
            continue
        choices = _choices(kind, fact.name, params)
        found.append(
            Field(
                fact.name,
                _short(fact.doc),
                fact.type,
                fact.doc,
                fact.required,
                tuple(c for c, _ in choices),
                tuple(t for _, t in choices),
            )
        )
    for param in kind.params:  # a FACT parameter the kind does not declare a fact for
        name = params.get(param.name)
        if param.type is ParamType.FACT and name and all(f.name != name for f in found):
            found.append(Field(str(name), str(name), ParamType.NUMBER, param.doc))
    found.append(Field(NOTE, "分析说明", ParamType.TEXT, "评价组对该指标的分析说明，报告照录"))
    unique: dict[str, Field] = {}
    for f in found:
        unique.setdefault(f.name, f)
    return tuple(unique.values())


def _choices(kind: Any, fact: str, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The choices a fact has by the rule's parameters, each with what it says."""
    if kind.name == "graded" and fact == "level":
        points, levels = params.get("points"), params.get("levels")
        table = points if isinstance(points, Mapping) and points else levels
        if not isinstance(table, Mapping):
            return []
        unit = "分" if table is points else ""
        best_first = sorted(table.items(), key=lambda kv: -_worth(kv[1]))
        return [(str(k), f"{_param_text(v)}{unit}") for k, v in best_first]
    if kind.name == "checklist" and fact == "failed":
        points = params.get("points") or ()
        return [
            (str(p["id"]), _param_text({**p, "id": ""}))
            for p in points
            if isinstance(p, Mapping) and "id" in p
        ]
    return []


def _worth(value: Any) -> Decimal:
    return parse_decimal(str(value).rstrip("%")) or Decimal(0)


def _formula_names(expression: str) -> list[str]:
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return []
    called = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]
    skip = _FORMULA_WORDS | called | {"note", "veto"}  # every rule's own facts (rules.base)
    return list(dict.fromkeys(n for n in names if n not in skip))


def _short(doc: str) -> str:
    """A parameter's or fact's doc up to its first clause: 「不符合的要点编号」."""
    return re.split(r"[：，（(；]", doc, maxsplit=1)[0].strip() or doc


def _param_text(value: Any) -> str:
    if isinstance(value, Mapping):
        if "id" in value:  # a checklist's 要点
            worth = f"（{_param_text(value['value'])}分）" if "value" in value else ""
            return f"{value['id']}{value.get('text', '')}{worth}"
        return "；".join(f"{k}：{_param_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "；".join(_param_text(v) for v in value)
    return _text(value)


def _text(value: Any) -> str:
    """A stored fact as the form shows it: a list's items joined by 、."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return fmt_plain(value)
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value)
    return str(value)


def items(text: str) -> list[str]:
    """A list typed as text: its items apart by 、，, or spaces."""
    return [x for x in _SPLIT.split(text) if x]


def _value(text: str, field: Field) -> Any:
    return items(text) if field.many else text.strip()


def case_with(found: Evaluating, draft: Draft) -> Case:
    """The case with each leaf's typed facts in place of its stored ones; a fact left as it
    was keeps its stored value, one emptied is dropped, facts the form does not type stay."""
    facts: dict[str, Any] = {k: dict(v) for k, v in found.case.facts.items()}
    for leaf in found.leaves:
        typed = draft.get(leaf.key, {})
        stored = found.draft.get(leaf.key, {})
        mine = dict(facts.get(leaf.key) or {})
        for field in leaf.fields:
            if field.name not in typed:
                continue
            text = typed[field.name][:MAX_TEXT]
            if text.strip() == stored.get(field.name, "").strip():
                continue
            value = _value(text, field)
            if value == "":
                mine.pop(field.name, None)
            else:
                mine[field.name] = value
        if mine or leaf.key in facts:
            facts[leaf.key] = mine
    return replace(found.case, facts=facts)


def document(case: Case) -> bytes:
    return api.evaluation_to_yaml(case).encode("utf-8")


def draft_from(found: Evaluating, form: Mapping[str, Sequence[str]]) -> Draft:
    """The draft a submitted page form holds: field `v-{leaf}-{fact}` by position (a list's
    ticked choices, several values, joined by 、)."""
    draft: dict[str, dict[str, str]] = {}
    for n, leaf in enumerate(found.leaves):
        typed: dict[str, str] = {}
        for i, field in enumerate(leaf.fields):
            values = [v[:MAX_TEXT] for v in form.get(f"v-{n}-{i}", ())]
            if values or f"v-{n}-{i}" in form or f"has-{n}-{i}" in form:
                typed[field.name] = (
                    "、".join(v for v in values if v.strip())
                    if field.many
                    else (values[0] if values else "")
                )
        draft[leaf.key] = typed
    return draft


def preview(ctx: Context, project_year_id: int, draft: Draft) -> tuple[Evaluating, Preview]:
    """The draft read back, scored and reviewed as its upload would be; nothing stored."""
    found = evaluating(ctx, project_year_id)
    case, problems = uploads.read_one(document(case_with(found, draft)), SAVED_AS)
    with ctx.store.transaction() as s:
        py, _ = visible(s, ctx, project_year_id)
        prepared = uploads.prepare(s, py, case, problems)
    return found, _preview(found, prepared)


def _preview(found: Evaluating, prepared: uploads.Prepared) -> Preview:
    result = prepared.result
    everything: list[Problem] = [
        *result.problems,
        *(r.finding for r in prepared.review.findings),
    ]
    scores = {s.facts_key: s for s in result.indicators}
    by_key = {s.key: s.facts_key for s in result.indicators}
    by_leaf: dict[str, list[Finding]] = {leaf.key: [] for leaf in found.leaves}
    general: list[Finding] = []
    for p in everything:
        f = Finding(p.code, p.severity, p.where, p.message, p.suggestion, p.subject)
        leaf = by_key.get(p.subject.partition("|")[0]) or _leaf_of_field(p, by_leaf)
        by_leaf.get(leaf, general).append(f)
    nodes = {n.path: n for n in result.nodes}
    return Preview(result, scores, {k: tuple(v) for k, v in by_leaf.items()}, nodes, tuple(general))


def _leaf_of_field(p: Problem, leaves: Mapping[str, object]) -> str:
    """The leaf a scorer's problem names by its field (`facts.{key}`), else ""."""
    field = p.where.field or ""
    if not field.startswith("facts."):
        return ""
    named = field.removeprefix("facts.")
    return named if named in leaves else ""


def save(ctx: Context, project_year_id: int, draft: Draft, version: int | None) -> uploads.Stored:
    """The draft stored as the project-year's newest case version (Conflict when the
    project-year is no longer at `version`)."""
    found = evaluating(ctx, project_year_id)
    data = document(case_with(found, draft))
    return uploads.upload(ctx, project_year_id, data, SAVED_AS, version)
