"""Writing a file so that a failure never leaves half of it behind, nor clobbers the old one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """`write` writes a temporary file beside `path`; only a finished file replaces `path`."""
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
