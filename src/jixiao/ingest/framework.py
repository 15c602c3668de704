"""Frameworks from YAML: built-in ones by id, others by path; `extends` and `patch` resolved.

A framework file either lists its whole tree under `indicators`, or `extends` another
framework and changes it with `patch` operations (replace, update, remove, add). Every node
remembers its line, so problems point at the YAML a person wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.core.framework import Framework, GradeBand, Node, RuleSpec
from jixiao.core.memo import memo
from jixiao.core.problems import Location, Problem, Severity, has_errors
from jixiao.ingest import formats, local
from jixiao.source import reader
from jixiao.source.errors import SourceError, UnreadableFile
from jixiao.source.reader import YamlMap, start_line
from jixiao.source.text import decode
from jixiao.source.values import read_number, shown

NODE_KEYS = ("name", "weight", "children", "rule", "id", "explanation", "standard", "benchmark")


class FrameworkError(Exception):
    """A framework that cannot be built; carries located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@memo(None)
def builtin_ids() -> tuple[str, ...]:
    folder = resources.files("jixiao.frameworks")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def load_yaml(text: str, name: str) -> Any:
    """The document as a tree with lines (`source.reader.read`), within the limits;
    FrameworkError when it cannot be read."""
    try:
        data = reader.read(text, name)
    except SourceError as exc:
        raise FrameworkError([exc.problem]) from None
    return YamlMap() if data is None else data


def _source(ref: str, base_dir: Path | None) -> tuple[str, str, Path | None]:
    """(text, name, folder its own references are relative to) of a framework referred to
    by built-in id or by path."""
    if ref in builtin_ids():
        res = resources.files("jixiao.frameworks") / f"{ref}.yaml"
        return res.read_text(encoding="utf-8"), f"内置框架 {ref}", base_dir
    known = "、".join(builtin_ids())
    root = base_dir if base_dir is not None else local.folder()
    if root is None:  # content that came as bytes: no file on this machine may be named
        message = (
            f"框架「{ref}」不是内置框架；上传的内容只能使用内置框架（{known}）或在文件中写出框架"
        )
        raise FrameworkError(
            [Problem("framework-not-found", Severity.ERROR, Location(ref), message)]
        )
    path = Path(ref)
    if not path.is_absolute():
        path = root / path
    if not path.is_file():
        raise FrameworkError(
            [
                Problem(
                    "framework-not-found",
                    Severity.ERROR,
                    Location(ref),
                    f"找不到框架「{ref}」（内置：{known}；或给出 YAML 文件路径）",
                )
            ]
        )
    try:
        return decode(path.read_bytes()), str(path), path.parent
    except (OSError, UnreadableFile) as exc:
        raise FrameworkError(
            [Problem("unreadable-file", Severity.ERROR, Location(str(path)), str(exc))]
        ) from None


def load_framework(ref: str, base_dir: Path | None = None) -> Framework:
    """A built-in framework by id, or a framework file by path, fully resolved."""
    framework, problems = read_framework(ref, base_dir)
    if framework is None or has_errors(problems):
        raise FrameworkError(problems)
    return framework


def read_framework(
    ref: str, base_dir: Path | None = None
) -> tuple[Framework | None, list[Problem]]:
    """The framework as far as it can be built, and every problem met on the way."""
    try:
        text, name, folder = _source(ref, base_dir)
        data = load_yaml(text, name)
    except FrameworkError as exc:
        return None, exc.problems
    if isinstance(data, Mapping) and data.get("format") == formats.EVALUATION:
        inner = data.get("framework")  # an evaluation case: check the framework it uses
        if isinstance(inner, str):
            return read_framework(inner, folder)
        data = inner
    problems: list[Problem] = []
    try:
        return build_framework(data, name, folder, (), problems), problems
    except FrameworkError as exc:
        return None, problems + exc.problems


def framework_from_mapping(
    data: Any, name: str, base_dir: Path | None = None, seen: tuple[str, ...] = ()
) -> Framework:
    """A framework from loaded YAML; raises FrameworkError on any error-level problem."""
    problems: list[Problem] = []
    framework = build_framework(data, name, base_dir, seen, problems)
    if has_errors(problems):
        raise FrameworkError(problems)
    return framework


