"""The layout corpus of issue 11: seed 003's seven tables written in every layout of
``xlsx_layouts`` and ``xlsx_more_layouts`` (see ``CORPUS``) must score exactly as the national
layout does: the same tables, indicator paths, targets, actuals, weights, scores, budget
execution and total, and the same problem codes; and no workbook row is ever read shifted.

Differences by design, and only these, are allowed:

* Hubei (``hubei`` layout): 预算执行情况（20分）, 得分（20分*执行率）: the budget is worth 20,
  so its score is 执行率 × 20 (two places, half up) and the total moves by the difference;
  there is no 年初预算数 column. The indicators keep seed 003's 90 points, so the table adds
  up to 110 and every table has a ``weight-total`` warning.
* Split value columns (Sichuan ``variant_a``, ``sichuan_split``, ``yunnan``): 指标性质 | 指标值
  | 度量单位 state the comparator, so a target written "99%以上" in the national layout is
  "≥ | 99 | %" there and reads "≥99%".
* Anhui (``variant_b``): the template's "……" row closing every 二级指标 group is read as an
  empty, weight-0 row (docs/target-language.md: 不计分、不提示); it is left out of the
  comparison, and there must be exactly one per group.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jixiao import api
from jixiao.core.results import Result
from xlsx_fixtures import seed003_tables
from xlsx_layouts import split_target
from xlsx_more_layouts import CORPUS, READER_GAPS, CorpusEntry, build_corpus, hubei_budget_score

NATIONAL = "national"
HUBEI = {name for name, e in CORPUS.items() if e.layout == "hubei"}
SPLIT = {name for name, e in CORPUS.items() if e.layout in ("variant_a", "sichuan_split", "yunnan")}
ANHUI = {name for name, e in CORPUS.items() if e.layout == "variant_b"}
# problem codes a layout gives beyond the national layout's, by design, in each table
EXTRA_CODES: dict[str, Counter[str]] = {name: Counter({"weight-total": 1}) for name in HUBEI}
# and review findings, over the whole file: Hubei's seven tables each weigh 110
REVIEW_EXTRA: dict[str, Counter[str]] = {name: Counter({"weight-sum": 7}) for name in HUBEI}
FILLER = "……"
NO_SOFFICE = "LibreOffice (soffice) is not installed: the .xls / .ods copies are made with it"

Scored = Callable[[str], api.ScoreRun]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    entries = {NATIONAL: CorpusEntry("national"), **CORPUS}
    entries.update({name: entry for name, (entry, _) in READER_GAPS.items()})
    return build_corpus(tmp_path_factory.mktemp("corpus"), seed003_tables(), entries)


@pytest.fixture(scope="module")
def scored(corpus: dict[str, Path]) -> Scored:
    """Each workbook of the corpus scored once."""
    runs: dict[str, api.ScoreRun] = {}

    def score(name: str) -> api.ScoreRun:
        if name not in corpus:
            assert CORPUS[name].kind != "xlsx" and shutil.which("soffice") is None
            pytest.skip(NO_SOFFICE)
        if name not in runs:
            runs[name] = api.score_paths([corpus[name]])
        return runs[name]

    return score


def tables(run: api.ScoreRun) -> list[Result]:
    results = [r for r in run.results if not r.case.evaluation]
    assert len(results) == len(run.results) == 7
    return results


def split_form_target(target: str) -> str:
    """A national target as the split columns state it: "99%以上" → "≥99%"."""
    nature, value, measure = split_target(target)
    return target if nature == "定性" else f"{'' if nature == '=' else nature}{value}{measure}"


Indicator = tuple[tuple[str, ...], str, str, Decimal, Decimal, Decimal | None]


def indicators(result: Result) -> list[Indicator]:
    return [
        (i.path, i.target, i.actual, i.weight, i.score, i.published_score)
        for i in result.indicators
    ]


def expected_indicators(name: str, national: Result) -> list[Indicator]:
    rows = indicators(national)
    if name in SPLIT:
        rows = [(p, split_form_target(t), a, w, s, ps) for p, t, a, w, s, ps in rows]
    return rows


def compared_indicators(name: str, result: Result) -> list[Indicator]:
    rows = indicators(result)
    if name in ANHUI:
        fillers = [r for r in rows if r[0][-1] == FILLER]
        groups = {r[0][:2] for r in rows if r[0][-1] != FILLER}
        assert len(fillers) == len(groups)  # one "……" row closing every 二级指标 group
        assert all(r[1:3] == ("", "") and r[3] == r[4] == 0 and r[5] is None for r in fillers)
        rows = [r for r in rows if r[0][-1] != FILLER]
    return rows


def test_the_corpus_covers_every_family_in_at_least_twenty_layouts() -> None:
    assert len(CORPUS) >= 20
    layouts = {entry.layout for entry in CORPUS.values()}
    families = {
        "shenzhen", "variant_a", "variant_b", "hubei", "wrapped", "unit_above", "unit_in_label",
        "unit_in_columns", "extra_columns", "two_row_tree", "two_row_values", "sichuan_split",
        "yunnan", "department", "everything",
    }  # fmt: skip
    assert families <= layouts
    kinds = Counter(entry.kind for entry in CORPUS.values())
    assert kinds["xls"] >= 2 and kinds["ods"] >= 2
    quirks = [entry.quirks for entry in CORPUS.values()]
    assert any(q.get("stack") == "one_sheet" for q in quirks)  # several tables on one sheet
    assert any(q.get("stack") is None for q in quirks)  # one table per sheet
    assert any(q.get("thousands") and q.get("numbers") is None for q in quirks)  # "1,907,000.00"
    assert any(entry.percents for entry in CORPUS.values())


# What each family's workbook must hold, so that a layout cannot quietly degrade into another
MARKERS: dict[str, tuple[str, ...]] = {
    "hubei": (
        "预算执行情况（元）（20分）",
        "得分（20分*执行率）",
        "年度财政资金总额",
        "年初目标值（A）",
    ),
    "wrapped": ("一级\n指标", "年度\n指标值", "项目资\n金（元）", "年度资\n金总额"),
    "unit-above": ("单位：元", "项目资金"),
    "unit-in-label-wan": ("预算执行情况（万元）",),
    "unit-in-columns": ("年初预算数（元）", "全年执行数（元）", "项目资金"),
    "extra-columns": (
        "序号",
        "备注",
        "填报单位（盖章）：" + seed003_tables()[0]["project"]["unit"],
    ),
    "two-row-tree": ("绩效指标", "一级指标"),
    "two-row-values": ("指标完成情况", "年度指标值"),
    "sichuan-split": ("指标性质", "度量单位", "完成值", "年度预算数(元)", "合计"),
    "yunnan": ("≧", "≦", "═", "﹦"),
    "department": ("部门整体支出绩效自评表", "部门（单位）名称", "年度主要任务", "其中：基本支出"),
    "national-yuan-thousands-text": ("1,907,000.00", "13,085,288.70"),
    "hubei-one-sheet-thousands": ("1,707,000.00",),
    "everything-one-sheet": ("序\n号", "单位：元", "一级\n指标", "填报人：张三", "1,655,667.00"),
}


def test_each_workbook_holds_the_form_it_stands_for(corpus: dict[str, Path]) -> None:
    for name, markers in MARKERS.items():
        workbook = openpyxl.load_workbook(corpus[name])
        texts = {
            cell.value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        }
        assert set(markers) <= texts, name
        if name.endswith("one-sheet") or "one-sheet-" in name:
            assert len(workbook.worksheets) == 1, name
        elif CORPUS[name].quirks.get("stack") is None:
            assert len(workbook.worksheets) == 7, name
    tree = openpyxl.load_workbook(corpus["two-row-tree"]).worksheets[0]
    assert any(
        str(area) == "A12:D12" for area in tree.merged_cells.ranges
    )  # 绩效指标 over 一级…三级
    assert tree["B13"].value == "一级指标" and tree["E12"].value == "年度指标值"
    percents = openpyxl.load_workbook(corpus["percent-numbers"])
    formatted = [
        cell
        for sheet in percents.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if "%" in cell.number_format
    ]
    assert len(formatted) > 40 and all(isinstance(c.value, int | float) for c in formatted)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_layout_scores_as_the_national_layout(scored: Scored, name: str) -> None:
    base, run = tables(scored(NATIONAL)), tables(scored(name))
    for national, result in zip(base, run, strict=True):
        project = national.case.project.name
        assert result.case.project.name == project
        assert compared_indicators(name, result) == expected_indicators(name, national), project
        assert national.budget is not None and result.budget is not None
        b, n = result.budget, national.budget
        assert (b.annual, b.executed, b.rate) == (n.annual, n.executed, n.rate), project
        assert b.rate is not None
        if name in HUBEI:  # 得分（20分*执行率）: no 年初预算数; 20 points, indicators unchanged
            assert b.initial is None and b.weight == 20
            assert b.score == hubei_budget_score(b.rate) == b.published_score, project
            assert result.total == national.total - n.score + b.score, project
            assert result.weight_total == national.weight_total + 10
        else:
            assert (b.initial, b.weight, b.score) == (n.initial, n.weight, n.score), project
            assert result.total == national.total, project
            assert result.weight_total == national.weight_total
            assert result.grade == national.grade


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_no_workbook_row_is_read_shifted(scored: Scored, name: str) -> None:
    assert "column-shift" not in [p.code for p in scored(name).problems]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_layout_gives_the_national_problem_codes(scored: Scored, name: str) -> None:
    """Every problem the national layout gives, and only those plus the layout's by design
    (counted per table, and over the whole file, reading problems included)."""
    national, run = scored(NATIONAL), scored(name)
    extra = EXTRA_CODES.get(name, Counter())
    for n, r in zip(tables(national), tables(run), strict=True):
        codes = Counter(p.code for p in r.problems)
        assert codes == Counter(p.code for p in n.problems) + extra, n.case.project.name
    every = Counter({code: count * 7 for code, count in extra.items()})
    assert (
        Counter(p.code for p in run.problems) == Counter(p.code for p in national.problems) + every
    )


def test_the_hubei_budget_is_twenty_points_of_the_execution_rate(scored: Scored) -> None:
    """Seed 003's 干部健康管理: 39,099.42 of 41,000 元, 95.36 %: 19.07 of 20 (9.54 of 10)."""
    result = tables(scored("hubei"))[1]
    assert result.budget is not None
    assert (result.budget.rate, result.budget.weight) == (Decimal("95.36"), 20)
    assert result.budget.score == Decimal("19.07")


