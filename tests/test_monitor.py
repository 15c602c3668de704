"""绩效运行监控: bands, forecast, seed 001's quarterly score, roll-up, the JSON shape,
every bad input as a located problem, and the `jixiao monitor` exit codes."""

from __future__ import annotations

import json
import re
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jixiao import api
from jixiao.cli import cli
from jixiao.monitor import (
    MonitorRun,
    Status,
    Thresholds,
    band,
    expected_share,
    monitor_json,
    quarter_score,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "monitor"
CULTURE = EXAMPLES / "区文化广电旅游体育局-2024.yaml"
STREET = EXAMPLES / "某街道办事处-2024-季度.yaml"
D = Decimal


def case(tmp_path: Path, body: str, name: str = "监控.yaml") -> Path:
    """A case file: the header, then `body` (projects and whatever else) as written."""
    head = "format: jixiao-monitor/1\ndepartment: 测试局\nyear: 2024\n"
    path = tmp_path / name
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


def one_project(budget: str = "100", figures: str = "monthly: {9: 45}", extra: str = "") -> str:
    return f"projects:\n  - name: 项目甲\n    budget: {budget}\n    {figures}\n{extra}"


def monitor(path: Path, as_of: date | None = None) -> MonitorRun:
    return api.monitor_paths([path], as_of)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["monitor", *args], env={"COLUMNS": "140"})


def codes(run: MonitorRun) -> list[str]:
    return [p.code for p in run.problems]


def only(run: MonitorRun, code: str) -> Any:
    found = [p for p in run.problems if p.code == code]
    assert len(found) == 1, run.problems
    return found[0]


# --- 序时进度 and bands ---------------------------------------------------------------


def test_expected_progress_is_a_twelfth_per_month_and_quarters_are_25_50_75_100() -> None:
    assert [expected_share(m) for m in (3, 6, 9, 12)] == [D("0.25"), D("0.5"), D("0.75"), 1]
    assert expected_share(1) == D(1) / 12


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        ("0", Status.RED),
        ("0.5999", Status.RED),
        ("0.6", Status.YELLOW),
        ("0.7999", Status.YELLOW),
        ("0.8", Status.GREEN),
        ("1.5", Status.GREEN),
    ],
)
def test_bands_at_the_boundaries(ratio: str, status: Status) -> None:
    assert band(D(ratio), Thresholds()) is status


@pytest.mark.parametrize(
    ("executed", "status", "progress"),
    [
        ("44.99", "red", 59.99),
        ("45", "yellow", 60.0),
        ("59.99", "yellow", 79.99),
        ("60", "green", 80.0),
    ],
)
def test_project_band_from_execution_against_the_september_expectation(
    tmp_path: Path, executed: str, status: str, progress: float
) -> None:
    run = monitor(case(tmp_path, one_project(figures=f"monthly: {{9: {executed}}}")))
    project = monitor_json(run.departments, run.problems)["departments"][0]["projects"][0]
    assert (project["status"], project["progress"], project["expected"]) == (status, progress, 75.0)


def test_thresholds_are_configurable_per_department_and_per_project(tmp_path: Path) -> None:
    body = """\
    thresholds: {red_below: 70%, green_from: 90}
    projects:
      - name: 甲
        budget: 100
        monthly: {9: 60}
      - name: 乙
        budget: 100
        monthly: {9: 60}
        thresholds: {green_from: 80%}
    """
    run = monitor(case(tmp_path, body))
    statuses = {p.name: p.status for p in run.departments[0].projects}
    assert statuses == {"甲": Status.YELLOW, "乙": Status.GREEN}  # 0.6 / 0.75 = 80%
    assert not run.problems


# --- forecast --------------------------------------------------------------------------


def test_forecast_is_linear_from_the_months_so_far_and_says_so(tmp_path: Path) -> None:
    run = monitor(case(tmp_path, one_project(figures="monthly: {3: 10, 6: 40}")))
    forecast = run.departments[0].projects[0].forecast
    assert (forecast.rate, forecast.method, forecast.capped) == (D("0.8"), "linear", False)
    assert "线性外推" in forecast.note and "不足 2 年" in forecast.note


def test_forecast_is_capped_at_100_percent_with_a_note(tmp_path: Path) -> None:
    run = monitor(case(tmp_path, one_project(figures="monthly: {6: 60}")))
    forecast = run.departments[0].projects[0].forecast
    assert (forecast.rate, forecast.capped) == (1, True)
    assert "推算值 120.00% 超过 100%，按 100% 计" in forecast.note