def build_framework(
    data: Any, name: str, base_dir: Path | None, seen: tuple[str, ...], problems: list[Problem]
) -> Framework:
    """Build as much as possible, collecting problems; raise only when there is no tree at all."""
    where = Location(name, line=start_line(data))
    if not isinstance(data, Mapping):
        raise FrameworkError(
            [
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    where,
                    "框架应为键值映射（id、title、indicators 或 extends……）",
                )
            ]
        )
    base: Framework | None = None
    if data.get("extends"):
        ref = str(data["extends"])
        if ref in seen:
            raise FrameworkError(
                [
                    Problem(
                        "framework-invalid",
                        Severity.ERROR,
                        where,
                        f"框架循环继承：{' → '.join((*seen, ref))}",
                    )
                ]
            )
        text, base_name, folder = _source(ref, base_dir)
        base = framework_from_mapping(load_yaml(text, base_name), base_name, folder, (*seen, ref))
    if "indicators" in data:
        nodes = tuple(_node(n, name, problems, ()) for n in data["indicators"] or [])
    elif base is not None:
        nodes = base.nodes
    else:
        raise FrameworkError(
            [
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    where,
                    "框架既没有 indicators（指标树），也没有 extends（继承的框架）",
                )
            ]
        )
    for op in data.get("patch") or []:
        nodes = _apply(nodes, op, name, problems)
    grades = (
        _grades(data.get("grades"), name, problems)
        if data.get("grades")
        else (base.grades if base is not None else ())
    )
    total, why = read_number(data.get("total"))
    if why is not None or (total is not None and total <= 0):
        problems.append(
            Problem("framework-invalid", Severity.ERROR, where, f"总分（total）{why or '应为正数'}")
        )
        total = None
    total = total or (base.total if base else Decimal(100))
    return Framework(
        id=str(data.get("id") or (base.id if base else Path(name).stem)),
        title=str(data.get("title") or (base.title if base else "")),
        nodes=nodes,
        grades=grades,
        total=total,
        description=str(data.get("description") or (base.description if base else "")),
        where=where,
    )


def _grades(data: Any, name: str, problems: list[Problem]) -> tuple[GradeBand, ...]:
    bands = []
    for band in data if isinstance(data, list) else []:
        minimum = read_number(band.get("min"))[0] if isinstance(band, Mapping) else None
        if minimum is None or not band.get("label"):
            problems.append(
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    Location(name, line=start_line(band)),
                    "等级应写成 {min: 下限, label: 等级}",
                )
            )
            continue
        bands.append(GradeBand(minimum, str(band["label"])))
    return tuple(bands)


