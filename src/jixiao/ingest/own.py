"""jixiao's own outputs, recognised by the mark they carry (ingest.formats.REVIEW_LIST): a
review list left in a folder is not a table to read, and may be replaced by the next one."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from jixiao.ingest.formats import REVIEW_LIST

_MARK = REVIEW_LIST.encode()
_CORE = "docProps/core.xml"
_HEAD = 4096  # the page's <head>, where the generator meta stands


class OwnOutput(Exception):  # not an error: a file that is not an input
    """Raised by a reader that found jixiao's mark in what it was reading."""


def marked(core_properties: bytes) -> bool:
    """Whether an .xlsx's docProps/core.xml carries the review-list mark."""
    return _MARK in core_properties


def is_review_list(path: Path) -> bool:
    """Whether `path` is a review list jixiao wrote (.xlsx or .html); False when unreadable."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".html":
            with path.open("rb") as f:
                return _MARK in f.read(_HEAD)
        if suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                info = archive.getinfo(_CORE)
                if info.file_size > 64 * 1024:  # document properties are a few hundred bytes
                    return False
                return _MARK in archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError, zlib.error):
        return False
    return False
