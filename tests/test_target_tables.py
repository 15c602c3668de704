"""绩效目标表: a table of declared targets without actuals is reviewed, never scored."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import seed
from jixiao import api
from jixiao.cli import cli
from jixiao.core.model import Kind
from jixiao.core.problems import Severity, has_errors
from jixiao.ingest.registry import read_path

ROWS: list[tuple[object, ...]] = [
    ("项目支出绩效目标申报表（2025年度）",),
    ("项目名称", "社区养老驿站运营补贴", None, "主管部门", "某区民政局"),
    ("年度总体目标", "为辖区老年人提供助餐、日间照料服务"),
    ("一级指标", "二级指标", "三级指标", "指标值", "分值"),
    ("产出指标(50分)", "数量指标", "助餐服务人次", "≥3万人次", 20),
    (None, "质量指标", "服务质量", "有所提升", 20),
    (None, "时效指标", "2025年12月31日前完成驿站建设", "按时", 10),
    ("效益指标(30分)", "社会效益指标", "老年人获得感", "明显", 30),
    ("满意度指标(10分)", "服务对象满意度指标", "老年人满意度", "≥90%", 10),
]


def write_table(tmp: Path, rows: list[tuple[object, ...]] = ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "目标表"
    for r in rows:
        ws.append(list(r))
    path = tmp / "目标表.xlsx"
    wb.save(path)
    return path


def test_target_table_is_read_as_target_stage(tmp_path: Path) -> None:
    path = write_table(tmp_path)
    run = api.review_paths([path])
    assert not run.unreadable
    assert not [p for p in run.problems if p.severity is Severity.ERROR]
    codes = {r.finding.code for r in run.findings}
    # vague targets on quantifiable indicators, a deadline in the name, no cost indicator
    assert {"vague-target", "name-holds-value", "missing-category"} <= codes
    # the indicator weights (50 + 30 + 10) leave the 10 points of 预算执行率 to the later self-evaluation
    assert "weight-sum" not in codes
    # nothing was done yet: no finding about actuals, deviations or scores
    assert not codes & {"missing-deviation-reason", "score-over-weight", "total-mismatch"}


def test_target_table_weights_must_leave_room_for_budget(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[4] = ("产出指标(50分)", "数量指标", "助餐服务人次", "≥3万人次", 25)
    run = api.review_paths([write_table(tmp_path, rows)])
    messages = [r.finding.message for r in run.findings if r.finding.code == "weight-sum"]
    assert any("绩效指标分值合计 95.00，应为 90.00" in m for m in messages), messages


def test_target_table_is_not_scored(tmp_path: Path) -> None:
    path = write_table(tmp_path)
    run = api.score_paths([path])
    assert not run.results
    assert [p.code for p in run.problems] == ["target-table"]
    assert not run.failed
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "绩效目标表" in result.output


def test_standard_xlsx_of_a_target_table_has_no_actual_or_score(tmp_path: Path) -> None:
    standard = tmp_path / "标准目标表.xlsx"
    assert not has_errors(api.convert(write_table(tmp_path), standard))
    texts = _texts(standard)
    assert {"项目支出绩效目标表", "年度指标值", "分值", "合计"} <= texts
    assert not texts & {"实际完成值", "得分", "总分", "偏差原因分析及改进措施"}


@pytest.mark.parametrize("suffix", [".xlsx", ".txt", ".yaml", ".json"])
def test_target_table_round_trips(tmp_path: Path, suffix: str) -> None:
    source = write_table(tmp_path)
    written = tmp_path / f"转换{suffix}"
    assert not has_errors(api.convert(source, written))
    (before,), _ = read_path(source)
    (after,), problems = read_path(written)
    assert not has_errors(problems)
    assert not before.evaluation and not after.evaluation
    assert after.kind == Kind.TARGET
    assert after.goal_expected == before.goal_expected
    assert [(r.path, r.target, r.weight) for r in after.indicators] == [
        (r.path, r.target, r.weight) for r in before.indicators
    ]
    assert after.declared_weights == before.declared_weights


def _texts(path: Path) -> set[str]:
    wb = openpyxl.load_workbook(path)
    return {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}


def test_bundled_target_example_is_reviewed_not_scored() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "targets"
    run = api.review_paths([example])
    assert not run.unreadable and not run.problems
    found = sorted((r.finding.code, r.finding.where.field or "") for r in run.findings)
    assert found == [
        ("missing-category", "指标名称"),
        ("name-holds-value", "指标名称"),
        ("vague-target", "年度指标值"),
        ("vague-target", "年度指标值"),
        ("vague-target", "年度指标值"),
    ]
    assert [p.code for p in api.score_paths([example]).problems] == ["target-table"]


CLEAN: list[tuple[object, ...]] = [
    ("项目支出绩效目标表（2025年度）",),
    ("项目名称", "社区养老驿站运营补贴", None, "主管部门", "某区民政局"),
    ("年度总体目标", "为辖区老年人提供助餐、日间照料服务"),
    ("一级指标", "二级指标", "三级指标", "指标值", "分值"),
    ("产出指标(50分)", "数量指标", "助餐服务人次", "≥3万人次", 15),
    (None, "质量指标", "助餐食品安全抽检合格率", "100%", 15),
    (None, "时效指标", "驿站建成时间", "2025年12月31日前", 10),
    (None, "成本指标", "每餐补贴标准", "≤5元/餐", 10),
    ("效益指标(30分)", "社会效益指标", "驿站覆盖社区比例", "≥80%", 30),
    ("满意度指标(10分)", "服务对象满意度指标", "老年人满意度", "≥90%", 10),
]


@pytest.mark.parametrize("with_weights", [True, False])
def test_clean_target_table_stays_clean(tmp_path: Path, with_weights: bool) -> None:
    rows = CLEAN if with_weights else CLEAN[:3] + [r[:4] for r in CLEAN[3:]]
    run = api.review_paths([write_table(tmp_path, rows)])
    assert not run.problems and not run.unreadable
    assert [str(r.finding) for r in run.findings] == []


@pytest.mark.parametrize("target", ["每季度", "工作日每日审发"])
def test_a_frequency_is_a_checkable_target(tmp_path: Path, target: str) -> None:
    # seed 000's own target table (表 1-3) sets 出具时间 “每季度” and 审发频率 “工作日每日审发”
    rows = list(CLEAN)
    rows[6] = (None, "时效指标", "数据分析报告出具时间", target, 10)
    run = api.review_paths([write_table(tmp_path, rows)])
    assert [str(r.finding) for r in run.findings] == []


# 绩效目标完成情况表: targets and actuals, no 分值 — as evaluation reports print them ---------------

COMPLETION = """表 1-2 项目绩效目标完成情况表

