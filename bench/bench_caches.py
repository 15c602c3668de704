"""What each memo cache saves: the same work timed with the cache and without it.

    python bench/bench_caches.py [--tables N] [--rounds R] [--only NAME ...]

For every cache in `jixiao.core.memo`'s registry, a fresh process builds the library with that
one cache left out (`memo.bypass`) and times one piece of work: read, score and review N
synthetic seed-003 tables (text, and the same tables as one xlsx workbook, a sheet each: at
most the 256 sheets a workbook may have), then render the Word report of one evaluation case.
Runs of the full build and of each variant alternate, R rounds; the CPU time of the work is
taken and the best of each kept (the machine is shared and noisy: one run varies by ±15%, the
best of five by a few per cent, so a saving under ~3% is not told from none). Prints each cache's time without it and what it saves, in % of the full build.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def work(tables: int, folder: Path) -> float:
    """The timed piece of work, in this process: seconds."""
    sys.path.insert(0, str(HERE))
    from jixiao import api
    from jixiao.core import memo
    from jixiao.core.problems import has_errors
    from synthetic import synthetic_specs

    text = "\n\n".join(s.text for s in synthetic_specs(tables, 0)) + "\n"
    path = folder / "synthetic.txt"
    path.write_text(text, encoding="utf-8")
    workbook = folder / "synthetic.xlsx"
    if not workbook.exists():
        assert not has_errors(api.convert(path, workbook))
    case = ROOT / "examples" / "seeds" / "001.yaml"

    def once() -> None:
        for source in (path, workbook):
            run = api.review_paths([source])
            assert run.findings, source
        [result] = api.score_paths([case]).results
        content, _ = api.render_report(result, "docx")
        assert content

    caches()  # every module imported (and compiled) before the clock starts
    once()  # first calls (fonts, templates) out of the way too
    memo.clear()  # then the caches empty, as a new process has them
    start = time.process_time()  # the CPU this process spent: less of the host's noise
    once()
    return time.process_time() - start


def measure(name: str, tables: int, folder: Path) -> float:
    """One run in a fresh process, `name` ("" for none) built without its cache."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from jixiao.core import memo; memo.bypass.update(filter(None, [sys.argv[2]]));"
        "import bench_caches; print(bench_caches.work(int(sys.argv[3]), __import__('pathlib').Path(sys.argv[4])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(HERE), name, str(tables), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def caches() -> list[str]:
    """Every cache of the library: each module imported, so each registers its own."""
    import importlib

    import jixiao
    from jixiao.core import memo

    package = Path(jixiao.__file__).parent  # ingest/ is a namespace package: walk the files
    for file in sorted(package.rglob("*.py")):
        parts = file.relative_to(package.parent).with_suffix("").parts
        if parts[-1] != "__main__":
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return memo.names()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tables", type=int, default=200, help="synthetic tables per run (200)")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds, best kept (5)")
    ap.add_argument("--only", nargs="*", default=None, help="these caches only")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    names = args.only or caches()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        measure("", args.tables, folder)  # writes the workbook once, warms the disk cache
        best: dict[str, float] = {}
        for _ in range(max(1, args.rounds)):
            for name in ["", *names]:
                took = measure(name, args.tables, folder)
                best[name] = min(best.get(name, took), took)
    base = best[""]
    print(f"全部缓存：{base:.3f} 秒（{args.tables} 张表的文本与 xlsx 审核，加一份评价报告）")
    print(f"{'缓存':<58}{'去掉后（秒）':>12}{'节省':>9}")
    rows = sorted(names, key=lambda n: best[n] - base, reverse=True)
    for name in rows:
        saved = (best[name] - base) / base * 100
        print(f"{name:<60}{best[name]:>10.3f}{saved:>+8.1f}%")
    if args.json:
        print(json.dumps({n: round((best[n] - base) / base * 100, 1) for n in rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