def test_forecast_rounds_half_up_to_two_decimals(tmp_path: Path) -> None:
    # 40.07% × 12 ÷ 8 = 60.105% → 60.11 (half-even would say 60.10)
    run = monitor(case(tmp_path, one_project(budget="100000", figures="monthly: {8: 40070}")))
    project = monitor_json(run.departments, [])["departments"][0]["projects"][0]
    assert project["forecast"] == 60.11


def test_forecast_uses_two_prior_years_profile_when_available(tmp_path: Path) -> None:
    history = (
        "    history:\n"
        "      - year: 2022\n"
        "        monthly: {6: 40, 12: 100}\n"
        "      - year: 2023\n"
        "        cumulative: false\n"
        "        monthly: {3: 30, 6: 30, 9: 20, 12: 20}\n"
    )
    body = one_project(figures="monthly: {6: 50}", extra=history)
    forecast = monitor(case(tmp_path, body)).departments[0].projects[0].forecast
    # shares at June: 40% and 60% → mean 50%; 50% ÷ 50% = 100%
    assert (forecast.method, forecast.rate) == ("profile", 1)
    assert "2022、2023" in forecast.note


def test_one_prior_year_is_not_enough_for_the_profile(tmp_path: Path) -> None:
    history = "    history:\n      - year: 2023\n        monthly: {6: 40, 12: 100}\n"
    body = one_project(figures="monthly: {6: 30}", extra=history)
    forecast = monitor(case(tmp_path, body)).departments[0].projects[0].forecast
    assert (forecast.method, forecast.rate) == ("linear", D("0.6"))


def test_at_year_end_the_forecast_is_the_actual_rate(tmp_path: Path) -> None:
    run = monitor(case(tmp_path, one_project(figures="quarterly: {4: 97.5}")))
    forecast = run.departments[0].projects[0].forecast
    assert (forecast.method, forecast.rate) == ("actual", D("0.975"))


# --- seed 001's quarterly score --------------------------------------------------------


def test_quarterly_score_reproduces_seed_001() -> None:
    rates = [(1, D("0.3274")), (2, D("0.6393")), (3, D("0.8012")), (4, D("0.998"))]
    result = quarter_score(rates)
    assert round(result.raw, 3) == D("6.037")
    assert result.score == 6 and result.weight == 6


def test_quarterly_score_counts_only_quarters_ended_by_the_as_of_date(tmp_path: Path) -> None:
    figures = "quarterly: {1: 32.74, 2: 63.93, 3: 80.12, 4: 99.8}"
    path = case(tmp_path, one_project(figures=figures))
    at_q3 = monitor(path, date(2024, 9, 30)).departments[0].projects[0].quarterly
    assert at_q3 is not None and [q for q, _ in at_q3.rates] == [1, 2, 3]
    assert round(at_q3.score, 2) == D("4.84")
    at_q4 = monitor(path).departments[0].projects[0].quarterly
    assert at_q4 is not None and at_q4.score == 6


def test_quarterly_score_needs_quarter_end_months(tmp_path: Path) -> None:
    run = monitor(case(tmp_path, one_project(figures="monthly: {1: 5, 2: 10}")))
    assert run.departments[0].projects[0].quarterly is None


# --- figures -------------------------------------------------------------------------


def test_per_period_amounts_are_summed_and_amounts_may_carry_units(tmp_path: Path) -> None:
    figures = "cumulative: false\n    monthly: {1: 10, 2: 5万元, 3: 50000元}"
    run = monitor(case(tmp_path, one_project(budget="356.28万元", figures=figures)))
    project = run.departments[0].projects[0]
    assert (project.budget, project.executed) == (D("3562800"), D("200000"))


def test_amounts_in_yuan(tmp_path: Path) -> None:
    run = monitor(
        case(tmp_path, "unit: 元\n" + one_project(budget="2000", figures="monthly: {3: 500}"))
    )
    project = run.departments[0].projects[0]
    assert (project.budget, project.rate, project.progress) == (D(2000), D("0.25"), 1)


# --- indicators ------------------------------------------------------------------------


def indicators(tmp_path: Path, rows: str, figures: str = "monthly: {9: 75}") -> dict[str, Any]:
    body = one_project(figures=figures, extra="    indicators:\n" + textwrap.indent(rows, "      "))
    run = monitor(case(tmp_path, body))
    data = monitor_json(run.departments, run.problems)
    shown = {i["name"]: i for i in data["departments"][0]["projects"][0]["indicators"]}
    return {"indicators": shown, "problems": data["problems"]}


