"""Evaluation reports hold only what the case says or the data gives: a section the case lacks
is left out with a warning (or derived from the case), the signature block closes the body,
and an indicator that repeats its parent's name is printed once."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from jixiao import api
from jixiao.core.results import Result
from jixiao.report.builder import build_evaluation_report
from jixiao.report.document import Heading, Paragraph, Signature, Table
from jixiao.report.docx import render_docx
from jixiao.report.text import narrative_blocks

ROOT = Path(__file__).resolve().parents[1]
LEVEL2 = re.compile(r"^（([一二三四五六七八九十]+)）")


def result_of(seed: str) -> Result:
    [result] = api.score_paths([ROOT / "examples" / "seeds" / f"{seed}.yaml"]).results
    assert result.case.evaluation
    return result


def texts(blocks: tuple[object, ...]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [cell.text for row in block.rows for cell in row]
    return out


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_no_section_is_left_saying_not_provided(seed: str) -> None:
    document = build_evaluation_report(result_of(seed))
    assert not [t for t in texts(document.blocks) if "未提供" in t]


def test_a_missing_section_is_left_out_with_a_warning() -> None:
    # seed 001 (a department's self-evaluation) states no purpose and no principles
    document = build_evaluation_report(result_of("001"))
    missing = {p.where.field: p for p in document.warnings if p.code == "report-section-missing"}
    assert set(missing) == {"narrative.purpose", "narrative.principles"}
    assert all(p.severity.value == "warning" for p in missing.values())
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert not [h for h in headings if "目的、对象和范围" in h]
    # the principles section stays: the indicator system is generated from the framework
    assert any("评价指标体系" in h for h in headings)


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_section_numbers_run_on_after_a_section_is_left_out(seed: str) -> None:
    numbers: list[list[str]] = []
    for block in build_evaluation_report(result_of(seed)).blocks:
        if isinstance(block, Heading) and block.level == 1:
            numbers.append([])
        elif isinstance(block, Heading) and block.level == 2 and LEVEL2.match(block.text):
            numbers[-1].append(LEVEL2.match(block.text).group(1))  # type: ignore[union-attr]
    for chapter in numbers:
        assert chapter == list("一二三四五六七八九十"[: len(chapter)]), numbers


def test_the_work_process_is_derived_from_the_evaluator_and_date() -> None:
    result = result_of("004")  # the case has no narrative.process
    assert not result.case.narrative.get("process")
    document = build_evaluation_report(result)
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and "工作过程" in b.text)
    body = blocks[at + 1]
    assert isinstance(body, Paragraph)
    assert result.case.evaluator in body.text and result.case.date in body.text
    assert result.case.framework.title in body.text
    assert [p.code for p in document.warnings if p.where.field == "narrative.process"] == [
        "report-section-derived"
    ]


def test_without_an_evaluator_the_process_is_left_out() -> None:
    result = result_of("004")
    case = replace(result.case, evaluator="", date="")
    document = build_evaluation_report(replace(result, case=case))
    assert not [b for b in document.blocks if isinstance(b, Heading) and "工作过程" in b.text]
    assert "narrative.process" in {p.where.field for p in document.warnings}


def test_signature_block_closes_the_body(tmp_path: Path) -> None:
    result = result_of("004")
    document = build_evaluation_report(result)
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds[-2:] == ["Signature", "Table"]  # then the annex
    out = tmp_path / "r.docx"
    render_docx(document, out)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    at = paragraphs.index(f"评价机构（盖章）：{result.case.evaluator}")
    assert paragraphs[at + 1].startswith("主评人：")
    assert paragraphs[at + 2] == "日期：2024年　　月　　日"  # the case gives the year only
    assert paragraphs.index("七、其他需要说明的问题") < at


def test_signature_lines_are_blank_for_hand_filling_when_unknown() -> None:
    result = result_of("002")  # no date in the case
    [signature] = [b for b in build_evaluation_report(result).blocks if isinstance(b, Signature)]
    assert dict(signature.lines) == {
        "评价机构（盖章）": result.case.evaluator,
        "主评人": "",
        "日期": "　　　　年　　月　　日",
    }


def test_a_level_four_indicator_named_like_its_parent_is_printed_once() -> None:
    # seed 000: 决策 › 项目立项 › 立项依据充分性 › 立项依据充分性
    document = build_evaluation_report(result_of("000"))
    lines = [b.text for b in document.blocks if isinstance(b, Heading | Paragraph) and b.text]
    named = [t for t in lines if re.match(r"^（\d+）立项依据充分性", t)]
    assert named == ["（1）立项依据充分性（权重 4 分，得分 4 分）"]
    for first, second in itertools.pairwise(lines):
        assert _indicator(first) is None or _indicator(first) != _indicator(second), first


def test_a_fourth_level_is_numbered_apart_from_the_third() -> None:
    # 过程 › 资金管理 › 预算执行率 (4) › 预算执行率 (2), 预算调整率 (2): two indicators
    document = build_evaluation_report(result_of("000"))
    lines = [b.text for b in document.blocks if isinstance(b, Heading | Paragraph) and b.text]
    at = lines.index("（2）预算执行率（权重 4 分，得分 4 分）")
    assert lines[at + 1] == "① 预算执行率（权重 2 分，得分 2 分）"
    assert "② 预算调整率（权重 2 分，得分 2 分）" in lines[at + 2 : at + 6]


def _indicator(line: str) -> tuple[str, str] | None:
    """(name, weight and score) of an indicator heading, without its number."""
    match = re.match(r"^(?:\d+\.|（\d+）|[①-⑳])\s*(.+?)(（权重.*）)$", line)
    return (match.group(1), match.group(2)) if match else None


def test_the_signature_block_keeps_the_last_paragraph_with_it(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    render_docx(build_evaluation_report(result_of("001")), out)
    paragraphs = docx.Document(str(out)).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("评价机构（盖章）"))
    before = paragraphs[at - 1]
    assert before.text.strip() and before.paragraph_format.keep_with_next
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[at : at + 2])


def test_an_indicator_line_is_never_left_at_the_foot_of_a_page(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    render_docx(build_evaluation_report(result_of("002")), out)
    lines = [p for p in docx.Document(str(out)).paragraphs if re.match(r"^（\d+）.+（权重", p.text)]
    assert lines and all(p.paragraph_format.keep_with_next for p in lines)


def test_a_run_in_heading_of_the_narrative_stays_with_its_text() -> None:
    blocks = narrative_blocks(
        "（四）强化指标执行与监控\n将细化后的数量指标纳入项目整体管理体系。\n无。"
    )
    # a numbered line is a heading (kept with the next paragraph by its style), renumbered
    assert blocks[0] == Heading(3, "1. 强化指标执行与监控")
    assert [b.keep for b in blocks if isinstance(b, Paragraph)] == [False, False]
    # an unnumbered short line heads the text after it as a run-in paragraph
    run_in = narrative_blocks("强化指标执行与监控\n将细化后的数量指标纳入项目整体管理体系。")
    assert [b.keep for b in run_in if isinstance(b, Paragraph)] == [True, False]
