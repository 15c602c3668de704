"""`jixiao review`: findings a senior reviewer would write, for every table and case given."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from jixiao import api
from jixiao.cli.output import STYLE, err, esc, file_progress, out, print_json, print_problems
from jixiao.core.problems import Severity


@click.command("review")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（结构见 docs/cli.md）。")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="另存审核清单：.xlsx（按单位、按问题分表）或 .html。",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="审核规则配置（级别、阈值、启用），覆盖默认值。",
)
def review_command(
    paths: tuple[Path, ...], as_json: bool, output: Path | None, config: Path | None
) -> None:
    """像资深审核人员一样审读绩效目标表、自评表和评价案例，列出发现的问题和修改建议。

    出现错误级发现或问题时退出码为 1。审核规则见 docs/review-rules.md。

    \b
    示例：
      jixiao review 自评表.xlsx
      jixiao review 材料目录/ -o 审核清单.xlsx
      jixiao review examples/seeds/004.yaml --json
    """
    try:
        files, _ = api.expand_paths(paths)
        with file_progress(files, enabled=not as_json and sys.stderr.isatty()) as advance:
            run = api.review_paths(paths, config, on_file=advance)
    except api.ReviewConfigError as exc:
        err.print(f"[bold red]错误[/] {esc(exc)}")
        sys.exit(2)
    if as_json:
        print_json(
            {
                "findings": [api.finding_json(r.finding) for r in run.findings],
                "problems": [api.problem_json(p) for p in run.problems],
            }
        )
    else:
        print_findings(run)
        print_problems(run.problems)
    if output is not None:
        problems = api.write_review(run, output)
        print_problems(problems)
        if not problems:
            err.print(f"已写入 {esc(output)}")
    sys.exit(1 if run.failed else 0)


def print_findings(run: api.ReviewRun) -> None:
    if not run.findings:
        out.print("未发现问题。")
        return
    counts = {s: sum(1 for r in run.findings if r.finding.severity is s) for s in Severity}
    out.print(
        f"[bold]审核发现 {len(run.findings)} 条[/bold]：错误 {counts[Severity.ERROR]}，"
        f"警告 {counts[Severity.WARNING]}，提示 {counts[Severity.INFO]}"
    )
    current = None
    for r in run.findings:
        if r.project != current:
            current = r.project
            out.print(f"\n[bold]{esc(r.project)}[/bold]  [dim]{esc(r.unit)}[/dim]")
        f = r.finding
        out.print(
            f"  [{STYLE[f.severity]}]{f.severity.label}[/] {esc(f.message)} [dim]({f.code})[/dim]",
            soft_wrap=True,
        )
        out.print(f"    [dim]{esc(f.where)}[/dim]", soft_wrap=True)
        out.print(f"    建议：{esc(f.suggestion)}", soft_wrap=True)
    summary = Table(title="按问题统计", header_style="bold", box=None)
    for column in ("代码", "级别", "条数"):
        summary.add_column(column)
    by_code: dict[str, list[api.Reviewed]] = {}
    for r in run.findings:
        by_code.setdefault(r.finding.code, []).append(r)
    for code, items in sorted(
        by_code.items(), key=lambda kv: (kv[1][0].finding.severity.rank, kv[0])
    ):
        summary.add_row(code, items[0].finding.severity.label, str(len(items)))
    out.print()
    out.print(summary)
