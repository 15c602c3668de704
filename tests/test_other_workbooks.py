"""Old .xls and OpenDocument .ods workbooks read the same as .xlsx (through calamine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import api

ROOT = Path(__file__).resolve().parents[1]
XLSX = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_same_table_as_the_xlsx(suffix: str) -> None:
    other = ROOT / "tests" / "fixtures" / f"街道文化活动经费{suffix}"
    [a], _ = api.read_path(XLSX)
    [b], problems = api.read_path(other)
    assert not problems
    assert a.project == b.project
    assert a.funds is not None and b.funds is not None
    assert a.funds.total == b.funds.total and a.funds.money_unit == b.funds.money_unit == "万元"
    assert [(r.path, r.target, r.actual, r.weight) for r in a.indicators] == [
        (r.path, r.target, r.actual, r.weight) for r in b.indicators
    ]
    assert [str(r.total) for r in api.score_paths([other]).results] == ["96.58"]
