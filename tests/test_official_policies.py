"""The official rulebooks as built-in policies: central-2020 (财预〔2020〕10号), central-2021
(财预〔2021〕101号) and hubei-20, each scoring seed 003's 行政服务大厅运行 as docs/scoring.md shows,
and every band boundary of the documents (exactly on it and just below), through jixiao.api and
`jixiao score --policy`."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given

from jixiao import api
from jixiao.cli import cli
from jixiao.core.results import IndicatorScore, Outcome, Result
from jixiao.scoring.judge import judge
from jixiao.scoring.policy import (
    Policy,
    PolicyError,
    builtin_policies,
    load_policy,
    policy_from_mapping,
)
from jixiao.scoring.selfeval import level_weights
from jixiao.targets import parse_cell
from test_target_properties import CELLS, PATHS, SETTINGS, ordered_pair

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "src" / "jixiao" / "scoring" / "policies"
SCORING_MD = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
OFFICIAL = ("central-2020", "central-2021", "hubei-20")
D = Decimal


def hall_text(seed003: Path) -> str:
    """Seed 003's fourth table, 行政服务大厅运行, as printed."""
    text = seed003.read_text(encoding="utf-8")
    at = text.index("行政服务大厅运行")
    start = text.rfind("项目支出绩效自评表", 0, at)
    end = text.find("项目支出绩效自评表", at)
    return text[start:end]


@pytest.fixture
def hall(seed003: Path) -> str:
    return hall_text(seed003)


