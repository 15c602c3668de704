"""The one YAML reader (`jixiao.source.reader`) reads what `yaml.safe_load` reads, numbers
exact, and every line it reports is the line where that key or item is written."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.source.reader import YamlList, YamlMap, line_at, load, plain, read

# No line or paragraph separators, control characters or surrogates: text a table holds.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    max_size=12,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**14), 10**14),
    st.decimals(places=2, min_value=-(10**9), max_value=10**9).map(float),
    TEXT,
)


def documents(keys: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=25,
    )


def exact(value: Any, text_keys: bool = False) -> Any:
    """What jixiao reads for what `yaml.safe_load` read: floats as the exact Decimal written;
    with `text_keys`, keys as written (the reader's tree keeps the key's text)."""
    if isinstance(value, dict):
        return {(str(k) if text_keys else k): exact(v, text_keys) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v, text_keys) for v in value]
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


@settings(max_examples=200, deadline=None)
@given(documents(st.one_of(TEXT, st.integers(-1000, 1000))), st.booleans())
def test_the_reader_reads_what_safe_load_reads(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    expected = yaml.safe_load(text)
    assert load(text, "x.yaml") == exact(expected)
    assert plain(read(text, "x.yaml")) == exact(expected, text_keys=True)


def _tokens(value: Any, counter: itertools.count[int]) -> Any:
    """The same shape with every key and every text item a token found nowhere else."""
    if isinstance(value, dict):
        return {f"k{next(counter)}": _tokens(v, counter) for v in value.values()}
    if isinstance(value, list):
        return [f"v{next(counter)}" if isinstance(v, str) else _tokens(v, counter) for v in value]
    return value


def _written(tree: Any, path: tuple[object, ...] = ()) -> list[tuple[tuple[object, ...], str, int]]:
    """(path, token, line reported) for every key and every token item in the tree."""
    found: list[tuple[tuple[object, ...], str, int]] = []
    if isinstance(tree, YamlMap):
        for key, value in tree.items():
            line = tree.line_of(key)
            assert line is not None
            found.append(((*path, key), key, line))
            found.extend(_written(value, (*path, key)))
    elif isinstance(tree, YamlList):
        for i, value in enumerate(tree):
            line = tree.line_of(i)
            assert line is not None
            if isinstance(value, str):
                found.append(((*path, i), value, line))
            found.extend(_written(value, (*path, i)))
    return found


@settings(max_examples=200, deadline=None)
@given(documents(TEXT), st.booleans())
def test_every_line_is_where_the_key_is_written(data: Any, flow: bool) -> None:
    data = _tokens(data, itertools.count())
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=40)
    lines = text.splitlines()
    tree = read(text, "x.yaml")
    for path, token, line in _written(tree):
        assert re.search(rf"(?<!\w){token}(?!\w)", lines[line - 1]), (token, line, text)
        assert line_at(tree, list(path)) == line
