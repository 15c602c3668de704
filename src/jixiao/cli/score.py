"""`jixiao score`: score every self-evaluation table found in the given files."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from jixiao import api
from jixiao.cli import collector, failure
from jixiao.cli.output import err, esc, file_progress, jobs_option, out, print_problems, refuse
from jixiao.cli.output import table as table_
from jixiao.core.numbers import fmt
from jixiao.core.results import IndicatorScore, Result

# The built-in policies (scoring/policies/*.yaml), named here so that --help needs no YAML;
# tests/test_official_policies.py holds this list to the files.
BUILTIN_POLICIES = "default、central-2020、central-2021、hubei-20"


@click.command("score")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（结构见 docs/cli.md）。")
@click.option(
    "--policy",
    default="default",
    show_default=True,
    metavar="口径",
    help=f"评分口径：内置的 {BUILTIN_POLICIES}，或 YAML 文件（见 docs/scoring.md）。",
)
@click.option("--detail", is_flag=True, help="逐项列出每个指标的评分说明。")
@jobs_option
def score_command(
    paths: tuple[Path, ...], as_json: bool, policy: str, detail: bool, jobs: int | None
) -> None:
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
        refuse("policy-invalid", str(exc), as_json)
    files, problems = api.expand_paths(paths)
    jobs = jobs or api.default_jobs()
    batch = collector.paused(api.runs_pooled(jobs, len(files)))
    if as_json:  # written table by table: memory stays flat however many files there are
        ended: list[tuple[str, str, int]] = []
        parts = api.score_each_json(files, chosen, jobs)
        with batch:
            failed = api.write_score_json(
                itertools.chain([api.encode_file((), problems)], _closing(parts, ended)), sys.stdout
            )
        if ended:  # the document is whole, its last problem saying what stopped the run
            code, message, exit_code = ended[0]
            err.print(f"[bold red]错误[/] {esc(message)} [dim]({code})[/dim]", soft_wrap=True)
            sys.exit(exit_code)
        sys.exit(1 if failed else 0)
    scored = api.score_each(files, chosen, jobs)
    printed = 0
    named = False
    with batch, file_progress(files, enabled=sys.stderr.isatty()) as advance:
        for file in scored:
            for result in file.results:
                if not named and not result.case.evaluation:  # evaluations: by framework
                    named = True
                    out.print(
                        f"评分口径：{esc(chosen.title)}（{esc(chosen.name)}）", soft_wrap=True
                    )
                if result.case.evaluation:
                    print_evaluation(result, detail)
                else:
                    print_result(result, detail)
                printed += 1
            problems.extend(file.problems)
            if advance is not None:
                advance(file.path)
    if not printed:
        err.print("没有找到可评分的自评表。")
    print_problems(problems)
    sys.exit(1 if api.has_errors(problems) else 0)


def _closing(
    parts: Iterator[api.EncodedFile], ended: list[tuple[str, str, int]]
) -> Iterator[api.EncodedFile]:
    """Each file's part of the document; a failure midway (after tables were written) ends
    the stream with it as a problem, so standard output stays one strict JSON document."""
    try:
        yield from parts
    except Exception as exc:
        ended.append(failure.explain(exc))
        code, message, _ = ended[0]
        yield api.encode_file((), (api.Problem(code, api.Severity.ERROR, api.Location(), message),))


def print_result(r: Result, detail: bool) -> None:
    t = r.case
    p = t.project
    published = "" if t.published_total is None else f"（表内 {fmt(t.published_total)}）"
    if t.published_total is None and t.published_total_text:
        published = f"（表内「{t.published_total_text}」）"
    out.print()
    out.print(f"[bold]{esc(p.name or '（未命名项目）')}[/bold]  {esc(p.code)}  {p.year or ''}年度")
    out.print(f"  [dim]{esc(t.where)}[/dim]", soft_wrap=True)
    out.print(
        f"  总分 [bold]{fmt(r.total)}[/bold] / {fmt(r.weight_total)}{published}   "
        f"等级 [bold]{esc(r.grade)}[/bold]"
    )
    if r.grade_note:  # no grade and why, or graded on the score rate
        style = "yellow" if r.graded else "red"
        out.print(f"  [{style}]{esc(r.grade_note)}[/{style}]", soft_wrap=True)
    table = table_(padding=(0, 1))
    table.add_column("指标", max_width=20, overflow="ellipsis", no_wrap=True)
    table.add_column("年度指标值", max_width=14, overflow="ellipsis", no_wrap=True)
    table.add_column("实际完成值", max_width=14, overflow="ellipsis", no_wrap=True)
    for name in ("分值", "得分", "表内"):
        table.add_column(name, justify="right", no_wrap=True, min_width=7)
    notes: list[tuple[str, str]] = []
    if r.budget is not None:
        b = r.budget
        rate = f"{fmt(b.rate)}%" if b.rate is not None else "—"
        table.add_row("预算执行率", "", rate, fmt(b.weight), fmt(b.score), fmt(b.published_score))
        if detail or b.score < b.weight:
            notes.append(("预算执行率", b.explanation))
    for ind in r.indicators:
        if ind.weight == 0 and not detail:
            continue
        differs, published_cell = _published(ind)
        name = ind.path[-1] or "/".join(ind.path)
        table.add_row(
            esc(name),
            esc(ind.target),
            esc(ind.actual),
            fmt(ind.weight),
            fmt(ind.score),
            published_cell,
        )
        if detail or ind.score < ind.weight or differs:
            notes.append((name, ind.explanation))
    out.print(table)
    _print_notes(notes, detail)


def print_evaluation(r: Result, detail: bool) -> None:
    c = r.case
    out.print()
    out.print(f"[bold]{esc(c.title)}[/bold]  {esc(c.kind_label)}  {c.project.year or ''}年度")
    out.print(f"  [dim]{esc(c.where)}[/dim]  框架：{esc(c.scored_on.title)}", soft_wrap=True)
    published = "" if c.published_total is None else f"（公布 {fmt(c.published_total)}）"
    out.print(
        f"  总分 [bold]{fmt(r.total)}[/bold] / {fmt(r.weight_total)}{published}   "
        f"等级 [bold]{r.grade}[/bold]"
    )
    table = table_(padding=(0, 1))
    table.add_column("指标", max_width=34, overflow="ellipsis", no_wrap=True)
    for name in ("权重", "得分", "公布"):
        table.add_column(name, justify="right", no_wrap=True, min_width=6)
    scores = {i.path: i for i in r.indicators}
    nodes = {n.path: n for n in r.nodes}
    notes: list[tuple[str, str]] = []
    for path, node in c.scored_on.walk():
        indent = "  " * (len(path) - 1)
        if node.children:
            subtotal = nodes.get(path)
            table.add_row(
                f"{indent}[bold]{esc(node.name)}[/bold]",
                fmt(node.weight),
                fmt(subtotal.score) if subtotal else "",
                "",
            )
            continue
        ind = scores[path]
        differs, shown = _published(ind)
        table.add_row(f"{indent}{esc(node.name)}", fmt(ind.weight), fmt(ind.score), shown)
        if detail or ind.score < ind.weight or differs:
            notes.append((node.name, ind.explanation))
    out.print(table)
    _print_notes(notes, detail)


def _published(ind: IndicatorScore) -> tuple[bool, str]:
    """Whether the printed score differs from the computed one, and the cell showing it."""
    differs = ind.published_score is not None and ind.published_score != ind.score
    return differs, ("[red]≠[/red] " if differs else "") + fmt(ind.published_score)


def _print_notes(notes: list[tuple[str, str]], detail: bool) -> None:
    """扣分说明 (or, with --detail, every score's 评分说明) under a table."""
    if notes:
        out.print("  [bold]扣分说明[/bold]" if not detail else "  [bold]评分说明[/bold]")
        for name, text in notes:
            out.print(f"  · {esc(name)}：{esc(text)}", soft_wrap=True)
