"""Which folder a document's own file references (an evaluation case's `framework:` path, a
framework's `extends:`) are read from.

A file read from disk has its own folder (`beside(path.parent)`, set by the registry's
`read_path`). Content that arrives as bytes (an upload, `api.read`) is read `sealed()`: it
can name built-in frameworks or write its framework inline, never a file on the server. A
direct call outside both (`jixiao framework check REF`) reads paths from the working
directory. The setting belongs to the thread or task, like the limits, so a server's
requests never see another's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_FOLDER: ContextVar[Path | None] = ContextVar("jixiao_local_folder", default=Path())


def folder() -> Path | None:
    """The folder references are read from, or None: no file may be named."""
    return _FOLDER.get()


@contextmanager
def beside(path: Path | None) -> Iterator[None]:
    """Within the block, references are read relative to `path`; None seals them."""
    token = _FOLDER.set(path)
    try:
        yield
    finally:
        _FOLDER.reset(token)
