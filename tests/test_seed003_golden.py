"""Seed 003: all seven published self-evaluation tables are found and their scores reproduced.

The published figures live here, in the expectations, and nowhere in the code.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import cli

PUBLISHED_TOTALS = ["90.73", None, "99.70", "98.16", "99.60", "99.09", "99.99"]
COMPUTED_TOTALS = ["90.73", "99.54", "99.70", "98.16", "99.60", "99.09", "99.99"]
PUBLISHED_BUDGET = [
    ("7.32", "0.73"),
    ("95.36", "9.54"),
    ("96.99", "9.70"),
    ("92.78", "9.28"),
    ("95.95", "9.60"),
    ("91.63", "9.16"),
    ("99.93", "9.99"),
]
# The deductions the units printed, which must come out of the rules, not be copied.
PUBLISHED_DEDUCTIONS = {
    ("行政服务大厅运行", "叫号数量"): ("6.00", "5.07"),
    ("行政服务大厅运行", "支出进度达标率"): ("8.00", "7.81"),
    ("综合管理事务", "支出进度达标率"): ("2.00", "1.93"),
}


def score_json(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def d(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def test_finds_all_seven_tables(seed003: Path) -> None:
    data = score_json(seed003)
    names = [t["project"]["name"] for t in data["tables"]]
    assert names == [
        "党政事务",
        "干部健康管理",
        "平台运营及项目管理",
        "行政服务大厅运行",
        "辅助性人力资源经费",
        "综合管理事务",
        "政务热线智能化建设",
    ]
    assert all(t["project"]["year"] == 2023 for t in data["tables"])


def test_totals_are_computed_and_match_the_published_ones(seed003: Path) -> None:
    tables = score_json(seed003)["tables"]
    assert [str(d(t["total"])) for t in tables] == COMPUTED_TOTALS
    published = [
        None if t["published_total"] is None else str(d(t["published_total"])) for t in tables
    ]
    assert published == PUBLISHED_TOTALS
    assert all(t["grade"] == "优" for t in tables)


def test_every_published_indicator_score_is_reproduced(seed003: Path) -> None:
    checked = 0
    for table in score_json(seed003)["tables"]:
        for ind in table["indicators"]:
            if ind["published_score"] is not None:
                assert d(ind["score"]) == d(ind["published_score"]), ind
                checked += 1
    assert checked == 88  # every printed score except the six '#####' cells of table 2


def test_budget_execution_rates_and_scores(seed003: Path) -> None:
    tables = score_json(seed003)["tables"]
    got = [(str(d(t["budget"]["rate"])), str(d(t["budget"]["score"]))) for t in tables]
    assert got == PUBLISHED_BUDGET
    for t in tables:
        assert d(t["budget"]["score"]) == d(t["budget"]["published_score"])


def test_deductions_are_explained(seed003: Path) -> None:
    tables = score_json(seed003)["tables"]
    seen = {}
    for t in tables:
        for ind in t["indicators"]:
            key = (t["project"]["name"], ind["path"][-1])
            if key in PUBLISHED_DEDUCTIONS:
                seen[key] = (str(d(ind["weight"])), str(d(ind["score"])), ind["explanation"])
    assert set(seen) == set(PUBLISHED_DEDUCTIONS)
    for key, (weight, score, text) in seen.items():
        assert (weight, score) == PUBLISHED_DEDUCTIONS[key]
        lost = Decimal(weight) - Decimal(score)
        assert f"扣 {lost} 分" in text, text
    call = seen[("行政服务大厅运行", "叫号数量")][2]
    assert "17.76万" in call and "21万" in call and "84.57%" in call


def test_hash_artefacts_are_reported_not_fatal(seed003: Path) -> None:
    data = score_json(seed003)
    artefacts = [p for p in data["problems"] if p["code"] == "excel-artefact"]
    assert len(artefacts) == 7  # six '#####' scores and the '####' total of table 2
    assert all("第" in p["where"] and "行" in p["where"] for p in artefacts)
    assert not [p for p in data["problems"] if p["severity"] == "error"]
