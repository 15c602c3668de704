"""`jixiao monitor`: 双监控 of monitoring cases — execution against 序时进度, indicator progress."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jixiao import api
from jixiao.cli.output import err, esc, out, print_json, print_problems, refuse
from jixiao.cli.output import table as table_
from jixiao.core.numbers import fmt, fmt_pct, fmt_plain

if TYPE_CHECKING:  # the monitor is imported when the command runs, not for `jixiao --help`
    from jixiao.api import DepartmentProgress, ProjectProgress, Status

_COLOUR = {"RED": "bold red", "YELLOW": "yellow", "GREEN": "green", "HIGH": "magenta"}
_QUARTERS = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}


@click.command("monitor")
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（结构见 docs/monitoring.md）。")
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    default=None,
    help="截至日期；默认用案例的 as_of，没有时用最新一期执行数的月末。",
)
def monitor_command(cases: tuple[Path, ...], as_json: bool, as_of: str | None) -> None:
    """绩效运行监控（双监控）：预算执行进度对照序时进度，绩效指标期中进度对照年度目标。

    每个案例是一个部门的 YAML 文件（format: jixiao-monitor/1，见 docs/monitoring.md）。
    红：低于序时要求的 60%；黄：60%–80%；绿：80% 及以上（可在案例中调整）。
    有错误级问题时退出码为 1；--as-of 写法不对时为 2。

    \b
    示例：
      jixiao monitor examples/monitor/区文化广电旅游体育局-2024.yaml
      jixiao monitor examples/monitor/ --as-of 2024-06-30
      jixiao monitor 本局监控.yaml --json > 监控.json
    """
    chosen: date | None = None
    if as_of is not None:
        try:
            chosen = date.fromisoformat(as_of.strip())
        except ValueError:
            refuse("monitor-as-of", f"--as-of「{as_of}」不是日期（写成 2024-09-30）", as_json)
    run = api.monitor_paths(cases, chosen)
    if as_json:
        print_json(api.monitor_json(run.departments, run.problems))
    else:
        for dept in run.departments:
            print_department(dept)
        if not run.departments:
            err.print("没有可监控的部门。")
        print_problems(run.problems)
    sys.exit(1 if run.failed else 0)


def _status(status: Status) -> str:
    return f"[{_COLOUR.get(status.name, 'dim')}]{status.label}[/]"


def print_department(d: DepartmentProgress) -> None:
    factor = api.MONEY_UNITS[d.money_unit]
    out.print()
    out.print(
        f"[bold]{esc(d.name)}[/bold]  {d.year} 年度  截至 {d.as_of.isoformat()}"
        f"（序时进度 {fmt_pct(d.expected)}）"
    )
    out.print(f"  [dim]{esc(d.where.file)}[/dim]", soft_wrap=True)
    out.print(
        f"  预算 {fmt(d.budget / factor)} {d.money_unit}  已执行 {fmt(d.executed / factor)} {d.money_unit}  "
        f"执行率 [bold]{fmt_pct(d.rate)}[/bold]  进度比 {fmt_pct(d.progress)}  状态 {_status(d.status)}"
    )
    counts = " · ".join(f"{_status(s)} {n}" for s, n in d.counts)
    out.print(f"  项目 {len(d.projects)} 个：{counts}（落后的排在前面）")
    table = table_(padding=(0, 1))
    table.add_column("项目", max_width=20, overflow="ellipsis", no_wrap=True)
    table.add_column("编码", max_width=14, overflow="ellipsis", no_wrap=True)
    table.add_column(f"预算({d.money_unit})", justify="right", no_wrap=True)
    table.add_column("已执行", justify="right", no_wrap=True)
    for name in ("执行率", "进度比", "状态", "年末预测", "季度得分"):
        table.add_column(name, justify="right", no_wrap=True)
    for p in d.projects:
        table.add_row(
            esc(p.name),
            esc(p.code),
            fmt(p.budget / factor),
            fmt(p.executed / factor),
            fmt_pct(p.rate),
            fmt_pct(p.progress),
            _status(p.status),
            fmt_pct(p.forecast.rate),
            "—" if p.quarterly is None else fmt(p.quarterly.score),
        )
    out.print(table)
    for p in d.projects:
        print_project(p)


def print_project(p: ProjectProgress) -> None:
    factor = api.MONEY_UNITS[p.project.money_unit]
    out.print()
    out.print(f"[bold]{esc(p.name)}[/bold]  {esc(p.code)}  {_status(p.status)}")
    out.print(
        f"  预算 {fmt(p.budget / factor)} {p.project.money_unit}，截至 {p.figure_month} 月累计执行 "
        f"{fmt(p.executed / factor)} {p.project.money_unit}；执行率 {fmt_pct(p.rate)}，"
        f"序时进度 {fmt_pct(p.expected)}，进度比 {fmt_pct(p.progress)}",
        soft_wrap=True,
    )
    out.print(
        f"  年末预测 [bold]{fmt_pct(p.forecast.rate)}[/bold]（{esc(p.forecast.note)}）",
        soft_wrap=True,
    )
    if p.quarterly is not None:
        q = p.quarterly
        rates = " · ".join(f"{_QUARTERS[n]} {fmt_pct(r)}" for n, r in q.rates)
        capped = f"（计算值 {fmt(q.raw)}，按权重封顶）" if q.raw > q.weight else ""
        out.print(
            f"  季度执行率：{rates}；季度预算执行得分 {fmt(q.score)} / {fmt_plain(q.weight)}{capped}",
            soft_wrap=True,
        )
    if not p.indicators:
        return
    table = table_(padding=(0, 1))
    table.add_column("指标", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("年度指标值", max_width=14, overflow="ellipsis", no_wrap=True)
    table.add_column("期中实际", max_width=12, overflow="ellipsis", no_wrap=True)
    table.add_column("进度", justify="right", no_wrap=True)
    table.add_column("状态", justify="right", no_wrap=True)
    table.add_column("说明", overflow="fold")
    for i in p.indicators:
        table.add_row(
            esc(i.name),
            esc(i.target),
            esc(i.actual or "—"),
            fmt_pct(i.progress),
            _status(i.status),
            esc(i.note),
        )
    out.print(table)