@pytest.mark.parametrize("name", sorted(READER_GAPS))
@pytest.mark.xfail(strict=True, reason="reader gap, reported in issue 11; see READER_GAPS")
def test_forms_the_reader_gets_wrong_today(scored: Scored, name: str) -> None:
    """When this passes, move the entry from READER_GAPS into CORPUS."""
    national, run = scored(NATIONAL), scored(name)
    assert Counter(p.code for p in run.problems) == Counter(p.code for p in national.problems)
    for n, r in zip(tables(national), tables(run), strict=True):
        assert r.case.funds is not None and n.case.funds is not None
        assert r.case.funds.total == n.case.funds.total


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_review_and_score_agree_on_each_layout(
    corpus: dict[str, Path], scored: Scored, name: str
) -> None:
    """`review` redoes the arithmetic `score` does: it flags (score-mismatch,
    budget-score-mismatch) exactly the indicators and budgets whose printed score differs from
    the score jixiao computes, in every layout, and its findings are the national layout's."""
    run = scored(name)  # skips the .xls / .ods copies without LibreOffice
    reviewed = api.review_paths([corpus[name]]).findings
    differing = Counter(
        f"「{i.path[-1]}」表内得分"
        for r in tables(run)
        for i in r.indicators
        if i.published_score is not None and abs(i.published_score - i.score) > Decimal("0.01")
    )
    differing += Counter(
        "预算执行率得分"
        for r in tables(run)
        if r.budget is not None
        and r.budget.published_score is not None
        and abs(r.budget.published_score - r.budget.score) > Decimal("0.01")
    )
    flagged = Counter(
        next(
            (k for k in differing if k in f.finding.message),
            f.finding.message,
        )
        for f in reviewed
        if f.finding.code in ("score-mismatch", "budget-score-mismatch")
        and "执行率 " not in f.finding.message.split("，")[0]
    )
    assert flagged == differing
    national = Counter(f.finding.code for f in api.review_paths([corpus[NATIONAL]]).findings)
    codes = Counter(f.finding.code for f in reviewed)
    assert codes == national + REVIEW_EXTRA.get(name, Counter()), name
