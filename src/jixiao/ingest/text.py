"""Tab-separated text, as extracted from PDF tables (seed 003), in any common encoding."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.core.problems import Location
from jixiao.ingest.grid import Grid, make_row

ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")
_WIDE_GAP = re.compile(r"\s{2,}")  # columns in text without tabs


class UnreadableFile(Exception):
    """The file cannot be read at all; the message is Chinese and names the file."""


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(f"{name}：不是文本文件（含二进制内容）")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name}：无法识别文件编码（试过 UTF-8、GB18030、UTF-16）")


def grid_from_text(text: str, name: str) -> Grid:
    lines = text.splitlines()
    if "\t" in text:
        rows = [make_row(line.split("\t"), name, None, n, line) for n, line in enumerate(lines, 1)]
    else:
        rows = [make_row(_WIDE_GAP.split(s.strip()), name, None, n) for n, s in enumerate(lines, 1)]
    return Grid(Location(name), tuple(rows))


def read_text(path: Path) -> str:
    """A text file's content in whichever common encoding it is in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}：无法读取文件（{exc.strerror}）") from None
    return decode(data, str(path))


def read_text_grids(path: Path) -> list[Grid]:
    return [grid_from_text(read_text(path), str(path))]
