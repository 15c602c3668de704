"""YAML with lines: every mapping and list remembers where it and each of its items start.

A finer cousin of `ingest.framework.load_yaml`: monitoring problems point at one month's
figure or one indicator's target, so the line of each key is kept, not only the mapping's.
"""

from __future__ import annotations

from typing import Any

import yaml

from jixiao.ingest.framework import yaml_scalar


class YamlError(Exception):
    """Not YAML at all; carries the 1-based line when the parser gave one."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class YMap(dict[str, Any]):
    """A mapping with its own line and the line of each key's value."""

    line: int
    key_lines: dict[str, int]


class YList(list[Any]):
    """A sequence with its own line and the line of each item."""

    line: int
    item_lines: list[int]


def _build(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        mapping = YMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key, value in node.value:
            name = str(key.value)
            mapping[name] = _build(value)
            mapping.key_lines[name] = key.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = YList(_build(v) for v in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [v.start_mark.line + 1 for v in node.value]
        return items
    return yaml_scalar(node)


def load(text: str) -> Any:
    """The document as plain data with lines; None for an empty document."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise YamlError(str(getattr(exc, "problem", None) or exc), line) from None
    return None if node is None else _build(node)


def line_of(container: Any, key: str | int) -> int | None:
    """The line of an item of a YMap or YList, when known."""
    if isinstance(container, YMap) and isinstance(key, str):
        return container.key_lines.get(key, container.line)
    if isinstance(container, YList) and isinstance(key, int) and key < len(container.item_lines):
        return container.item_lines[key]
    return None
