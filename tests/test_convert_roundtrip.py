"""Conversions keep the tables: text → YAML/JSON/xlsx/text and back give the same scores."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli
from jixiao.core.model import Case, Indicator
from jixiao.core.problems import Location


def strip_places(t: Case) -> Case:
    """The same table without source locations, which legitimately differ between formats."""
    rows = tuple(dataclasses.replace(r, where=Location(), cells=()) for r in t.indicators)
    funds = t.funds and dataclasses.replace(t.funds, where=Location())
    return dataclasses.replace(t, indicators=rows, funds=funds, where=Location(), total_where=None)


def totals(path: Path) -> list[str]:
    run = api.score_paths([path])
    return [str(r.total) for r in run.results]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_case_formats_round_trip_exactly(seed003: Path, tmp_path: Path, suffix: str) -> None:
    original, _ = api.read_path(seed003)
    out = tmp_path / f"seed003{suffix}"
    assert not [p for p in api.convert(seed003, out) if p.severity.value == "error"]
    again, problems = api.read_path(out)
    assert {p.code for p in problems} == {"excel-artefact"}  # table 2's "#####", kept as printed
    assert [strip_places(t) for t in again] == [strip_places(t) for t in original]


def test_xlsx_written_and_read_back_scores_the_same(seed003: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed003.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(seed003), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert totals(out) == totals(seed003)
    back, _ = api.read_path(out)
    original, _ = api.read_path(seed003)
    for a, b in zip(original, back, strict=True):
        assert a.project == b.project
        assert a.funds is not None and b.funds is not None
        assert a.funds.total == b.funds.total
        assert [r.path for r in a.indicators] == [r.path for r in b.indicators]
        assert [(r.target, r.actual, r.weight) for r in a.indicators] == [
            (r.target, r.actual, r.weight) for r in b.indicators
        ]
        assert a.goal_expected == b.goal_expected and a.goal_achieved == b.goal_achieved


def test_text_written_and_read_back_is_the_same_table(seed003: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed003.txt"
    api.convert(seed003, out)
    original, _ = api.read_path(seed003)
    back, _ = api.read_path(out)
    assert [strip_places(t) for t in back] == [strip_places(t) for t in original]


def test_yaml_to_xlsx_to_yaml_keeps_the_scores(seed003: Path, tmp_path: Path) -> None:
    api.convert(seed003, tmp_path / "a.yaml")
    api.convert(tmp_path / "a.yaml", tmp_path / "b.xlsx")
    api.convert(tmp_path / "b.xlsx", tmp_path / "c.yaml")
    assert totals(tmp_path / "c.yaml") == totals(seed003)


def test_xlsx_amounts_in_wan_yuan_are_converted(tmp_path: Path) -> None:
    row = Indicator(("产出指标", "数量指标", "场次"), "≥10场", "12场", None)
    assert row.weight is None  # a row without weight is kept, not dropped


EVALUATIONS = sorted((Path(__file__).resolve().parents[1] / "examples" / "seeds").glob("*.yaml"))


@pytest.mark.parametrize("case_file", EVALUATIONS, ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_an_evaluation_case_converts_to_its_case_file_and_scores_the_same(
    case_file: Path, suffix: str, tmp_path: Path
) -> None:
    """`jixiao convert case.yaml -o copy.yaml|json`: the case written back (framework inline)
    scores exactly as the original, indicator by indicator."""
    out = tmp_path / f"copy{suffix}"
    done = CliRunner().invoke(cli, ["convert", str(case_file), "-o", str(out)])
    assert done.exit_code == 0, done.output
    before, after = api.score_paths([case_file]), api.score_paths([out])
    assert len(before.results) == len(after.results) == 1
    [a], [b] = before.results, after.results
    assert (a.total, a.grade) == (b.total, b.grade)
    assert [(i.key, i.score, i.explanation) for i in a.indicators] == [
        (i.key, i.score, i.explanation) for i in b.indicators
    ]


def test_an_evaluation_case_is_not_converted_to_a_table(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["convert", str(EVALUATIONS[0]), "-o", str(tmp_path / "a.xlsx")])
    assert done.exit_code == 1
    assert "评价案例只能单独转换为 YAML 或 JSON 案例文件" in done.output
    assert not (tmp_path / "a.xlsx").exists()
