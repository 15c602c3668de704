"""The memo caches of jixiao, in one registry.

Every cache in the library is made by `memo`: `clear()` empties them all (a benchmark starting
as a new process does, a test that changes the limits), `names()` lists them, and
`bench/bench_caches.py` builds the library with one of them left out (`bypass`, set before
the library is imported) to measure what it saves; the figures are in docs/dev/caches.md.
Caches hold values computed from their arguments only: nothing a request or a user could
change, so one process serves many users with them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CACHES: list[tuple[str, Any]] = []  # one name may make several (labels.matcher's)
# names (module.qualname) built without their cache: for bench/bench_caches.py only, set
# before the modules that use them are imported
bypass: set[str] = set()


def memo(maxsize: int | None) -> Callable[[F], F]:
    """An LRU cache of `maxsize` entries (None: unbounded, for a load-once of packaged data)."""

    def wrap(fn: F) -> F:
        name = f"{fn.__module__}.{fn.__qualname__}"
        made: Any = fn if name in bypass else functools.lru_cache(maxsize)(fn)
        _CACHES.append((name, made))
        return made  # type: ignore[no-any-return]

    return wrap


def clear() -> None:
    """Empty every cache, as a new process has them."""
    for _, made in _CACHES:
        clear_one = getattr(made, "cache_clear", None)
        if clear_one is not None:
            clear_one()


def names() -> list[str]:
    return sorted({name for name, _ in _CACHES})


def hits(name: str) -> tuple[int, int]:
    """(hits, misses) of the caches named `name` since they were last emptied."""
    found = [made.cache_info() for n, made in _CACHES if n == name and hasattr(made, "cache_info")]
    return sum(i.hits for i in found), sum(i.misses for i in found)
