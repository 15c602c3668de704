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


Tree = list[tuple[str, str, list[str]]]


def tree(table: ScoreTable) -> Tree:
    """Each top-level name with its leaves' weights summed, and its second-level names."""
    top: dict[str, tuple[Decimal, list[str]]] = {}
    for row in table.rows:
        weight, below = top.get(row.path[0], (Decimal(0), []))
        if len(row.path) > 1 and row.path[1] not in below:
            below.append(row.path[1])
        top[row.path[0]] = (weight + (row.weight or 0), below)
    return [(name, str(weight), below) for name, (weight, below) in top.items()]


_PROJECT_002 = [
    ("项目决策", "20", ["项目立项", "绩效目标", "资金投入"]),
    ("项目管理", "20", ["资金管理", "组织实施"]),
    ("项目产出", "40", ["产出数量", "产出质量", "产出时效", "产出成本"]),
    ("项目效益", "20", ["社会效益", "可持续影响", "满意度"]),
]
_PROJECT_000 = [
    ("决策", "19", ["项目立项", "绩效目标", "资金投入"]),
    ("过程", "21", ["资金管理", "组织实施"]),
    ("产出", "30", ["产出数量", "产出质量", "产出时效", "产出成本"]),
    ("效益", "30", ["项目效益"]),
]


@pytest.mark.parametrize(
    ("seed", "caption", "expected"),
    [
        # 000: rows after a page break lost their leading blank (绩效目标 | 绩效目标合理性 | 3 …
        # is 二级 under 决策, 组织实施 二级 under 过程), 资金使用合规性 lost one of two
        ("000", "表 3-1", _PROJECT_000),
        ("000", "项目支出绩效评价指标体系框架", _PROJECT_000),
        (
            "001",
            "部门整体支出绩效评价自评指标评分表",
            [
                ("部门决策", "25", ["预算编制", "目标设置"]),
                ("部门管理", "20", ["资金管理", "项目管理", "资产管理", "人员管理", "制度管理"]),
                ("部门绩效", "55", ["经济性", "效率性", "效果性", "公平性"]),
            ],
        ),
        ("002", "表 2-1", _PROJECT_002),
        # 表3-1's text prints 项目效益 on the 产出成本 row, a row before its group: 表 2-1
        # says 产出成本 is 项目产出's; 满意度 stands alone, 表 2-1 puts it under 项目效益
        ("002", "表3-1", _PROJECT_002),
        # the annex's text puts group names at the top of each page (资金投入 on the
        # 绩效指标明确性 row, 组织实施 on 预算执行率's, 项目效益 on 产出时效's) and loses
        # 资金分配合理性's name and weight: 项目决策 adds to 18 as printed
        ("002", "2024 年度", [("项目决策", "18", _PROJECT_002[0][2]), *_PROJECT_002[1:]]),
        (
            "004",
            "附件",
            [
                ("项目决策", "20", ["项目立项", "绩效目标", "资金投入"]),
                ("项目管理", "20", ["资金管理", "组织实施"]),
                ("项目产出", "35", ["产出数量", "产出质量", "产出时效", "产出成本"]),
                ("项目效益", "25", ["社会效益", "满意度"]),
            ],
        ),
    ],
)
def test_each_seed_score_table_has_the_report_s_tree(
    seed: str, caption: str, expected: Tree
) -> None:
    [table] = [t for t in tables(seed) if t.caption.startswith(caption)]
    assert tree(table) == expected


def test_002_annex_rows_a_pdf_broke_are_one_leaf_each() -> None:
    annex = next(t for t in tables("002") if t.caption.startswith("2024 年度"))
    rows = {r.name: r for r in annex.rows}
    assert len(rows) == len(annex.rows) == 20
    # weight on one line, score on the next
    clear = rows["绩效指标明确性"]
    assert (clear.weight, clear.score, clear.benchmark) == (Decimal(3), Decimal(2), "明确")
    # the row shifted left but its explanation stood in its column: 合理 is the 标杆值
    science = rows["预算编制科学性"]
    assert science.path == ("项目决策", "资金投入", "预算编制科学性")
    assert science.benchmark == "合理" and science.explanation.startswith("项目预算编制")
    # no name printed: the member 表 2-1 lists next under 资金投入
    assert rows["资金分配合理性"].weight is None and rows["资金分配合理性"].score == Decimal(2)
    assert rows["管理制度健全性"].path == ("项目管理", "组织实施", "管理制度健全性")
    assert rows["政府部门及市民满意度"].standard.startswith("政府部门及市民满意度≥90%")


def _grid(text: str) -> Grid:
    [grid] = text_grids(text.strip().replace("|", "\t").encode(), "invented.txt")
    return grid


