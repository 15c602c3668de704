"""Evaluation reports as people hand them in, Word and PDF: the four seed reports written into
a .docx (each table with its 一级/二级 merges) and printed to PDF by LibreOffice, read, scored,
reviewed and converted as their text is (issue 15: `jixiao score|review|convert` on .docx/.pdf).
"""

from __future__ import annotations

import functools
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import seed
from doc_fixtures import report_docx, report_xlsx, to_pdf
from jixiao import api
from jixiao.cli import cli
from jixiao.core.problems import Severity

REPORTS = {"000": "95.48", "001": "93.76", "002": "98", "004": "98"}


@functools.cache
def docx_of(prefix: str) -> bytes:
    return report_docx(seed(prefix))


@functools.cache
def pdf_of(prefix: str) -> bytes | None:
    return to_pdf(docx_of(prefix))


def document(prefix: str, suffix: str, folder: Path) -> Path:
    data = docx_of(prefix) if suffix == ".docx" else pdf_of(prefix)
    if data is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to read")
    path = folder / f"{prefix}评价报告{suffix}"
    path.write_bytes(data)
    return path


def findings(path: Path) -> Counter[str]:
    run = api.review_paths([path])
    assert not run.unreadable
    return Counter(r.finding.code for r in run.findings)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("prefix", sorted(REPORTS))
def test_a_report_document_scores_as_its_text(prefix: str, suffix: str, tmp_path: Path) -> None:
    path = document(prefix, suffix, tmp_path)
    text = api.score_paths([seed(prefix)])
    run = api.score_paths([path])
    assert not [p for p in run.problems if p.severity is Severity.ERROR]
    [result], [expected] = run.results, text.results
    assert result.case.evaluation and result.total == Decimal(REPORTS[prefix])
    assert [s.path for s in result.indicators] == [s.path for s in expected.indicators]
    assert [s.score for s in result.indicators] == [s.score for s in expected.indicators]
    assert len(result.case.score_tables) == len(expected.case.score_tables)


@pytest.mark.parametrize("prefix", sorted(REPORTS))
def test_score_tables_kept_in_a_workbook_read_as_the_evaluation(
    prefix: str, tmp_path: Path
) -> None:
    # no narrative: the framework, rules and published scores from the tables alone
    path = tmp_path / f"{prefix}评分表.xlsx"
    path.write_bytes(report_xlsx(seed(prefix)))
    [expected] = api.score_paths([seed(prefix)]).results
    run = api.score_paths([path])
    assert not [p for p in run.problems if p.severity is Severity.ERROR]
    [result] = run.results
    assert result.total == Decimal(REPORTS[prefix])
    assert [s.path for s in result.indicators] == [s.path for s in expected.indicators]


@pytest.mark.parametrize("prefix", sorted(REPORTS))
def test_a_word_report_is_reviewed_as_its_text(prefix: str, tmp_path: Path) -> None:
    # the Word document holds the text's cells and paragraphs: the same findings, all of them
    assert findings(document(prefix, ".docx", tmp_path)) == findings(seed(prefix))


@pytest.mark.parametrize("prefix", sorted(REPORTS))
def test_a_pdf_report_finds_what_its_text_finds(prefix: str, tmp_path: Path) -> None:
    # a PDF cuts a paragraph at each page's end: an analysis continued on the next page may
    # lose its last words (000's 制度执行有效性 then reads as a deduction without a reason)
    got, want = findings(document(prefix, ".pdf", tmp_path)), findings(seed(prefix))
    assert want - got == Counter()
    assert set(got - want) <= {"missing-deviation-reason", "points-lost"}
    assert sum((got - want).values()) <= 1


