"""Review throughput: tables reviewed per second (read + score + every review rule).

    python bench/bench_review.py [--tables N] [--repeat R]

Writes N synthetic self-evaluation tables (bench/synthetic.py) to a temporary file and times
jixiao.api.review_paths on it, best of R runs, every memo cache emptied before each run
(jixiao.core.memo.clear).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao import api
from jixiao.cli import collector
from jixiao.core import memo
from synthetic import synthetic_text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.txt"
        path.write_text(synthetic_text(args.tables), encoding="utf-8")
        best = float("inf")
        run = None
        for _ in range(max(1, args.repeat)):
            memo.clear()
            start = time.perf_counter()
            with collector.paused():  # as `jixiao review` runs it
                run = api.review_paths([path])
            best = min(best, time.perf_counter() - start)
    assert run is not None
    codes = Counter(r.finding.code for r in run.findings)
    print(
        f"审核 {args.tables} 张合成自评表：{best:.2f} 秒，{args.tables / best:,.0f} 张/秒，"
        f"发现 {len(run.findings)} 条（{args.tables and len(run.findings) / args.tables:.1f} 条/张）"
    )
    for code, n in codes.most_common():
        print(f"  {code:<32}{n:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
