"""The one reader of YAML (and JSON) sources: safe tags only; aliases, nesting and size bounded
while composing; a tree of values whose mappings and sequences remember their lines.

Composing keeps each alias as a shared node, so a 400-byte "billion laughs" costs nothing until
someone walks it. Here every node's expanded size and depth are counted as it is composed (an
alias adds the size of what it names), and the document is refused as soon as a limit of
`core.limits` is passed (`LimitExceeded`), or when an alias names a node that contains it
(`UnreadableFile`); either's `problem` is located (file, line). The tree is then built from the
bounded nodes: `read` gives `YamlMap`/`YamlList` (keys as written, a line for each key and
item), `load` plain data as `yaml.safe_load` gives it (numbers as `values.number` reads them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import InvalidOperation
from typing import Any

import yaml

from jixiao.core import limits
from jixiao.core.problems import Location
from jixiao.source.errors import LimitExceeded, UnreadableFile
from jixiao.source.syntax import json_reason, yaml_reason
from jixiao.source.values import FLOAT, INT, number, shown

_MERGE = "tag:yaml.org,2002:merge"


class YamlMap(dict[str, Any]):
    """A mapping read from YAML, keys as written: the line it starts on and each key's line."""

    __slots__ = ("key_lines", "line")

    def __init__(
        self,
        items: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
        line: int | None = None,
        key_lines: dict[str, int] | None = None,
    ) -> None:
        super().__init__(items)
        self.line = line
        self.key_lines = {} if key_lines is None else key_lines

    def line_of(self, key: object) -> int | None:
        """The line of `key` (the mapping's own line for a key it does not have)."""
        return self.key_lines.get(key, self.line) if isinstance(key, str) else None


class YamlList(list[Any]):
    """A sequence read from YAML: the line it starts on and each item's line."""

    __slots__ = ("item_lines", "line")

    def __init__(
        self,
        items: Iterable[Any] = (),
        line: int | None = None,
        item_lines: list[int] | None = None,
    ) -> None:
        super().__init__(items)
        self.line = line
        self.item_lines = [] if item_lines is None else item_lines

    def line_of(self, index: object) -> int | None:
        """The line of item `index`, when there is one."""
        if isinstance(index, int) and index < len(self.item_lines):
            return self.item_lines[index]
        return None


def start_line(value: object) -> int | None:
    """The line a mapping or sequence read by `read` starts on; None for anything else (a
    scalar, or data from JSON)."""
    return value.line if isinstance(value, YamlMap | YamlList) else None


def line_at(data: object, path: Sequence[object]) -> int | None:
    """The line of the value at `path` in a tree from `read`: its key's line for the last step
    into a mapping, its own line for an item; where the path leaves the tree, the line of the
    last value reached; None for a key the mapping does not have, or data without lines."""
    node, line = data, start_line(data)
    last = len(path) - 1
    for n, part in enumerate(path):
        if isinstance(node, YamlMap):
            if part not in node:
                return None
            key_line = node.key_lines.get(part)  # type: ignore[call-overload]
            node = node[part]  # type: ignore[index]
            inner = start_line(node)
            line = inner if n < last and inner is not None else key_line
        elif isinstance(node, YamlList) and isinstance(part, int) and part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line