def test_indicator_progress_is_scaled_by_time_for_counts_not_for_rates(tmp_path: Path) -> None:
    rows = """\
    - {name: 培训人次, target: ≥200人次, actual: 150人次}
    - {name: 简写, target: ≥200人次, actual: 90}
    - {name: 满意度, target: ≥90%, actual: 85.5%}
    - {name: 覆盖, target: 全年突破21万, actual: 12.6万}
    - {name: 不折算, target: ≥200人次, actual: 150, scaled: false}
    """
    got = indicators(tmp_path, rows)["indicators"]
    assert (got["培训人次"]["progress"], got["培训人次"]["status"]) == (100.0, "green")
    assert (got["简写"]["progress"], got["简写"]["status"]) == (60.0, "yellow")
    assert (got["满意度"]["progress"], got["满意度"]["status"]) == (95.0, "green")
    assert (got["覆盖"]["progress"], got["覆盖"]["status"]) == (80.0, "green")
    assert (got["不折算"]["progress"], got["不折算"]["status"]) == (75.0, "yellow")
    assert "期中应达 150人次" in got["培训人次"]["note"]


def test_far_above_the_annual_target_is_flagged(tmp_path: Path) -> None:
    rows = """\
    - {name: 两倍, target: ≥200人次, actual: 400人次}
    - {name: 差一点, target: ≥200人次, actual: 399人次}
    """
    got = indicators(tmp_path, rows)["indicators"]
    assert got["两倍"]["status"] == "high" and "目标可能定得偏低" in got["两倍"]["note"]
    assert got["差一点"]["status"] == "green"


def test_far_above_threshold_is_configurable(tmp_path: Path) -> None:
    body = "thresholds: {far_above: 150%}\n" + one_project(
        extra="    indicators:\n      - {name: 人次, target: ≥200人次, actual: 300人次}\n"
    )
    run = monitor(case(tmp_path, body))
    assert run.departments[0].projects[0].indicators[0].status is Status.HIGH


def test_ceiling_targets_flag_overruns(tmp_path: Path) -> None:
    rows = """\
    - {name: 超, target: ≤5万元, actual: 5.2万元}
    - {name: 未超, target: ≤5万元, actual: 49000元}
    - {name: 快, target: ≤8万元, actual: 7万元, scaled: true}
    """
    got = indicators(tmp_path, rows)["indicators"]
    assert (got["超"]["status"], got["超"]["progress"]) == ("red", 104.0)
    assert "已超出上限" in got["超"]["note"]
    assert got["未超"]["status"] == "green"
    assert got["快"]["status"] == "yellow"  # 7 > 8 × 75%


def test_indicators_that_cannot_be_monitored(tmp_path: Path) -> None:
    rows = """\
    - {name: 定性, target: 有所提升, actual: 有所提升}
    - {name: 未报, target: ≥10次}
    - {name: 单位, target: ≥10次, actual: 3万元}
    """
    got = indicators(tmp_path, rows)
    assert {n: i["status"] for n, i in got["indicators"].items()} == {
        "定性": "unknown",
        "未报": "unknown",
        "单位": "unknown",
    }
    assert [(p["code"], p["severity"]) for p in got["problems"]] == [
        ("monitor-target-qualitative", "info"),
        ("monitor-missing-actual", "warning"),
        ("monitor-unit-mismatch", "warning"),
    ]


# --- roll-up and JSON ----------------------------------------------------------------


def test_department_roll_up_lists_lagging_projects_first() -> None:
    run = monitor(CULTURE)
    assert not [p for p in run.problems if p.severity.value != "info"]
    dept = run.departments[0]
    assert (dept.budget, dept.executed) == (D("30100000"), D("14780000"))
    assert (round(dept.rate * 100, 2), dept.expected, dept.status) == (
        D("49.10"),
        D("0.75"),
        Status.YELLOW,
    )
    assert dict(dept.counts) == {Status.RED: 1, Status.YELLOW: 1, Status.GREEN: 3}
    assert [p.status for p in dept.projects][:2] == [Status.RED, Status.YELLOW]
    greens = [p.progress for p in dept.projects[2:]]
    assert greens == sorted(greens)
    assert any(i.status is Status.HIGH for p in dept.projects for i in p.indicators)


