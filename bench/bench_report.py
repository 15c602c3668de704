"""Word reports per second for a seed evaluation case (build + render, no PDF).

    python bench/bench_report.py [--case examples/seeds/004.yaml] [--n 40]

Scores the case once, then times building the document and rendering the .docx n times
(time.perf_counter, best of 3 batches) and prints reports/s; the target is ≥ 20/s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from jixiao import api
from jixiao.report.builder import build_evaluation_report
from jixiao.report.docx import render_docx
from jixiao.report.write import level_chart

TARGET = 20


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--case", default="examples/seeds/004.yaml")
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args(argv)
    [result] = api.score_paths([Path(args.case)]).results
    if not result.case.evaluation:
        print(f"{args.case} 不是评价案例")
        return 1
    chart_start = time.perf_counter()
    chart = level_chart(result)
    chart_time = time.perf_counter() - chart_start
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.docx"
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(args.n):
                render_docx(build_evaluation_report(result, chart), out)
            best = min(best, time.perf_counter() - start)
        size = out.stat().st_size
    rate = args.n / best
    print(f"案例 {args.case}：{len(result.indicators)} 个末级指标，报告 {size / 1024:.0f} KiB")
    print(f"图表（首次生成，含加载 matplotlib）{chart_time * 1000:.0f} ms")
    print(f"报告（生成文档 + 写出 .docx）{best / args.n * 1000:.1f} ms/份，{rate:.1f} 份/秒")
    print(f"目标：≥{TARGET} 份/秒：{'已达到' if rate >= TARGET else '未达到'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
