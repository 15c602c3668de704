"""A blank cell is not "not applicable": only an explicit 无 / 不适用 / / / — is.

Provincial tables (Anhui, Hubei) leave 年度指标值 and 实际完成值 blank for yes/no indicators whose
target is in the name, with a weight and a score filled in. Those weights count; the rows are
judged by the policy's `unjudged` rule and flagged; a target written in the name is read from it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import api
from jixiao.core.model import Indicator
from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import Outcome, Result
from jixiao.scoring.policy import load_policy, policy_from_mapping
from jixiao.scoring.selfeval import score_indicator
from jixiao.targets import parse_cell

HEAD = [
    "项目支出绩效自评表",
    "项目编码:\tA001\t项目名称:\t农村道路维修\t绩效自评年度:\t2023",
    "实施单位:\t某县交通运输局\t一级预算单位:\t某县交通运输局",
    "资金使用情况",
    "\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分",
    "项目资金(元)\t年度资金总额\t100000.00\t100000.00\t100000.00\t10\t100.00\t10.00",
    "\t其中:当年财政拨款\t100000.00\t100000.00\t100000.00\t—\t—\t—",
    "项目目标完成情况",
    "年度总体目标\t预期目标\t\t\t\t* 实际完成情况",
    "\t完成道路维修\t\t\t\t已完成",
    "年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t* 实际完成值\t* 分值\t* 得分\t偏差原因分析及改进措施",
]
# Anhui style: the yes/no rows carry their target in the name and leave both cells blank.
ROWS = [
    "\t产出指标(50分)\t数量指标\t维修道路里程\t≥10公里\t10公里\t10.00\t10.00\t",
    "\t\t质量指标\t工程质量合格\t\t\t20.00\t20.00\t",  # line 13
    "\t\t时效指标\t年度资金支付完成率100%\t\t\t10.00\t10.00\t",  # line 14
    "\t\t成本指标\t资金执行在预算范围内\t\t\t10.00\t10.00\t",  # line 15
    "\t效益指标(30分)\t社会效益指标\t群众出行条件改善\t有所改善\t明显改善\t30.00\t30.00\t",
    "\t满意度指标(10分)\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t10.00\t10.00\t",
]
TOTAL = "总分\t\t\t\t\t\t100.00\t100.00\t—"


def write(tmp: Path, rows: list[str]) -> Path:
    path = tmp / "安徽自评表.txt"
    path.write_text("\n".join([*HEAD, *rows, TOTAL]) + "\n", encoding="utf-8")
    return path


def score(path: Path, policy: str = "default") -> tuple[Result, list[Problem]]:
    run = api.score_paths([path], api.load_policy(policy))
    [result] = run.results
    assert not result.case.evaluation
    return result, list(run.problems)


def by_name(result: Result, name: str):
    return next(i for i in result.indicators if i.path[-1] == name)


# ---- the target language -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "  ", "\t", ";", " ；"])
def test_a_blank_cell_is_blank_not_not_applicable(text: str) -> None:
    reading = parse_cell(text)
    assert reading.blank
    assert not reading.not_applicable


@pytest.mark.parametrize("text", ["无", "不适用", "/", "—", "-", "N/A", "不涉及"])
def test_an_explicit_word_is_not_applicable(text: str) -> None:
    reading = parse_cell(text)
    assert reading.not_applicable
    assert not reading.blank


# ---- the Anhui table -----------------------------------------------------------------------


def test_blank_yes_no_rows_keep_their_weights(tmp_path: Path) -> None:
    result, problems = score(write(tmp_path, ROWS))
    assert result.weight_total == Decimal(100)
    assert result.total == Decimal(100)  # the unit's own scores, by the `published` rule
    assert result.grade == "优"
    assert "weight-on-not-applicable" not in {p.code for p in problems}
    quality = by_name(result, "工程质量合格")
    assert (quality.weight, quality.score, quality.outcome) == (20, 20, Outcome.UNJUDGED)
    assert "沿用表内填报得分" in quality.explanation


def test_blank_weighted_rows_are_flagged_where_the_actual_is_missing(tmp_path: Path) -> None:
    _, problems = score(write(tmp_path, ROWS))
    flagged = [p for p in problems if p.code == "no-evidence"]
    assert len(flagged) == 3
    assert all(p.severity is Severity.WARNING for p in flagged)
    assert [p.where.line for p in flagged] == [13, 14, 15]
    assert all(p.where.field == "实际完成值" for p in flagged)
    assert "工程质量合格" in flagged[0].message


def test_zero_policy_scores_blank_rows_zero(tmp_path: Path) -> None:
    data = {**_default_data(), "unjudged": "zero"}
    policy = policy_from_mapping(data)
    run = api.score_paths([write(tmp_path, ROWS)], policy)
    [result] = run.results
    assert result.weight_total == Decimal(100)
    assert result.total == Decimal(60)


def _default_data() -> dict:  # type: ignore[type-arg]
    from importlib import resources

    import yaml

    text = (resources.files("jixiao.scoring") / "policies" / "default.yaml").read_text("utf-8")
    return yaml.safe_load(text)


# ---- a target written in the name ----------------------------------------------------------

WHERE = Location("表.xlsx", "Sheet1", "A7")
CELLS = (("actual", WHERE.with_cell("E7")), ("target", WHERE.with_cell("D7")))


def row(name: str, target: str, actual: str, weight: int | None = 10) -> Indicator:
    w = None if weight is None else Decimal(weight)
    path = ("产出指标", "时效指标", name)
    return Indicator(path, target, actual, w, None, where=WHERE, cells=CELLS)


def test_a_target_in_the_name_is_read_from_the_name() -> None:
    problems: list[Problem] = []
    result = score_indicator(row("年度资金支付完成率100%", "", "95%"), load_policy(), problems)
    assert result.score == Decimal("9.50")
    assert "年度资金支付完成率100%" in result.explanation
    assert "≥100%" in result.explanation
    [note] = problems
    assert note.code == "target-in-name"
    assert note.where.field == "年度指标值"


def test_a_target_in_the_name_with_a_comparator() -> None:
    problems: list[Problem] = []
    result = score_indicator(row("资金支付率达到90%", "", "81%"), load_policy(), problems)
    assert result.score == Decimal("9.00")


def test_a_qualitative_name_is_not_a_target() -> None:
    problems: list[Problem] = []
    result = score_indicator(row("工程质量合格", "", "合格"), load_policy(), problems)
    assert result.score == Decimal(10)
    assert [p.code for p in problems] == ["missing-target"]


# ---- explicit not-applicable rows stay not applicable --------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "actual"),
    [
        ("无", "无", "无"),
        ("无", "", ""),
        ("生态效益", "不适用", ""),
        ("x", "/", "/"),
        ("x", "—", "—"),
    ],
)
def test_explicit_not_applicable_rows_weigh_nothing(name: str, target: str, actual: str) -> None:
    problems: list[Problem] = []
    result = score_indicator(row(name, target, actual, None), load_policy(), problems)
    assert (result.weight, result.outcome) == (0, Outcome.NOT_APPLICABLE)
    assert problems == []


def test_a_blank_row_with_a_score_but_no_weight_is_an_error_not_not_applicable() -> None:
    problems: list[Problem] = []
    blank = replace(row("工程质量合格", "", "", None), published_score=Decimal(10))
    score_indicator(blank, load_policy(), problems)
    assert "missing-weight" in {p.code for p in problems}


def test_an_empty_template_row_weighs_nothing_and_is_not_flagged() -> None:
    problems: list[Problem] = []
    result = score_indicator(row("……", "", "", None), load_policy(), problems)
    assert (result.weight, result.score) == (0, 0)
    assert problems == []


def test_a_blank_row_weighted_zero_is_not_flagged() -> None:
    problems: list[Problem] = []
    result = score_indicator(row("工程质量合格", "", "", 0), load_policy(), problems)
    assert (result.weight, result.score) == (0, 0)
    assert problems == []


# ---- review says where the target belongs --------------------------------------------------


def test_review_says_the_target_in_the_name_belongs_in_the_target_cell(tmp_path: Path) -> None:
    run = api.review_paths([write(tmp_path, ROWS)])
    named = [r.finding for r in run.findings if r.finding.code == "name-holds-value"]
    [finding] = [f for f in named if "年度资金支付完成率100%" in f.message]
    assert "年度指标值" in finding.message and "≥100%" in finding.message
    assert "年度指标值" in finding.suggestion


# ---- a blank actual against a written target -----------------------------------------------


def test_a_blank_actual_under_a_written_target_is_no_evidence_not_an_error() -> None:
    problems: list[Problem] = []
    blank = replace(row("资金支付率", "≥95%", ""), published_score=Decimal(8))
    result = score_indicator(blank, load_policy(), problems)
    assert [(p.code, p.severity) for p in problems] == [("no-evidence", Severity.WARNING)]
    assert problems[0].where.field == "实际完成值" and "≥95%" in problems[0].message
    assert (result.outcome, result.score) == (Outcome.UNJUDGED, Decimal(8))


def test_a_written_none_under_a_written_target_stays_an_error() -> None:
    problems: list[Problem] = []
    score_indicator(row("资金支付率", "≥95%", "无"), load_policy(), problems)
    assert [(p.code, p.severity) for p in problems] == [("missing-actual", Severity.ERROR)]


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("年度资金支付完成率100%", "100%"),
        ("资金支付率达到90%", "达到90%"),
        ("培训人数不少于200人次", "不少于200人次"),
        ("满意度95%以上", "95%以上"),
        ("工程质量合格", None),
        ("资金执行在预算范围内", None),
        ("2023年1月-2023年12月", None),
        ("2023年度项目资金完成率", None),
        ("于第四季度结束前完成相关工作", None),
        ("100%", None),
    ],
)
def test_only_a_quantity_at_the_end_of_a_name_is_a_target(name: str, read: str | None) -> None:
    from jixiao.targets.parse import target_in_name

    found = target_in_name(name)
    assert (found.text if found is not None else None) == read


# ---- the same rows in every workbook layout ------------------------------------------------


@pytest.mark.parametrize("layout", ["national", "shenzhen", "variant_a", "variant_b"])
def test_blank_rows_keep_their_weights_in_every_workbook_layout(
    tmp_path: Path, layout: str
) -> None:
    from xlsx_fixtures import build_workbook, seed003_tables

    table = seed003_tables()[0]  # 党政事务, published 90.73
    for ind in table["indicators"][:2]:  # two weighted 7-point rows left blank
        ind["target"] = ind["actual"] = ""
    path = build_workbook(tmp_path / "表.xlsx", [table], layout=layout)
    run = api.score_paths([path])
    [result] = run.results
    assert not result.case.evaluation
    assert result.weight_total == Decimal(100)
    assert result.total == Decimal("90.73")  # the published scores stand for the blank rows
    assert len([p for p in run.problems if p.code == "no-evidence"]) == 2
    assert "weight-on-not-applicable" not in {p.code for p in run.problems}


@pytest.mark.parametrize("word", ["/", "—", "不适用", "无", "不涉及", "N/A"])
def test_review_reads_not_applicable_as_scoring_does(tmp_path: Path, word: str) -> None:
    """One predicate for "does not apply": a row whose target and actual both say so is not
    scored, and review does not call it a target left empty with an actual filled in."""
    path = tmp_path / "不适用.yaml"
    path.write_text(
        "project: {code: '', name: 不适用测试, year: 2024, unit: 某单位, department: 某部门}\n"
        "funds:\n  unit: 元\n  weight: 10\n"
        "  total: {name: 年度资金总额, initial: 100, annual: 100, executed: 100}\n"
        "indicators:\n"
        "  - {path: [产出指标, 数量指标, 培训人次], target: '≥100人次', actual: '120人次', weight: 90}\n"
        f"  - {{path: [产出指标, 时效指标, 某项], target: '{word}', actual: '{word}'}}\n",
        encoding="utf-8",
    )
    run = api.review_paths([path])
    assert not [r for r in run.findings if "某项" in r.finding.message], [
        r.finding.message for r in run.findings
    ]
