"""Evaluation reports: the seeds' chapter structure, data tables, fonts — read back from the .docx."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from jixiao import api
from jixiao.core.results import Result
from jixiao.report.builder import build_evaluation_report
from jixiao.report.document import Heading, Table

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [
    "一、基本情况",
    "二、绩效评价工作开展情况",
    "三、综合评价情况及评价结论",
    "四、绩效评价指标分析",
    "五、主要经验及做法、存在的问题及原因分析",
    "六、有关建议",
    "七、其他需要说明的问题",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def result_of(seed: str) -> Result:
    [result] = api.score_paths([ROOT / "examples" / "seeds" / f"{seed}.yaml"]).results
    assert result.case.evaluation
    return result


@pytest.fixture(scope="module")
def report004(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("r") / "004.docx"
    problems = api.write_report(ROOT / "examples" / "seeds" / "004.yaml", out)
    assert not [p for p in problems if p.severity.value == "error"]
    return out


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_chapters_in_the_seeds_order(seed: str) -> None:
    document = build_evaluation_report(result_of(seed))
    chapters = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    # a department-wide evaluation (001) describes the department in chapter 一
    first = "一、部门（单位）基本情况" if seed == "001" else CHAPTERS[0]
    assert chapters == [first, *CHAPTERS[1:]]
    tables = [b.caption for b in document.blocks if isinstance(b, Table)]
    assert "表 3-1 绩效评价得分汇总表" in tables
    assert tables[-1] == "附件：绩效评价指标体系及评分表"


@pytest.mark.parametrize("seed", ["000", "004"])
def test_annex_has_one_row_per_indicator_and_the_total(seed: str) -> None:
    result = result_of(seed)
    annex = [b for b in build_evaluation_report(result).blocks if isinstance(b, Table)][-1]
    assert annex.landscape
    assert len(annex.rows) == 1 + len(result.indicators) + 1
    header = [c.text for c in annex.rows[0]]
    assert header[-5:] == ["权重", "指标解释", "评分标准", "得分", "扣分说明"]
    assert annex.rows[-1][-2].text == f"{result.total.normalize():f}"


def text_of(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_docx_reads_like_the_seed(report004: Path) -> None:
    paragraphs = text_of(report004)
    assert paragraphs[0] == "信息化项目运维服务费项目支出绩效评价报告"
    body = "\n".join(paragraphs)
    positions = [body.index(c) for c in CHAPTERS]
    assert positions == sorted(positions)
    assert "综合得分 98 分，评价等级为“优”" in body
    assert "视满意度为 90%" in body  # the deduction, explained in chapter 四
    document = docx.Document(str(report004))
    captions = [t.rows[0].cells[0].text for t in document.tables]
    assert captions[0] == "项目" and len(document.tables) == 5


def test_every_run_has_an_east_asian_font(report004: Path) -> None:
    document = docx.Document(str(report004))
    runs = document.element.body.iter(f"{W}r")
    missing = [
        r
        for r in runs
        if r.find(f"{W}rPr/{W}rFonts") is None
        or not r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
    ]
    assert not missing


def test_gbt9704_page_setup(report004: Path) -> None:
    section = docx.Document(str(report004)).sections[0]
    cm = 360000
    assert round(section.page_width / cm, 1) == 21.0 and round(section.page_height / cm, 1) == 29.7
    assert [
        round(x / cm, 1)
        for x in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [3.7, 3.5, 2.8, 2.6]
    last = docx.Document(str(report004)).sections[-1]
    assert last.page_width > last.page_height  # the annex is landscape


def test_footer_page_numbers(report004: Path) -> None:
    footer = docx.Document(str(report004)).sections[0].footer._element
    xml = footer.xml
    assert "PAGE" in xml and "—" in xml


def test_self_evaluation_report_writes_docx_and_xlsx(tmp_path: Path) -> None:
    seed = next((ROOT.parent / "shared" / "seeds").glob("003_*.txt"))
    out = tmp_path / "自评报告.docx"
    problems = api.write_report(seed, out)
    assert not [p for p in problems if p.severity.value == "error"]
    assert out.exists() and (tmp_path / "自评报告-评分结果.xlsx").exists()
    assert not out.with_suffix(".xlsx").exists()
    body = "\n".join(text_of(out))
    assert "行政服务大厅运行" in body and "98.16" in body
    assert re.search(r"叫号数量：.*扣 0\.93 分", body)


def test_pdf_without_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jixiao.report.pdf.find_soffice", lambda: None)
    problems = api.write_report(ROOT / "examples" / "seeds" / "004.yaml", tmp_path / "r.pdf", "pdf")
    [problem] = [p for p in problems if p.code == "pdf-unavailable"]
    assert "LibreOffice" in problem.message
    assert not (tmp_path / "r.pdf").exists()
