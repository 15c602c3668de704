"""`jixiao review`: findings a senior reviewer would write, for every table and case given."""

from __future__ import annotations

import sys
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jixiao import api
from jixiao.cli import collector
from jixiao.cli.output import (
    STYLE,
    esc,
    file_progress,
    jobs_option,
    out,
    print_json,
    print_problems,
    print_written,
    refuse,
)
from jixiao.cli.output import (
    table as table_,
)
from jixiao.core.problems import Location, Severity

if TYPE_CHECKING:
    from rich.table import Table


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
@click.option(
    "--policy",
    default="default",
    show_default=True,
    metavar="口径",
    help="评分口径（同 jixiao score）：审核时核对表内得分所用的口径。",
)
@jobs_option
def review_command(
    paths: tuple[Path, ...],
    as_json: bool,
    output: Path | None,
    config: Path | None,
    policy: str,
    jobs: int | None,
) -> None:
    """像资深审核人员一样审读绩效目标表、自评表和评价案例，列出发现的问题和修改建议。

    出现错误级发现或问题时退出码为 1。审核规则见 docs/review-rules.md。

    \b
    示例：
      jixiao review 自评表.xlsx
      jixiao review 材料目录/ -o 审核清单.xlsx
      jixiao review examples/seeds/004.yaml --json
    """
    if output is not None:
        refused = api.check_review_output(output, paths)
        if refused is not None:  # refused before a long review, not after
            print_problems([refused])
            sys.exit(1)
    try:
        chosen = api.load_policy(policy)
    except api.PolicyError as exc:
        refuse("policy-invalid", str(exc), as_json)
    skip = () if output is None else (output,)
    try:
        files, _ = api.expand_paths(paths, skip)
        jobs = jobs or api.default_jobs()
        with (
            collector.paused(api.runs_pooled(jobs, len(files))),
            file_progress(files, enabled=not as_json and sys.stderr.isatty()) as advance,
        ):
            run = api.review_paths(paths, config, advance, skip, jobs, chosen)
    except api.ReviewConfigError as exc:
        refuse("review-config-invalid", str(exc), as_json)
    if as_json:
        print_json(
            {
                "findings": [api.finding_json(r) for r in run.findings],
                "problems": [api.problem_json(p) for p in run.problems],
            }
        )
    elif len(run.unreadable) == len(run.files):  # nothing read: no "未发现问题"
        print_problems(run.placed_problems())
    else:
        print_findings(run)
        print_problems(run.placed_problems())
    problems: list[api.Problem] = []
    if output is not None:
        with api.recording_writes() as written:
            problems = api.write_review(run, output)
        print_problems(problems)
        print_written(written)
    sys.exit(1 if run.failed or problems else 0)


def print_findings(run: api.ReviewRun) -> None:
    """Findings by file and by table, each table with its own count, errors first within a
    table; then counts by kind and severity that add up to what is listed, reading and
    scoring problems (listed after) counted apart."""
    found = Counter(r.finding.severity for r in run.findings)
    head = (
        f"[bold]审核发现 {len(run.findings)} 条[/bold]：{_levels(found)}"
        if run.findings
        else "未发现问题。"
    )
    if run.problems:
        problems = Counter(p.severity for p in run.problems)
        head += f"；读表与评分问题 {len(run.problems)} 条：{_levels(problems)}（列在最后）"
    out.print(head, soft_wrap=True)
    for file, tables in groupby(run.tables(), key=lambda table: table[0].table.file):
        out.print(f"\n[bold]{esc(run.place(Location(file)).file)}[/bold]")
        for items in tables:
            _print_table(run, items, file)
    if run.findings:
        out.print()
        out.print(
            _count_table(
                "审核发现按问题统计", [(r.finding.code, r.finding.severity) for r in run.findings]
            )
        )
    if run.problems:
        out.print()
        out.print(
            _count_table("读表与评分问题按问题统计", [(p.code, p.severity) for p in run.problems])
        )


def _print_table(run: api.ReviewRun, items: list[api.Reviewed], file: str) -> None:
    first = items[0]
    counts = Counter(r.finding.severity for r in items)
    shown = "，".join(f"{s.label} {counts[s]}" for s in Severity if counts[s])
    out.print(
        f"  [bold]{esc(first.project or '（未注明项目）')}[/bold]  [dim]{esc(first.unit)}[/dim]"
        f"  {len(items)} 条（{shown}）",
        soft_wrap=True,
    )
    for r in items:
        f = r.finding
        out.print(
            f"    [{STYLE[f.severity]}]{f.severity.label}[/] {esc(f.message)}"
            f"[dim]（{esc(api.code_title(f.code))} {f.code}）[/dim]",
            soft_wrap=True,
        )
        place = run.place(f.where)
        if f.where.file == file:  # the file heads the group
            place = place._replace(file="")
        if place != Location():
            out.print(f"      [dim]{esc(place)}[/dim]", soft_wrap=True)
        out.print(f"      建议：{esc(f.suggestion)}", soft_wrap=True)


def _levels(counts: Counter[Severity]) -> str:
    return "，".join(f"{s.label} {counts[s]}" for s in Severity)


def _count_table(title: str, found: list[tuple[str, Severity]]) -> Table:
    """Per kind: its title, code and count at each severity, and a 合计 line."""
    by_code: dict[str, Counter[Severity]] = {}
    for code, severity in found:
        by_code.setdefault(code, Counter())[severity] += 1
    table = table_(title=title)
    for column in ("问题类型", "代码", *(s.label for s in Severity), "合计"):
        table.add_column(column, justify="left" if column in ("问题类型", "代码") else "right")
    worst = sorted(by_code.items(), key=lambda kv: (min(s.rank for s in kv[1]), kv[0]))
    for code, c in worst:
        table.add_row(
            esc(api.code_title(code)), code, *(str(c[s]) for s in Severity), str(c.total())
        )
    total = Counter(severity for _, severity in found)
    table.add_row("合计", "", *(str(total[s]) for s in Severity), str(len(found)), style="bold")
    return table