def plain(value: Any) -> Any:
    """A tree from `read` as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    """A scalar as YAML means it, except that 7.00 is Decimal("7.00") and an unreadable number
    is NotANumber; a value YAML cannot build (2024-13-45) stays its text, for the reader to judge."""
    if node.tag in (FLOAT, INT) and isinstance(node.value, str):
        return number(node.value, node.tag)
    try:
        value = _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return str(node.value)
    if isinstance(value, bytes | set | list | dict | tuple):  # !!binary, !!set, !!omap …
        return str(node.value) if isinstance(node, yaml.ScalarNode) else None
    return value


class _Composer(yaml.SafeLoader):
    """PyYAML's pure-Python composer, counting as it goes."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name
        self.limits = limits.current()
        self.aliases = 0
        self.open: set[str] = set()  # anchors whose node is being composed
        self.expanded: dict[str, tuple[int, int]] = {}  # anchor → (nodes, depth) expanded
        self.frames: list[list[int]] = [[0, 0]]  # per open node: nodes and depth below it

    def _where(self, mark: Any) -> Location:
        return Location(self.name, line=mark.line + 1 if mark is not None else None)

    def _check(self, name: str, found: int, mark: Any, what: str) -> None:
        if found > getattr(self.limits, name):
            raise LimitExceeded(limits.exceeded(name, found, self._where(mark), what))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        frame = self.frames[-1]
        if isinstance(event, yaml.AliasEvent):
            anchor = event.anchor
            if anchor in self.open:
                raise UnreadableFile(
                    f"别名「*{shown(anchor)}」引用了包含它自己的节点（递归别名），无法读取",
                    self._where(event.start_mark).line,
                    self.name,
                )
            self.aliases += 1
            self._check("yaml_aliases", self.aliases, event.start_mark, "别名用得太多")
            node = super().compose_node(parent, index)
            nodes, depth = self.expanded.get(str(anchor), (1, 1))
        else:
            anchor = getattr(event, "anchor", None)
            self._check("yaml_depth", len(self.frames), event.start_mark, "嵌套太深")
            if anchor is not None:
                self.open.add(anchor)
            self.frames.append([0, 0])
            node = super().compose_node(parent, index)
            below = self.frames.pop()
            self.open.discard(anchor or "")
            nodes, depth = below[0] + 1, below[1] + 1
            if anchor is not None:
                self.expanded[anchor] = (nodes, depth)
            if isinstance(node, yaml.MappingNode):
                for key, _ in node.value:
                    if not isinstance(key, yaml.ScalarNode):
                        raise UnreadableFile(
                            "映射的键应为文字，不能是列表或映射", _line(key), self.name
                        )
        frame[0] += nodes
        frame[1] = max(frame[1], depth)
        self._check("yaml_nodes", frame[0], event.start_mark, "展开后的节点太多")
        self._check("yaml_depth", frame[1] + len(self.frames) - 1, event.start_mark, "嵌套太深")
        return node


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _compose(text: str, name: str) -> yaml.Node | None:
    """The document's node tree within the limits in force; None for an empty document."""
    loader = _Composer(text, name)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = str(getattr(exc, "problem", None) or exc)
        column = mark.column + 1 if mark is not None else None
        raise UnreadableFile(yaml_reason(why, column), line, name) from None
    except RecursionError:  # a limit raised above the default stack: still never a traceback
        raise LimitExceeded(
            limits.exceeded("yaml_depth", len(loader.frames), Location(name), "嵌套太深")
        ) from None
    except (ValueError, OverflowError):  # PyYAML's scanner: chr() of an escape like "\UFFFFFFFF"
        mark = loader.get_mark()
        raise UnreadableFile(
            "文本中有无效的转义字符（如 \\U 后面不是有效的 Unicode 码位）", mark.line + 1, name
        ) from None
    finally:
        loader.dispose()


def _pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """The mapping's (key, value) nodes with merge keys (<<) applied, as PyYAML applies them:
    merged ones first, so the mapping's own keys win, and of several merged the first wins.
    Bounded: `_compose` has already limited what the aliases expand to."""
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag == _MERGE:
            for merged in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                if isinstance(merged, yaml.MappingNode):
                    pairs[:0] = _pairs(merged)
            continue
        pairs.append((key, value))
    return pairs


def _tree(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = YamlMap(line=_line(node))
        for key, value in _pairs(node):
            text = str(key.value)
            out[text] = _tree(value)
            out.key_lines[text] = _line(key)
        return out
    if isinstance(node, yaml.SequenceNode):
        return YamlList((_tree(v) for v in node.value), _line(node), [_line(v) for v in node.value])
    return _scalar(node)


def _data(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {_key(k): _data(v) for k, v in _pairs(node)}
    if isinstance(node, yaml.SequenceNode):
        return [_data(v) for v in node.value]
    return _scalar(node)


def _key(node: yaml.Node) -> Any:
    value = _scalar(node)
    return value if isinstance(value, str | int | bool) or value is None else str(node.value)


def read(text: str, name: str) -> Any:
    """The document as a tree with lines (None when empty): `YamlMap` keyed by each key as
    written, `YamlList`, scalars. Raises `UnreadableFile` (not YAML, recursive alias) or
    `LimitExceeded`, both `SourceError`s with a located problem."""
    node = _compose(text, name)
    return None if node is None else _tree(node)


def load(text: str, name: str) -> Any:
    """The document as plain data (None when empty), as `yaml.safe_load` reads it but within
    the limits and with exact numbers; raises as `read` does."""
    node = _compose(text, name)
    return None if node is None else _data(node)


# JSON: strings (with their escapes) and the brackets outside them, to measure nesting in one pass.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|\b(?:NaN|-?Infinity)\b')


def load_json(text: str, name: str) -> Any:
    """A JSON document with Decimal numbers, within the nesting limit; NaN and Infinity (which
    JSON does not have) refused with their line; unreadable numbers as NotANumber."""
    depth_limit = limits.current().yaml_depth
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > depth_limit:
                where = Location(name, line=text.count("\n", 0, match.start()) + 1)
                raise LimitExceeded(limits.exceeded("yaml_depth", depth, where, "嵌套太深"))
        elif token in ("]", "}"):
            depth -= 1
        elif not token.startswith('"'):
            line = text.count("\n", 0, match.start()) + 1
            raise UnreadableFile(f"不是有效的 JSON（{token} 不是 JSON 的数字）", line, name)
    try:
        return json.loads(
            text,
            parse_float=lambda s: number(s, FLOAT),
            parse_int=lambda s: number(s, INT),
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise UnreadableFile(json_reason(exc.msg, exc.colno), exc.lineno, name) from None
    except (RecursionError, ValueError, InvalidOperation) as exc:
        raise UnreadableFile(f"不是有效的 JSON（{shown(str(exc), 60)}）", None, name) from None


def _no_constant(token: str) -> Any:
    raise ValueError(f"{token} 不是 JSON 的数字")