def write(tmp_path: Path, text: str, name: str = "表.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def score(tmp_path: Path, text: str, policy: str) -> Result:
    run = api.score_paths([write(tmp_path, text)], api.load_policy(policy))
    [result] = run.results
    assert not result.case.evaluation
    return result


def with_row(text: str, name: str, target: str, actual: str, weight: str | None = None) -> str:
    """The table with one indicator's target, actual (and weight) replaced."""
    lines = text.split("\n")
    [i] = [i for i, line in enumerate(lines) if f"\t{name}\t" in line]
    cells = lines[i].split("\t")
    at = cells.index(name)
    cells[at + 1], cells[at + 2] = target, actual
    if weight is not None:
        cells[at + 3] = weight
    lines[i] = "\t".join(cells)
    return "\n".join(lines)


def with_funds(text: str, executed: str | None = None, weight: str | None = None) -> str:
    """The table with the 年度资金总额 line's 全年执行数 (and 分值) replaced."""
    lines = text.split("\n")
    [i] = [i for i, line in enumerate(lines) if "\t年度资金总额\t" in line]
    cells = lines[i].split("\t")
    if executed is not None:
        cells[4] = executed
    if weight is not None:
        cells[5] = weight
    lines[i] = "\t".join(cells)
    return "\n".join(lines)


def indicator(result: Result, name: str) -> IndicatorScore:
    [found] = [i for i in result.indicators if i.path[-1] == name]
    return found


# The worked table of docs/scoring.md: 行政服务大厅运行 under each policy.
WORKED = {
    "default": {"预算执行率": "9.28", "叫号数量": "5.07", "制定大厅管理系列制度": "6.00",
                "支出进度达标率": "7.81", "群众满意率": "10.00", "总分": "98.16"},
    "central-2020": {"预算执行率": "9.28", "叫号数量": "5.07", "制定大厅管理系列制度": "4.80",
                     "支出进度达标率": "7.81", "群众满意率": "10.00", "总分": "96.96"},
    "central-2021": {"预算执行率": "7.00", "叫号数量": "3.69", "制定大厅管理系列制度": "6.00",
                     "支出进度达标率": "7.53", "群众满意率": "10.00", "总分": "94.22"},
    "hubei-20": {"预算执行率": "9.28", "叫号数量": "5.07", "制定大厅管理系列制度": "6.00",
                 "支出进度达标率": "7.81", "群众满意率": "10.00", "总分": "98.16"},
}  # fmt: skip
UNCHANGED = ("辅助性人员工资发放批次", "项目验收合格率", "辅助性人员工资发放准确率",
             "2023年度项目资金完成率", "项目完成及时率", "提高企业群众办事效率")  # fmt: skip


@pytest.mark.parametrize("policy", list(WORKED))
def test_worked_table_scores_as_the_docs_show(tmp_path: Path, hall: str, policy: str) -> None:
    result = score(tmp_path, hall, policy)
    expected = WORKED[policy]
    assert result.budget is not None
    got = {"预算执行率": result.budget.score, "总分": result.total}
    for name in expected.keys() - got.keys():
        got[name] = indicator(result, name).score
    assert {k: str(v) for k, v in got.items()} == expected
    for name in UNCHANGED:  # met targets score their full weight under every rulebook
        ind = indicator(result, name)
        assert ind.score == ind.weight, (name, ind.explanation)
    assert result.weight_total == 100 and result.grade == "优"


def test_docs_worked_table_is_the_computed_one() -> None:
    """docs/scoring.md's side-by-side table shows exactly the numbers above."""
    header = "| 指标 | 年度指标值 | 实际完成值 | 分值 | default | central-2020 | central-2021 | hubei-20 |"
    assert header in SCORING_MD
    block = SCORING_MD[SCORING_MD.index(header) :].split("\n\n", 1)[0]
    rows = {}
    for line in block.splitlines()[2:]:
        cells = [c.strip().strip("*") for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[4:8]
    for i, policy in enumerate(WORKED):
        for name, value in WORKED[policy].items():
            key = next(k for k in rows if k.startswith(name))
            assert rows[key][i] == value, (policy, name, rows[key])
    for name in UNCHANGED:  # full marks in every column
        [cells] = [line.split("|")[4:9] for line in block.splitlines() if f"| {name} |" in line]
        weight, *scores = (c.strip() for c in cells)
        assert scores == [weight] * 4, name


def test_docs_explanations_are_the_printed_ones(tmp_path: Path, hall: str) -> None:
    block = SCORING_MD[SCORING_MD.index("各口径下的扣分说明") :].split("```text\n", 1)[1]
    lines = block.split("```", 1)[0].strip().splitlines()
    assert len(lines) >= 5
    for line in lines:
        policy, rest = line.split(" ", 1)
        name, explanation = rest.split("：", 1)
        result = score(tmp_path, hall, policy)
        if name == "预算执行率":
            assert result.budget is not None
            assert result.budget.explanation == explanation
        else:
            assert indicator(result, name).explanation == explanation


def test_explanations_name_the_rulebook_and_show_the_formula(tmp_path: Path, hall: str) -> None:
    r2021 = score(tmp_path, hall, "central-2021")
    calls = indicator(r2021, "叫号数量").explanation
    assert calls.startswith("按财预〔2021〕101号：")
    assert "(完成率 84.57% − 60%) ÷ 40% × 6.00（完成率 = 17.76万 ÷ 21万）" in calls
    assert "计得 3.69 分，扣 2.31 分" in calls
    assert r2021.budget is not None
    budget = r2021.budget.explanation
    assert budget.startswith("按财预〔2021〕101号：预算执行率")
    assert "= 92.78%" in budget and "小于 100% 且大于等于 80%" in budget
    assert "10.00 × 70% = 7.00 分，扣 3.00 分" in budget
    satisfied = indicator(r2021, "群众满意率").explanation
    assert "满意度 99.98%，大于等于 90%" in satisfied
    r2020 = score(tmp_path, hall, "central-2020")
    rules = indicator(r2020, "制定大厅管理系列制度")
    assert rules.rule == "over_deviation" and rules.outcome is Outcome.MET
    assert rules.explanation.startswith("按财预〔2020〕10号：")
    for words in ("180%", "超过 120%", "按偏离度调减分值", "6.00 × 80%", "计得 4.80 分"):
        assert words in rules.explanation, (words, rules.explanation)
    hubei = score(tmp_path, hall, "hubei-20")
    assert hubei.budget is not None
    assert hubei.budget.explanation.startswith("按湖北省自评表口径：")
    default = score(tmp_path, hall, "default")
    assert not indicator(default, "叫号数量").explanation.startswith("按")


# 全年预算数 14103000.00: the 全年执行数 that put the rate on each bound of 101号's bands
BUDGET_BANDS = [
    ("14103000.00", "10.00"),  # 100 %: 项目完成 and within the budget
    ("15513300.00", "10.00"),  # 110 %: over budget, scored as 100 % (cap_at_weight)
    ("14101589.70", "7.00"),  # 99.99 %
    ("11282400.00", "7.00"),  # 80 %
    ("11280989.70", "5.00"),  # 79.99 %
    ("8461800.00", "5.00"),  # 60 %
    ("8460389.70", "0.00"),  # 59.99 %
    ("0.00", "0.00"),
]


@pytest.mark.parametrize(("executed", "expected"), BUDGET_BANDS)
def test_central_2021_budget_bands(tmp_path: Path, hall: str, executed: str, expected: str) -> None:
    result = score(tmp_path, with_funds(hall, executed), "central-2021")
    assert result.budget is not None
    assert str(result.budget.score) == expected, result.budget.explanation


def test_central_2021_budget_bands_scale_with_the_weight(tmp_path: Path, hall: str) -> None:
    """7 of 10 and 5 of 10 are 70 % and 50 % of any other budget weight."""
    for executed, expected in (("11282400.00", "14.00"), ("8461800.00", "10.00")):
        result = score(tmp_path, with_funds(hall, executed, weight="20"), "central-2021")
        assert result.budget is not None
        assert str(result.budget.score) == expected, result.budget.explanation


def test_a_rate_just_under_a_bound_is_not_printed_as_the_bound(tmp_path: Path, hall: str) -> None:
    # 11282343.59 ÷ 14103000 = 79.99960 %: two decimals would print 80.00 % in the 5-point band
    result = score(tmp_path, with_funds(hall, "11282343.59"), "central-2021")
    assert result.budget is not None
    assert result.budget.score == D("5.00")
    assert "= 79.9996%，小于 80% 且大于等于 60%" in result.budget.explanation
    assert "80.00%" not in result.budget.explanation


# 101号 (七)2: (完成率 − 60%) ÷ 40% × 分值, 0 under 60 %; 叫号数量 weighs 6
PASS_MARK = [
    ("≥10000人次", "10000人次", "6.00"),  # 100 %
    ("≥10000人次", "9999人次", "6.00"),  # 99.99 %: (99.99 − 60) ÷ 40 × 6 = 5.9985 → 6.00
    ("≥10000人次", "9000人次", "4.50"),  # 90 %
    ("≥10000人次", "8999人次", "4.50"),  # 89.99 %: 4.4985 → 4.50
    ("≥10000人次", "8000人次", "3.00"),  # 80 %
    ("≥10000人次", "7999人次", "3.00"),  # 79.99 %: 2.9985 → 3.00
    ("≥10000人次", "6100人次", "0.15"),  # 61 %
    ("≥10000人次", "6000人次", "0.00"),  # 60 %: passes, and scores 0
    ("≥10000人次", "5999人次", "0.00"),  # 59.99 %: under the pass mark
    ("≥10000人次", "12000人次", "6.00"),  # over-achieved: full, no reduction in 101号
]


@pytest.mark.parametrize(("target", "actual", "expected"), PASS_MARK)
def test_central_2021_pass_mark(
    tmp_path: Path, hall: str, target: str, actual: str, expected: str
) -> None:
    result = score(tmp_path, with_row(hall, "叫号数量", target, actual), "central-2021")
    ind = indicator(result, "叫号数量")
    assert str(ind.score) == expected, ind.explanation


def test_central_2021_under_the_pass_mark_says_so(tmp_path: Path, hall: str) -> None:
    result = score(tmp_path, with_row(hall, "叫号数量", "≥10000人次", "5999人次"), "central-2021")
    text = indicator(result, "叫号数量").explanation
    assert "完成率 59.99% 低于及格门槛 60%" in text and "扣 6.00 分" in text
    result = score(tmp_path, with_row(hall, "叫号数量", "≥10000人次", "6000人次"), "central-2021")
    assert "(完成率 60% − 60%) ÷ 40% × 6.00" in indicator(result, "叫号数量").explanation


def test_central_2021_ceiling_completion_is_target_over_actual(tmp_path: Path, hall: str) -> None:
    # 950 ÷ 1012 = 93.87 %; (93.87 % − 60 %) ÷ 40 % × 6 = 5.08
    text = with_row(hall, "叫号数量", "≤950元", "1012元")
    ind = indicator(score(tmp_path, text, "central-2021"), "叫号数量")
    assert ind.score == D("5.08") and ind.rule == "ceiling_inverse", ind.explanation
    assert "（完成率 = 950元 ÷ 1012元）" in ind.explanation


# 101号 (七)4: ≥ 90 % → 10, [80, 90) → 8, [60, 80) → 5, < 60 → 0 (of 10: 群众满意率 weighs 10)
SATISFACTION = [
    ("100%", "10.00"),
    ("90%", "10.00"),
    ("89.99%", "8.00"),
    ("80%", "8.00"),
    ("79.99%", "5.00"),
    ("60%", "5.00"),
    ("59.99%", "0.00"),
]


@pytest.mark.parametrize(("actual", "expected"), SATISFACTION)
def test_central_2021_satisfaction_bands(
    tmp_path: Path, hall: str, actual: str, expected: str
) -> None:
    result = score(tmp_path, with_row(hall, "群众满意率", "≥90%", actual), "central-2021")
    ind = indicator(result, "群众满意率")
    assert ind.rule == "satisfaction_band"
    assert str(ind.score) == expected, ind.explanation


def test_central_2021_satisfaction_scales_and_reads_the_rate_not_the_target(
    tmp_path: Path, hall: str
) -> None:
    # weight 5: 8 of 10 → 4, 5 of 10 → 2.5
    for actual, expected in (("85%", "4.00"), ("70%", "2.50")):
        text = with_row(hall, "群众满意率", "≥90%", actual, weight="5.00")
        assert str(indicator(score(tmp_path, text, "central-2021"), "群众满意率").score) == expected
    # the bands are of the satisfaction itself: 92 % is full marks even against a 95 % target
    text = with_row(hall, "群众满意率", "≥95%", "92%")
    assert indicator(score(tmp_path, text, "central-2021"), "群众满意率").score == 10
    # an actual that is no percentage is judged as any other row
    text = with_row(hall, "群众满意率", "满意", "满意")
    ind = indicator(score(tmp_path, text, "central-2021"), "群众满意率")
    assert ind.rule == "qualitative_level" and ind.score == 10


# 10号 第十六条 over-achievement: full up to 1.2 × the target, then 1 − 0.5 × (ratio − 1.2), ≥ 80 %
OVER = [
    ("≥100个", "100个", "6.00"),
    ("≥100个", "120个", "6.00"),  # exactly 1.2 ×: still full
    ("≥100个", "121个", "5.97"),  # 1 − 0.5 × 0.01 = 99.5 %
    ("≥100个", "140个", "5.40"),  # 90 %
    ("≥100个", "160个", "4.80"),  # 80 %: the floor reached
    ("≥100个", "300个", "4.80"),  # never below the floor
    ("≥100个", "80个", "4.80"),  # under the target: 80 ÷ 100 × 6
    ("≤5万元", "3657.8元", "6.00"),  # a ceiling far undershot is not reduced
    ("≤950元", "1012元", "5.63"),  # a ceiling exceeded: 950 ÷ 1012 × 6
]


@pytest.mark.parametrize(("target", "actual", "expected"), OVER)
def test_central_2020_quantitative(
    tmp_path: Path, hall: str, target: str, actual: str, expected: str
) -> None:
    name = "制定大厅管理系列制度"
    result = score(tmp_path, with_row(hall, name, target, actual), "central-2020")
    ind = indicator(result, name)
    assert str(ind.score) == expected, ind.explanation


def test_central_2020_over_achievement_shows_its_curve(tmp_path: Path, hall: str) -> None:
    name = "制定大厅管理系列制度"
    result = score(tmp_path, with_row(hall, name, "≥100个", "140个"), "central-2020")
    text = indicator(result, name).explanation
    assert "6.00 × (1 − 0.5 × (140% − 120%))" in text and "计得 5.40 分" in text


# 第十六条 / 101号 (七)3: qualitative bands 100–80 % (含), 80–60 % (含), 60–0 %
QUALITATIVE = [
    ("显著", "显著", "30.00"),  # 达成: 100 %
    ("显著", "有所提升", "21.00"),  # 部分达成: 70 % of 30
    ("显著", "未达成", "9.00"),  # 未达成: 30 % of 30
    ("有所提升", "80%", "30.00"),  # a percent actual: 80 % is 达成
    ("有所提升", "79.99%", "21.00"),
    ("有所提升", "60%", "21.00"),  # 60 % is 部分达成
    ("有所提升", "59.99%", "9.00"),
]


@pytest.mark.parametrize("policy", ["central-2020", "central-2021"])
@pytest.mark.parametrize(("target", "actual", "expected"), QUALITATIVE)
def test_qualitative_bands(
    tmp_path: Path, hall: str, policy: str, target: str, actual: str, expected: str
) -> None:
    name = "提高企业群众办事效率"
    ind = indicator(score(tmp_path, with_row(hall, name, target, actual), policy), name)
    assert str(ind.score) == expected, ind.explanation


@pytest.mark.parametrize("policy", ["central-2020", "central-2021"])
def test_qualitative_points_lie_in_the_articles_bands(policy: str) -> None:
    p = load_policy(policy)
    assert D("0.8") <= p.share(Outcome.MET) <= 1
    assert D("0.6") <= p.share(Outcome.PARTLY) < D("0.8")
    assert 0 <= p.share(Outcome.NOT_MET) < D("0.6")


def test_hubei_20_scores_twenty_times_the_rate_when_the_table_writes_no_weight(
    tmp_path: Path, hall: str
) -> None:
    declared = score(tmp_path, hall, "hubei-20")  # the table writes 分值 10: kept
    assert declared.budget is not None and declared.budget.weight == 10
    assert declared.budget.score == D("9.28")
    blank = score(tmp_path, with_funds(hall, weight=""), "hubei-20")
    assert blank.budget is not None and blank.budget.weight == 20
    assert blank.budget.score == D("18.56")  # 20 × 92.78 %
    assert "20.00 × 92.78% = 18.56 分" in blank.budget.explanation
    assert blank.total == D("107.44") and blank.weight_total == 110
    for executed, expected in (("14103000.00", "20.00"), ("15513300.00", "20.00")):
        full = score(tmp_path, with_funds(hall, executed, weight=""), "hubei-20")
        assert full.budget is not None and str(full.budget.score) == expected
    default = score(tmp_path, with_funds(hall, weight=""), "default")
    assert default.budget is not None and default.budget.weight == 10


def test_expected_weights_compare_with_the_table(tmp_path: Path, hall: str) -> None:
    weights = level_weights(score(tmp_path, hall, "default"))
    assert weights == {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10,
                       "指标合计": 90}  # fmt: skip
    assert load_policy("central-2020").weight_gaps(weights) == ()
    assert load_policy("central-2021").weight_gaps(weights) == ()  # the no-成本指标 set
    assert load_policy("hubei-20").weight_gaps(weights) == (
        ("预算执行率", D(10), D(20)),
        ("指标合计", D(90), D(80)),
    )
    assert load_policy("default").weight_gaps(weights) == ()
    with_cost = {"预算执行率": D(10), "成本指标": D(20), "产出指标": D(40), "效益指标": D(20),
                 "满意度指标": D(10), "指标合计": D(90)}  # fmt: skip
    assert load_policy("central-2021").weight_gaps(with_cost) == ()
    assert load_policy("central-2020").weight_gaps(with_cost) == (
        ("产出指标", D(40), D(50)),
        ("效益指标", D(20), D(30)),
        ("成本指标", D(20), D(0)),
    )


@pytest.mark.parametrize("policy", OFFICIAL)
def test_score_cli_with_each_policy(tmp_path: Path, hall: str, policy: str) -> None:
    path = write(tmp_path, hall)
    result = CliRunner().invoke(cli, ["score", str(path), "--policy", policy, "--json"])
    assert result.exit_code == 0, result.output
    [table] = json.loads(result.stdout)["tables"]
    assert f"{table['total']:.2f}" == WORKED[policy]["总分"]
    assert f"{table['budget']['score']:.2f}" == WORKED[policy]["预算执行率"]


def test_an_unknown_policy_is_still_refused(tmp_path: Path, hall: str) -> None:
    path = write(tmp_path, hall)
    result = CliRunner().invoke(cli, ["score", str(path), "--policy", "central-2022", "--json"])
    assert result.exit_code == 2
    assert "policy-invalid" in result.output and "找不到评分口径「central-2022」" in result.output
    for name in OFFICIAL:
        assert name in result.output
    assert set(OFFICIAL) <= set(builtin_policies())


def test_every_key_of_every_builtin_policy_is_documented() -> None:
    for path in sorted(POLICIES.glob("*.yaml")):
        policy = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, value in policy.items():
            if key in ("name", "title"):
                continue
            assert f"`{key}" in SCORING_MD, (path.name, key)
            if isinstance(value, dict):
                for sub in value:
                    assert f"{key}.{sub}" in SCORING_MD or f"`{sub}`" in SCORING_MD, (key, sub)


def _comments(text: str) -> str:
    """The comments of a YAML file as one run of text, line breaks and spaces removed."""
    lines = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    return re.sub(r"\s+", "", "".join(lines))


@pytest.mark.parametrize("name", OFFICIAL)
def test_each_policy_file_quotes_its_source_word_for_word(name: str) -> None:
    """Every “…” in a policy file is the article's own words, as ../shared/RULEBOOKS.md quotes
    them (…… marks a cut); 「…」 is for everything else."""
    rulebooks = re.sub(r"\s+", "", (ROOT.parent / "shared" / "RULEBOOKS.md").read_text("utf-8"))
    text = (POLICIES / f"{name}.yaml").read_text(encoding="utf-8")
    quotes = re.findall(r"“([^”]*)”", _comments(text))
    for quote in quotes:
        for part in quote.split("……"):
            assert part.strip("。") in rulebooks, (name, part)
    articles = {
        "central-2020": ["第十三条", "第十六条", "第十八条"],
        "central-2021": ["（六）", "（七）"],
        "hubei-20": ["得分（20分*执行率）"],
    }[name]
    for article in articles:
        assert article in text, article
    assert len(quotes) >= (0 if name == "hubei-20" else 5)
    assert re.search(r"^citation: \S", text, flags=re.M)


def _default_with(**changes: object) -> dict:
    data = yaml.safe_load((POLICIES / "default.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget": {"weight": 10, "mode": "bands"}}, "budget.bands"),
        (
            {"budget": {"weight": 10, "mode": "bands", "bands": [{"min": 80, "share": 7}]}},
            "0 到 1",
        ),
        ({"budget": {"weight": 10, "mode": "steps"}}, "budget.mode"),
        ({"quantitative": {"pass_mark": 100}}, "pass_mark"),
        (
            {"over_achievement": {"mode": "deviation", "beyond": 0.9, "slope": 1, "floor": 0.5}},
            "倍数",
        ),
        ({"over_achievement": {"mode": "deviation", "beyond": 1.2}}, "slope"),
        ({"satisfaction": {"bands": [{"min": 90, "share": 1}]}}, "satisfaction.levels"),
        ({"expected_weights": [{"产出指标": "五十"}]}, "expected_weights"),
    ],
)
def test_bad_new_keys_are_refused_in_chinese(changes: dict, message: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(message)):
        policy_from_mapping(_default_with(**changes))


