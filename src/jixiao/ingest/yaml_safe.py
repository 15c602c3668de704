"""The one YAML (and JSON) loader every jixiao reader uses: safe tags only; aliases, nesting and
size limited while composing, before anything expands an alias; numbers finite or not numbers.

Composing keeps each alias as a shared node, so a 400-byte "billion laughs" costs nothing until
someone walks it. Here every node's expanded size and depth are counted as it is composed (an
alias adds the size of what it names), and the document is refused as soon as a limit of
`core.limits` is passed (`LimitExceeded`), or when an alias names a node that contains it.

Numbers: a YAML float is an exact Decimal; a number that is not finite or not in the range of
`core.numbers.in_range` (.nan, .inf, 1.0e+999999, 1.0e-999999, an int of 5,000 digits) stays the
text it was written as, marked `NotANumber`, so text fields keep it and `read_number` says what
is wrong.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from jixiao.core import limits
from jixiao.core.numbers import in_range, parse_decimal
from jixiao.core.problems import Location
from jixiao.ingest.syntax import json_reason, yaml_reason
from jixiao.ingest.text import LimitExceeded, UnreadableFile

_FLOAT = "tag:yaml.org,2002:float"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"


class NotANumber(str):
    """A value written as a number that cannot be read as one (.nan, .inf, 1e999999): the text as
    written, for text fields; number fields refuse it with `read_number`'s reason."""


