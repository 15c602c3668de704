"""`jixiao convert`: between xlsx, text, YAML and JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jixiao import api
from jixiao.cli.output import print_problems, print_written
from jixiao.core.problems import has_errors


@click.command("convert")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    help="输出文件，格式由扩展名决定（.yaml .yml .json .xlsx .txt .tsv）。",
)
def convert_command(source: Path, target: Path) -> None:
    """在 xlsx、文本、YAML、JSON 之间转换自评表。

    xlsx 输出为评分后的标准自评表（得分为 jixiao 计算值，原表得分不同处加批注）。

    \b
    示例：
      jixiao convert 自评表.txt -o 自评表.yaml
      jixiao convert 自评表.yaml -o 自评表.xlsx
    """
    with api.recording_writes() as written:
        problems = api.convert(source, target)
    print_problems(problems)
    print_written(written)
    sys.exit(1 if has_errors(problems) else 0)
