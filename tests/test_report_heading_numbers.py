"""Every heading of every seed report is numbered in one sequence per level and parent
(一、二、… / （一）（二）… / 1. 2. … / （1）（2）…): the case's narrative headings are renumbered
under the generated ones, and a department-wide case is headed as a department, not a project."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from jixiao import api
from jixiao.core.results import Result
from jixiao.report.builder import build_evaluation_report
from jixiao.report.document import Signature
from jixiao.report.docx import render_docx
from jixiao.report.text import narrative_blocks

ROOT = Path(__file__).resolve().parents[1]
CN = "一二三四五六七八九十"
NUMBER = {
    0: re.compile(r"^([一二三四五六七八九十]+)、"),
    1: re.compile(r"^（([一二三四五六七八九十]+)）"),
    2: re.compile(r"^(\d+)[.．] ?"),
    3: re.compile(r"^（(\d+)）"),
}


def cn_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return CN.index(text) + 1
    return (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)


def outline(paragraph: docx.text.paragraph.Paragraph) -> int | None:
    """The paragraph's outline level: its own, else its style's."""
    for ppr in (paragraph._p.pPr, paragraph.style.element.pPr):
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None:
            return int(level.get(qn("w:val")))
    return None


def headings(path: Path) -> list[tuple[int, str]]:
    document = docx.Document(str(path))
    return [(lvl, p.text) for p in document.paragraphs if (lvl := outline(p)) is not None]


def numbering_faults(items: list[tuple[int, str]]) -> list[str]:
    faults = []
    last: dict[int, int] = {}  # the last number seen at each level under the current parents
    for level, text in items:
        match = NUMBER.get(level, re.compile("$^")).match(text)
        if match is None:
            faults.append(f"level {level} heading without its numbering: {text}")
            continue
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        if level > 0 and level - 1 not in last:
            faults.append(f"level {level} heading with no parent: {text}")
        n = cn_value(match.group(1))
        if n != last.get(level, 0) + 1:
            faults.append(f"expected number {last.get(level, 0) + 1}: {text}")
        last[level] = n
    return faults


def result_of(seed: str) -> Result:
    [result] = api.score_paths([ROOT / "examples" / "seeds" / f"{seed}.yaml"]).results
    assert result.case.evaluation
    return result


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_every_heading_number_runs_on_under_its_parent(seed: str, tmp_path: Path) -> None:
    out = tmp_path / f"{seed}.docx"
    render_docx(build_evaluation_report(result_of(seed)), out)
    items = headings(out)
    assert len([1 for level, _ in items if level == 0]) >= 6
    assert numbering_faults(items) == []


def test_the_walk_finds_a_repeat_and_a_gap() -> None:
    assert numbering_faults([(0, "一、甲"), (1, "（三）乙"), (1, "（三）丙")]) == [
        "expected number 1: （三）乙",
        "expected number 4: （三）丙",
    ]
    assert numbering_faults([(0, "一、甲"), (2, "2.乙")]) == [
        "level 2 heading with no parent: 2.乙",
        "expected number 1: 2.乙",
    ]


def test_narrative_headings_are_renumbered_below_the_generated_one() -> None:
    text = "(三) 预算编制情况\n1. 编制合理\n正文。\n2. 目标明确\n正文。\n（四）预算执行情况\n正文。"
    blocks = narrative_blocks(text, level=3)
    heads = [(b.level, b.text) for b in blocks if type(b).__name__ == "Heading"]
    assert heads == [
        (3, "1. 预算编制情况"),
        (4, "（1）编制合理"),
        (4, "（2）目标明确"),
        (3, "2. 预算执行情况"),
    ]


def test_a_heading_that_skips_a_level_is_numbered_where_it_stands() -> None:
    # 2.改进措施 with no 1. before it, then （三）… with no （一）（二）: both are the chapter's
    # first-level sections, in the order written
    text = "2.改进措施\n（1）完善绩效指标\n正文。\n（三）后续工作计划、相关建议等\n正文。"
    blocks = narrative_blocks(text, level=2)
    heads = [(b.level, b.text) for b in blocks if type(b).__name__ == "Heading"]
    assert heads == [
        (2, "（一）改进措施"),
        (3, "1. 完善绩效指标"),
        (2, "（二）后续工作计划、相关建议等"),
    ]


def test_a_department_wide_case_has_department_chapter_headings() -> None:
    document = build_evaluation_report(result_of("001"))
    titles = [b.text for b in document.blocks if type(b).__name__ == "Heading"]
    assert "一、部门（单位）基本情况" in titles
    assert "（一）部门主要职能" in titles
    for project_word in ("项目背景", "项目概况", "项目资金管理情况", "项目绩效目标"):
        assert not [t for t in titles if project_word in t]


def test_a_project_case_keeps_project_chapter_headings() -> None:
    document = build_evaluation_report(result_of("000"))
    titles = [b.text for b in document.blocks if type(b).__name__ == "Heading"]
    assert "一、基本情况" in titles
    assert any(t.endswith("项目概况") for t in titles)


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_a_paragraph_that_announces_a_table_is_followed_by_one(seed: str) -> None:
    blocks = build_evaluation_report(result_of(seed)).blocks
    for i, block in enumerate(blocks):
        text = getattr(block, "text", "")
        if type(block).__name__ == "Paragraph" and re.search(r"如下表[\d\-－ ]*[：:]?$", text):
            assert type(blocks[i + 1]).__name__ == "Table", text


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2024年", "2024年　　月　　日"),
        ("2024 年", "2024年　　月　　日"),
        ("2024年5月", "2024年5月　　日"),
        ("2024年5月20日", "2024年5月20日"),
        ("2024-05-20", "2024-05-20"),
        ("", "　　　　年　　月　　日"),
    ],
)
def test_the_signature_date_is_the_cases_or_left_to_fill_in(date: str, shown: str) -> None:
    result = result_of("000")
    result = replace(result, case=replace(result.case, date=date))
    [signature] = [b for b in build_evaluation_report(result).blocks if isinstance(b, Signature)]
    assert dict(signature.lines)["日期"] == shown
