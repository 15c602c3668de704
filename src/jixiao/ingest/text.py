"""Tab-separated text, as extracted from PDF tables (seed 003), and comma-separated values
(.csv, as Excel and WPS save them), in any common encoding."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from jixiao.core.problems import Location
from jixiao.ingest.grid import Grid, make_row
from jixiao.source.errors import LimitExceeded as LimitExceeded  # re-exported for the readers
from jixiao.source.errors import UnreadableFile as UnreadableFile

ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")
_WIDE_GAP = re.compile(r"\s{2,}")  # columns in text without tabs


# What a binary file handed in as text really is, by its first bytes.
_DISGUISES = (
    (b"PK\x03\x04", "是压缩格式的文件（多半是 .xlsx 工作簿或 .docx 文档），扩展名却是文本"),
    (bytes.fromhex("d0cf11e0a1b11ae1"), "是旧版 Office 文件（多半是 .xls 工作簿），扩展名却是文本"),
    (b"%PDF", "是 PDF 文件，不是文本；请先导出为文本或 Excel"),
)


def decode(data: bytes) -> str:
    for magic, what in _DISGUISES:
        if data.startswith(magic):
            raise UnreadableFile(f"{what}；请改回正确的扩展名")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("不是文本文件（含二进制内容）")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别文件编码（试过 UTF-8、GB18030、UTF-16）")


QUOTED = ("'=", "'+", "'-", "'@")  # cells jixiao's text writer kept from reading as formulas


def unquote(cell: str) -> str:
    return cell[1:] if cell.startswith(QUOTED) else cell


def grid_from_text(text: str, name: str) -> Grid:
    lines = text.splitlines()
    if "\t" in text:
        rows = [
            make_row(
                line.split("\t") if "'" not in line else [unquote(c) for c in line.split("\t")],
                name,
                None,
                n,
                line,
            )
            for n, line in enumerate(lines, 1)
        ]
    else:
        rows = [make_row(_WIDE_GAP.split(s.strip()), name, None, n) for n, s in enumerate(lines, 1)]
    return Grid(Location(name), tuple(rows))


def read_text(path: Path) -> str:
    """A text file's content in whichever common encoding it is in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件（{exc.strerror}）") from None
    return decode(data)


def read_text_grids(path: Path) -> list[Grid]:
    return [grid_from_text(read_text(path), str(path))]


def grid_from_csv(text: str, name: str) -> Grid:
    """Rows of comma-separated values; a quoted cell may hold commas and line breaks, and a
    row's line is the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append(make_row(cells, name, None, start))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(f"不是有效的 CSV（{exc}）", reader.line_num) from None
    return Grid(Location(name), tuple(rows))


def read_csv_grids(path: Path) -> list[Grid]:
    return [grid_from_csv(read_text(path), str(path))]
