"""Tab-separated text, as extracted from PDF tables (seed 003), and comma-separated values
(.csv, as Excel and WPS save them), in any common encoding."""

from __future__ import annotations

import csv
import io
import re

from jixiao.core.problems import Location
from jixiao.ingest.grid import Grid, make_row
from jixiao.source.errors import LimitExceeded as LimitExceeded  # re-exported for the readers
from jixiao.source.errors import UnreadableFile as UnreadableFile
from jixiao.source.text import decode as decode
from jixiao.source.text import read_text as read_text

_WIDE_GAP = re.compile(r"\s{2,}")  # columns in text without tabs


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


def text_grids(data: bytes, name: str) -> list[Grid]:
    return [grid_from_text(decode(data), name)]


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


def csv_grids(data: bytes, name: str) -> list[Grid]:
    return [grid_from_csv(decode(data), name)]
