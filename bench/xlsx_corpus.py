"""The synthetic seed-003 tables of `synthetic.py` as .xlsx files, written as Excel and WPS
write a filled-in template: shared strings, one style per kind of cell (宋体 10pt, thin
borders, wrapped text), column widths, merged titles and label cells.

    write_table_xlsx(path, text)        one table's tab-separated text -> one .xlsx
    write_corpus(directory, n, seed)    n tables, one .xlsx each
    write_text_corpus(directory, n, seed)  the same n tables, one .txt each

Cells that are plain decimals ("27268634.00", "5.00") are numbers formatted "#,##0.00" or
"0.00"; cells that are exactly a percent ("100%", "78.85%") are the number 0.7885 formatted
"0%" or "0.00%", so a reader has to apply the format to get "78.85%" back; every other cell
is a string (`write_string`: nothing becomes a formula, URL or number).

Merges, as a template has them, never overlapping:
  - a row whose only non-empty cell is its first (title, section banners) spans all columns;
  - outside the indicator rows, in a row with at most four filled cells, a non-empty cell
    followed by empty ones spans up to the next non-empty cell;
  - in columns 0-2 of the indicator block (年度绩效指标 · 一级 · 二级), a non-empty cell spans
    down over the rows below it that are empty in that column.
Only empty cells are ever covered, so reading the hidden cells of a merge as blank gives
back exactly the text.

    python bench/xlsx_corpus.py [--check K] [--seed S]
checks that K generated workbooks read back as the same tables as their .txt files.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import COLUMNS, make_table

FONT = "宋体"
SIZE = 10
WIDTHS = (12, 14, 16, 26, 18, 18, 9, 9, 30)  # characters, as the template sets them
DECIMAL = re.compile(r"\d+\.\d+")
PERCENT = re.compile(r"(\d+)(?:\.(\d+))?%")
BLOCK_HEAD = "年度绩效指标"
BLOCK_END = "总分"
FEW = 4  # a row with at most this many filled cells has its label cells merged


def tables(n: int, seed: int) -> Iterator[str]:
    """The texts of `synthetic_specs(n, seed)`, one by one, without holding them all."""
    rng = random.Random(seed)
    for _ in range(n):
        yield make_table(rng).text


def _grid(text: str) -> list[list[str]]:
    """The table as its workbook holds it: an indicator row the PDF text is one cell short of
    (synthetic.py drops a leading cell as PDF extraction does) gets that cell back, since a
    spreadsheet never shifts a row."""
    rows = [line.split("\t") for line in text.split("\n")]
    indicators = False
    for i, row in enumerate(rows):
        if row and row[0] == "总分":
            indicators = False
        elif indicators and len(row) == COLUMNS - 1:
            rows[i] = ["", *row]
        elif "一级指标" in row:
            indicators = True
    width = max(COLUMNS, *(len(r) for r in rows))
    return [r + [""] * (width - len(r)) for r in rows]


def _filled(row: list[str]) -> list[int]:
    return [c for c, v in enumerate(row) if v != ""]


def merges(grid: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """(first_row, first_col, last_row, last_col) of every merged area, none overlapping and
    none covering a non-empty cell."""
    width = len(grid[0]) if grid else 0
    covered: set[tuple[int, int]] = set()
    found: list[tuple[int, int, int, int]] = []

    def take(r1: int, c1: int, r2: int, c2: int) -> None:
        cells = {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        if len(cells) < 2 or cells & covered:
            return
        if any(grid[r][c] for r, c in cells - {(r1, c1)}):
            raise AssertionError(f"merge {r1},{c1}:{r2},{c2} would hide a value")
        covered.update(cells)
        found.append((r1, c1, r2, c2))

    head = next((r for r, row in enumerate(grid) if row[0] == BLOCK_HEAD), None)
    end = next(
        (r for r, row in enumerate(grid) if row[0] == BLOCK_END and head is not None and r > head),
        len(grid),
    )
    block = range(head, end) if head is not None else range(0)

    for r, row in enumerate(grid):  # titles and banners
        if _filled(row) == [0]:
            take(r, 0, r, width - 1)
    for c in range(3):  # label columns of the indicator block, downwards
        r = block.start
        while r < block.stop:
            if grid[r][c] == "":
                r += 1
                continue
            last = r
            while last + 1 < block.stop and grid[last + 1][c] == "" and _filled(grid[last + 1]):
                last += 1
            take(r, c, last, c)
            r = last + 1
    for r, row in enumerate(grid):  # label cells of sparse rows, across
        filled = _filled(row)
        if (r in block and r != block.start) or not filled or len(filled) > FEW:
            continue
        for i, c in enumerate(filled):
            stop = filled[i + 1] - 1 if i + 1 < len(filled) else width - 1
            if stop > c:
                take(r, c, r, stop)
    return found


class _Styles:
    """The few cell formats a template uses, made once per workbook."""

    def __init__(self, book: Any) -> None:
        base = {
            "font_name": FONT,
            "font_size": SIZE,
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
        }
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
        self.text = book.add_format(base)
        self.label = book.add_format({**base, "align": "center"})
        self.numbers = {
            code: book.add_format({**base, "align": "right", "num_format": code})
            for code in ("#,##0.00", "0.00", "0%", "0.00%")
        }


def _cell(value: str, styles: _Styles) -> tuple[str | float | None, Any]:
    """What to write and how: a number with its format, a string, or a blank."""
    if value == "":
        return None, styles.text
    if DECIMAL.fullmatch(value):
        number = Decimal(value)
        return float(number), styles.numbers["#,##0.00" if number >= 1000 else "0.00"]
    percent = PERCENT.fullmatch(value)
    if percent:
        code = "0.00%" if percent.group(2) else "0%"
        return float(Decimal(value[:-1]) / 100), styles.numbers[code]
    return value, styles.text


def write_table_xlsx(path: Path, text: str) -> None:
    """One table's tab-separated text as a one-sheet workbook."""
    grid = _grid(text)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    try:
        styles = _Styles(book)
        sheet = book.add_worksheet("Sheet1")
        for c, w in enumerate(WIDTHS):
            sheet.set_column(c, c, w)
        areas = merges(grid)
        tops = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in areas}
        hidden = {
            (r, c)
            for r1, c1, r2, c2 in areas
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }
        for r, row in enumerate(grid):
            if not any(row):
                continue  # a blank line between the title and the table: an unstyled row
            title = _filled(row) == [0] and r == 0
            for c, value in enumerate(row):
                if (r, c) in hidden:
                    continue
                data, style = _cell(value, styles)
                if title:
                    style = styles.title
                if (r, c) in tops:
                    r2, c2 = tops[(r, c)]
                    sheet.merge_range(r, c, r2, c2, "" if data is None else data, style)
                elif data is None:
                    sheet.write_blank(r, c, None, style)
                elif isinstance(data, str):
                    sheet.write_string(r, c, data, style)
                else:
                    sheet.write_number(r, c, data, style)
    finally:
        book.close()


