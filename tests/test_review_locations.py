"""Findings about the 总分 row point at that row, not at the first line of the table."""

from __future__ import annotations

from pathlib import Path

from jixiao import api
from jixiao.ingest.xlsx import read_workbook_grids

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"


def total_row(path: Path) -> int:
    [grid] = read_workbook_grids(path)
    return next(r.line for r in grid.rows if r.filled and r.filled[0][1].strip() == "总分")


def test_total_mismatch_is_located_at_the_total_row() -> None:
    run = api.review_paths([TABLE])
    [hit] = [r.finding for r in run.findings if r.finding.code == "total-mismatch"]
    assert hit.where.line == total_row(TABLE) != 1
    assert hit.where.field == "总分"
