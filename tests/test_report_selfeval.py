"""The self-evaluation report states the facts the table holds and leaves the rest blank."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jixiao import api
from jixiao.core.results import Result
from jixiao.report.document import Paragraph
from jixiao.report.selfeval import build_selfeval_report

ROOT = Path(__file__).resolve().parents[1]


def scored(code: str, unit: str) -> Result:
    [result] = api.score_paths(
        [ROOT / "examples" / "selfeval" / "社区居家养老服务补贴.yaml"]
    ).results
    assert not result.case.evaluation
    project = replace(result.case.project, code=code, unit=unit)
    return replace(result, case=replace(result.case, project=project))


def intro(result: Result) -> str:
    document = build_selfeval_report([result])
    return next(b.text for b in document.blocks if isinstance(b, Paragraph) and "总分" in b.text)


def test_a_missing_project_code_is_left_out_not_dashed() -> None:
    text = intro(scored("", "某区民政局（本级）"))
    assert "—" not in text and "项目编码" not in text
    assert "实施单位某区民政局（本级）" in text


def test_a_missing_unit_is_left_out_not_dashed() -> None:
    text = intro(scored("", ""))
    assert "—" not in text and "实施单位" not in text
    assert text.startswith("按规则计算总分")


def test_known_code_and_unit_are_stated() -> None:
    text = intro(scored("440300240101000000001", "某区民政局"))
    assert text.startswith("项目编码 440300240101000000001，实施单位某区民政局。")


def test_rows_without_a_deviation_are_not_listed_as_deviations() -> None:
    seed = next((ROOT.parent / "shared" / "seeds").glob("003_*.txt"))
    results = [r for r in api.score_paths([seed]).results if not r.case.evaluation]
    document = build_selfeval_report(results)
    listed = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert not [t for t in listed if "：无偏差" in t], [t for t in listed if "无偏差" in t][:3]
    assert any("偏差原因" in t or "改进措施" in t for t in listed)