def write_corpus(directory: Path, n: int, seed: int = 0) -> list[Path]:
    """`n` synthetic tables, one workbook each: 00000.xlsx, 00001.xlsx, …"""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(tables(n, seed)):
        path = directory / f"{i:05d}.xlsx"
        write_table_xlsx(path, text)
        paths.append(path)
    return paths


def write_text_corpus(directory: Path, n: int, seed: int = 0) -> list[Path]:
    """The same `n` tables, one .txt each (utf-8): 00000.txt, 00001.txt, …"""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(tables(n, seed)):
        path = directory / f"{i:05d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


Summary = tuple[Any, ...]  # code, name, rows, indicators, budget, scores, total
FIELDS = ("项目编码", "项目名称", "指标行数", "指标", "预算执行", "指标得分", "总分")


def _summary(path: Path) -> tuple[list[Summary], list[str]]:
    """What reading one file gives: per table the project, the rows and their scores, and
    the error-level problems."""
    from jixiao import api
    from jixiao.core.problems import Severity
    from jixiao.ingest.registry import read_path

    cases, problems = read_path(path)
    out: list[Summary] = []
    for case in cases:
        assert not case.evaluation
        result = api.score_case(case)
        assert not result.case.evaluation
        out.append(
            (
                case.project.code,
                case.project.name,
                len(case.indicators),
                [(i.path, i.target, i.actual, i.weight) for i in case.indicators],
                None if result.budget is None else (result.budget.rate, result.budget.score),
                [(s.score, s.outcome.value) for s in result.indicators],
                result.total,
            )
        )
    errors = [f"{p.code}: {p.message}" for p in problems if p.severity is Severity.ERROR]
    return out, errors


def check(n: int, seed: int = 0) -> int:
    """Write `n` tables both ways and compare what jixiao reads; the number of workbooks that
    do not read as their spec says or as their .txt reads."""
    import tempfile

    from synthetic import synthetic_specs

    specs = synthetic_specs(n, seed)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = write_corpus(Path(tmp) / "xlsx", n, seed)
        txt = write_text_corpus(Path(tmp) / "txt", n, seed)
        for spec, x, t in zip(specs, xlsx, txt, strict=True):
            got, errors = _summary(x)
            want, _ = _summary(t)
            if len(got) != 1 or errors:
                print(f"!! {x.name}：读出 {len(got)} 张表，错误 {errors[:2]}")
                bad += 1
                continue
            code, count = got[0][0], got[0][2]
            wrong = code != spec.code or count != spec.indicators
            if wrong:
                print(
                    f"!! {x.name}：项目编码 {code}、指标 {count} 行，"
                    f"应为 {spec.code}、{spec.indicators} 行"
                )
            if len(want) != 1:
                print(f"!! {t.name}：读出 {len(want)} 张表")
                wrong = True
            elif got != want:
                wrong = True
                for name, a, b in zip(FIELDS, got[0], want[0][: len(FIELDS)], strict=False):
                    if a != b:
                        print(f"!! {x.name}：{name}与 .txt 不同\n   xlsx: {a}\n   txt:  {b}")
            bad += wrong
    print(f"校验 {n} 个 xlsx：{n - bad} 个与规格及 .txt 读出相同，{bad} 个不同")
    return bad


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    ap.add_argument("--check", type=int, default=50, help="workbooks to check (50)")
    args = ap.parse_args()
    sys.exit(1 if check(args.check, args.seed) else 0)
