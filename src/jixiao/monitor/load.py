"""YAML with lines: every mapping and list remembers where it and each of its items start.

A finer cousin of `ingest.framework.load_yaml`: monitoring problems point at one month's
figure or one indicator's target, so the line of each key is kept, not only the mapping's.
"""

from __future__ import annotations

from typing import Any

import yaml

from jixiao.ingest import yaml_safe
from jixiao.ingest.text import UnreadableFile


class YamlError(Exception):
    """Not YAML at all; the message is the Chinese reason, with the 1-based line when known."""

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


def _mapping(node: yaml.MappingNode, pairs: list[tuple[yaml.Node, Any]]) -> YMap:
    mapping = YMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key, value in pairs:
        name = str(key.value)
        mapping[name] = value
        mapping.key_lines[name] = key.start_mark.line + 1
    return mapping


def _sequence(node: yaml.SequenceNode, items: list[Any]) -> YList:
    out = YList(items)
    out.line = node.start_mark.line + 1
    out.item_lines = [v.start_mark.line + 1 for v in node.value]
    return out


def load(text: str, name: str = "") -> Any:
    """The document as plain data with lines; None for an empty document. Within the limits
    (`ingest.yaml_safe`): raises YamlError when it is no YAML, LimitExceeded past a limit."""
    try:
        node = yaml_safe.compose(text, name)
    except UnreadableFile as exc:
        raise YamlError(str(exc), exc.line) from None
    return None if node is None else yaml_safe.build(node, _mapping, _sequence)


def line_of(container: Any, key: str | int) -> int | None:
    """The line of an item of a YMap or YList, when known."""
    if isinstance(container, YMap) and isinstance(key, str):
        return container.key_lines.get(key, container.line)
    if isinstance(container, YList) and isinstance(key, int) and key < len(container.item_lines):
        return container.item_lines[key]
    return None
