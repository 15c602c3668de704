"""The `score --json` shape is a contract: pinned key by key."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import cli


def test_json_shape_is_exactly_the_documented_one(seed003: Path) -> None:
    result = CliRunner().invoke(cli, ["score", str(seed003), "--json"])
    data = json.loads(result.stdout)
    assert list(data) == ["tables", "problems"]
    table = data["tables"][0]
    assert list(table) == [
        "source",
        "project",
        "budget",
        "indicators",
        "total",
        "weight_total",
        "published_total",
        "grade",
        "grade_note",
    ]
    assert list(table["project"]) == ["code", "name", "year"]
    assert list(table["budget"]) == [
        "initial",
        "annual",
        "executed",
        "rate",
        "weight",
        "score",
        "published_score",
    ]
    ind = table["indicators"][0]
    assert list(ind) == [
        "path",
        "target",
        "actual",
        "weight",
        "score",
        "published_score",
        "explanation",
    ]
    assert isinstance(ind["path"], list) and len(ind["path"]) == 3
    for key in ("weight", "score", "published_score"):
        assert isinstance(ind[key], int | float)
    assert isinstance(table["total"], int | float)
    assert isinstance(table["budget"]["executed"], int | float)
    problem = data["problems"][0]
    assert list(problem) == ["code", "severity", "where", "message"]
    assert problem["severity"] in ("error", "warning", "info")


def test_published_fields_are_null_when_the_input_had_none(seed003: Path) -> None:
    data = json.loads(CliRunner().invoke(cli, ["score", str(seed003), "--json"]).stdout)
    second = data["tables"][1]
    assert second["published_total"] is None
    assert all(i["published_score"] is None for i in second["indicators"] if i["weight"])