def test_the_default_policy_adds_nothing() -> None:
    """The new keys are optional: the default names no rulebook and changes no rule."""
    p = load_policy("default")
    assert (p.citation, p.budget_mode, p.pass_mark, p.satisfaction_bands, p.over_mode) == (
        "",
        "linear",
        0,
        (),
        "full",
    )


# Properties over generated cells, as tests/test_target_properties.py holds them for the default.

OFFICIAL_POLICIES = [pytest.param(load_policy(name), id=name) for name in OFFICIAL]


@pytest.mark.parametrize("policy", OFFICIAL_POLICIES)
@SETTINGS
@given(target=CELLS, actual=CELLS, path=PATHS)
def test_judge_share_is_bounded(policy: Policy, target: str, actual: str, path: tuple) -> None:
    j = judge(parse_cell(target), parse_cell(actual), path, policy)
    assert D(0) <= j.share <= D(1)
    assert j.reason


def _share(target: str, actual: str, policy: Policy) -> Decimal:
    return judge(
        parse_cell(target), parse_cell(actual), ("产出指标", "数量指标", "指标"), policy
    ).share


@pytest.mark.parametrize("policy", [p for p in OFFICIAL_POLICIES if p.id != "central-2020"])
@SETTINGS
@given(case=ordered_pair("≥"))
def test_floor_share_never_falls_as_actual_grows(policy: Policy, case: tuple) -> None:
    target, smaller, larger = case
    assert _share(target, smaller, policy) <= _share(target, larger, policy), case


