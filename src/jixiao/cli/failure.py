"""What the user reads when a command fails outside the problems it reports: the system said
no (a file, the memory, the nesting), or jixiao itself is wrong. Never a traceback: a Chinese
sentence, and for jixiao's own errors the path of a saved trace to send to the maintainers."""

from __future__ import annotations

import datetime as dt
import errno
import sys
import tempfile
import traceback
from pathlib import Path

from jixiao import api

_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在位置只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件超过了系统允许的大小",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项是文件，不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EMFILE: "同时打开的文件太多",
    errno.EIO: "读写出错（磁盘或网络盘故障）",
}


def explain(exc: BaseException) -> tuple[str, str, int]:
    """(problem code, Chinese message, exit code) for an exception no reader turned into a
    problem. Exit 1 for what the machine refused, 2 for jixiao's own errors."""
    if isinstance(exc, MemoryError):
        return "out-of-memory", "内存不足：输入太大或太复杂；可用 --limits 调小限额后重试", 1
    if isinstance(exc, RecursionError):
        return "too-deep", "输入嵌套太深，无法处理（超过 Python 的递归深度）", 1
    if isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or "系统错误")
        where = f"「{exc.filename}」" if exc.filename else ""
        return "os-error", f"无法读写{where}：{reason}", 1
    trace = _save_trace(exc)
    saved = f"错误详情已保存到 {trace}；" if trace else ""
    return (
        "internal-error",
        f"抱歉，jixiao 内部出错（{saved}请把它和输入文件一起发给维护者）。这不是你的操作有误。",
        2,
    )


def _save_trace(exc: BaseException) -> Path | None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix=f"jixiao-错误-{stamp}-", suffix=".txt", delete=False, encoding="utf-8"
        ) as f:
            f.write(f"jixiao {_version()}  {' '.join(sys.argv)}\n\n")
            f.write("".join(traceback.format_exception(exc)))
            return Path(f.name)
    except OSError:
        return None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:
        return "?"


def report(exc: BaseException, as_json: bool) -> int:
    """Tell the user (stderr, and with --json one strict JSON document on stdout); the exit code."""
    from jixiao.cli.output import err, esc, print_json

    code, message, exit_code = explain(exc)
    if as_json:
        problem = api.Problem(code, api.Severity.ERROR, api.Location(), message)
        print_json({"problems": [api.problem_json(problem)]})
    err.print(f"[bold red]错误[/] {esc(message)} [dim]({code})[/dim]", soft_wrap=True)
    return exit_code
