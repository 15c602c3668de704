"""An indicator framework (指标体系) as values: a weighted tree whose leaves carry rules.

Frameworks are data: loaded from YAML (`jixiao.ingest.framework`), checked
(`jixiao.validate.framework`) and applied (`jixiao.scoring.evaluate`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.frozen import FrozenMap, frozen_map
from jixiao.core.problems import Location


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as the framework states it: a kind and its parameters."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", frozen_map(self.params))  # so a framework hashes


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    weight: Decimal
    children: tuple[Node, ...] = ()
    rule: RuleSpec | None = None  # leaves only
    id: str = ""  # a stable key for facts; the leaf's name or path otherwise
    explanation: str = ""  # 指标解释
    standard: str = ""  # 评分标准, verbatim
    benchmark: str = ""  # 标杆值 / 年度指标值
    where: Location = field(default_factory=Location)

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True, slots=True)
class GradeBand:
    minimum: Decimal
    label: str
    # 结果应用: what the grade means for the next budget, in the rulebook's words ("" none)
    consequence: str = ""


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: str
    nodes: tuple[Node, ...]
    grades: tuple[GradeBand, ...]
    total: Decimal = Decimal(100)
    description: str = ""
    where: Location = field(default_factory=Location)

    def walk(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """Every node with its path, depth first, in order."""

        def visit(
            nodes: tuple[Node, ...], prefix: tuple[str, ...]
        ) -> Iterator[tuple[tuple[str, ...], Node]]:
            for node in nodes:
                path = (*prefix, node.name)
                yield path, node
                yield from visit(node.children, path)

        yield from visit(self.nodes, ())

    def leaves(self) -> list[tuple[tuple[str, ...], Node]]:
        return [(path, node) for path, node in self.walk() if node.is_leaf]

    @property
    def depth(self) -> int:
        return max((len(path) for path, _ in self.walk()), default=0)

    def grade(self, total: Decimal) -> str:
        for band in sorted(self.grades, key=lambda b: b.minimum, reverse=True):
            if total >= band.minimum:
                return band.label
        return ""