def test_review_of_a_word_report_names_the_disagreements(tmp_path: Path) -> None:
    path = document("000", ".docx", tmp_path)
    result = CliRunner().invoke(cli, ["review", str(path)])
    assert result.exit_code == 1, result.output  # 96.48 against 95.48 is an error
    assert "总计得分 95.48，但各行得分合计为 96.48" in result.output
    assert "为 8.00" in result.output and "为 7.00" in result.output


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_convert_writes_the_report_as_an_evaluation_draft(suffix: str, tmp_path: Path) -> None:
    path = document("004", suffix, tmp_path)
    before = path.read_bytes()
    target = tmp_path / "评价.yaml"
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before  # the input is never written to
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# jixiao 评价案例")
    assert "草稿" in text.split("format:")[0]  # the header says what to check
    data = yaml.safe_load(text)
    assert data["published"]["total"] == 98 and len(data["targets"]) == 10
    # the draft scores as the report does
    [again] = api.score_paths([target]).results
    assert again.total == Decimal("98")


@pytest.mark.parametrize(
    ("prefix", "name", "unit", "department"),
    [
        ("000", "政务服务事务", "", "深圳市大鹏新区政务服务数据管理局"),
        (
            "001",
            "深圳市大鹏新区政务服务数据管理局 2021 年度部门整体支出",
            "深圳市大鹏新区政务服务数据管理局",
            "深圳市大鹏新区政务服务数据管理局",
        ),
        (
            "002",
            "盐田区党建引领民生诉求一体化平台",
            "深圳市盐田区政务服务中心",
            "深圳市盐田区政务服务和数据管理局",
        ),
        ("004", "信息化项目运维服务费", "", ""),
    ],
)
def test_the_cover_names_the_project(prefix: str, name: str, unit: str, department: str) -> None:
    # 项目名称 / 主管部门 / 实施部门 / 部门名称（公章）, else the title; a 部门整体 report is the
    # department's own spending in its year
    [case], _ = api.read(seed(prefix).read_bytes(), seed(prefix).name)
    assert (case.project.name, case.project.unit, case.project.department) == (
        name,
        unit,
        department,
    )
    assert " " not in case.title.replace("年 ", "").replace(" 年", "")  # 支出部门 评价报告 joined


def line(text: str, x0: float, x1: float, top: float) -> dict[str, object]:
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": top + 10,
        "chars": [{"size": 10}],
    }


def test_pdf_lines_join_into_their_paragraphs() -> None:
    from jixiao.ingest.pdf import _paragraphs

    lines = [
        line("四、绩效评价指标分析", 72, 190, 100),  # a heading: short, ends nothing before it
        line("项目预算资金是否按照计划执行，用以反映或考核项目", 72, 522, 114),  # to the margin
        line("预算执行情况。此项扣1分。", 72, 200, 128),  # …goes on here, and ends here
        line("1. 资金到位率", 72, 150, 142),
        line("实际到位资金与预算资金的比率，用以反映和考核资金落实", 72, 523, 156),
        line("（一）项目决策情况", 72, 180, 170),  # numbered: a new paragraph, however full
    ]
    got = [text for _, text in _paragraphs(lines, 594)]
    assert got == [
        "四、绩效评价指标分析",
        "项目预算资金是否按照计划执行，用以反映或考核项目预算执行情况。此项扣1分。",
        "1. 资金到位率",
        "实际到位资金与预算资金的比率，用以反映和考核资金落实",
        "（一）项目决策情况",
    ]
    # a sparse page (a cover): its longest line is a title, not a line run to the margin
    cover = [
        line("2023 年度政务服务事务项目支出部门评价报告", 200, 394, 100),
        line("部门名称：某局", 72, 150, 130),
    ]
    assert [t for _, t in _paragraphs(cover, 594)] == [
        "2023 年度政务服务事务项目支出部门评价报告",
        "部门名称：某局",
    ]


