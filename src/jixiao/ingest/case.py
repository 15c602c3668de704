"""The case format: one or more self-evaluation tables in YAML or JSON (docs/case-format.md)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.core.memo import memo
from jixiao.core.model import Case, FundLine, Funds, Indicator, Kind, Project
from jixiao.core.numbers import parse_decimal
from jixiao.core.problems import Location, Problem, Severity
from jixiao.ingest import formats, local
from jixiao.ingest.selfeval.indicators import artefact
from jixiao.source import reader
from jixiao.source.text import decode
from jixiao.source.values import read_number, written_as_number
from jixiao.targets.lexicon import FUND_UNITS

FORMAT = formats.SELFEVAL


@memo(None)
def schema() -> dict[str, Any]:
    text = (resources.files("jixiao.ingest") / "case.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _pointer(path: Sequence[object]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（顶层）"


_MESSAGES = {
    "required": "缺少必填项",
    "type": "类型不对",
    "additionalProperties": "有不认识的字段",
    "enum": "取值不在允许范围内",
    "const": "取值不对",
    "minItems": "至少需要一项",
}


def schema_problems(
    data: object, schema: dict[str, Any], name: str, line_of: Callable[[list[object]], int | None]
) -> list[Problem]:
    """Schema violations as Chinese problems, located by field path and source line."""
    import jsonschema  # on first use: only YAML and JSON cases are checked by schema

    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for err in validator.iter_errors(data):
        best = jsonschema.exceptions.best_match([err])
        deepest = min(best.context or [best], key=lambda e: -len(e.absolute_path))
        path = list(deepest.absolute_path)
        reason = _MESSAGES.get(str(deepest.validator), "格式不对")
        names = re.findall(r"'([^']+)'", deepest.message)
        if deepest.validator in ("required", "additionalProperties") and names:
            reason += "「" + "」「".join(names) + "」"
            if deepest.validator == "additionalProperties":
                path = [*path, names[0]]  # point at the unknown key itself
        elif deepest.validator == "type":
            reason += f"（应为 {deepest.validator_value}）"
        where = Location(name, line=line_of(path), field=_pointer(path))
        problems.append(Problem("case-invalid", Severity.ERROR, where, reason))
    return problems


def load_document(source: bytes, name: str) -> object:
    """The document's data, decoded and parsed once within the limits: for YAML a tree with the
    line of every key and item (`source.reader.read`), for JSON (by `name`'s suffix) plain
    data. Raises UnreadableFile or LimitExceeded (`source.errors.SourceError`)."""
    text = decode(source)
    if Path(name).suffix.lower() == ".json":
        return reader.load_json(text, name)
    return reader.read(text, name)


def _is_framework(data: object) -> bool:
    """A framework file (docs/frameworks.md): no format, no project, but an indicator tree or
    an `extends` with its patches."""
    if not isinstance(data, Mapping) or "format" in data or "project" in data:
        return False
    return "extends" in data or ("indicators" in data and ("grades" in data or "total" in data))


def read_case(source: bytes, name: str) -> tuple[list[Case], list[Problem]]:
    """The cases in one file's content; `name` names the file in locations, and a framework
    file an evaluation case refers to is found beside it."""
    data = load_document(source, name)
    if isinstance(data, Mapping) and data.get("format") == formats.MONITOR:
        return [], [
            Problem(
                "other-format",
                Severity.INFO,
                Location(name),
                "这是双监控数据，不是自评表或评价案例；请用 jixiao monitor 处理",
            )
        ]
    if _is_framework(data):
        return [], [
            Problem(
                "other-format",
                Severity.INFO,
                Location(name),
                "这是评价框架（指标体系），不是自评表或评价案例；请用 jixiao framework check 检查",
            )
        ]
    if isinstance(data, Mapping) and data.get("format") == formats.EVALUATION:
        from jixiao.ingest.evaluation import evaluation_from_data

        case, problems = evaluation_from_data(data, name, local.folder())
        return ([case] if case is not None else []), problems
    problems = schema_problems(data, schema(), name, lambda path: reader.line_at(data, path))
    if problems:
        return [], problems
    if not isinstance(data, Mapping):  # the schema has already said so
        return [], problems
    items = data.get("tables", [data])
    prefix: list[object] = ["tables"] if "tables" in data else []
    tables: list[Case] = []
    for i, item in enumerate(items):
        at: list[object] = [*prefix, i] if prefix else []
        problems.extend(number_problems(item, name, lambda p: reader.line_at(data, p), at))
    if problems:
        return [], problems
    for i, item in enumerate(items):
        at = [*prefix, i] if prefix else []
        table = table_from_mapping(item, name, lambda p, at=at: reader.line_at(data, [*at, *p]))
        own = _artefacts(table)
        tables.append(dataclasses.replace(table, problems=tuple(own)))
        problems.extend(own)
    return tables, problems


# The number fields of a table, by path; "shown" ones may hold what the table printed instead
# of a number ("#####"), so only a number that cannot be read is refused there.
_AMOUNTS = ("initial", "annual", "executed")


def _number_fields(data: Mapping[str, Any]) -> list[tuple[list[object], object, bool]]:
    fields: list[tuple[list[object], object, bool]] = []

    def add(path: list[object], holder: object, key: str, shown: bool = False) -> None:
        if isinstance(holder, Mapping) and key in holder:
            fields.append(([*path, key], holder[key], shown))

    funds = data.get("funds")
    if isinstance(funds, Mapping):
        add(["funds"], funds, "weight")
        for key in _AMOUNTS:
            add(["funds", "total"], funds.get("total"), key)
        for i, line in enumerate(funds.get("sources") or []):
            for key in _AMOUNTS:
                add(["funds", "sources", i], line, key)
        add(["funds", "published"], funds.get("published"), "rate", True)
        add(["funds", "published"], funds.get("published"), "score", True)
    for i, row in enumerate(data.get("indicators") or []):
        add(["indicators", i], row, "weight")
        add(["indicators", i], row, "published_score", True)
    for i, level in enumerate(data.get("level_weights") or []):
        add(["level_weights", i], level, "weight")
    add(["published"], data.get("published"), "total", True)
    add(["published"], data.get("published"), "weight_total", True)
    return fields


def number_problems(
    data: Mapping[str, Any],
    name: str,
    line_of: Callable[[list[object]], int | None],
    at: list[object],
) -> list[Problem]:
    """Every number field of the table at `at` that holds no number jixiao can read (NaN,
    infinities, 1e999999, '1.2.3'), located by `line_of` (a path from the document's top);
    a blank is no problem here (the scorer judges what a blank means)."""
    problems = []
    for path, value, shown in _number_fields(data):
        if shown and not written_as_number(value):
            continue  # text the table printed ("#####"): kept as shown
        _, why = read_number(value)
        if why is not None:
            full = [*at, *path]
            where = Location(name, line=line_of(full), field=_pointer(full))
            problems.append(Problem("case-invalid", Severity.ERROR, where, why))
    return problems


def _artefacts(table: Case) -> list[Problem]:
    """Printed scores that are Excel artefacts ("#####"), as the other readers report them."""
    found = [
        artefact("score", row.at("score"), row.published_text)
        for row in table.indicators
        if row.published_text.startswith("#")
    ]
    if table.published_total_text.startswith("#"):
        found.append(artefact("total", table.where.with_field("总分"), table.published_total_text))
    return found


def _dec(value: object) -> Decimal | None:
    return parse_decimal(value) if value is not None else None


def _shown(value: object) -> str:
    """What a cell printed when it is not a number (e.g. "#####"); empty for numbers."""
    return "" if value is None or _dec(value) is not None else str(value)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def table_from_mapping(data: Mapping[str, Any], name: str, line_of: Any = None) -> Case:
    def where(*path: object) -> Location:
        line = line_of(list(path)) if line_of else None
        return Location(name, line=line, field=_pointer(path) if path else None)

    p = data.get("project") or {}
    project = Project(
        _text(p.get("code")),
        _text(p.get("name")),
        p.get("year"),
        _text(p.get("unit")),
        _text(p.get("department")),
    )
    funds = None
    if data.get("funds"):
        f = data["funds"]
        unit = f.get("unit")
        factor = FUND_UNITS[unit] if isinstance(unit, str) and unit in FUND_UNITS else Decimal(1)

        def line(m: Mapping[str, Any]) -> FundLine:
            vals = [_dec(m.get(k)) for k in ("initial", "annual", "executed")]
            return FundLine(str(m["name"]), *(v * factor if v is not None else None for v in vals))

        pub = f.get("published") or {}
        weight = _dec(f.get("weight"))  # not given: the policy's (10, or hubei-20's 20)
        funds = Funds(
            line(f["total"]),
            tuple(line(s) for s in f.get("sources") or ()),
            weight,
            f.get("unit", "元"),
            _dec(pub.get("rate")),
            _dec(pub.get("score")),
            _shown(pub.get("score")),
            where("funds"),
        )
    rows = []
    for i, ind in enumerate(data["indicators"]):
        score = ind.get("published_score")
        rows.append(
            Indicator(
                path=tuple(str(x) for x in ind["path"]),
                target=_text(ind.get("target")),
                actual=_text(ind.get("actual")),
                weight=_dec(ind.get("weight")),
                published_score=_dec(score),
                published_text=_shown(score),
                deviation=_text(ind.get("deviation")),
                where=where("indicators", i),
                cells=tuple(
                    (field, where("indicators", i, key))
                    for field, key in (
                        ("target", "target"),
                        ("actual", "actual"),
                        ("weight", "weight"),
                        ("score", "published_score"),
                    )
                ),
            )
        )
    goal = data.get("goal") or {}
    pub = data.get("published") or {}
    declared = {  # a blank weight is 0; a written 0.00 keeps its places (`or` made it 0)
        tuple(str(x) for x in lw["path"]): Decimal(0) if (w := _dec(lw["weight"])) is None else w
        for lw in data.get("level_weights") or ()
    }
    return Case(
        project=project,
        funds=funds,
        indicators=tuple(rows),
        goal_expected=_text(goal.get("expected")),
        goal_achieved=_text(goal.get("achieved")),
        declared_weights=declared,
        published_total=_dec(pub.get("total")),
        published_total_text=_shown(pub.get("total")),
        published_weight_total=_dec(pub.get("weight_total")),
        policy=str(data.get("policy", "default")),
        where=where(),
        kind=Kind(str(data.get("stage", "selfeval"))),
    )
