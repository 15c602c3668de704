"""fast_init builds the same frozen values as the dataclass's own __init__, only faster."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.frozen import fast_init
from jixiao.core.model import Indicator
from jixiao.core.problems import Location


@dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str
    c: tuple[int, ...] = ()
    d: list[int] = field(default_factory=list)


@fast_init
@dataclass(frozen=True, slots=True)
class Fast:
    a: int
    b: str
    c: tuple[int, ...] = ()
    d: list[int] = field(default_factory=list)


def _fields(value: object) -> tuple[object, ...]:
    return dataclasses.astuple(value)  # type: ignore[call-overload, no-any-return]


@given(st.integers(), st.text(), st.tuples(st.integers()), st.lists(st.integers()))
def test_same_values_as_the_dataclass_init(a: int, b: str, c: tuple[int], d: list[int]) -> None:
    assert _fields(Fast(a, b, c, d)) == _fields(Plain(a, b, c, d))
    assert _fields(Fast(a, b)) == _fields(Plain(a, b))
    assert _fields(Fast(b=b, a=a, d=d)) == _fields(Plain(b=b, a=a, d=d))


def test_default_factory_gives_each_value_its_own() -> None:
    one, two = Fast(1, "x"), Fast(1, "x")
    assert one.d == [] and one.d is not two.d


def test_still_frozen_comparable_hashable_and_replaceable() -> None:
    value = Fast(1, "x", (2,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.a = 2  # type: ignore[misc]
    assert value == Fast(1, "x", (2,)) and value != Fast(2, "x", (2,))
    assert dataclasses.replace(value, a=5) == Fast(5, "x", (2,))
    assert repr(value) == "Fast(a=1, b='x', c=(2,), d=[])"
    row = Indicator(("产出指标", "数量指标", "人次"), "≥100人次", "120人次", None)
    assert hash(row) == hash(dataclasses.replace(row))
    assert row.where == Location() and row.cells == ()


def test_wrong_arguments_are_refused_like_the_dataclass() -> None:
    with pytest.raises(TypeError):
        Fast(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Fast(1, "x", e=3)  # type: ignore[call-arg]


def test_refuses_classes_it_cannot_speed_up() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(slots=True)
    class Mutable:
        a: int

    @dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        a: int

    for cls in (NoSlots, Mutable, PostInit, KeywordOnly):
        with pytest.raises(TypeError):
            fast_init(cls)


def test_a_frozen_map_is_an_immutable_hashable_mapping() -> None:
    from jixiao.core.frozen import FrozenMap

    m = FrozenMap({"points": [{"id": "①", "value": 2}], "note": "x"})
    assert m == {"points": ({"id": "①", "value": 2},), "note": "x"}  # lists become tuples
    assert isinstance(m["points"][0], FrozenMap) and hash(m) == hash(FrozenMap(dict(m)))
    with pytest.raises(TypeError):
        m["note"] = "y"  # type: ignore[index]
    assert FrozenMap([((("产出指标",)), 50)]) == {("产出指标",): 50}


def test_every_case_and_result_jixiao_reads_hashes_and_equal_ones_hash_equal() -> None:
    """Frozen values are hashable all the way down (a case's facts, a rule's parameters),
    and reading the same file twice gives equal values with equal hashes."""
    from pathlib import Path

    from jixiao import api

    root = Path(__file__).resolve().parents[1] / "examples"
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".txt", ".xlsx"))
    assert len(files) >= 8
    for path in files:
        first, second = api.score_paths([path]).results, api.score_paths([path]).results
        assert first == second, path
        assert [hash(r) for r in first] == [hash(r) for r in second], path