@SETTINGS
@given(case=ordered_pair("≥"))
def test_central_2020_more_never_scores_under_less_or_the_floor(case: tuple) -> None:
    """Over-achievement lowers the share on purpose: a larger actual may score less than a
    smaller one, but never less than the smaller one's share or `floor`, whichever is lower."""
    policy = load_policy("central-2020")
    target, smaller, larger = case
    low, high = _share(target, smaller, policy), _share(target, larger, policy)
    assert high >= min(low, policy.over_floor), case


@pytest.mark.parametrize("policy", OFFICIAL_POLICIES)
@SETTINGS
@given(case=ordered_pair("≤"))
def test_ceiling_share_never_rises_as_actual_grows(policy: Policy, case: tuple) -> None:
    target, smaller, larger = case
    assert _share(target, smaller, policy) >= _share(target, larger, policy), case


def test_score_help_names_every_builtin_policy() -> None:
    from jixiao.cli.score import BUILTIN_POLICIES
    from jixiao.scoring.policy import builtin_policies

    assert sorted(BUILTIN_POLICIES.split("、")) == sorted(builtin_policies())


def test_score_says_which_policy_it_scored_by(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jixiao.cli import cli

    table = (
        Path(__file__).resolve().parents[1] / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"
    )
    done = CliRunner().invoke(cli, ["score", str(table), "--policy", "central-2021"])
    title = api.load_policy("central-2021").title
    assert done.output.splitlines()[0] == f"评分口径：{title}（central-2021）"


def test_review_and_score_agree_under_the_same_policy() -> None:
    """`review --policy` flags (score-mismatch) exactly the indicators `score --policy` scores
    otherwise than the table printed them: none under the default, three under central-2021."""
    seed = next((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("003_*.txt"))
    for name, expected in (("default", 0), ("central-2021", 3)):
        policy = api.load_policy(name)
        differing = {
            (i.path[-1], i.score)
            for r in api.score_paths([seed], policy).results
            for i in r.indicators
            if i.published_score is not None and abs(i.published_score - i.score) > Decimal("0.01")
        }
        flagged = {
            r.finding.message
            for r in api.review_paths([seed], policy=policy).findings
            if r.finding.code == "score-mismatch"
        }
        assert len(differing) == len(flagged) == expected, name
        for indicator, score in differing:
            assert any(f"「{indicator}」" in m and f"应为 {score}" in m for m in flagged)


def test_weights_other_than_the_rulebook_s_are_noted_not_refused() -> None:
    """Seed 003 weighs 10 + 90: one of 101号's own sets, but not Hubei's 20 + 80."""
    seed = next((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("003_*.txt"))
    by_policy = {
        name: list(api.score_paths([seed], api.load_policy(name)).problems)
        for name in ("default", "central-2021", "hubei-20")
    }
    assert not [p for p in by_policy["default"] if p.code == "policy-weights"]
    assert not [p for p in by_policy["central-2021"] if p.code == "policy-weights"]
    noted = [p for p in by_policy["hubei-20"] if p.code == "policy-weights"]
    assert len(noted) == 7 and all(p.severity is api.Severity.INFO for p in noted)
    assert "预算执行率 10.00 分（口径 20.00 分）" in noted[0].message
