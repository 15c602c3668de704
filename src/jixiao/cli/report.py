"""`jixiao report`: the Word (or PDF) evaluation report for a case."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jixiao import api
from jixiao.cli import collector
from jixiao.cli.output import print_problems, print_written
from jixiao.core.problems import has_errors


@click.command("report")
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="输出文件（.docx 或 .pdf）。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(api.REPORT_FORMATS),
    default=None,
    help="输出格式；默认按 -o 的扩展名。pdf 需要安装 LibreOffice。",
)
@click.option(
    "--preset",
    type=click.Choice(["official", "windows"]),
    default="official",
    show_default=True,
    help="字体：official 用公文字体名，windows 用 Windows 自带字体。",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="用 Word 改过样式的模板 .docx（默认模板见 src/jixiao/report/templates/）。",
)
def report_command(
    case: Path, output: Path, fmt: str | None, preset: str, template: Path | None
) -> None:
    """为评价案例写出绩效评价报告；为自评表写出自评报告（同时在旁边写出评分后的
    xlsx，文件名加“-评分结果”，如 自评报告-评分结果.xlsx）。不会写入输入文件。

    报告按 GB/T 9704 排版：A4，仿宋_GB2312 三号正文，固定行距 28 磅，页码“— 1 —”。

    \b
    示例：
      jixiao report examples/seeds/004.yaml -o 报告.docx
      jixiao report examples/seeds/004.yaml -o 报告.pdf
      jixiao report 自评表.xlsx -o 自评报告.docx
    """
    with api.recording_writes() as written, collector.paused():
        problems = api.write_report(case, output, fmt, preset, template)
    print_problems(problems)
    print_written(written)
    sys.exit(1 if has_errors(problems) else 0)
