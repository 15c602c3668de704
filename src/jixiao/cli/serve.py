"""`jixiao serve`: the web app and its JSON API over the store, in one or several processes."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from jixiao.store.db import Store

# The server's modules (the store, the service, the web app and their libraries) are imported
# when the command runs: `jixiao --help` and the file commands start without them.
DEMO_FILE = "demo.db"


def _examples(given: Path | None) -> Path:
    """The bundled examples the demo files: beside the source tree, or in the working folder."""
    candidates = [given] if given else [Path("examples"), Path(__file__).parents[3] / "examples"]
    for folder in candidates:
        if folder is not None and (folder / "selfeval").is_dir():
            return folder
    raise click.ClickException(
        "找不到示例文件夹 examples/（请在 jixiao 源码目录运行，或用 --examples 指定）"
    )


def _demo(store: Store, examples: Path) -> None:
    from jixiao.service.demo import DEMO_PASSWORD, USERS, seed_demo

    if store.has_organisations():
        click.echo("演示数据已在库中，未重复导入。")
    else:
        for project in seed_demo(store, examples):
            click.echo(f"  已导入 {project.year} 年度「{project.name}」：{project.stage.label}")
    click.echo(f"演示用户（密码均为 {DEMO_PASSWORD}）：")
    for username, role, _, shown in USERS:
        click.echo(f"  {username:<11}{role.label}（{shown}）")


@click.command("serve")
@click.option(
    "--db",
    "url",
    envvar="JIXIAO_DB",
    default=None,
    help="数据库地址：默认 jixiao-data/jixiao.db（SQLite，首次启动时建立）；多人使用时用 postgresql://用户:密码@主机/库名。也可用环境变量 JIXIAO_DB。",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址；内网访问用 0.0.0.0。"
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。"
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="工作进程数；会话、锁和限流都在数据库中，任一进程可处理任一请求。",
)
@click.option(
    "--demo",
    is_flag=True,
    help="用演示数据库启动（默认 jixiao-data/demo.db）：一个区、两个主管部门、四个单位、每种角色一个演示用户。",
)
@click.option(
    "--examples",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="--demo 导入的示例文件夹（默认 examples/）。",
)
def serve_command(
    url: str | None, host: str, port: int, workers: int, demo: bool, examples: Path | None
) -> None:
    """启动 Web 服务与 JSON API（/api/…，接口说明 /api/openapi.json）。

    \b
    示例：
      jixiao serve
      jixiao serve --demo
      jixiao serve --db postgresql://jixiao:密码@127.0.0.1/jixiao --host 0.0.0.0 --workers 4
    """
    import uvicorn

    from jixiao.cli.db import answering
    from jixiao.store.db import DATA_DIR, Store, default_url

    url = url or (f"sqlite:///{DATA_DIR / DEMO_FILE}" if demo else default_url())
    with answering(url):  # a database that cannot be opened: one Chinese line, exit 1
        store = Store.open(url)  # migrations applied here, once, before any worker starts
        if demo:
            _demo(store, _examples(examples))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(
        f"jixiao 已启动：http://{shown}:{port}/api/ （数据库：{store.describe()}，按 Ctrl+C 停止）"
    )
    worker = _queue_worker(url)  # the long jobs (batch imports, PDF reports) run beside
    try:
        if workers == 1:
            from jixiao.web.app import create_app, settled

            uvicorn.run(settled(create_app(store)), host=host, port=port, log_level="warning")
            return
        store.close()
        os.environ["JIXIAO_DB"] = url
        uvicorn.run(
            "jixiao.web.app:from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def _queue_worker(url: str) -> subprocess.Popen[bytes]:
    """`jixiao jobs work` on the same database, dying with this process however it ends
    (the URL in its environment, not on its command line)."""
    from jixiao.batch import die_with

    command = [sys.executable, "-c", "from jixiao.cli import main; main()", "jobs", "work"]
    return subprocess.Popen(
        command,
        env={**os.environ, "JIXIAO_DB": url},
        preexec_fn=functools.partial(die_with, os.getpid()),
    )
