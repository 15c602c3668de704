"""Throughput of the self-evaluation pipeline on synthetic seed-003 text.

    python bench/bench_selfeval.py [--tables N] [--repeat R] [--seed S]

Phases, each the best of R runs (time.perf_counter), in one process, every jixiao memo
cache (cell parses, labels, numbers, policy) emptied before each run, as in a new process:
  parse   text → grid → tables          (grid_from_text + read_tables)
  score   tables → results              (score_table: the target language is parsed here,
                                         then judged)
  e2e     text → tables → results
  api     file → tables → results       (jixiao.api.score_paths, as `jixiao score` runs it:
                                         reads the file, the cyclic GC paused for the batch
                                         by the command line's jixiao.cli.collector)
The first three run with the garbage collector as Python leaves it; `api` is the headline.
Peak memory of one end-to-end run is measured separately with tracemalloc.
The first run also checks that every generated table was found, read in full and
scored without an error-level problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao import api
from jixiao.cli import collector
from jixiao.core import memo
from jixiao.core.model import Case
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import Result
from jixiao.ingest.selfeval import read_tables
from jixiao.ingest.text import grid_from_text
from jixiao.scoring.selfeval import score_table
from synthetic import Synthetic, synthetic_specs

TARGET_RATE = 2000  # tables per second, end to end
NAME = "synthetic.txt"


def parse(text: str) -> tuple[list[Case], list[Problem]]:
    return read_tables(grid_from_text(text, NAME))


def score(tables: list[Case]) -> list[Result]:
    return [score_table(t) for t in tables]


def end_to_end(text: str) -> tuple[list[Result], list[Problem]]:
    tables, problems = parse(text)
    return score(tables), problems


def as_command(path: Path) -> api.ScoreRun:
    """`api.score_paths` with the collector treated as `jixiao score` treats it."""
    with collector.paused():
        return api.score_paths([path])


def clear_caches() -> None:
    """Empty every memo cache in jixiao (cell parses, labels, numbers), as a new process has."""
    memo.clear()


def best_of(repeat: int, run: Callable[[], object], cold: bool) -> float:
    best = float("inf")
    for _ in range(repeat):
        if cold:
            clear_caches()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def verify(specs: list[Synthetic], text: str) -> tuple[bool, Counter[tuple[str, str]]]:
    """Every table found, read in full and scored; problems counted by (severity, code)."""
    clear_caches()
    tables, read_problems = parse(text)
    results = score(tables)
    counts: Counter[tuple[str, str]] = Counter()
    for p in [*read_problems, *(p for r in results for p in r.problems)]:
        counts[(p.severity.value, p.code)] += 1
    ok = True
    if len(tables) != len(specs):
        print(f"!! 找到 {len(tables)} 张表，应为 {len(specs)} 张")
        ok = False
    wrong = [
        s.code
        for s, t in zip(specs, tables, strict=False)
        if t.project.code != s.code
        or len(t.indicators) != s.indicators
        or sum((i.weight or 0 for i in t.indicators), 0) != s.weight_total
    ]
    if wrong:
        print(f"!! {len(wrong)} 张表读取不完整（项目编码/指标行数/分值合计不符），如 {wrong[:3]}")
        ok = False
    unscored = sum(1 for r in results if r.budget is None or not r.indicators)
    if unscored:
        print(f"!! {unscored} 张表未能计分")
        ok = False
    errors = sum(n for (sev, _), n in counts.items() if sev == Severity.ERROR.value)
    if errors:
        ok = False
    indicators = sum(len(t.indicators) for t in tables)
    below = sum(1 for r in results for i in r.indicators if i.score < i.weight)
    expected_below = sum(s.under for s in specs)
    print(
        f"校验：生成 {len(specs)} 张，找到 {len(tables)} 张，计分 {len(results) - unscored} 张，"
        f"指标 {indicators} 行；未满分指标 {below} 行（生成时设定未达成 {expected_below} 行）"
    )
    hit, missed = memo.hits("jixiao.targets.parse._cached")
    print(f"parse_cell 缓存（冷启动一轮）：命中 {hit}，未命中 {missed}")
    print("问题统计（按级别、代码）：")
    if not counts:
        print("  （无）")
    for (sev, code), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != "error", -kv[1])):
        print(f"  {sev:<8}{code:<28}{n:>7}")
    print(f"错误级问题：{errors}")
    return ok, counts


def peak_memory(text: str) -> int:
    clear_caches()
    tracemalloc.start()
    try:
        results, problems = end_to_end(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del results, problems
    return peak


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tables", type=int, default=2000, help="tables to generate (2000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per phase, best kept (3)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    args = ap.parse_args(argv)
    n, repeat = args.tables, max(1, args.repeat)

    start = time.perf_counter()
    specs = synthetic_specs(n, args.seed)
    text = "\n\n".join(s.text for s in specs) + "\n"
    gen = time.perf_counter() - start
    indicators = sum(s.indicators for s in specs)
    print(
        f"生成 {n} 张表、{indicators} 行指标、{len(text.encode()) / 1e6:.1f} MB 文本，"
        f"用时 {gen:.2f} 秒（seed={args.seed}，repeat={repeat}）"
    )
    ok, _ = verify(specs, text)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NAME
        path.write_text(text, encoding="utf-8")
        # api first, on the heap a new process has (as `jixiao score` runs): measured after
        # the other phases, with their tables alive, it reads about a tenth slower
        headline = best_of(repeat, lambda: as_command(path), cold=True)
        tables, _ = parse(text)
        timings = [
            ("parse", best_of(repeat, lambda: parse(text), cold=True)),
            ("score", best_of(repeat, lambda: score(tables), cold=True)),
            ("e2e", best_of(repeat, lambda: end_to_end(text), cold=True)),
            ("api", headline),
        ]
    print()
    print(f"{'phase':<8}{'seconds':>10}{'tables/s':>12}{'indicators/s':>15}")
    for phase, seconds in timings:
        print(f"{phase:<8}{seconds:>10.3f}{n / seconds:>12,.0f}{indicators / seconds:>15,.0f}")
    peak = peak_memory(text)
    print(f"peak memory (tracemalloc, e2e): {peak / 2**20:.1f} MiB ({peak / n / 1024:.1f} KiB/表)")
    rate = n / timings[-1][1]
    print()
    print(f"目标：≥{TARGET_RATE} 张/秒")
    verdict = "已达到" if rate >= TARGET_RATE else "未达到"
    print(f"端到端（api.score_paths）{rate:,.0f} 张/秒：{verdict}")
    if not ok:
        print("校验未通过")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