# Another province's order — 指标解释 and 评分标准 before 分值, four levels — read from a PDF:
# after the page break each row lost the blanks it started with (资金落实 is 二级 under 投入,
# 预算执行率 三级 under 资金落实, 服务满意率 四级 under 满意度)
_FOUR_LEVELS = """
附表 2 项目绩效评价评分表
一级指标|二级指标|三级指标|四级指标|指标解释|评分标准|分值|得分|扣分原因
投入|预算编制|预算编制科学性|测算依据充分性|预算是否经过测算。|有测算依据得满分。|4|4|
|||预算内容匹配性|预算内容与工作内容是否匹配。|匹配得满分。|3|3|
||资金分配合理性|资金分配合理性|分配是否有依据。|合理得满分。|3|2|依据不足扣1分
一级指标|二级指标|三级指标|四级指标|指标解释|评分标准|分值|得分|扣分原因
资金落实|资金到位率|资金到位率|到位资金与预算资金之比。|到位率×分值。|5|5|
预算执行率|预算执行率|执行资金与到位资金之比。|执行率×分值。|5|4.5|执行率90%
产出|产出数量|完成率|培训完成率|培训场次完成比例。|完成率×分值。|20|20|
一级指标|二级指标|三级指标|四级指标|指标解释|评分标准|分值|得分|扣分原因
产出质量|合格率|验收合格率|验收合格的比例。|合格率×分值。|20|18|一项未验收
效益|社会效益|群众获得感|群众获得感提升|获得感是否提升。|显著得满分。|30|30|
|满意度|满意度|服务对象满意率|服务对象的满意比例。|≥90%得满分。|5|5|
一级指标|二级指标|三级指标|四级指标|指标解释|评分标准|分值|得分|扣分原因
工作人员满意率|工作人员的满意比例。|≥90%得满分。|5|4|满意率88%
合计|||||||100|95.5|
"""


def test_a_four_level_table_whose_rows_lost_their_leading_blanks() -> None:
    [table] = find_tables(_grid(_FOUR_LEVELS))
    assert tree(table) == [
        ("投入", "20", ["预算编制", "资金落实"]),
        ("产出", "40", ["产出数量", "产出质量"]),
        ("效益", "40", ["社会效益", "满意度"]),
    ]
    rows = {r.name: r for r in table.rows}
    assert rows["预算执行率"].path == ("投入", "资金落实", "预算执行率", "预算执行率")
    assert rows["预算执行率"].note == "执行率90%" and rows["预算执行率"].score == Decimal("4.5")
    assert rows["工作人员满意率"].path == ("效益", "满意度", "满意度", "工作人员满意率")
    assert rows["工作人员满意率"].standard == "≥90%得满分。"
    assert table.total_score == Decimal("95.5")


# 001's layout (each level's 名称 | 分值) from a PDF that dropped the blanks: 组织 | 20 is a
# 二级 and its weight under 管理, not a new 一级
_LEVEL_WEIGHTS = """
评价指标||||||评分标准|得分
一级指标||二级指标||三级指标||||
名称|分值|名称|分值|名称|分值||
决策|20|目标|8|目标明确性|8|明确得满分。|6
||投入|12|预算科学性|6|科学得满分。|6
||||资金合理性|6|合理得满分。|5
管理|30|资金|10|资金到位率|10|到位率×分值。|10
组织|20|制度健全性|12|健全得满分。|12
制度执行性|8|有效得满分。|7
"""


def test_a_table_of_level_weights_whose_rows_lost_their_leading_blanks() -> None:
    [table] = find_tables(_grid(_LEVEL_WEIGHTS))
    assert tree(table) == [("决策", "20", ["目标", "投入"]), ("管理", "30", ["资金", "组织"])]
    rows = {r.name: r for r in table.rows}
    assert rows["制度执行性"].path == ("管理", "组织", "制度执行性")
    assert rows["制度执行性"].weights == (Decimal(30), Decimal(20))


# one report, two tables: the framework, then the scores, where the text printed 效益 on the
# row before its group (a merged cell's name put a row early)
_TWO_TABLES = """
表 2-1 指标体系
一级指标|二级指标|三级指标|分值
决策|立项|立项依据|5
||立项程序|5
|目标|目标明确|10
产出|数量|完成数|30
|质量|合格率|20
效益|社会效益|群众受益|20
|满意度|满意率|10
表 3-1 得分表
一级指标|二级指标|三级指标|分值|得分
决策|立项|立项依据|5|5
||立项程序|5|4
|目标|目标明确|10|9
产出|数量|完成数|30|30
效益|质量|合格率|20|18
|社会效益|群众受益|20|20
|满意度|满意率|10|9
"""


def test_a_group_name_printed_a_row_early_waits_for_its_group() -> None:
    framework, scores = find_tables(_grid(_TWO_TABLES))
    expected = [
        ("决策", "20", ["立项", "目标"]),
        ("产出", "50", ["数量", "质量"]),
        ("效益", "30", ["社会效益", "满意度"]),
    ]
    assert tree(framework) == expected
    assert tree(scores) == expected
    # alone, the score table can only say what its text says
    [alone] = find_tables(_grid(_TWO_TABLES[_TWO_TABLES.index("表 3-1") :]))
    assert tree(alone)[1:] == [
        ("产出", "30", ["数量"]),
        ("效益", "50", ["质量", "社会效益", "满意度"]),
    ]


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
