"""Auditing an evaluation report against itself (review/rules/report.py, prose.py): the four
hand-made seed cases give what their `disagreements` record that the case's own data shows,
and seed 000's two score tables as printed (表 3-1 得分汇总表, 附件 指标体系框架), typed here
by hand from ../shared/seeds/000_*.txt, give the table findings; consistent data gives none."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao import api
from jixiao.core.model import NARRATIVE_KEYS, Case
from jixiao.core.problems import Location, Problem
from jixiao.core.report import ScoreRow, ScoreTable, TableRole
from jixiao.review.rules.prose import items, year_mismatch
from jixiao.review.rules.report import pair_paths, verdict

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
D = Decimal


def case_of(seed: str) -> Case:
    path = SEEDS / f"{seed}.yaml"
    [case], problems = api.read(path.read_bytes(), str(path))
    assert not [p for p in problems if p.severity.value == "error"]
    return case


def review(case: Case) -> list[Problem]:
    return [r.finding for r in api.review([api.score(case)]).findings]


def of(found: list[Problem], code: str) -> list[str]:
    return [f.message for f in found if f.code == code]


@pytest.fixture(scope="module")
def seed_findings() -> dict[str, list[Problem]]:
    return {seed: review(case_of(seed)) for seed in ("000", "001", "002", "004")}


# ---- the seeds as transcribed: what their disagreements record -------------------------------


def test_seed000_satisfaction_rate_contradicts_its_counts(seed_findings: Any) -> None:
    # disagreements: 2701 ÷ 3063 = 88.18%，并非 99.78%
    [message] = of(seed_findings["000"], "ratio-inconsistent")
    assert "满意度 99.78%" in message and "2701 ÷ 3063 = 88.18%" in message


def test_seed000_cost_control_note_names_2022(seed_findings: Any) -> None:
    # disagreements (成本控制率): 正文写“2022年度政务服务事务项目调整后预算为 356.28 万元”
    [message] = of(seed_findings["000"], "year-mismatch")
    assert message.startswith("成本控制率中“2022年度政务服务事务项目调整后预算为 356.28 万元")
    assert "写的是 2022 年，评价的是 2023 年度" in message


def test_seed000_merged_deduction_says_two_points_where_one_was_lost(seed_findings: Any) -> None:
    # disagreements (绩效指标明确性): 合并写“此项扣2分”，两项各扣 1 分
    [message] = of(seed_findings["000"], "table-disagreement")
    assert "「绩效指标明确性」正文写“故按照评分标准，此项扣2分”" in message
    assert "公布得分为 2.00（分值 3.00）" in message and "只扣 1.00 分" in message
    # …and the other half of that paragraph names no deduction at all
    [unexplained] = of(seed_findings["000"], "missing-deviation-reason")
    assert "「绩效目标合理性」公布得分 2.00（分值 3.00），扣 1.00 分" in unexplained


def test_seed000_four_problems_five_recommendations(seed_findings: Any) -> None:
    # disagreements (存在的问题): 目录列五项，正文只有四项；建议有五条
    [message] = of(seed_findings["000"], "recommendation-gap")
    assert "存在的问题及原因分析列 4 项，有关建议列 5 项" in message


def test_seed001_deductions_without_reasons(seed_findings: Any) -> None:
    # disagreements: 绩效指标明确性、财务合规性、社会效益… “原文未写扣分理由”
    lost = of(seed_findings["001"], "missing-deviation-reason")
    named = sorted(m.split("」")[0].lstrip("「") for m in lost)
    assert named == ["社会效益、经济效益、生态效益及可持续影响等", "绩效指标明确性", "财务合规性"]
    # a rate or a count explains its own score: 项目完成及时性 24/25, 公用经费控制率 99.69%
    assert not any("项目完成及时性" in m or "公用经费控制率" in m for m in lost)


def test_seed001_assets_do_not_add_up(seed_findings: Any) -> None:
    # disagreements (资产管理): 所列四项合计 9,899.86 万元，相差 10.00 万元
    [found] = [f for f in seed_findings["001"] if f.code == "total-mismatch"]
    assert found.severity.value == "info"  # fewer than the whole: a part may be unnamed
    assert (
        "720.75 + 774.27 + 8335.33 + 69.51 = 9899.86 万元，少于总额 9909.86 万元" in found.message
    )
    assert "相差 10 万元" in found.message


def test_seed002_one_problem_four_recommendations(seed_findings: Any) -> None:
    assert of(seed_findings["002"], "recommendation-gap") == [
        "存在的问题及原因分析列 1 项，有关建议列 4 项，不能一一对应"
    ]
    # its grade 优秀 at 98 is the band's own name: not a finding
    assert not of(seed_findings["002"], "grade-mismatch")


def test_seed004_reason_without_a_deduction(seed_findings: Any) -> None:
    # disagreements (绩效目标合理性): 扣 1 分的理由是指标名称冗长; the analysis never says 扣
    [message] = of(seed_findings["004"], "missing-deviation-reason")
    assert message.startswith("「绩效目标合理性」公布得分 3.00（分值 4.00）")


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_seeds_have_no_error_and_their_true_figures_no_finding(
    seed: str, seed_findings: Any
) -> None:
    found = seed_findings[seed]
    assert not [f for f in found if f.severity.value == "error"]
    # 预算执行率、资金到位率、成本控制率、预算调整率 as the seeds print them all agree with
    # their funds (002 divides by 调整后预算 106.8, 000 prints 99.997% as 100%)
    assert not [m for m in of(found, "ratio-inconsistent") if "满意度" not in m]
    assert not of(found, "grade-mismatch")


# ---- seed 000's score tables as printed ------------------------------------------------------

_SUMMARY = [  # 表 3-1: 一级, 二级, 三级, 四级, 权重, 得分, 得分率
    ("决策", "项目立项", "立项依据充分性", "立项依据充分性", 4, 4, "100%"),
    ("决策", "项目立项", "立项程序规范性", "立项程序规范性", 2, 2, "100%"),
    ("决策", "绩效目标", "绩效目标合理性", "绩效目标合理性", 3, 2, "66.67%"),
    ("决策", "绩效目标", "绩效指标明确性", "绩效指标明确性", 3, 2, "66.67%"),
    ("决策", "资金投入", "预算编制科学性", "预算编制科学性", 3, 3, "100%"),
    ("决策", "资金投入", "资金分配合理性", "资金分配合理性", 4, 4, "100%"),
    ("过程", "资金管理", "资金到位率", "资金到位率", 2, 2, "100%"),
    ("过程", "资金管理", "预算执行率", "预算执行率", 2, 2, "100%"),
    ("过程", "资金管理", "预算执行率", "预算调整率", 2, 2, "100%"),
    ("过程", "资金管理", "资金使用合规性", "资金使用合规性", 5, 5, "100%"),
    ("过程", "组织实施", "管理制度健全性", "管理制度健全性", 4, 4, "100%"),
    ("过程", "组织实施", "制度执行有效性", "制度执行有效性", 6, 4.5, "75%"),
    ("产出", "产出数量", "实际完成率", "政务服务事务工作完成率", 8, 8, "100%"),
    ("产出", "产出质量", "质量达标率", "政务服务事务工作质量达标率", 8, 8, "100%"),
    ("产出", "产出时效", "完成及时率", "政务服务事务工作完成及时率", 8, 8, "100%"),
    ("产出", "产出成本", "成本控制率", "成本控制率", 6, 6, "100%"),
    ("效益", "项目效益", "实施效益", "2023年度新区“政务公开（含城市信用建设）”指标考核情况", 5, 4.98, "99.6%"),
    ("效益", "项目效益", "实施效益", "2023年度新区“数字政府建设”指标民生诉求考核情况", 5, 5, "100%"),
    ("效益", "项目效益", "实施效益", "2023年新区政府网站及政务新媒体检查情况", 5, 5, "100%"),
    ("效益", "项目效益", "实施效益", "对提升新区的国际形象和国际影响力", 5, 5, "100%"),
    ("效益", "项目效益", "满意度", "民生诉求办理满意率", 10, 10, "100%"),
]  # fmt: skip
_THIRD = {
    "预算执行率": 4,
    "实施效益": 5,
}  # the annex prints 三级 分值; 实施效益 5 on each of its rows
_ANNEX_NAMES = {
    "完成及时率": "完成及时性",
    "对提升新区的国际形象和国际影响力": "对提升新区的国际形象和国际影响力作用和意义",
}
SUMMARY_AT = Location("000.txt", line=245)
ANNEX_AT = Location("000.txt", line=435)


def summary(**changes: Any) -> ScoreTable:
    rows = tuple(
        ScoreRow(
            path=path,
            weight=D(str(w)),
            score=D(str(s)),
            rate=rate,
            where=SUMMARY_AT._replace(line=247 + i),
        )
        for i, (*path, w, s, rate) in enumerate(_SUMMARY)
    )
    table = ScoreTable(
        "表 3-1 2023 年度政务服务事务项目得分汇总表",
        TableRole.SUMMARY,
        rows,
        total_weight=D(100),
        total_score=D("95.48"),
        total_where=SUMMARY_AT._replace(line=268),
        where=SUMMARY_AT,
    )
    return replace(table, **changes)


def annex(**changes: Any) -> ScoreTable:
    rows = []
    for i, (*path, w, s, _) in enumerate(_SUMMARY):
        path = [_ANNEX_NAMES.get(name, name) for name in path]
        if path[-1] == "政务服务事务工作质量达标率":
            s = 7  # 附件 7.00；表 3-1 8
        third = _THIRD.get(path[2], w)
        rows.append(
            ScoreRow(
                path=tuple(path),
                weight=D(str(w)),
                score=D(str(s)),
                weights=(None, None, D(str(third))),
                where=ANNEX_AT._replace(line=436 + i),
            )
        )
    table = ScoreTable(
        "项目支出绩效评价指标体系框架",
        TableRole.ANNEX,
        tuple(rows),
        total_score=D("95.48"),
        total_where=ANNEX_AT._replace(line=468),
        where=ANNEX_AT,
    )
    return replace(table, **changes)


def with_tables(*tables: ScoreTable, case: Case | None = None) -> list[Problem]:
    return review(replace(case or case_of("000"), score_tables=tables))


def fixed_summary() -> ScoreTable:
    t = summary()
    rows = tuple(
        replace(r, score=D(7), rate="87.5%") if r.name == "政务服务事务工作质量达标率" else r
        for r in t.rows
    )
    return replace(t, rows=rows)


def fixed_annex() -> ScoreTable:
    t = annex()
    rows = tuple(
        replace(r, weights=(None, None, D(20))) if r.path[2] == "实施效益" else r for r in t.rows
    )
    return replace(t, rows=rows)


TABLE_CODES = ("total-mismatch", "weight-sum", "score-over-weight", "ratio-inconsistent")


def test_summary_rows_add_to_96_48_not_its_total() -> None:
    found = with_tables(summary())
    [total] = [f for f in found if f.code == "total-mismatch"]
    assert total.severity.value == "error"
    assert total.message == (
        "「表 3-1 2023 年度政务服务事务项目得分汇总表」总计得分 95.48，但各行得分合计为 96.48"
        "（相差 1.00）"
    )
    assert total.where.line == 268 and total.where.field == "总计 · 得分"
    # …and its 质量达标率 row (8, where the note says 扣1分) is named against the analysis
    [note] = [m for m in of(found, "table-disagreement") if "质量达标率" in m]
    assert "正文写“故按照评分标准，此项扣1分”，但「表 3-1" in note
    assert "为 8.00（分值 8.00）：按得分没有扣分，正文却扣 1 分" in note


def test_annex_level_weight_printed_as_5_over_four_leaves_of_5() -> None:
    found = with_tables(annex())
    [weights] = [f for f in found if f.code == "weight-sum"]
    assert "「效益/项目效益/实施效益」印分值 5.00，下属 4 项指标分值合计 20.00" in weights.message
    assert weights.severity.value == "error" and weights.where.line == 436 + 16
    assert not [f for f in found if f.code == "total-mismatch"]  # the annex adds up to 95.48


def test_summary_against_annex_leaf_by_leaf() -> None:
    found = with_tables(summary(), annex())
    disagreements = of(found, "table-disagreement")
    assert (
        "「政务服务事务工作质量达标率」得分：「表 3-1 2023 年度政务服务事务项目得分汇总表」为 8.00，"
        "「项目支出绩效评价指标体系框架」为 7.00" in disagreements
    )
    names = [f for f in found if f.code == "table-disagreement" and "名称不同" in f.message]
    assert all(f.severity.value == "info" for f in names)
    said = {f.message.split("：", 1)[1] for f in names}
    assert said == {
        "「表 3-1 2023 年度政务服务事务项目得分汇总表」作「完成及时率」，"
        "「项目支出绩效评价指标体系框架」作「完成及时性」",
        "「表 3-1 2023 年度政务服务事务项目得分汇总表」作「对提升新区的国际形象和国际影响力」，"
        "「项目支出绩效评价指标体系框架」作「对提升新区的国际形象和国际影响力作用和意义」",
    }
    # matched despite the names, so no leaf is "missing" from either table
    assert not [m for m in disagreements if "没有这一指标" in m]


def test_no_error_on_a_correct_row() -> None:
    found = with_tables(summary(), annex())
    errors = {(f.code, f.where.line) for f in found if f.severity.value == "error"}
    assert errors == {("total-mismatch", 268), ("weight-sum", 436 + 16)}


def test_consistent_tables_give_no_table_finding() -> None:
    found = with_tables(fixed_summary(), fixed_annex())
    assert not [f for f in found if f.code in TABLE_CODES and f.where.file == "000.txt"]
    assert not [
        m for m in of(found, "table-disagreement") if "名称不同" not in m and "明确性" not in m
    ]


def test_a_leaf_in_one_table_only_and_a_different_weight() -> None:
    rows = fixed_summary().rows
    dropped = replace(
        fixed_summary(),
        rows=tuple(
            replace(r, weight=D(5), rate="80%") if r.name == "管理制度健全性" else r
            for r in rows
            if r.name != "预算调整率"
        ),
        total_weight=None,
        total_score=None,
    )
    found = with_tables(dropped, fixed_annex())
    messages = of(found, "table-disagreement")
    assert any(
        "「项目支出绩效评价指标体系框架」有指标「过程/资金管理/预算执行率/预算调整率」" in m
        and "「表 3-1 2023 年度政务服务事务项目得分汇总表」没有这一指标" in m
        for m in messages
    )
    assert any(
        "「管理制度健全性」分值" in m and "为 5.00" in m and "为 4.00" in m for m in messages
    )


def test_printed_score_rate_and_score_over_weight() -> None:
    rows = tuple(
        replace(r, rate="100%")
        if r.name == "制度执行有效性"
        else replace(r, score=D(5), rate="125%")
        if r.name == "立项依据充分性"
        else r
        for r in fixed_summary().rows
    )
    found = with_tables(replace(fixed_summary(), rows=rows, total_score=None))
    [rate] = [m for m in of(found, "ratio-inconsistent") if "得分率" in m]
    assert "「制度执行有效性」得分率印 100%，但 4.5 ÷ 6 = 75.00%" in rate
    [over] = of(found, "score-over-weight")
    assert "「立项依据充分性」得分 5.00 超过分值 4.00" in over


def test_table_weights_not_adding_to_the_framework_total() -> None:
    rows = tuple(
        replace(r, weight=D(9)) if r.name == "民生诉求办理满意率" else r
        for r in fixed_summary().rows
    )
    found = with_tables(replace(fixed_summary(), rows=rows, total_weight=None, total_score=None))
    assert any("各行分值合计 99.00，评价总分应为 100.00" in m for m in of(found, "weight-sum"))


def test_deduction_note_told_against_every_table_at_once() -> None:
    found = with_tables(fixed_summary(), fixed_annex())
    [note] = [m for m in of(found, "table-disagreement") if "明确性" in m]
    assert "但公布得分、「表 3-1 2023 年度政务服务事务项目得分汇总表」、" in note
    assert "均为 2.00（分值 3.00）" in note


def test_a_table_note_explains_a_deduction() -> None:
    rows = tuple(
        replace(r, note="项目绩效目标与预算资金量不相匹配，扣1分")
        if r.name == "绩效目标合理性"
        else r
        for r in fixed_annex().rows
    )
    found = with_tables(fixed_summary(), replace(fixed_annex(), rows=rows))
    assert not of(found, "missing-deviation-reason")


# ---- the conclusion: total and grade ---------------------------------------------------------


def with_conclusion(text: str, seed: str = "000", **changes: Any) -> list[Problem]:
    case = case_of(seed)
    return review(replace(case, narrative={**case.narrative, "conclusion": text}, **changes))


def test_total_in_the_conclusion_against_the_published_total() -> None:
    found = with_conclusion("对项目进行综合评分，最终评分结果为 96.48 分，综合评定等级为优。")
    [total] = [m for m in of(found, "table-disagreement") if "96.48" in m]
    assert total == "综合评价结论写“评分结果为 96.48 分”，公布总分却是 95.48"


def test_table_total_against_the_published_total() -> None:
    found = with_tables(replace(fixed_summary(), total_score=D("96.48")))
    assert any(
        "「表 3-1 2023 年度政务服务事务项目得分汇总表」总计 96.48，公布总分却是 95.48" in m
        for m in of(found, "table-disagreement")
    )


def test_grade_against_the_bands() -> None:
    # 000 recomputed at 88.18%: 88.66 points, still printed 优
    found = with_conclusion(
        "最终评分结果为 88.66 分，综合评定等级为优。", published_total=D("88.66")
    )
    grades = of(found, "grade-mismatch")
    assert (
        "公布等级的等级为「优」，但总分 88.66 按等级划分（90 分以上为优、80 分以上为良、"
        in grades[0]
    )
    assert any(m.startswith("综合评价结论的等级为「优」") and "应为「良」" in m for m in grades)
    # 优秀 is 优
    assert not of(with_conclusion("评价等级为“优秀”。"), "grade-mismatch")
    # a table's own 评价等级
    found = with_tables(replace(fixed_annex(), grade="良"))
    assert any(
        m.startswith("「项目支出绩效评价指标体系框架」的等级为「良」")
        for m in of(found, "grade-mismatch")
    )


def test_001_states_its_total_twice(seed_findings: Any) -> None:
    # “整体支出绩效评价得分93.76分” and “评分结果为93.76分”: both the published total
    assert not of(seed_findings["001"], "table-disagreement")
    assert not of(seed_findings["001"], "grade-mismatch")  # and it prints no grade
    case = case_of("001")
    text = case.narrative["conclusion"].replace("评分结果为93.76分", "评分结果为93.67分")
    found = review(replace(case, narrative={**case.narrative, "conclusion": text}))
    assert of(found, "table-disagreement") == [
        "综合评价结论写“评分结果为93.67分”，公布总分却是 93.76"
    ]


# ---- the analysis against the scores and the funds ------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("故按照评分标准，此项扣1分。", {"lost": D(1)}),
        ("均已按要求完成。故按照评分标准，不扣分。", {"lost": D(0)}),
        ("扣 0.4 分：a 扣 0.05 分。故按照评分标准，扣 0.02 分。", {"lost": D("0.02")}),
        ("根据评分标准，该项指标满分 3 分，得 3 分。", {"score": D(3), "full": D(3)}),
        ("此项得分率为 99.6%。", {"rate": D("99.6")}),
        ("每下降1%，扣0.2分，扣完为止。", None),  # a rule, not a verdict
        ("资金管理指标满分 10 分，得分 10 分。", None),  # a group's total, no indicator named
        ("若成本控制率超过 100%，此项得 0 分。", None),
        # the project's score on a level (002): 本项目 is not 本项
        ("项目决策类指标权重 20 分，本项目得分 18 分。具体分析如下：", None),
        ("该项目得分 98 分。", None),
    ],
)
def test_verdict_of_a_note(note: str, expected: dict[str, Decimal] | None) -> None:
    found = verdict(note)
    if expected is None:
        assert found is None
        return
    assert found is not None
    for name, value in expected.items():
        assert getattr(found, name) == value, (name, found)


def with_fact_note(seed: str, leaf: str, note: str) -> list[Problem]:
    case = case_of(seed)
    facts = {k: dict(v) for k, v in case.facts.items()}
    facts[leaf]["note"] = note
    return review(replace(case, facts=facts))


def test_a_deduction_note_that_agrees_gives_nothing() -> None:
    found = with_fact_note("000", "绩效指标明确性", "指向不明确。故按照评分标准，此项扣1分。")
    assert not of(found, "table-disagreement")


def test_a_stated_score_and_weight_against_the_published_ones() -> None:
    found = with_fact_note("004", "资金到位率", "资金到位率 100%。该指标满分 3 分，得 3 分。")
    [message] = [m for m in of(found, "table-disagreement") if "资金到位率" in m]
    assert "正文写满分 3 分，分值却是 2.00" in message


def test_budget_execution_rate_against_the_funds() -> None:
    found = with_fact_note(
        "004",
        "预算执行率",
        "预算执行率：项目指标金额 61.91 万元，截至 2024 年 7 月 31 日，实际支出 61.71 万元，"
        "资金使用及时，预算执行率为 96.68%。",
    )
    [message] = of(found, "ratio-inconsistent")
    assert "预算执行率 96.68%，但" in message and "= 99.68%" in message
    # the same rate right gives nothing (the seed itself), and quarterly rates are not the year's
    clean = with_fact_note("001", "预算执行率", "四季度的预算执行率分别为 32.74%、63.93%。")
    assert not of(clean, "ratio-inconsistent")


def test_fund_arrival_rate_from_the_funds_table_alone() -> None:
    case = case_of("004")
    narrative = {**case.narrative, "funds": "本项目资金到位率为 90%，资金已全部到位。"}
    found = review(replace(case, narrative=narrative))
    [message] = of(found, "ratio-inconsistent")
    assert "资金到位率 90%" in message and "实际到位资金 61.91 万元 ÷" in message


def test_parts_more_than_the_whole_is_an_error() -> None:
    case = case_of("001")
    text = "“三公”经费预算数为 10.42 万元，其中公务接待费 2.32 万元，公务用车购置及运行维护费 9.10 万元。"
    found = review(replace(case, narrative={**case.narrative, "other": text}))
    [more] = [f for f in found if f.code == "total-mismatch" and "超过" in f.message]
    assert (
        more.severity.value == "error"
        and "2.32 + 9.1 = 11.42 万元，超过总额 10.42 万元" in more.message
    )


# ---- problems and recommendations; the year --------------------------------------------------


def test_items_count_the_top_level_numbering() -> None:
    text = (
        "（一）改进措施\n（1）完善指标\n（2）细化预算\n（二）后续工作计划\n1.加强学习\n2.建立制度"
    )
    assert [i.splitlines()[0] for i in items(text)] == ["（一）改进措施", "（二）后续工作计划"]
    assert items("绩效目标设置不恰当。\n原因：理论知识不足。") == [
        "绩效目标设置不恰当。\n原因：理论知识不足。"
    ]
    assert items("") == []


def test_a_recommendation_about_nothing_the_problems_name() -> None:
    case = case_of("004")
    advice = (
        "1. 通过在局内部开展培训，增强各项目负责人对预算绩效与绩效目标的了解，设置适宜的绩效目标。\n"
        "2. 加快食堂装修，改善职工餐饮。"
    )
    found = review(replace(case, narrative={**case.narrative, "recommendations": advice}))
    messages = of(found, "recommendation-gap")
    assert "存在的问题及原因分析列 1 项，有关建议列 2 项，不能一一对应" in messages
    assert (
        "有关建议中的「加快食堂装修，改善职工餐饮。」在存在的问题及原因分析中找不到对应的内容"
        in messages
    )
    assert len(messages) == 2  # the first recommendation answers the one problem


def year_findings(text: str, label: str = "funds") -> list[Problem]:
    case = case_of("000")
    result = api.score(replace(case, narrative={**case.narrative, label: text}))
    field = NARRATIVE_KEYS[label]  # not the seed's own 成本控制率 note
    return [f for f in year_mismatch(result, {}) if f.where.field == field]


@pytest.mark.parametrize(
    "text",
    [
        "依据《部门整体支出绩效评价共性指标体系框架(2019年修订)》，预算 356.28 万元。",
        "项目成本 356.27 万元，较上一年度 2022 年预算有所增加。",
        "大鹏新区民生诉求热线服务（2022-2023年）合同金额 6.18 万元。",
        "截至 2024 年 7 月 31 日，实际支出 356.27 万元。",
        "2022年结转资金 10 万元已全部支出。",
        "2023年度政务服务事务项目调整后预算为 356.28 万元。",
        "2019年5月至今，网站信息发布量近9万条。",
    ],
    ids=[
        "policy",
        "previous-year",
        "contract-period",
        "date",
        "carry-over",
        "right-year",
        "no-money",
    ],
)
def test_years_that_are_not_the_projects_budget(text: str) -> None:
    assert year_findings(text) == []


def test_a_year_before_the_projects_budget_and_spending() -> None:
    [one] = year_findings("2022 年政务服务事务项目预算总额为 356.28 万元，实际支出为 356.27 万元。")
    assert "写的是 2022 年，评价的是 2023 年度" in one.message
    [two] = year_findings("2024年实际支出 356.27 万元，预算执行率为 100%。")
    assert "2024" in two.message
    # recommendations plan next years' budgets: not held against the evaluated year
    assert year_findings("2024年预算安排 360 万元。", label="recommendations") == []


def test_pairing_tolerates_small_name_differences() -> None:
    left = [("产出", "完成及时率", "工作完成及时率"), ("效益", "对提升新区的国际形象和国际影响力")]
    right = [
        ("效益", "对提升新区的国际形象和国际影响力作用和意义"),
        ("产出", "完成及时性", "工作完成及时性"),
    ]
    assert pair_paths(left, right) == [(0, 1), (1, 0)]
    # siblings that share most of their name are not taken for one another when both exist
    assert pair_paths([("省系统培训次数",), ("省系统巡检次数",)], [("省系统巡检次数",)]) == [(1, 0)]


def test_clean_evaluation_case_stays_clean(tmp_path: Path) -> None:
    text = (ROOT / "tests/fixtures/review/clean_evaluation.yaml").read_text(encoding="utf-8")
    path = tmp_path / "案例.yaml"
    path.write_text(text, encoding="utf-8")
    assert list(api.review_paths([path]).findings) == []


def test_seed000_report_text_read_and_reviewed() -> None:
    """The same findings on the case ingest.report reads from the report's text itself."""
    from conftest import seed
    from jixiao.ingest.report.case import report_case
    from jixiao.ingest.text import text_grids

    path = seed("000")
    case, _ = report_case(text_grids(path.read_bytes(), path.name), path.name)
    assert case is not None and len(case.score_tables) == 2
    found = review(case)
    errors = sorted((f.code, f.message) for f in found if f.severity.value == "error")
    assert [code for code, _ in errors] == ["total-mismatch", "weight-sum"]
    assert (
        "各行得分合计为 96.48" in errors[0][1]
        and "「效益/项目效益/实施效益」印分值 5.00" in errors[1][1]
    )
    assert any(
        "得分：「表 3-1" in m and "为 8.00" in m and "为 7.00" in m
        for m in of(found, "table-disagreement")
    )
    assert of(found, "recommendation-gap") == [
        "存在的问题及原因分析列 4 项，有关建议列 5 项，不能一一对应"
    ]
    assert len(of(found, "year-mismatch")) == 1