SMALL_REPORT = """某县 2024 年度农村道路养护项目绩效评价报告
项目名称：农村道路养护
主管部门：某县交通运输局
附件：绩效评价指标评分表
一级指标\t二级指标\t三级指标\t分值\t评分标准\t得分
决策\t项目立项\t立项依据充分性\t20\t依据充分得满分，否则不得分。\t20
产出\t产出数量\t养护里程完成率\t40\t按完成比例得分。\t38
效益\t社会效益\t群众满意度\t30\t满意度≥90%得满分，每降低1个百分点扣1分，扣完为止。\t30
合计\t\t\t90\t\t88
"""


def test_a_report_whose_weights_are_not_the_full_marks_says_so(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    run = api.score_paths([path])
    [result] = run.results
    assert result.case.project.name == "农村道路养护"
    assert result.case.project.department == "某县交通运输局"
    [warned] = [p for p in run.problems if p.code == "weight-total"]
    assert warned.severity is Severity.WARNING and warned.where.line == 9
    assert "分值合计 90.00，不等于满分 100.00" in warned.message


def test_each_leaf_gets_the_analysis_written_for_it() -> None:
    # 000's analysis: "绩效目标主要涉及绩效目标合理性以及绩效指标明确性两部分。" then 一是 … 二是 …
    # under "2. 绩效目标" (both leaves' analysis, with its "此项扣2分"); the 产出 leaves under
    # "2. 产出质量" (their 二级, of one leaf each); a name printed with half-width brackets in
    # the annex and full-width in the text
    [case], _ = api.read(seed("000").read_bytes(), seed("000").name)
    notes = {key: str(facts.get("note", "")) for key, facts in case.facts.items()}
    for pair in ("绩效目标合理性", "绩效指标明确性"):
        assert "一是" in notes[pair] and "此项扣2分" in notes[pair]
    assert notes["政务服务事务工作质量达标率"].startswith("根据对项目凭证、支付令和访谈")
    assert "扣 0.4 分" in notes["2023年度新区“政务公开(含城市信用建设)”指标考核情况"]
    # a paragraph naming one leaf alone stays that leaf's
    assert notes["民生诉求办理满意率"].startswith("根据民生诉求服务平台数据")
    found = api.review_paths([seed("000")]).findings
    said = [r.finding.message for r in found if "此项扣2分" in r.finding.message]
    assert len(said) == 2 and all("只扣 1.00 分" in m for m in said)


@pytest.mark.parametrize(
    "start",
    [
        "表3-1 得分汇总表",
        "附件1：评分表",
        "⑴ 第一项",
        "Ⅱ、项目管理",
        "第二部分 评价结论",
        "1 项目背景",
        "图 2 得分率",
    ],
)
def test_a_caption_or_a_numbered_line_starts_its_own_paragraph(start: str) -> None:
    from jixiao.ingest.pdf import _paragraphs

    lines = [
        line("各项指标得分情况如下表所示，评价组据此逐项分析各项指标的得分情况：", 72, 522, 100)
    ]
    lines.append(line(start, 72, 200, 114))
    assert [t for _, t in _paragraphs(lines, 594)][1] == start


def _scored(tmp_path: Path, text: str) -> api.ScoreRun:
    path = tmp_path / "表.txt"
    path.write_text(text, encoding="utf-8")
    return api.score_paths([path])


def test_a_leaf_listed_twice_is_read_once_and_said(tmp_path: Path) -> None:
    run = _scored(
        tmp_path,
        "一级指标\t二级指标\t三级指标\t分值\t得分\n决策\t立项\t依据\t10\t8\n"
        "决策\t立项\t依据\t10\t7\n过程\t资金\t依据\t90\t70\n",
    )
    [result] = run.results
    assert [s.path for s in result.indicators] == [
        ("决策", "立项", "依据"),
        ("过程", "资金", "依据"),
    ]
    [twice] = [p for p in run.problems if p.code == "framework-invalid"]
    assert twice.where.line == 3 and "出现两次" in twice.message


def test_a_broken_self_evaluation_table_is_not_taken_for_a_report(tmp_path: Path) -> None:
    # titled 自评表, 年度指标值 there, 实际完成值 missing: the table reader's error, no evaluation
    run = _scored(
        tmp_path,
        "项目支出绩效自评表\n项目名称\t社区养老\n一级指标\t二级指标\t三级指标\t年度指标值\t分值\t得分\n"
        "产出指标\t数量指标\t服务人数\t≥100人\t50\t45\n",
    )
    assert not run.results
    assert [p.code for p in run.problems if p.severity is Severity.ERROR] == ["header-incomplete"]
    # 得分 without 分值 is no score table either
    run = _scored(tmp_path, "一级指标\t二级指标\t三级指标\t得分\n决策\t立项\t依据\t8\n")
    assert not run.results and [p.code for p in run.problems] == ["header-incomplete"]


def test_a_score_table_that_cannot_be_a_framework_says_why(tmp_path: Path) -> None:
    run = _scored(
        tmp_path,
        "附件 评分表\n一级指标\t二级指标\t三级指标\t分值\t得分\n决策\t立项\t依据\t10\t8\n"
        "过程\t资金\t执行率\t-90\t70\n",
    )
    assert not run.results
    errors = [p for p in run.problems if p.severity is Severity.ERROR]
    assert errors and "权重（weight）为负数" in errors[0].message
    assert not [p for p in run.problems if p.code == "framework-table"]  # not "write it as YAML"


def test_the_targets_of_both_tables_of_targets_are_kept(tmp_path: Path) -> None:
    run = _scored(
        tmp_path,
        "2023年度某某项目支出绩效评价报告\n\n项目名称\t甲项目\n一级指标\t二级指标\t三级指标\t年度指标值\n"
        "产出指标\t数量指标\t培训人次\t≥100人次\n效益指标\t社会效益\t满意度\t≥90%\n\n"
        "项目名称\t甲项目\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训人次\t≥100人次\t120人次\n\n表3-1 得分汇总表\n"
        "一级指标\t二级指标\t三级指标\t分值\t得分\n决策\t立项\t依据充分\t10\t8\n"
        "过程\t资金\t执行率\t20\t18\n产出\t数量\t完成率\t70\t60\n合计\t\t\t100\t86\n",
    )
    [result] = run.results
    # the completion table's row (with what was done), then the target table's other row
    assert [(t.path[-1], t.actual) for t in result.case.indicators] == [
        ("培训人次", "120人次"),
        ("满意度", ""),
    ]


def test_text_lines_wrapped_mid_sentence_join_into_their_paragraph() -> None:
    from jixiao.ingest.report.narrative import prose
    from jixiao.ingest.text import text_grids

    text = "\n\n".join(
        [
            "2024 年深圳市某区某局重点项目支出绩效评价报告",  # a title: long, no 。
            "项目名称：某项目",  # a cover field of its own
            "一、基本情况",
            "保障省一体化信访信息系统、盐田区群众诉求服务智慧指挥系统正常运行，通过多种渠道接待群众诉求，建立",
            "“依法、逐级、理性、有序”的信访秩序，确保辖区社会和谐稳定。",
            "表 1-2 项目绩效目标完成情况表",  # a caption starts its own
            "短的一行",
            "另一段。",
        ]
    )
    paragraphs = [t for t, _ in prose(text_grids(text.encode("utf-8"), "报告.txt"))]
    assert paragraphs == [
        "2024 年深圳市某区某局重点项目支出绩效评价报告",
        "项目名称：某项目",
        "一、基本情况",
        "保障省一体化信访信息系统、盐田区群众诉求服务智慧指挥系统正常运行，通过多种渠道接待群众诉求，建立"
        "“依法、逐级、理性、有序”的信访秩序，确保辖区社会和谐稳定。",
        "表 1-2 项目绩效目标完成情况表",
        "短的一行",
        "另一段。",
    ]
