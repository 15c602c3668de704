"""Every review rule on held-out tables: a clean self-evaluation table and a small evaluation
case give nothing; a dirty variant with exactly one defect gives that rule's finding, at the
right place, with the key numbers and a Chinese suggestion."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "review"
CLEAN_TABLE = yaml.safe_load((FIXTURES / "clean_selfeval.yaml").read_text(encoding="utf-8"))
CLEAN_CASE = (FIXTURES / "clean_evaluation.yaml").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")

Table = dict[str, Any]


# ---- builders -------------------------------------------------------------------------------


def row(t: Table, name: str) -> dict[str, Any]:
    return next(r for r in t["indicators"] if r["path"][-1] == name)


def edit(name: str, **fields: Any) -> Callable[[Table], None]:
    """A change to one indicator row; `rename=` renames it."""

    def apply(t: Table) -> None:
        r, changes = row(t, name), dict(fields)
        if "rename" in changes:
            r["path"] = [*r["path"][:-1], changes.pop("rename")]
        r.update(changes)

    return apply


def chain(*changes: Callable[[Table], None]) -> Callable[[Table], None]:
    def apply(t: Table) -> None:
        for change in changes:
            change(t)

    return apply


def funds(executed: float, rate: float, score: float, total: float) -> Callable[[Table], None]:
    """Spend `executed` of the 500000 budget, with the printed rate, score and total to match."""

    def apply(t: Table) -> None:
        t["funds"]["total"]["executed"] = executed
        t["funds"]["sources"][0]["executed"] = executed
        t["funds"]["published"] = {"rate": rate, "score": score}
        t["published"]["total"] = total

    return apply


def set_at(*keys: Any, value: Any) -> Callable[[Table], None]:
    def apply(t: Table) -> None:
        target = t
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return apply


def table_text(change: Callable[[Table], None] | None = None, unit: str | None = None) -> str:
    t = copy.deepcopy(CLEAN_TABLE)
    if change is not None:
        change(t)
    if unit is not None:
        t["project"]["unit"] = t["project"]["department"] = unit
    return yaml.safe_dump(t, allow_unicode=True, sort_keys=False, default_flow_style=None)


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def review(path: Path, config: Path | None = None) -> list[api.Reviewed]:
    run = api.review_paths([path], config)
    assert not run.problems and not run.unreadable
    return list(run.findings)


def codes(items: list[api.Reviewed]) -> set[str]:
    return {r.finding.code for r in items}


# ---- 1. the clean table and case ------------------------------------------------------------


def test_clean_table_has_no_finding(tmp_path: Path) -> None:
    assert review(write(tmp_path, "表.yaml", table_text())) == []


def test_one_project_twice_with_other_figures_is_a_disagreement(tmp_path: Path) -> None:
    first = yaml.safe_load(table_text())
    second = yaml.safe_load(table_text(edit("活动方案审核通过率", actual="50%")))
    text = yaml.safe_dump({"tables": [first, second, first]}, allow_unicode=True)
    found = [r.finding for r in review(write(tmp_path, "两张表.yaml", text))]
    twice = [f for f in found if "出现两次" in f.message]
    assert [f.code for f in twice] == ["table-disagreement"]  # the third copy agrees with the first


def test_clean_evaluation_case_has_no_finding(tmp_path: Path) -> None:
    assert review(write(tmp_path, "案例.yaml", CLEAN_CASE)) == []


# ---- 2. one defect per rule -----------------------------------------------------------------


@dataclass(frozen=True)
class Dirty:
    code: str
    severity: str
    change: Callable[[Table], None] | tuple[str, str]  # a table edit, or a case text swap
    where: str  # in str(finding.where)
    numbers: tuple[str, ...]  # in the message
    line_has: str | None = None  # on the YAML line the finding points at
    also: frozenset[str] = frozenset()  # other codes the same defect necessarily raises

    @property
    def evaluation(self) -> bool:
        return isinstance(self.change, tuple)


REASON = "部分社区活动因场地改造延期，已调整下年度计划"
DIRTY = [
    Dirty("score-mismatch", "error",
          edit("服务群众人次", actual="1.6万人次", deviation=REASON),
          "得分", ("5.00", "4.00", "服务群众人次"), "published_score"),
    Dirty("budget-score-mismatch", "error", set_at("funds", "published", "rate", value=69.0),
          "执行率", ("69", "96")),
    Dirty("total-mismatch", "error", set_at("published", "total", value=98.38),
          "总分", ("98.38", "99.38")),
    Dirty("total-mismatch", "error", set_at("funds", "sources", 0, "annual", value=450000.0),
          "全年预算数", ("500000", "450000")),
    Dirty("score-over-weight", "error",
          chain(edit("党群活动场次", published_score=16.0), set_at("published", "total", value=100.38)),
          "得分", ("16.00", "15"), "published_score", frozenset({"score-mismatch"})),
    Dirty("table-disagreement", "warning",
          set_at("goal", "achieved", value="全年开展党群活动136场，居民满意度为92%。"),
          "实际完成值", ("88%", "92%"), "actual: 88%"),
    Dirty("ratio-inconsistent", "warning", ("其中满意 470 份", "其中满意 430 份"),
          "综合评价结论", ("94", "430 ÷ 500 = 86.00%")),
    Dirty("missing-deviation-reason", "warning", edit("居民满意度", deviation="无偏差"),
          "偏差原因分析及改进措施", ("居民满意度", "0.22"), "居民满意度"),
    Dirty("missing-deviation-reason", "warning", funds(425000.0, 85.0, 8.5, 98.28),
          "执行率", ("85",)),
    Dirty("target-too-low", "warning", edit("党群活动场次", target="≥30场"),
          "年度指标值", ("136场", "≥30场", "4.5 倍"), "target: ≥30场"),
    Dirty("vague-target", "warning", edit("活动方案审核通过率", target="有所提升"),
          "年度指标值", ("活动方案审核通过率", "有所提升"), "target: 有所提升"),
    Dirty("long-name", "warning",
          edit("党群活动场次", rename="围绕党建引领基层治理组织开展的各类主题党群活动及群众文化活动场次"),
          "指标名称", ("共 32 字",), "围绕党建引领"),
    Dirty("long-name", "warning", edit("党群活动场次", rename="党群活动场次，含线上活动"),
          "指标名称", ("含标点",), "含线上活动"),
    Dirty("name-holds-value", "warning", edit("年度任务完成时间", rename="于第四季度前完成年度任务"),
          "指标名称", ("于第四季度前完成年度任务", "第四季度"), "于第四季度前完成年度任务"),
    Dirty("direction-guess", "warning", edit("活动方案审核通过率", rename="活动方案质量", target="95%"),
          "年度指标值", ("活动方案质量", "95%", "推定"), "target: 95%"),
    Dirty("unit-mismatch", "warning", edit("中心运营成本", target="≤500000"),
          "年度指标值", ("500000", "48万元"), "target: ≤500000"),
    Dirty("missing-category", "warning",
          chain(lambda t: t["indicators"].remove(row(t, "年度任务完成时间")),
                edit("党群活动场次", weight=25, published_score=25.0)),
          "指标名称", ("时效",), "党群活动场次"),
    Dirty("duplicate-indicator", "warning",
          chain(edit("居民满意度", actual="92%", weight=5, published_score=5.0, deviation="无偏差"),
                lambda t: t["indicators"].append(
                    {**row(t, "居民满意度"), "path": [*row(t, "居民满意度")["path"]],
                     "target": "≥95%", "actual": "96%"}),
                set_at("published", "total", value=99.60)),
          "指标名称", ("居民满意度", "≥90%", "≥95%", "另见"), "居民满意度"),
    Dirty("weight-sum", "error",
          chain(edit("志愿服务时长", weight=13, published_score=13.0),
                set_at("published", "total", value=97.38)),
          "分值", ("效益指标", "30", "28"), "weight: 13"),
    Dirty("overspend", "error", funds(520000.0, 104.0, 10.0, 99.78),
          "全年执行数", ("520000", "500000", "4")),
    Dirty("budget-performance-divergence", "warning",
          chain(funds(250000.0, 50.0, 5.0, 94.78),
                edit("中心运营成本", actual="25万元", deviation="部分采购延期，资金结转下年支出")),
          "执行率", ("50", "99.76")),
    Dirty("excel-artefact", "warning", edit("党群活动场次", actual="#####"),
          "实际完成值", ("#####",), "actual: '#####'"),
    Dirty("points-lost", "info", ("老年人满意度: {value: 94%}", "老年人满意度: {value: 86%}"),
          "老年人满意度", ("12.00", "86%"), "老年人满意度"),
]  # fmt: skip


def dirty_path(tmp: Path, d: Dirty) -> Path:
    if isinstance(d.change, tuple):
        old, new = d.change
        assert old in CLEAN_CASE
        return write(tmp, "案例.yaml", CLEAN_CASE.replace(old, new))
    return write(tmp, "表.yaml", table_text(d.change))


@pytest.mark.parametrize("d", DIRTY, ids=lambda d: d.code)
def test_dirty_variant_raises_exactly_its_rule(tmp_path: Path, d: Dirty) -> None:
    path = dirty_path(tmp_path, d)
    items = review(path)
    mine = [r.finding for r in items if r.finding.code == d.code]
    assert mine, f"{d.code} not found; got {[(r.finding.code, r.finding.message) for r in items]}"
    assert codes(items) - {d.code} <= d.also
    f = next(
        (f for f in mine if d.where in str(f.where) and all(n in f.message for n in d.numbers)),
        mine[0],
    )
    assert f.severity.value == d.severity
    assert d.where in str(f.where)
    for number in d.numbers:
        assert number in f.message, (number, f.message)
    assert f.suggestion.strip() and CJK.search(f.suggestion)
    if d.line_has is not None:
        assert f.where.line is not None
        line = path.read_text(encoding="utf-8").splitlines()[f.where.line - 1]
        assert d.line_has in line, (line, str(f.where))


@pytest.mark.parametrize("d", DIRTY, ids=lambda d: d.code)
def test_clean_counterpart_lacks_the_code(tmp_path: Path, d: Dirty) -> None:
    clean = CLEAN_CASE if d.evaluation else table_text()
    assert d.code not in codes(review(write(tmp_path, "干净.yaml", clean)))


def test_hashes_in_a_yaml_score_are_an_excel_artefact(tmp_path: Path) -> None:
    text = table_text(edit("党群活动场次", published_score="#####"))
    found = [r.finding for r in review(write(tmp_path, "表.yaml", text))]
    assert [(f.code, f.severity.value) for f in found] == [("excel-artefact", "warning")]
    assert "得分" in str(found[0].where) and "#####" in found[0].message


def test_every_documented_rule_has_a_dirty_variant() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "review-rules.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## `([a-z-]+)`", doc, re.M))
    # target-below-history needs earlier years, which only the store attaches (no case file
    # carries them): its dirty variant is tests/test_service_cycle.py's two-year upload; the
    # checks only an evaluation report has are dirtied in tests/test_review_report.py
    report_only = {"grade-mismatch", "recommendation-gap", "year-mismatch"}
    assert documented == {d.code for d in DIRTY} | {"target-below-history"} | report_only
    assert len(documented) == 24


# ---- 3. edge cases that stay clean ----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "absent"),
    [
        (edit("活动方案审核通过率", target="1", actual="100%"), "target-too-low"),
        (edit("活动方案审核通过率", target="≥20%", actual="96%"), "target-too-low"),
        (edit("活动方案审核通过率", target="≥95%", actual="96%"), "vague-target"),
        (
            set_at("goal", "achieved", value="支出 3.49 万元，其中公务车 3.49 万元，控制率 33.51%"),
            "ratio-inconsistent",
        ),
    ],
    ids=["bare-1-vs-100%", "percent-4.8x", "ge95-vs-96", "equal-part-and-whole"],
)
def test_edge_cases_stay_clean(tmp_path: Path, change: Any, absent: str) -> None:
    items = review(write(tmp_path, "表.yaml", table_text(change)))
    assert absent not in codes(items)
    assert items == []


def test_name_starting_with_a_year_is_only_info(tmp_path: Path) -> None:
    text = table_text(edit("志愿服务时长", rename="2024年度志愿服务时长"))
    items = review(write(tmp_path, "表.yaml", text))
    assert [(r.finding.code, r.finding.severity.value) for r in items] == [
        ("name-holds-value", "info")
    ]
    assert "以年份开头" in items[0].finding.message


def test_not_applicable_row_gives_nothing(tmp_path: Path) -> None:
    na = {"path": ["效益指标", "经济效益指标", "无"], "target": "无", "actual": "无", "weight": 0}
    text = table_text(lambda t: t["indicators"].insert(5, na))
    assert review(write(tmp_path, "表.yaml", text)) == []


# ---- 4. configuration -----------------------------------------------------------------------

FOUR_TIMES = edit("党群活动场次", target="≥34场")  # 136 ÷ 34 = 4


def config(tmp: Path, text: str) -> Path:
    return write(tmp, "审核配置.yaml", text)


def test_raised_ratio_suppresses_a_four_times_finding(tmp_path: Path) -> None:
    path = write(tmp_path, "表.yaml", table_text(FOUR_TIMES))
    [low] = [r.finding for r in review(path) if r.finding.code == "target-too-low"]
    assert "4 倍" in low.message or "4.0 倍" in low.message
    raised = config(tmp_path, "rules:\n  target-too-low: {ratio: 5}\n")
    assert "target-too-low" not in codes(review(path, raised))


def test_a_quoted_threshold_counts_as_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, "表.yaml", table_text(FOUR_TIMES))
    raised = config(tmp_path, 'rules:\n  target-too-low: {ratio: "5"}\n')
    assert "target-too-low" not in codes(review(path, raised))


def test_disabled_rule_is_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "表.yaml", table_text(edit("活动方案审核通过率", target="有所提升")))
    assert "vague-target" in codes(review(path))
    off = config(tmp_path, "rules:\n  vague-target: {enabled: false}\n")
    assert review(path, off) == []


def test_severity_upgrade_makes_the_cli_fail(tmp_path: Path) -> None:
    path = write(tmp_path, "表.yaml", table_text(FOUR_TIMES))
    up = config(tmp_path, "rules:\n  target-too-low: {severity: error}\n")
    [f] = [r.finding for r in review(path, up) if r.finding.code == "target-too-low"]
    assert f.severity.value == "error"
    runner = CliRunner()
    assert runner.invoke(cli, ["review", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["review", str(path), "--config", str(up)])
    assert result.exit_code == 1, result.output
    assert "错误" in result.stdout and "target-too-low" in result.stdout


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("rules:\n  target-too-hig: {ratio: 5}\n", ("target-too-hig", "没有审核规则")),
        ("rules:\n  long-name: {severity: critical}\n", ("long-name", "级别只能是")),
    ],
    ids=["unknown-code", "bad-severity"],
)
def test_bad_config_exits_2_in_chinese(tmp_path: Path, text: str, words: tuple[str, ...]) -> None:
    path = write(tmp_path, "表.yaml", table_text())
    result = CliRunner().invoke(cli, ["review", str(path), "--config", str(config(tmp_path, text))])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    for word in words:
        assert word in result.stderr
    assert CJK.search(result.stderr)


# ---- 5. batch and the written review --------------------------------------------------------

UNITS = ("某区莲花街道办事处", "某区文化广电旅游体育局", "某区卫生健康局")


@pytest.fixture
def batch(tmp_path: Path) -> tuple[api.ReviewRun, Path]:
    folder = tmp_path / "材料"
    folder.mkdir()
    changes = [
        edit("志愿服务时长", rename="2024年度志愿服务时长"),  # info
        edit("党群活动场次", rename="党群活动场次(线上&线下)", target="≥30场"),  # warning
        chain(edit("服务群众人次", actual="1.6万人次", deviation=REASON), FOUR_TIMES),  # error
    ]
    for i, (unit, change) in enumerate(zip(UNITS, changes, strict=True)):
        write(folder, f"{i}_{unit}.yaml", table_text(change, unit=unit))
    broken = folder / "损坏的表.xlsx"
    broken.write_bytes(b"\x00\x13garbage, not a workbook\xff\xfe" * 20)
    return api.review_paths([folder]), broken


def test_batch_lists_the_broken_file_and_reviews_the_rest(
    batch: tuple[api.ReviewRun, Path],
) -> None:
    run, broken = batch
    assert run.unreadable == (broken,)
    assert len(run.files) == 4
    assert {r.unit for r in run.findings} == set(UNITS)
    ranks = [r.finding.severity.rank for r in run.findings]
    assert ranks == sorted(ranks) and set(ranks) == {0, 1, 2}


def test_review_workbook_sheets_and_order(
    batch: tuple[api.ReviewRun, Path], tmp_path: Path
) -> None:
    run, broken = batch
    out = tmp_path / "审核清单.xlsx"
    assert api.write_review(run, out) == []
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    assert names[:2] == ["汇总", "全部问题"] and names[-2:] == ["读表与评分问题", "无法读取"]
    assert set(UNITS) <= set(names)
    codes = {r.finding.code for r in run.findings}
    assert {api.code_title(c) for c in codes} <= set(names)  # a sheet per kind, by title
    assert len(names) == 4 + len(UNITS) + len(codes)
    rows = list(wb["全部问题"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(run.findings)
    levels = [r[0] for r in rows]
    order = {"错误": 0, "警告": 1, "提示": 2}
    assert [order[x] for x in levels] == sorted(order[x] for x in levels)
    assert set(levels) == set(order)
    assert {r[5] for r in rows} == {r.finding.message for r in run.findings}
    unreadable = [r[0] for r in wb["无法读取"].iter_rows(min_row=2, values_only=True)]
    assert unreadable == [broken.name]  # named from the folder reviewed


def test_review_page_escapes_messages_and_loads_nothing(
    batch: tuple[api.ReviewRun, Path], tmp_path: Path
) -> None:
    run, broken = batch
    out = tmp_path / "审核清单.html"
    assert api.write_review(run, out) == []
    page = out.read_text(encoding="utf-8")
    assert any("&" in r.finding.message for r in run.findings)
    for r in run.findings:
        assert html.escape(r.finding.message) in page
    assert "(线上&amp;线下)" in page and "(线上&线下)" not in page
    links = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page, re.I)
    assert not [link for link in links if "http" in link.lower()]
    assert f"<td>{html.escape(broken.name)}</td>" in page  # named from the folder reviewed


# ---- 6. user text is printed literally ------------------------------------------------------


@pytest.mark.parametrize("name", ["指标[1]", "宣传[b]覆盖人次", "活动[/]场次"])
def test_cli_prints_names_literally(tmp_path: Path, name: str) -> None:
    path = write(
        tmp_path, "表.yaml", table_text(chain(FOUR_TIMES, edit("党群活动场次", rename=name)))
    )
    result = CliRunner().invoke(cli, ["review", str(path)])
    assert result.exit_code == 0, result.output
    assert f"「{name}」" in result.stdout
    assert "Traceback" not in result.output
