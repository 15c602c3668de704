"""Review on the seeds: what their own problem sections name, and the arithmetic hidden in
their tables, is found; correct rows get no error-level finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def findings(path: Path) -> list[api.Reviewed]:
    return list(api.review_paths([path]).findings)


def by_code(items: list[api.Reviewed], code: str) -> list[str]:
    return [r.finding.message for r in items if r.finding.code == code]


@pytest.fixture(scope="module")
def seed003_findings() -> list[api.Reviewed]:
    from conftest import seed

    return findings(seed("003"))


def test_seed003_has_no_error_level_finding(seed003_findings: list[api.Reviewed]) -> None:
    assert not [r for r in seed003_findings if r.finding.severity.value == "error"]


def test_seed003_money_not_spent_but_full_marks(seed003_findings: list[api.Reviewed]) -> None:
    [divergence] = by_code(seed003_findings, "budget-performance-divergence")
    assert "7.32%" in divergence
    assert any("7.32%" in m for m in by_code(seed003_findings, "missing-deviation-reason"))


def test_seed003_targets_set_too_low(seed003_findings: list[api.Reviewed]) -> None:
    low = by_code(seed003_findings, "target-too-low")
    assert any("宣传知晓率" in m and "73.3 倍" in m for m in low)
    assert any("125930" in m for m in low)
    assert not any("100%" in m for m in low)  # a bare 1 against 100% is not "100 times"


def test_seed003_names_duplicates_units_and_artefacts(seed003_findings: list[api.Reviewed]) -> None:
    assert any("各科室满意度" in m for m in by_code(seed003_findings, "duplicate-indicator"))
    assert any("41000" in m for m in by_code(seed003_findings, "unit-mismatch"))
    assert len(by_code(seed003_findings, "excel-artefact")) == 7
    assert any(
        "于第四季度结束前完成相关工作" in m for m in by_code(seed003_findings, "name-holds-value")
    )
    assert any(
        "党建活动模式创新情况" in m and "有所提升" in m
        for m in by_code(seed003_findings, "vague-target")
    )
    assert any("政务热线标签管理" in m for m in by_code(seed003_findings, "long-name"))


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_evaluation_seeds_have_no_error_level_finding(seed: str) -> None:
    run = api.review_paths([ROOT / "examples" / "seeds" / f"{seed}.yaml"])
    assert not [r for r in run.findings if r.finding.severity.value == "error"]


def test_seed000_satisfaction_rate_contradicts_its_counts() -> None:
    [message] = by_code(findings(ROOT / "examples/seeds/000.yaml"), "ratio-inconsistent")
    assert "99.78%" in message and "2701 ÷ 3063 = 88.18%" in message


def test_seed002_problem_section_vague_aggregate_target() -> None:
    messages = by_code(findings(ROOT / "examples/seeds/002.yaml"), "vague-target")
    assert any("1 项" in m and "笼统" in m for m in messages)
    assert any("套用了项目名称" in m for m in messages)


def test_seed004_problem_section_long_name_and_satisfaction() -> None:
    items = findings(ROOT / "examples/seeds/004.yaml")
    assert any("保障系统运行" in m for m in by_code(items, "long-name"))
    [disagreement] = by_code(items, "table-disagreement")
    assert "98.72%" in disagreement and "90%" in disagreement
    lost = by_code(items, "points-lost")
    assert len(lost) == 2 and any("信访群众满意度" in m for m in lost)


def test_json_shape_is_pinned() -> None:
    result = CliRunner().invoke(cli, ["review", str(ROOT / "examples/seeds/004.yaml"), "--json"])
    data = json.loads(result.stdout)
    assert list(data) == ["findings", "problems"]
    assert list(data["findings"][0]) == [
        "code",
        "severity",
        "where",
        "message",
        "suggestion",
        "fingerprint",
    ]
    assert result.exit_code == 0


def test_deliberate_mistakes_in_the_examples_are_errors() -> None:
    result = CliRunner().invoke(cli, ["review", str(ROOT / "examples/selfeval"), "--json"])
    data = json.loads(result.stdout)
    mismatches = [f for f in data["findings"] if f["code"] == "score-mismatch"]
    assert mismatches and all(f["severity"] == "error" for f in mismatches)
    assert result.exit_code == 1
