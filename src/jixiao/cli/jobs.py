"""`jixiao jobs work`: the queue's worker, running the long jobs the web app queues."""

from __future__ import annotations

import click

from jixiao.cli.db import answering, db_option


@click.group("jobs")
def jobs_group() -> None:
    """后台任务（网页提交的批量导入、生成 PDF 报告）。

    \b
    示例：
      jixiao jobs work
      jixiao jobs work --db postgresql://jixiao:密码@127.0.0.1/jixiao
    """


@jobs_group.command("work")
@click.option(
    "--threads", default=1, show_default=True, type=click.IntRange(1, 16), help="同时执行的任务数。"
)
@db_option
def work_command(threads: int, url: str | None) -> None:
    """执行网页提交的后台任务，直到按 Ctrl+C 或收到 SIGTERM。`jixiao serve` 会自动启动一个。

    \b
    示例：
      jixiao jobs work --db postgresql://jixiao:密码@127.0.0.1/jixiao
    """
    from jixiao.service.queue import work
    from jixiao.store.db import Store, default_url

    url = url or default_url()
    with answering(url):
        Store.open(url).close()  # opened (and migrated) as any start does, or one line
    work(url, threads)
