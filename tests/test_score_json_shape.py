"""The `score --json` shape is a contract: pinned key by key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    assert list(table["project"]) == ["key", "code", "name", "year"]
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
        "key",
        "path",
        "target",
        "actual",
        "weight",
        "score",
        "published_score",
        "explanation",
        "certain",
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


def test_a_guessed_score_is_marked_uncertain_and_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare target under a level that names no direction is judged higher-is-better, and
    the output says the score rests on that guess."""
    from click.testing import CliRunner

    from jixiao.cli import cli

    table = "\n".join(
        [
            "项目支出绩效自评表",
            "项目名称\t测试",
            "项目资金(元)\t年度资金总额\t100\t100\t100\t10\t100\t10",
            "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
            "\t产出指标\t数量指标\t培训人数\t≥100人\t120人\t30\t30",
            "\t\t质量指标\t验收合格率\t1\t100%\t20\t20",
            "\t效益指标\t社会效益指标\t资源共享程度\t3\t4\t30\t30",
            "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10",
            "总分\t\t\t\t\t\t100\t100",
        ]
    )
    monkeypatch.chdir(tmp_path)
    Path("表.txt").write_text(table, encoding="utf-8")
    done = CliRunner().invoke(cli, ["score", "表.txt", "--json"])
    data = json.loads(done.stdout)
    certain = {i["path"][-1]: i["certain"] for i in data["tables"][0]["indicators"]}
    assert certain == {"培训人数": True, "验收合格率": False, "资源共享程度": False, "满意度": True}
    [guess] = [p for p in data["problems"] if p["code"] == "direction-guessed"]
    assert "第 7 行" in guess["where"] and "推定越高越好" in guess["message"]
    [unit] = [p for p in data["problems"] if p["code"] == "unit-guessed"]
    assert "第 6 行" in unit["where"] and "按 100% 理解" in unit["message"]
