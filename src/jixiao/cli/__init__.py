"""The `jixiao` command line: one command group, thin over `jixiao.api`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from jixiao import api
from jixiao.cli import failure, zh
from jixiao.cli.convert import convert_command
from jixiao.cli.db import db_group
from jixiao.cli.framework import framework_group
from jixiao.cli.jobs import jobs_group
from jixiao.cli.monitor import monitor_command
from jixiao.cli.output import print_json, print_problems
from jixiao.cli.report import report_command
from jixiao.cli.review import review_command
from jixiao.cli.score import score_command
from jixiao.cli.serve import serve_command


class _Group(click.Group):
    """The command group, remembering whether --json was asked for anywhere on the line: a
    setting refused before the subcommand runs still answers in JSON then."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["jixiao.json"] = "--json" in args
        return super().parse_args(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="jixiao", message="jixiao %(version)s", help="显示版本号并退出。"
)
@click.option(
    "--limits",
    "limits_file",
    type=click.Path(path_type=Path),
    envvar="JIXIAO_LIMITS",
    default=None,
    help="限额配置（YAML）：文件大小、工作表行列数、YAML 别名等上限，见 docs/limits.md。"
    "也可用环境变量 JIXIAO_LIMITS。",
)
@click.pass_context
def cli(ctx: click.Context, limits_file: Path | None) -> None:
    """jixiao（绩效）：预算绩效评价——读表、评分、审核、出报告。

    \b
    示例：
      jixiao score 自评表.xlsx
      jixiao score 材料目录/ --json > 结果.json
      jixiao convert 自评表.txt -o 自评表.yaml
      jixiao --limits 限额.yaml review 材料目录/
    """
    if limits_file is None:
        return
    limits, problems = api.load_limits(limits_file)
    if problems:
        if ctx.meta.get("jixiao.json"):  # stdout is then always one JSON document
            print_json({"problems": [api.problem_json(p) for p in problems]})
        print_problems(problems)
        ctx.exit(2)
    ctx.with_resource(api.using_limits(limits))


cli.add_command(score_command)
cli.add_command(convert_command)
cli.add_command(framework_group)
cli.add_command(report_command)
cli.add_command(monitor_command)
cli.add_command(review_command)
cli.add_command(db_group)
cli.add_command(jobs_group)
cli.add_command(serve_command)
# Click's words in Chinese wherever this command line runs (main, tests, `python -m`)
zh.install()
zh.localize(cli)


def main() -> None:
    """Run the command line: Ctrl-C exits 130 with 已中断 (click would print `Aborted!` and
    exit 1), a broken pipe (`jixiao score … | head`) ends quietly, and any other failure is
    one Chinese sentence (cli/failure.py), never a traceback."""
    try:
        code = cli.main(prog_name="jixiao", standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("已中断。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # stdout is gone: point it at /dev/null so the interpreter's final flush is quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # the one place every other failure ends up
        sys.exit(failure.report(exc, as_json="--json" in sys.argv[1:]))
    sys.exit(code if isinstance(code, int) else 0)
