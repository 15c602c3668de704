"""The self-evaluation report says how the grade was reached (总分 X / 满分 Y, the grade note),
shows every score with two decimals, heads its deduction paragraphs, and closes with the unit's
signature block."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import yaml

from jixiao import api
from jixiao.core.results import Result
from jixiao.report.write import write_selfeval_report

ROOT = Path(__file__).resolve().parents[1]

SHORT = {
    "project": {"name": "社区服务项目", "year": 2024, "unit": "某街道"},
    "funds": {
        "weight": 10,
        "total": {"name": "年度资金总额", "initial": 100000, "annual": 100000, "executed": 100000},
    },
    "indicators": [
        {"path": ["产出指标", "数量指标", "活动场次"], "target": "≥10场", "actual": "10场",
         "weight": 30},
        {"path": ["效益指标", "社会效益指标", "服务人次"], "target": "≥1000人次",
         "actual": "500人次", "weight": 30},
        {"path": ["满意度指标", "服务对象满意度指标", "居民满意度"], "target": "≥90%",
         "actual": "95%", "weight": 10},
    ],
}  # fmt: skip


def report(tmp: Path, source: Path) -> tuple[list[Result], docx.document.Document]:
    results = [r for r in api.score_paths([source]).results if not r.case.evaluation]
    out = tmp / "报告.docx"
    write_selfeval_report(results, out)
    return results, docx.Document(str(out))


def body(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def cells(document: docx.document.Document) -> list[str]:
    return [c.text for t in document.tables for row in t.rows for c in row.cells]


def short_table(tmp: Path) -> Path:
    path = tmp / "表.yaml"
    path.write_text(yaml.safe_dump(SHORT, allow_unicode=True), encoding="utf-8")
    return path


def test_a_table_short_of_100_states_its_full_marks_and_the_score_rate(tmp_path: Path) -> None:
    [result], document = report(tmp_path, short_table(tmp_path))
    assert result.graded and result.grade_note  # graded on the score rate
    [intro] = [t for t in body(document) if "按规则计算总分" in t]
    assert "总分 65.00 / 满分 80.00 分" in intro
    assert result.grade_note in intro


def test_an_ungraded_table_says_why(tmp_path: Path) -> None:
    source = ROOT / "examples" / "problems" / "有问题的自评表.xlsx"
    [result], document = report(tmp_path, source)
    assert not result.graded and result.grade_note
    [intro] = [t for t in body(document) if "按规则计算总分" in t]
    assert "等级“—”" in intro and result.grade_note in intro


def test_a_table_of_100_states_no_full_marks_and_no_note(tmp_path: Path) -> None:
    source = ROOT / "examples" / "selfeval" / "社区居家养老服务补贴.yaml"
    [result], document = report(tmp_path, source)
    assert not result.grade_note
    [intro] = [t for t in body(document) if "按规则计算总分" in t]
    assert "满分" not in intro


def test_every_score_in_the_table_has_two_decimals(tmp_path: Path) -> None:
    source = ROOT / "examples" / "selfeval" / "社区居家养老服务补贴.yaml"
    _, document = report(tmp_path, source)
    [table] = document.tables
    for row in table.rows[1:]:
        for cell in row.cells[-2:]:  # 分值, 得分
            assert re.fullmatch(r"\d+\.\d\d", cell.text), cell.text


def test_the_deductions_have_a_numbered_heading(tmp_path: Path) -> None:
    _, document = report(tmp_path, short_table(tmp_path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("jixiao 二级")]
    # no goals in this table: 指标得分 is （一）, the deductions follow as （二）
    assert headings == ["（一）指标得分", "（二）扣分说明"]
    texts = body(document)
    after = texts[texts.index("（二）扣分说明") + 1]
    assert after.startswith("服务人次：")


def test_the_report_ends_with_the_units_signature_block(tmp_path: Path) -> None:
    _, document = report(tmp_path, short_table(tmp_path))
    tail = [t for t in body(document) if t.strip()][-3:]
    assert tail[0] == "填报单位（盖章）：某街道"
    assert tail[1].rstrip() == "填报人："
    assert re.fullmatch(r"填报日期：\s*年\s+月\s+日", tail[2]), tail[2]
