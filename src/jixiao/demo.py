"""`make demo`: score the bundled examples (and the seeds when ../shared is there) into out/.

May import: `jixiao.api`, `jixiao.core`, `jixiao.export` (it writes what the commands write).
"""

from __future__ import annotations

import sys
import warnings
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from jixiao import api
from jixiao.core.numbers import fmt
from jixiao.core.problems import Severity, has_errors
from jixiao.export.case import to_json
from jixiao.export.output import write_atomically
from jixiao.export.score_json import score_json
from jixiao.export.xlsx_selfeval import write_results_xlsx

console = Console(highlight=False)


def run(out: Path, examples: Path, seeds: Path | None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    inputs = sorted(p for p in (examples / "selfeval").iterdir() if not p.name.startswith("."))
    seed_tables = sorted(seeds.glob("003_*.txt")) if seeds is not None and seeds.is_dir() else []
    inputs += seed_tables
    summary = Table(title="自评表评分（make demo）", header_style="bold")
    for column in ("来源", "项目", "总分", "表内总分", "等级", "问题"):
        summary.add_column(column)
    for path in inputs:
        run_ = api.score_paths([path])
        stem = "seed003" if path.name.startswith("003_") else path.stem
        scores = to_json(score_json(list(run_.results), list(run_.problems))) + "\n"
        write_atomically(out / f"{stem}.score.json", partial(_write_text, scores))
        scored = [r for r in run_.results if not r.case.evaluation]
        if scored:  # the standard table, from the results just computed
            write_atomically(out / f"{stem}.xlsx", partial(write_results_xlsx, scored))
        for r in run_.results:
            if r.case.evaluation:
                continue
            mine = (*r.case.problems, *r.problems)
            published = r.case.published_total_text or fmt(r.case.published_total)
            summary.add_row(
                path.name,
                r.case.project.name,
                fmt(r.total),
                published,
                r.grade,
                str(len(mine)),  # this table's own problems, not the whole file's
            )
    console.print(summary)
    reports = Table(title="评价报告（make demo）", header_style="bold")
    for column in ("案例", "总分", "公布总分", "等级", "报告"):
        reports.add_column(column)
    notes: list[str] = []
    for case in sorted((examples / "seeds").glob("*.yaml")):
        case_run = api.score_paths([case])  # scored once: the row below and the report share it
        [result] = case_run.results
        name = f"seed{case.stem}-报告.docx"
        with warnings.catch_warnings(record=True) as caught:  # e.g. no Chinese font for charts
            warnings.simplefilter("always")
            written = api.report_results(case_run.results, case, out / name)
        notes += [str(w.message) for w in caught if str(w.message) not in notes]
        notes += [f"{name}：{p.message}" for p in written if p.severity is Severity.WARNING]
        if result.case.evaluation:
            published = fmt(result.case.published_total) if result.case.published_total else "—"
            errors = has_errors([*case_run.problems, *written])
            reports.add_row(
                case.name,
                fmt(result.total),
                published,
                result.grade,
                "失败" if errors else f"seed{case.stem}-报告.docx",
            )
    console.print(reports)
    for note in notes:
        console.print(f"注意：{note}")
    reviewed = [examples / "selfeval", examples / "targets", examples / "seeds", *seed_tables]
    review = api.review_paths([p for p in reviewed if p.exists()])
    for name in ("审核清单.xlsx", "审核清单.html"):
        api.write_review(review, out / name)
    counts = {s: sum(1 for r in review.findings if r.finding.severity is s) for s in Severity}
    console.print(
        f"审核：{len(review.files)} 个文件，发现 {len(review.findings)} 条（错误 "
        f"{counts[Severity.ERROR]}，警告 {counts[Severity.WARNING]}，提示 "
        f"{counts[Severity.INFO]}），清单写入 审核清单.xlsx / 审核清单.html"
    )
    console.print(
        f"已写入 {out}/：自评表的 .score.json（评分结果）与 .xlsx（标准自评表），种子评价案例的报告 .docx。"
    )
    return 0


def _write_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
    root = Path.cwd()
    sys.exit(run(out, root / "examples", root.parent / "shared" / "seeds"))


if __name__ == "__main__":
    main()
