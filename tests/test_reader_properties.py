"""Whatever the grid, the table reader returns tables and problems; it never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.ingest.selfeval import read_tables
from jixiao.ingest.text import grid_from_text
from jixiao.scoring.selfeval import score_table

WORDS = [
    "项目支出绩效自评表",
    "项目名称:",
    "项目编码:",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "年度资金总额",
    "其中:当年财政拨款",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
    "产出指标(50分)",
    "数量指标",
    "成本指标",
    "总分",
    "≥200人次",
    "100%",
    "#####",
    "无",
    "7.00",
    "0",
    "-3",
    "1e9",
    "",
    "有所提升",
    "第四季度",
    "预期目标",
    "年度总体目标",
    "—",
    "合计",
    "abc",
    "12,000.50",
]
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
row = st.lists(cell, max_size=12).map("\t".join)
document = st.lists(row, max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(document)
def test_reader_and_scorer_never_raise(text: str) -> None:
    tables, problems = read_tables(grid_from_text(text, "随机.txt"))
    for table in tables:
        result = score_table(table)
        assert result.total >= 0
    assert all(p.where.file == "随机.txt" for p in problems)
