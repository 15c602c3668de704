"""Score tables and narrative read from the four seed evaluation reports (issue 15, part 2):
every table, its leaves, weights and scores as printed; the outline's sections, the title,
year, total and grade the text states. Expectations are the documents' own numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.report import ScoreTable, TableRole
from jixiao.ingest.grid import Grid, make_row
from jixiao.ingest.report.narrative import Narrative, prose, read_narrative
from jixiao.ingest.report.tables import find_tables
from jixiao.ingest.text import text_grids

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_grids(number: str) -> list[Grid]:
    [path] = SEEDS.glob(f"{number}_*.txt")
    return text_grids(path.read_bytes(), path.name)


def tables(number: str) -> list[ScoreTable]:
    return [t for g in seed_grids(number) for t in find_tables(g)]


def narrative(number: str) -> Narrative:
    return read_narrative(prose(seed_grids(number)))


def total(values: object) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("seed", "role", "caption", "leaves", "weights", "scores", "printed"),
    [
        # 000's 表 3-1 prints 8 for 质量达标率 where the annex has 7.00: its rows add to
        # 96.48 against its own 总计 95.48 (a disagreement the hand-made case records)
        ("000", TableRole.SUMMARY, "表 3-1", 21, "100", "96.48", "95.48"),
        ("000", TableRole.ANNEX, "项目支出绩效评价指标体系框架", 21, "100", "95.48", "95.48"),
        ("001", TableRole.ANNEX, "部门整体支出绩效评价自评指标评分表", 21, "100", "93.76", "93.76"),
        ("002", TableRole.SUMMARY, "表3-1", 20, "100", "98", "98"),
        ("004", TableRole.ANNEX, "附件", 26, "100", "98", "98"),
    ],
)
def test_each_seed_score_table_is_read_with_its_leaves_and_sums(
    seed: str,
    role: TableRole,
    caption: str,
    leaves: int,
    weights: str,
    scores: str,
    printed: str,
) -> None:
    [table] = [t for t in tables(seed) if t.role is role and t.caption.startswith(caption)]
    assert len(table.rows) == leaves
    assert total(r.weight for r in table.rows) == Decimal(weights)
    assert total(r.score for r in table.rows) == Decimal(scores)
    assert table.total_score == Decimal(printed)
    assert all(r.where.line for r in table.rows)


def test_000_annex_keeps_each_leaf_s_standard_whole_across_pages() -> None:
    annex = next(t for t in tables("000") if t.role is TableRole.ANNEX)
    rows = {r.name: r for r in annex.rows}
    quality = rows["政务服务事务工作质量达标率"]
    assert quality.score == Decimal("7.00") and quality.weight == Decimal(8)
    # the standard ran over a page break in the middle of a word (在线访 | 谈)
    assert "“在线访谈”" in quality.standard and quality.standard.endswith("否则按比例得分。")
    compliance = rows["资金使用合规性"]
    assert compliance.explanation.endswith("用以反映和考核项目资金的规范运行情况。")
    assert "④是否存在截留" in compliance.standard
    assert "①是否符合国家财经法规" not in rows["管理制度健全性"].standard
    # 指标解释 and 评分标准 run together in one cell: split where the scoring starts
    cost = rows["成本控制率"]
    assert cost.explanation.endswith("成本控制程度。") and cost.standard.startswith("评价要点")
    # a PDF converter's $\geq 95\%$ read as the sign it is
    assert "≥ 95%" in rows["民生诉求办理满意率"].standard
    assert rows["预算调整率"].path == ("过程", "资金管理", "预算执行率", "预算调整率")
    assert rows["预算调整率"].weights[-1] == Decimal(4)  # 三级 预算执行率 4 = 2 + 2


def test_004_names_and_text_cut_by_page_breaks_are_joined() -> None:
    [annex] = tables("004")
    names = [r.name for r in annex.rows]
    assert "盐田区群众诉求智慧指挥系统运维月报数量" in names
    assert "资金分配合理性" in names
    rows = {r.name: r for r in annex.rows}
    # the start of a cell before the page break belongs to the leaf after it
    assert rows["资金使用合规性"].explanation.startswith("项目资金使用是")
    assert "项目资金使用是" not in rows["预算执行率"].explanation
    # weights written into the names of the levels: 项目决策 (20分) · 项目立项 (7分)
    assert rows["立项依据充分性"].path[:2] == ("项目决策", "项目立项")
    assert rows["立项依据充分性"].weights == (Decimal(20), Decimal(7))


def test_002_summary_that_lost_a_level_column_reads_names_not_benchmarks() -> None:
    summary = next(t for t in tables("002") if t.caption.startswith("表3-1"))
    first = summary.rows[0]
    assert first.name == "立项依据充分性" and first.benchmark == "充分"
    assert summary.rows[-1].benchmark == "≥95%"


def test_001_header_of_three_rows_reads_level_weights() -> None:
    [annex] = tables("001")
    first = annex.rows[0]
    assert first.path == ("部门决策", "预算编制", "预算编制合理性")
    assert first.weights == (Decimal(25), Decimal(10)) and first.weight == Decimal(5)
    assert first.explanation.startswith("部门(单位)预算的合理性")
    assert first.standard.startswith("1.部门预算编制")


@pytest.mark.parametrize(
    ("seed", "year", "stated", "grade", "sections"),
    [
        ("000", 2023, "95.48", "优", {"conclusion", "problems", "recommendations", "funds"}),
        ("001", 2021, "93.76", "", {"overview"}),
        ("002", 2024, "98", "优秀", {"conclusion", "problems", "recommendations"}),
        ("004", 2023, "98", "优", {"problems", "recommendations", "experience"}),
    ],
)
def test_narrative_states_the_year_total_grade_and_sections(
    seed: str, year: int, stated: str, grade: str, sections: set[str]
) -> None:
    text = narrative(seed)
    assert text.year == year
    assert text.stated_total == Decimal(stated)
    assert text.stated_grade == grade
    assert sections <= set(text.sections())


def test_000_narrative_keeps_sub_headings_in_their_section() -> None:
    parts = narrative("000").sections()
    # （一）进一步参考项目预算测算明细 speaks of the budget, but stands under 六、有关建议
    assert "（一）进一步参考项目预算测算明细" in parts["recommendations"]
    assert "1. 项目绩效目标与预算确定的项目投资额或资金量不相匹配" in parts["problems"]
    assert "砥砺" in parts["experience"] and "砥砺" not in parts["problems"]
    assert "附件" not in parts["other"]


def test_analysis_of_a_leaf_is_the_paragraphs_naming_it() -> None:
    text = narrative("000")
    # no paragraph names it: the block under its parent's heading (2. 满意度), its only leaf
    assert text.analysis_of("民生诉求办理满意率") == ""
    said = text.analysis_of("民生诉求办理满意率", "满意度", alone=True)
    assert "满意度99.78%" in said
    assert "民意速办" not in said
    # a leaf the analysis names in its own paragraph
    assert "356.27" in text.analysis_of("成本控制率")


cells = st.text(
    alphabet="一级指标二三四权重得分分值评分标准扣说明①%.0123456789（）() ", max_size=12
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, max_size=9), max_size=30))
def test_any_grid_reads_without_error(rows: list[list[str]]) -> None:
    grid = Grid(None, tuple(make_row(r, "f.txt", None, i + 1) for i, r in enumerate(rows)))  # type: ignore[arg-type]
    for table in find_tables(grid):
        assert table.rows
    read_narrative((" ".join(r), grid.rows[i].where) for i, r in enumerate(rows))


def test_a_long_hostile_table_reads_in_one_pass() -> None:
    header = ["一级指标", "二级指标", "三级指标", "权重", "得分", "评分标准"]
    body = [["决策", "立项", f"指标{i}", "1", "1", "①" * 200] for i in range(3000)]
    rows = [header, *body]
    grid = Grid(None, tuple(make_row(r, "f.txt", None, i + 1) for i, r in enumerate(rows)))  # type: ignore[arg-type]
    [table] = find_tables(grid)
    assert len(table.rows) == 3000


def test_a_case_keeps_its_score_tables_through_the_codec() -> None:
    from jixiao import codec
    from jixiao.core.model import Case, Project

    case = Case(Project("", "政务服务事务", 2023), score_tables=tuple(tables("000")))
    back = codec.from_document(codec.document(case))
    assert back == case
    assert back.score_tables[1].rows[13].score == Decimal("7.00")