一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值
产出指标 (50分)\t数量指标\t驿站数量\t2个\t2个
\t质量指标\t服务质量\t有所提升\t提升
\t成本指标\t每餐补贴标准\t≤5元/餐\t4.8元/餐
效益指标 (30分)\t社会效益指标\t受益老年人数\t≥100人\t950人
满意度指标 (10分)\t服务对象满意度指标\t老年人满意度\t≥90%\t96%

二、绩效评价工作开展情况

表 3-2 数量指标完成情况表

序号\t三级指标名称\t计划完成数量\t实际完成数量\t完成率
1\t运行监测次数\t365 次\t365 次\t100%
"""


def test_completion_table_in_a_report_is_reviewed_and_ends_at_the_next_caption(
    tmp_path: Path,
) -> None:
    path = tmp_path / "报告.txt"
    path.write_text(COMPLETION, encoding="utf-8")
    (table,), problems = read_path(path)
    assert not has_errors(problems)
    assert not table.evaluation and table.kind == "completion"
    assert [r.name for r in table.indicators] == [
        "驿站数量",
        "服务质量",
        "每餐补贴标准",
        "受益老年人数",
        "老年人满意度",
    ]  # nothing from 表 3-2
    found = {(r.finding.code, r.finding.where.line) for r in api.review_paths([path]).findings}
    assert ("vague-target", 5) in found  # 有所提升
    assert ("target-too-low", 7) in found  # 950人 against ≥100人
    assert ("missing-category", 4) in found  # no 时效指标
    assert [p.code for p in api.score_paths([path]).problems] == ["completion-table"]


@pytest.mark.parametrize("suffix", [".xlsx", ".txt", ".yaml", ".json"])
def test_completion_table_round_trips(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "报告.txt"
    source.write_text(COMPLETION, encoding="utf-8")
    written = tmp_path / f"完成情况{suffix}"
    assert not has_errors(api.convert(source, written))
    (before,), _ = read_path(source)
    (after,), problems = read_path(written)
    assert not has_errors(problems)
    assert not before.evaluation and not after.evaluation
    assert after.kind == "completion"
    assert [(r.path, r.target, r.actual, r.weight) for r in after.indicators] == [
        (r.path, r.target, r.actual, r.weight) for r in before.indicators
    ]


@pytest.mark.parametrize(
    ("prefix", "code", "fragment"),
    [
        ("002", "vague-target", "以「1 项」作为数量目标"),  # the seed's own 存在的问题
        ("004", "long-name", "共 45 字"),
    ],
)
def test_review_reads_the_completion_tables_inside_seed_reports(
    prefix: str, code: str, fragment: str
) -> None:
    run = api.review_paths([seed(prefix)])
    assert not run.unreadable
    hits = [r.finding for r in run.findings if r.finding.code == code]
    assert any(fragment in f.message for f in hits), [f.message for f in run.findings]
    assert not [r for r in run.findings if r.finding.severity is Severity.ERROR]


# 评价指标体系 / 得分表: what evaluation reports print besides their target tables ------------------


@pytest.mark.parametrize(
    ("prefix", "line", "total"), [("000", 434, "95.48"), ("001", 321, "93.76")]
)
def test_framework_score_tables_in_seed_reports_are_read_as_the_evaluation(
    prefix: str, line: int, total: str
) -> None:
    # 000: 表 3-1 得分汇总表 and the annex; 001: 自评指标评分表 (指标说明 评分标准): no longer set
    # aside as "not a self-evaluation table" but read into the report's evaluation case
    run = api.score_paths([seed(prefix)])
    assert not has_errors(run.problems), [str(p) for p in run.problems]
    assert not [p for p in run.problems if p.code == "framework-table"]
    [result] = run.results
    assert result.case.evaluation and result.total == Decimal(total)
    [read] = [p for p in run.problems if p.code == "report-read"]
    assert (read.severity, read.where.line) == (Severity.INFO, line)


def test_an_unknown_target_wording_is_still_an_incomplete_header(tmp_path: Path) -> None:
    # a self-evaluation table whose value columns we cannot name must not pass for a framework
    rows = [
        ("项目支出绩效自评表",),
        ("项目名称", "社区养老驿站运营补贴"),
        ("一级指标", "二级指标", "三级指标", "绩效标准", "完成结果", "分值", "得分"),
        ("产出指标", "数量指标", "助餐服务人次", "≥3万人次", "3.2万人次", 20, 20),
    ]
    problems = api.score_paths([write_table(tmp_path, rows)]).problems
    assert [p.code for p in problems if p.severity is Severity.ERROR] == ["header-incomplete"]


def test_report_refuses_a_target_table_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    result = CliRunner().invoke(cli, ["report", str(write_table(tmp_path)), "-o", str(out)])
    assert result.exit_code == 1
    assert "nothing-to-report" in result.output and "target-table" in result.output
    assert not out.exists()


def test_report_does_not_claim_an_old_file_as_written(tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    out.write_bytes(b"last year's report")
    result = CliRunner().invoke(cli, ["report", str(write_table(tmp_path)), "-o", str(out)])
    assert result.exit_code == 1 and "已写入" not in result.output
    assert out.read_bytes() == b"last year's report"