def read_number(value: object) -> tuple[Decimal | None, str | None]:
    """(number, None) for a readable number; (None, None) for a blank; (None, why) otherwise,
    why being a Chinese reason naming the value (cut short)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"应为数字，不是「{shown(value)}」"
    if isinstance(value, NotANumber):
        return None, _why(str(value))
    if isinstance(value, float):  # from a spreadsheet or json/yaml elsewhere: through repr
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return (value, None) if in_range(value) else (None, _why(str(value)))
    if isinstance(value, int):
        if abs(value) < 10**30 and in_range(Decimal(value)):
            return Decimal(value), None
        return None, _why(str(value) if value.bit_length() < 3000 else "")
    if not isinstance(value, str):
        return None, f"应为数字，不是「{shown(value)}」"
    number = parse_decimal(value)
    if number is not None:
        return number, None
    written = _as_decimal(value)
    if written is None:
        return None, f"「{shown(value)}」不是数字"
    if in_range(written):
        return None, f"「{shown(value)}」不是数字（请写成不带指数的数字，如 1500000）"
    return None, _why(value)


def _as_decimal(text: str) -> Decimal | None:
    """What Decimal makes of the text (1e999999, Infinity), which jixiao does not read as is."""
    try:
        return Decimal(text.strip().replace(",", "").replace("，", "")[:100])
    except ArithmeticError:
        return None


def written_as_number(value: object) -> bool:
    """Whether `value` was meant as a number: any number, or text Decimal reads (Infinity, 1e9)."""
    if isinstance(value, NotANumber | int | float | Decimal) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and _as_decimal(value) is not None


def _why(text: str) -> str:
    lowered = text.strip().lower().lstrip("+-")
    if lowered in (".nan", "nan"):
        return f"「{shown(text)}」不是数字（NaN）"
    if lowered in (".inf", "inf", "infinity"):
        return f"「{shown(text)}」不是有限的数字"
    return (
        f"「{shown(text) or '（数字太长）'}」超出可读的范围"
        "（绝对值应小于 10¹⁵，非零时不小于 10⁻⁸，有效数字不超过 28 位）"
    )


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = 4
_SHORT.maxlevel = 2


def shown(value: object, width: int = 40) -> str:
    """A value as a message quotes it: never more than `width` characters, whatever its size."""
    text = value if isinstance(value, str) else _SHORT.repr(value)
    text = text[: width + 1]  # a slice first: a long text is never copied whole
    return text if len(text) <= width else text[: width - 1] + "…"


def _number(text: str, tag: str) -> object:
    """A YAML/JSON number as Decimal or int when in range, else `NotANumber(text)`."""
    clean = text.replace("_", "")
    try:
        if tag == _INT:
            if len(clean) > 30:  # int() of thousands of digits is refused by Python itself
                return NotANumber(text)
            number: int | Decimal = int(_CONSTRUCTOR.construct_yaml_int(_scalar_node(text)))
            return number if in_range(Decimal(number)) else NotANumber(text)
        decimal = Decimal(clean)
    except (ArithmeticError, ValueError):
        return NotANumber(text)
    return decimal if in_range(decimal) else NotANumber(text)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar_node(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode(_INT, text)


def scalar(node: yaml.Node) -> Any:
    """A scalar as YAML means it, except that 7.00 is Decimal("7.00") and an unreadable number
    is NotANumber; a value YAML cannot build (2024-13-45) stays its text, for the reader to judge."""
    if node.tag in (_FLOAT, _INT) and isinstance(node.value, str):
        return _number(node.value, node.tag)
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
                        raise UnreadableFile("映射的键应为文字，不能是列表或映射", key_line(key))
        frame[0] += nodes
        frame[1] = max(frame[1], depth)
        self._check("yaml_nodes", frame[0], event.start_mark, "展开后的节点太多")
        self._check("yaml_depth", frame[1] + len(self.frames) - 1, event.start_mark, "嵌套太深")
        return node


def key_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def compose(text: str, name: str) -> yaml.Node | None:
    """The document's node tree within the limits in force; None for an empty document.
    Raises UnreadableFile (not YAML, recursive alias) or LimitExceeded."""
    loader = _Composer(text, name)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = str(getattr(exc, "problem", None) or exc)
        column = mark.column + 1 if mark is not None else None
        raise UnreadableFile(yaml_reason(why, column), line) from None
    except RecursionError:  # a limit raised above the default stack: still never a traceback
        raise LimitExceeded(
            limits.exceeded("yaml_depth", len(loader.frames), Location(name), "嵌套太深")
        ) from None
    finally:
        loader.dispose()


def build(
    node: yaml.Node,
    mapping: Callable[[yaml.MappingNode, list[tuple[yaml.Node, Any]]], Any] | None = None,
    sequence: Callable[[yaml.SequenceNode, list[Any]], Any] | None = None,
) -> Any:
    """Nodes as data: dicts, lists and scalars, or what `mapping`/`sequence` make of each
    (built children given with their key nodes), for readers that keep lines. Merge keys (<<)
    are applied. Bounded: `compose` has already limited what the aliases expand to."""
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, Any]] = []
        for key, value in node.value:
            if key.tag == _MERGE:
                for merged in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                    if isinstance(merged, yaml.MappingNode):
                        pairs[:0] = [(k, build(v, mapping, sequence)) for k, v in merged.value]
                continue
            pairs.append((key, build(value, mapping, sequence)))
        if mapping is not None:
            return mapping(node, pairs)
        return {_key(k): v for k, v in pairs}
    if isinstance(node, yaml.SequenceNode):
        items = [build(v, mapping, sequence) for v in node.value]
        return sequence(node, items) if sequence is not None else items
    return scalar(node)


def _key(node: yaml.Node) -> Any:
    value = scalar(node)
    return value if isinstance(value, str | int | bool) or value is None else str(node.value)


def load(text: str, name: str) -> Any:
    """The document as plain data (None when empty), within the limits."""
    node = compose(text, name)
    return None if node is None else build(node)


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
            raise UnreadableFile(f"不是有效的 JSON（{token} 不是 JSON 的数字）", line)
    try:
        return json.loads(
            text,
            parse_float=lambda s: _number(s, _FLOAT),
            parse_int=lambda s: _number(s, _INT),
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise UnreadableFile(json_reason(exc.msg, exc.colno), exc.lineno) from None
    except (RecursionError, ValueError, InvalidOperation) as exc:
        raise UnreadableFile(f"不是有效的 JSON（{shown(str(exc), 60)}）") from None


def _no_constant(token: str) -> Any:
    raise ValueError(f"{token} 不是 JSON 的数字")
