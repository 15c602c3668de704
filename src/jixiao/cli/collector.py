"""The garbage collector's treatment of a command's batch: paused while tables are read and
scored in this process. A process-wide setting, so the command line chooses it, never `api`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(pooled: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is read and scored.

    Tables are acyclic values (frozen dataclasses, tuples, strings, Decimals), so reference
    counting frees them; the collector's passes over the many young objects a batch makes
    only cost time (about a third of it, measured by bench/bench_selfeval.py).
    With `pooled` (the files go to worker processes, see `api.runs_pooled`) it stays on: this
    process only hands out tasks, and the pool's own bookkeeping is cyclic and would otherwise
    keep every answer alive; the workers run without it (jixiao.batch).
    On the way out, freeze + unfreeze moves what the batch made into the oldest generation
    in one step, so the first collection afterwards does not walk every result again
    (another tenth). Nothing is exempted from collection: full collections still see it.
    """
    enabled = gc.isenabled()
    if not pooled:
        gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