def _node(data: Any, name: str, problems: list[Problem], parent: tuple[str, ...]) -> Node:
    if not isinstance(data, Mapping) or not data.get("name"):
        problems.append(
            Problem(
                "framework-invalid",
                Severity.ERROR,
                Location(name, line=start_line(data)),
                f"{'/'.join(parent) or '顶层'} 下有一个指标没有名称（name）",
            )
        )
        return Node("", Decimal(0))
    where = Location(name, line=start_line(data), field="/".join((*parent, str(data["name"]))))
    unknown = [k for k in data if k not in NODE_KEYS]
    if unknown:
        problems.append(
            Problem(
                "framework-invalid", Severity.WARNING, where, f"不认识的字段：{'、'.join(unknown)}"
            )
        )
    path = (*parent, str(data["name"]))
    children = tuple(_node(c, name, problems, path) for c in data.get("children") or [])
    weight, why = read_number(data.get("weight"))
    if why is not None or (weight is not None and weight < 0):
        problems.append(
            Problem(
                "framework-invalid",
                Severity.ERROR,
                where,
                f"指标「{shown(data['name'])}」的权重（weight）{why or '为负数'}",
            )
        )
        weight = Decimal(0)
    if weight is None:
        if children:
            weight = sum((c.weight for c in children), Decimal(0))
        else:
            problems.append(
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    where,
                    f"指标「{shown(data['name'])}」没有权重（weight）",
                )
            )
            weight = Decimal(0)
    return Node(
        name=str(data["name"]),
        weight=weight,
        children=children,
        rule=_rule(data.get("rule"), where, problems),
        id=str(data.get("id") or ""),
        explanation=_text(data.get("explanation")),
        standard=_text(data.get("standard")),
        benchmark=_text(data.get("benchmark")),
        where=where,
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rule(data: Any, where: Location, problems: list[Problem]) -> RuleSpec | None:
    if data is None:
        return None
    if not isinstance(data, Mapping) or not data.get("kind"):
        problems.append(
            Problem(
                "framework-invalid", Severity.ERROR, where, "规则应写成 {kind: 规则类型, 参数…}"
            )
        )
        return None
    params = reader.plain(data)
    kind = str(params.pop("kind"))
    return RuleSpec(kind, params)


def _apply(
    nodes: tuple[Node, ...], op: Any, name: str, problems: list[Problem]
) -> tuple[Node, ...]:
    where = Location(name, line=start_line(op))
    verbs = [
        v for v in ("replace", "update", "remove", "add") if isinstance(op, Mapping) and v in op
    ]
    if len(verbs) != 1:
        problems.append(
            Problem(
                "framework-invalid",
                Severity.ERROR,
                where,
                "每个 patch 操作应恰好包含 replace、update、remove、add 之一",
            )
        )
        return nodes
    verb = verbs[0]
    path = tuple(str(p) for p in op[verb] or [])

    def edit(
        items: tuple[Node, ...], rest: tuple[str, ...], parent: tuple[str, ...]
    ) -> tuple[Node, ...]:
        if verb == "add" and not rest:
            new = _node(op.get("node"), name, problems, parent)
            before = op.get("before")
            if before is None:
                return (*items, new)
            at = next((i for i, n in enumerate(items) if n.name == before), None)
            if at is None:
                where_parent = "/".join(parent) or "顶层"
                problems.append(
                    Problem(
                        "framework-invalid",
                        Severity.ERROR,
                        where,
                        f"add 的 before「{before}」不是「{where_parent}」下的指标",
                    )
                )
                return (*items, new)
            return (*items[:at], new, *items[at:])
        head, tail = rest[0], rest[1:]
        index = next((i for i, n in enumerate(items) if n.name == head), None)
        if index is None:
            problems.append(
                Problem(
                    "framework-invalid",
                    Severity.ERROR,
                    where,
                    f"patch 找不到指标「{'/'.join((*parent, head))}」",
                )
            )
            return items
        node = items[index]
        if tail or verb == "add":
            children = edit(node.children, tail, (*parent, head))
            weight = (
                node.weight
                if op.get("keep_weight")
                else sum((c.weight for c in children), Decimal(0))
            )
            changed = replace(node, children=children, weight=weight if children else node.weight)
        elif verb == "remove":
            return (*items[:index], *items[index + 1 :])
        elif verb == "replace":
            changed = _node(op.get("with"), name, problems, parent)
        else:
            changed = _update(node, op.get("set"), name, problems, parent)
        return (*items[:index], changed, *items[index + 1 :])

    if (verb == "remove" or verb == "update" or verb == "replace") and not path:
        problems.append(Problem("framework-invalid", Severity.ERROR, where, f"{verb} 需要指标路径"))
        return nodes
    return edit(nodes, path, ())


def _update(
    node: Node, changes: Any, name: str, problems: list[Problem], parent: tuple[str, ...]
) -> Node:
    if not isinstance(changes, Mapping):
        problems.append(
            Problem(
                "framework-invalid", Severity.ERROR, node.where, "update 需要 set: {要修改的字段}"
            )
        )
        return node
    fields = YamlMap(
        {"name": node.name, "weight": str(node.weight), **changes}, start_line(changes)
    )
    base = _node(fields, name, problems, parent)
    changed = {key: getattr(base, key) for key in NODE_KEYS if key in changes}
    return replace(node, **changed, where=base.where)
