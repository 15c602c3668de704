"""`jixiao score`: score every self-evaluation table found in the given files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from jixiao import api
from jixiao.cli.output import err, file_progress, out, print_json, print_problems
from jixiao.core.numbers import fmt
from jixiao.core.results import TableResult
from jixiao.export.score_json import score_json


@click.command("score")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（结构见 docs/cli.md）。")
@click.option(
    "--policy", default="default", show_default=True, help="评分口径：内置名称或 YAML 文件。"
)
@click.option("--detail", is_flag=True, help="逐项列出每个指标的评分说明。")
def score_command(paths: tuple[Path, ...], as_json: bool, policy: str, detail: bool) -> None:
    """为文件（xlsx、PDF 导出的文本、YAML/JSON 案例）中的每张自评表评分。

    有错误级问题时退出码为 1。

    \b
    示例：
      jixiao score 自评表.xlsx
      jixiao score seeds/003.txt --json
      jixiao score 材料目录/ --policy 我的口径.yaml
    """
    try:
        chosen = api.load_policy(policy)
    except api.PolicyError as exc:
        err.print(f"[bold red]错误[/] {exc}")
        sys.exit(2)
    files, _ = api.expand_paths(paths)
    with file_progress(files, enabled=not as_json and sys.stderr.isatty()) as advance:
        run = api.score_paths(paths, chosen, on_file=advance)
    if as_json:
        print_json(score_json(list(run.results), list(run.problems)))
    else:
        for result in run.results:
            print_result(result, detail)
        if not run.results:
            err.print("没有找到可评分的自评表。")
        print_problems(run.problems)
    sys.exit(1 if run.failed else 0)


def print_result(r: TableResult, detail: bool) -> None:
    t = r.table
    p = t.project
    published = "" if t.published_total is None else f"（表内 {fmt(t.published_total)}）"
    if t.published_total is None and t.published_total_text:
        published = f"（表内「{t.published_total_text}」）"
    out.print()
    out.print(
        f"[bold]{p.name or '（未命名项目）'}[/bold]  {p.code}  {p.year or ''}年度  "
        f"[dim]{t.where}[/dim]"
    )
    out.print(
        f"  总分 [bold]{fmt(r.total)}[/bold] / {fmt(r.weight_total)}{published}   "
        f"等级 [bold]{r.grade}[/bold]"
    )
    table = Table(show_header=True, header_style="bold", pad_edge=False, box=None)
    for name, justify in (
        ("指标", "left"),
        ("年度指标值", "left"),
        ("实际完成值", "left"),
        ("分值", "right"),
        ("得分", "right"),
        ("表内", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("说明", overflow="fold")
    if r.budget is not None:
        b = r.budget
        table.add_row(
            "预算执行率",
            "",
            f"{fmt(b.rate)}%" if b.rate is not None else "—",
            fmt(b.weight),
            fmt(b.score),
            fmt(b.published_score),
            b.explanation if detail or b.score < b.weight else "",
        )
    for ind in r.indicators:
        if ind.weight == 0 and not detail:
            continue
        mark = "" if ind.published_score in (None, ind.score) else "[red]≠[/red] "
        lost = ind.score < ind.weight
        table.add_row(
            ind.path[-1] or "/".join(ind.path),
            ind.target,
            ind.actual,
            fmt(ind.weight),
            fmt(ind.score),
            mark + fmt(ind.published_score),
            ind.explanation if detail or lost else "",
        )
    out.print(table)
