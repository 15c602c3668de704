"""Where jixiao may write, and how: never onto one of its inputs, only into a real folder, and
never half a file. Every refusal and failure is a Chinese sentence naming the path."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from jixiao.core.memo import memo
from jixiao.core.problems import Location, Problem, Severity

NAME_MAX = 255  # bytes in one file name on the file systems people use (ext4, NTFS, APFS)
_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在位置只读，不能写入",
    errno.ENAMETOOLONG: f"文件名太长（超过 {NAME_MAX} 字节）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件超过了系统允许的大小",
    errno.EISDIR: "这是一个已有的文件夹，不是文件",
    errno.ENOTDIR: "上级路径中有一项是文件，不是文件夹",
    errno.EEXIST: "上级路径中有一项是文件，不是文件夹",
}


Written = list[tuple[Path, bool]]  # (path, whether it replaced a file that was there)
_LOG: ContextVar[Written | None] = ContextVar("jixiao_written", default=None)


@contextlib.contextmanager
def recording() -> Iterator[Written]:
    """Every file `write_atomically` finishes inside the block, in order: what a command
    tells the user it wrote, known rather than guessed from timestamps."""
    log: Written = []
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


class OutputError(Exception):
    """The output at `path` cannot be written; the message is the Chinese reason."""

    def __init__(self, path: Path, message: str, code: str = "cannot-write") -> None:
        super().__init__(message)
        self.path = path
        self.code = code

    @property
    def problem(self) -> Problem:
        return output_problem(self.path, str(self), self.code)


def output_problem(path: Path, message: str, code: str = "cannot-write") -> Problem:
    return Problem(code, Severity.ERROR, Location(str(path)), message)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        return False
    return a.resolve() == b.resolve()


def refusal(output: Path, inputs: Iterable[Path] = ()) -> Problem | None:
    """Why `output` must not be written, checked before anything is read or written:
    it is one of the inputs, a folder, a name too long, or a path through a file."""
    for source in inputs:
        if _same_file(output, source):
            return output_problem(
                output,
                f"输出文件就是输入文件「{source}」，不会覆盖输入；请另选输出文件名",
                "output-is-input",
            )
    too_long = next((part for part in output.parts if len(os.fsencode(part)) > NAME_MAX), None)
    if too_long is not None:
        return output_problem(
            output, f"文件名太长（超过 {NAME_MAX} 字节）；请改用短一些的文件名或文件夹名"
        )
    if output.is_dir():
        return output_problem(output, "这是一个已有的文件夹，不是文件；请写出文件名，如 结果.xlsx")
    for parent in output.parents:
        if parent.exists():
            if not parent.is_dir():
                return output_problem(output, f"上级路径「{parent}」是文件，不是文件夹")
            if not os.access(parent, os.W_OK):  # said now, not after an hour of reading
                return output_problem(output, f"没有写入「{parent}」的权限，或该位置只读")
            break
    return None


@memo(None)  # the umask is the process's: asked once, not at every write
def _mode() -> int:
    """The permissions a new file gets here (0o666 less the umask), read without changing it
    for other threads: a probe file made by open() shows it."""
    with tempfile.TemporaryDirectory(prefix="jixiao-umask-") as tmp:
        probe = Path(tmp) / "probe"
        probe.touch()
        return probe.stat().st_mode & 0o777


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """`write` writes a temporary file beside `path`; only a finished file replaces `path`,
    so an error or Ctrl-C leaves the old file (or none) and no partial one.
    OS failures raise OutputError with a Chinese reason."""
    problem = refusal(path)
    if problem is not None:
        raise OutputError(path, problem.message)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".jixiao-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(_mode())
        existed = path.exists()
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    except OutputError as exc:  # a writer's own refusal: named by the file the user asked for
        message = str(exc).replace(str(tmp), str(path))
        raise OutputError(path, message, exc.code) from None
    finally:
        tmp.unlink(missing_ok=True)
    log = _LOG.get()
    if log is not None:
        log.append((path, existed))


def write_content(path: Path, data: bytes) -> None:
    """`data` (a document rendered in memory) written to `path` by `write_atomically`."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomically(path, write)


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, f"无法写入（{exc.strerror or exc}）")
