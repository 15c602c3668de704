"""Which way an indicator's name points: higher-is-better or lower-is-better, from its words."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from jixiao.core.memo import memo
from jixiao.targets import lexicon as lx


class Direction(StrEnum):
    HIGHER = "higher"  # 越高越好: a bare target is a floor (≥)
    LOWER = "lower"  # 越低越好: a bare target is a ceiling (≤)

    @property
    def label(self) -> str:
        return "越高越好" if self is Direction.HIGHER else "越低越好"


@memo(64)
def _words(
    higher: tuple[str, ...], lower: tuple[str, ...]
) -> tuple[re.Pattern[str], dict[str, Direction]]:
    # the built-in words, then a policy's own (which win over a built-in word spelt the same)
    table = dict.fromkeys(lx.HIGHER_BETTER, Direction.HIGHER)
    table.update((w, Direction.LOWER) for w in lx.LOWER_BETTER)
    table.update((w, Direction.HIGHER) for w in higher)
    table.update((w, Direction.LOWER) for w in lower)
    # longest first: at any position the longer word (不合格 over 合格) is the match
    alternation = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True) if w)
    return re.compile(alternation), table


@memo(16384)
def name_direction(
    name: str, higher: tuple[str, ...] = (), lower: tuple[str, ...] = ()
) -> tuple[Direction, str] | None:
    """The direction a name points and the word that says so, or None when no word does.

    `higher` and `lower` are a policy's own words, added to the lexicon's."""
    pattern, table = _words(higher, lower)
    last = None
    for m in pattern.finditer(unicodedata.normalize("NFKC", name)):
        last = m.group(0)
    if last is None:
        return None
    return table[last], last
