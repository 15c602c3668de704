"""Many files at once: each one worked on by itself, over every core, the answers in input order.

`each(work, items, jobs)` yields `work(item)` for every item in the order given. With one job
it runs in this process and nothing is started; with more, a pool of worker processes works
ahead of the consumer by a few tasks (of up to CHUNK items) per worker, never more (memory
stays flat however many files there are). Workers start with this process's limits, ignore
Ctrl-C (the parent stops them: the files in hand are finished, the rest cancelled) and keep
the garbage collector off (their values are acyclic and freed by reference counting); they die
with the process that started them, even one killed by SIGKILL. This
process's collector is left as the caller set it (`jixiao score` pauses it: cli/collector.py).

A worker that dies (a library aborting the process on a hostile file) costs that file only:
the items that were in flight are retried one by one, each in a process of its own, the one
that dies again answered by `crashed(item)`, and a new pool takes the rest.

May import: `jixiao.core` (the limits workers start with), the standard library.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jixiao.core import limits
from jixiao.core.limits import Limits

if TYPE_CHECKING:  # imported on first use: one file, or --jobs 1, starts no pool
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")
Setup = tuple[Callable[[Any], None], Any]
AHEAD = 3  # tasks in flight per worker
CHUNK = 16  # items per task, at most
CHUNK_WEIGHT = 1 << 20  # a task's items weigh at most about this much (bytes of input)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def each(
    work: Callable[[T], R],
    items: Sequence[T],
    jobs: int = 1,
    crashed: Callable[[T], R] | None = None,
    weight: Callable[[T], int] = lambda _: 1,
    setup: Setup | None = None,
) -> Iterator[R]:
    """`work(item)` for every item, in order; `work` must be a module-level function. A task
    takes up to CHUNK items, fewer when their `weight`s (a file's size) add up to CHUNK_WEIGHT,
    so that what is in flight stays small however big the items are. `setup` = (function,
    value): `function(value)` is called once in every process that works (this one too, when
    nothing is pooled), to hand the workers what every item needs, once."""
    if not runs_pooled(jobs, len(items)):
        if setup is not None:
            setup[0](setup[1])
        yield from map(work, items)
        return
    yield from _pooled(work, items, min(jobs, len(items)), crashed, weight, setup)


def runs_pooled(jobs: int, count: int) -> bool:
    """Whether `each` hands `count` items to worker processes (else it works in this one): a
    caller that tunes this process's garbage collector for a batch needs to know."""
    return jobs > 1 and count > 1


def file_size(path: Path) -> int:
    """A file's weight for `each`: its size in bytes (0 when it cannot be read)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _context() -> multiprocessing.context.BaseContext:
    """fork where there is one (no re-import in every worker), spawn elsewhere."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def die_with(parent: int) -> None:
    """Killed when the process that started this worker dies, even by SIGKILL (else a
    worker waits on its task queue for ever: it holds that pipe's other end too). Linux's
    PR_SET_PDEATHSIG; elsewhere workers end when their queue is closed."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before that took effect
        os._exit(1)


def _start_worker(chosen: Limits, setup: Setup | None, parent: int) -> None:
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limits.set_current(chosen)
    gc.disable()
    if setup is not None:
        setup[0](setup[1])


def _pool(jobs: int, setup: Setup | None = None) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(limits.current(), setup, os.getpid()),
    )


def _chunk(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [work(item) for item in items]


def _chunks(items: Sequence[T], jobs: int, weight: Callable[[T], int]) -> Iterator[Sequence[T]]:
    size = max(1, min(CHUNK, len(items) // (jobs * AHEAD * 4)))
    at = 0
    while at < len(items):
        end, load = at, 0
        while end < len(items) and end - at < size and (end == at or load < CHUNK_WEIGHT):
            load += weight(items[end])
            end += 1
        yield items[at:end]
        at = end


def _pooled(
    work: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    crashed: Callable[[T], R] | None,
    weight: Callable[[T], int],
    setup: Setup | None,
) -> Iterator[R]:
    """Items go to the workers a few at a time (a task's round trip costs the parent more
    than a small file's work), as many tasks ahead as AHEAD per worker."""
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(items, jobs, weight)
    at = 0  # items submitted
    while True:
        pool = _pool(jobs, setup)
        pending: deque[tuple[Sequence[T], Future[list[R]]]] = deque()
        unsent: Sequence[T] = ()
        broken = False
        try:
            while (at < len(items) or pending) and not broken:
                try:
                    while at < len(items) and len(pending) < jobs * AHEAD:
                        chunk = next(chunks)
                        at += len(chunk)
                        unsent = chunk  # a broken pool refuses it: retried with the rest
                        pending.append((chunk, pool.submit(_chunk, work, chunk)))
                        unsent = ()
                    answers = pending[0][1].result()
                except BrokenProcessPool:
                    broken = True
                    continue
                pending.popleft()
                yield from answers
        except BaseException:  # Ctrl-C, or the consumer stopped: finish what is in hand
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=not broken, cancel_futures=True)
        if not broken:
            return
        for chunk in [*(c for c, _ in pending), unsent]:  # which killed the pool: each alone
            for item in chunk:
                yield _alone(work, item, crashed, setup)
        if at >= len(items):
            return


def _alone(
    work: Callable[[T], R], item: T, crashed: Callable[[T], R] | None, setup: Setup | None
) -> R:
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1, setup)
    try:
        return pool.submit(work, item).result()
    except BrokenProcessPool:
        if crashed is None:
            raise
        return crashed(item)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