def test_json_shape_is_exactly_the_documented_one() -> None:
    result = invoke(str(CULTURE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["departments", "problems"]
    dept = data["departments"][0]
    assert list(dept) == [
        "name",
        "year",
        "as_of",
        "budget",
        "executed",
        "rate",
        "expected",
        "status",
        "projects",
    ]
    assert (dept["as_of"], dept["budget"], dept["rate"], dept["status"]) == (
        "2024-09-30",
        30100000.0,
        49.1,
        "yellow",
    )
    project = dept["projects"][0]
    assert list(project) == [
        "name",
        "code",
        "budget",
        "executed",
        "rate",
        "expected",
        "progress",
        "status",
        "forecast",
        "quarterly_score",
        "indicators",
    ]
    assert project["name"] == "全民健身设施更新改造" and project["status"] == "red"
    for key in (
        "budget",
        "executed",
        "rate",
        "expected",
        "progress",
        "forecast",
        "quarterly_score",
    ):
        assert isinstance(project[key], float), key
    assert list(project["indicators"][0]) == [
        "name",
        "target",
        "actual",
        "progress",
        "status",
        "note",
    ]
    assert list(data["problems"][0]) == ["code", "severity", "where", "message"]


def test_the_docs_worked_example_and_json_are_real(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "monitoring.md").read_text(encoding="utf-8")
    path = tmp_path / "算例.yaml"
    path.write_text(re.findall(r"```yaml\n(.*?)```", text, re.S)[0], encoding="utf-8")
    run = monitor(path)
    shown = json.loads(re.findall(r"```json\n(.*?)```", text, re.S)[0])
    assert monitor_json(run.departments, run.problems) == shown
    project = shown["departments"][0]["projects"][0]
    assert (project["rate"], project["progress"], project["forecast"]) == (80.12, 106.83, 100.0)
    assert project["quarterly_score"] == 4.84 and "**4.84**" in text
    year_end = monitor(path, date(2024, 12, 31)).departments[0].projects[0]
    assert year_end.quarterly is not None
    assert (round(year_end.quarterly.raw, 2), year_end.quarterly.score) == (D("6.04"), 6)
    assert round(year_end.forecast.rate * 100, 2) == D("99.80")
    assert "**6.04**" in text and "**99.80%**" in text


def test_both_examples_monitor_cleanly() -> None:
    result = invoke(str(EXAMPLES))
    assert result.exit_code == 0, result.output
    for expected in ("某区文化广电旅游体育局", "某区某街道办事处", "序时进度 75.00%", "远超", "红"):
        assert expected in result.output
    street = monitor(STREET).departments[0]
    home = next(p for p in street.projects if p.code == "JD-2024-011")
    assert home.quarterly is not None and home.quarterly.score == 6


def test_terminal_output_has_the_roll_up_and_one_table_per_project() -> None:
    result = invoke(str(CULTURE))
    out = result.output
    assert "项目 5 个：红 1 · 黄 1 · 绿 3（落后的排在前面）" in out
    assert out.index("全民健身设施更新改造") < out.index("公共文化服务体系建设")
    assert len(re.findall(r"年末预测 \d", out)) == 5 and "线性外推" in out and "往年" in out
    assert "季度预算执行得分 0.83 / 6" in out


# --- errors: located, Chinese, never a traceback ---------------------------------------


def check_error(result: Result, code: str, line: int | None = None) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert code in result.output
    if line is not None:
        assert f"第 {line} 行" in result.output, result.output


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [
        ("projects:\n  - name: 甲\n    monthly: {3: 1}\n", "monitor-missing-budget", 5),
        (one_project(budget="0"), "monitor-missing-budget", 6),
        (one_project(budget="许多"), "monitor-bad-amount", 6),
        (one_project(figures="monthly:\n      3: 10\n      13: 20"), "monitor-bad-month", 9),
        (one_project(figures="quarterly: {5: 10}"), "monitor-bad-month", 7),
        (one_project(figures="monthly:\n      3: 30\n      6: 20"), "monitor-decreasing", 9),
        (one_project(figures="monthly: {3: -5}"), "monitor-bad-amount", 7),
        ("projects:\n  - name: 甲\n    budget: 10\n", "monitor-no-figures", 5),
        (one_project(figures="monthly: {3: 1}\n    quarterly: {1: 1}"), "monitor-invalid", 8),
        ("as_of: 2024-02-29\n" + one_project(figures="monthly: {3: 1}"), "monitor-as-of", 4),
        ("as_of: 2024-02-30\n" + one_project(), "monitor-as-of", 4),
        (
            one_project(extra="    indicators:\n      - {name: 资料, target: 见附件, actual: 1}\n"),
            "monitor-target-unreadable",
            9,
        ),
        (
            one_project(extra="    indicators:\n      - {name: 无目标, actual: 1}\n"),
            "monitor-target-unreadable",
            9,
        ),
        (
            one_project(extra="    indicators:\n      - {name: 乱, target: ≥5次, actual: 很多}\n"),
            "monitor-bad-actual",
            9,
        ),
        (
            "thresholds: {red_below: 90%, green_from: 80%}\n" + one_project(),
            "monitor-bad-threshold",
            4,
        ),
        ("thresholds: {far_above: 1}\n" + one_project(), "monitor-bad-threshold", 4),
        ("projects: []\n", "monitor-invalid", 4),
        ("year: 1999\n" + one_project(), "monitor-invalid", None),
    ],
)
def test_bad_input_is_a_located_error(
    tmp_path: Path, body: str, code: str, line: int | None
) -> None:
    check_error(invoke(str(case(tmp_path, body))), code, line)


def test_as_of_option_before_the_first_figure_or_the_year(tmp_path: Path) -> None:
    path = case(tmp_path, one_project(figures="monthly: {4: 10, 9: 45}"))
    result = invoke(str(path), "--as-of", "2024-03-31")
    check_error(result, "monitor-as-of")
    assert "--as-of" in result.output and "第一笔执行数（4 月）" in result.output
    check_error(invoke(str(path), "--as-of", "2023-12-31"), "monitor-as-of")


def test_as_of_option_is_used_and_indicators_keep_their_period(tmp_path: Path) -> None:
    extra = "    indicators:\n      - {name: 人次, target: ≥100人次, actual: 75人次}\n"
    path = case(
        tmp_path,
        "as_of: 2024-09-30\n" + one_project(figures="monthly: {6: 30, 9: 45}", extra=extra),
    )
    run = monitor(path, date(2024, 6, 30))
    project = run.departments[0].projects[0]
    assert (project.executed, project.expected, project.progress) == (D(300000), D("0.5"), D("0.6"))
    assert project.indicators[0].progress == 1  # 75 against 100 × 75%, the actual's own period
    assert codes(run) == ["monitor-indicator-period"]


def test_overspend_is_a_warning_and_exits_zero(tmp_path: Path) -> None:
    path = case(tmp_path, one_project(figures="monthly:\n      6: 80\n      9: 104.5"))
    result = invoke(str(path))
    assert result.exit_code == 0, result.output
    assert "monitor-overspend" in result.output and "第 9 行" in result.output
    assert "超过全年预算数 100.00万元（超支）" in result.output


def test_stale_figures_are_a_warning(tmp_path: Path) -> None:
    run = monitor(case(tmp_path, "as_of: 2024-11-30\n" + one_project()))
    assert only(run, "monitor-stale").severity.value == "warning"
    assert run.departments[0].projects[0].expected == D(11) / 12


def test_unknown_fields_are_warned_and_ignored(tmp_path: Path) -> None:
    run = monitor(case(tmp_path, one_project(extra="    remark: 备注\n")))
    problem = only(run, "monitor-invalid")
    assert problem.severity.value == "warning" and problem.where.line == 8
    assert not run.failed


def test_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "坏.yaml"
    bad.write_text("format: jixiao-monitor/1\nprojects: [\n", encoding="utf-8")
    check_error(invoke(str(bad)), "unreadable-file")
    check_error(invoke(str(tmp_path / "没有.yaml")), "file-not-found")
    other = tmp_path / "其他.yaml"
    other.write_text("format: jixiao-selfeval/1\n", encoding="utf-8")
    check_error(invoke(str(other)), "monitor-invalid", 1)
    empty = tmp_path / "空目录"
    empty.mkdir()
    check_error(invoke(str(empty)), "monitor-no-case")


def test_bad_as_of_option_exits_2(tmp_path: Path) -> None:
    result = invoke(str(CULTURE), "--as-of", "九月底")
    assert result.exit_code == 2
    assert "不是日期" in result.output


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["monitor", "--help"])
    assert result.exit_code == 0 and "示例" in result.output and "--as-of" in result.output
