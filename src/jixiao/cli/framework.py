"""`jixiao framework`: check a framework file, list the built-in frameworks and rule kinds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jixiao import api
from jixiao.cli.output import esc, out, print_json, print_problems
from jixiao.cli.output import table as table_
from jixiao.core.numbers import fmt
from jixiao.core.problems import has_errors


@click.group("framework")
def framework_group() -> None:
    """评价框架（指标体系）：检查、查看。

    \b
    示例：
      jixiao framework check 我的框架.yaml
      jixiao framework show project-reference
      jixiao framework kinds
    """


@framework_group.command("check")
@click.argument("ref", metavar="框架")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题。")
def check_command(ref: str, as_json: bool) -> None:
    """检查框架：各级权重合计、规则类型及参数、等级划分、重名。框架为文件路径或内置框架的名称（如 project-reference）。

    有错误级问题时退出码为 1。

    \b
    示例：
      jixiao framework check 我的框架.yaml
      jixiao framework check department-whole
    """
    framework, problems = api.check_framework(ref, Path.cwd())
    if as_json:
        print_json({"problems": [api.problem_json(p) for p in problems]})
    else:
        if framework is not None:
            leaves = framework.leaves()
            out.print(
                f"[bold]{framework.title or framework.id}[/bold]  {framework.depth} 级  "
                f"{len(leaves)} 个末级指标  总分 {fmt(framework.total)}"
            )
        if problems:
            print_problems(problems)
        else:
            out.print("检查通过：权重、规则参数、等级划分均无问题。")
    sys.exit(1 if has_errors(problems) else 0)


@framework_group.command("show")
@click.argument("ref", metavar="框架")
def show_command(ref: str) -> None:
    """列出框架的指标树、权重和每个末级指标的规则。

    \b
    示例：
      jixiao framework show project-reference
    """
    framework, problems = api.check_framework(ref, Path.cwd())
    if framework is None:
        print_problems(problems)
        sys.exit(1)
    table = table_(padding=(0, 1))
    table.add_column("指标")
    table.add_column("权重", justify="right")
    table.add_column("规则")
    for path, node in framework.walk():
        rule = node.rule.kind if node.rule is not None and not node.children else ""
        name = ("  " * (len(path) - 1)) + node.name
        table.add_row(
            f"[bold]{esc(name)}[/bold]" if node.children else esc(name), fmt(node.weight), rule
        )
    out.print(f"[bold]{esc(framework.title)}[/bold]（{esc(framework.id)}）")
    out.print(table)
    bands = "，".join(f"{b.label} ≥ {fmt(b.minimum)}" for b in framework.grades)
    out.print(f"等级：{bands}")


@framework_group.command("kinds")
def kinds_command() -> None:
    """列出可用的规则类型及其参数（详见 docs/rules.md）。

    \b
    示例：
      jixiao framework kinds
    """
    table = table_(padding=(0, 1))
    for column in ("类型", "名称", "参数", "事实"):
        table.add_column(column)
    for kind in api.rule_kinds().values():
        params = "、".join(p.name + ("" if p.required else "?") for p in kind.params)
        facts = "、".join(f.name + ("" if f.required else "?") for f in kind.facts)
        table.add_row(kind.name, kind.title, params, facts)
    out.print(table)
