"""The print-ready self-evaluation table (项目支出绩效自评表) as xlsx, and as tab-separated text.

The xlsx is the scored table a unit hands in: 得分 are jixiao's scores, 执行率, its score,
subtotals and 总分 are formulas with cached values, so Excel and WPS show numbers at once
and recompute if someone edits an amount. Where the source table printed a different
score, the cell carries a comment with the original.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from jixiao.core import limits
from jixiao.core.model import Case, Kind
from jixiao.core.numbers import ZERO, in_unit
from jixiao.core.problems import Location
from jixiao.core.results import Result
from jixiao.export.layout import FUNDS_HEADER, INDICATOR_HEADER, level_label, plain
from jixiao.export.output import OutputError
from jixiao.export.widths import lines_needed, sheet_name
from jixiao.export.xlsx_safe import SafeWorkbook

COLUMNS = (  # width in characters of the nine columns A..I
    9,
    14,
    14,
    24,
    16,
    16,
    9,
    9,
    30,
)
LINE_HEIGHT = 15.0


def _amount(value: Decimal | None, unit: str) -> float | str:
    shown = in_unit(value, unit)
    return "" if shown is None else float(shown)


class _Sheet:
    """Writes cells and remembers the height each row needs for its wrapped text."""

    def __init__(self, wb: SafeWorkbook, ws: Any, formats: dict[str, Any]) -> None:
        self.wb, self.ws, self.f = wb, ws, formats
        self.heights: dict[int, float] = {}

    def _need(self, row: int, text: str, first: int, last: int) -> None:
        width = sum(COLUMNS[first : last + 1])
        self.heights[row] = max(
            self.heights.get(row, LINE_HEIGHT), LINE_HEIGHT * lines_needed(text, width) + 3
        )

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        fmt: str = "cell",
        last_col: int | None = None,
        last_row: int | None = None,
    ) -> None:
        last_col = col if last_col is None else last_col
        last_row = row if last_row is None else last_row
        if (last_col, last_row) != (col, row):
            self.wb.merge_range(self.ws, (row, col), (last_row, last_col), value, self.f[fmt])
        else:
            self.wb.write(self.ws, row, col, value, self.f[fmt])
        if isinstance(value, str) and last_row == row:
            self._need(row, value, col, last_col)

    def formula(self, row: int, col: int, formula: str, cached: Decimal, fmt: str = "num") -> None:
        self.ws.write_formula(row, col, formula, self.f[fmt], float(cached))


def _formats(wb: SafeWorkbook) -> dict[str, Any]:
    base = {
        "font_name": "宋体",
        "font_size": 10,
        "border": 1,
        "valign": "vcenter",
        "text_wrap": True,
    }
    return {
        "title": wb.add_format(
            {
                "font_name": "黑体",
                "font_size": 16,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        "sub": wb.add_format({"font_name": "宋体", "font_size": 11, "align": "center"}),
        "label": wb.add_format({**base, "bold": True, "align": "center", "bg_color": "#F2F2F2"}),
        "cell": wb.add_format({**base, "align": "left"}),
        "center": wb.add_format({**base, "align": "center"}),
        "num": wb.add_format({**base, "align": "right", "num_format": "0.00"}),
        "money": wb.add_format({**base, "align": "right", "num_format": "#,##0.00"}),
        "section": wb.add_format({**base, "bold": True, "align": "left", "bg_color": "#D9E1F2"}),
    }


def write_results_xlsx(results: list[Result], path: Path | IO[bytes]) -> None:
    """The standard self-evaluation workbook of scored tables, one sheet each, at `path` or
    into a stream. More tables than a workbook may have sheets (the `sheets` limit every
    reader applies) is an OutputError: jixiao never writes a workbook it would not read."""
    if len(results) > limits.current().sheets:
        where = path if isinstance(path, Path) else Path("工作簿.xlsx")
        found = limits.exceeded("sheets", len(results), Location(str(where)), "写出的工作簿")
        raise OutputError(where, f"{found.message}；或分成几个文件写出", "limit-exceeded")
    wb = SafeWorkbook(path)
    formats = _formats(wb)
    used: set[str] = set()
    for result in results:
        ws = wb.add_worksheet(sheet_name(result.case.project.name, used, "自评表"))
        _write_table(_Sheet(wb, ws, formats), result)
    wb.close()


def results_xlsx(results: list[Result]) -> bytes:
    """`write_results_xlsx` as the content of the file."""
    buffer = io.BytesIO()
    write_results_xlsx(results, buffer)
    return buffer.getvalue()


def _write_table(s: _Sheet, r: Result) -> None:
    t, ws = r.case, s.ws
    for i, width in enumerate(COLUMNS):
        ws.set_column(i, i, width)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    target = not t.scored
    s.put(0, 0, t.kind.label, "title", 8)
    s.heights[0] = 30
    s.put(1, 0, f"（{t.project.year}年度）" if t.project.year else "", "sub", 8)
    s.put(2, 0, "项目编码", "label")
    s.put(2, 1, t.project.code, "cell", 2)
    s.put(2, 3, "项目名称", "label")
    s.put(2, 4, t.project.name, "cell", 5)
    s.put(2, 6, "年度" if target else "自评年度", "label")
    s.put(2, 7, t.project.year or "", "center", 8)
    s.put(3, 0, "实施单位", "label")
    s.put(3, 1, t.project.unit, "cell", 3)
    s.put(3, 4, "主管部门", "label")
    s.put(3, 5, t.project.department, "cell", 8)
    row, budget_row = (4, None) if target and t.funds is None else _write_funds(s, r, 4)
    row = _write_goal(s, t, row)
    if target:
        _write_targets(s, t, row)
    else:
        _write_indicators(s, r, row, budget_row)
    for n, height in s.heights.items():
        ws.set_row(n, height)


def _write_funds(s: _Sheet, r: Result, row: int) -> tuple[int, int | None]:
    """The funds block; returns the next free row and the row holding the budget score."""
    t, b = r.case, r.budget
    unit = t.funds.money_unit if t.funds else "元"
    s.put(row, 0, "资金使用情况", "section", 8)
    head = row + 1
    for col, text in enumerate(FUNDS_HEADER):
        s.put(head, col, text, "label")
    s.put(head, 8, "", "label")
    lines = [t.funds.total, *t.funds.sources] if t.funds else []
    first = head + 1
    if not lines:
        return first, None
    s.put(first, 0, f"项目资金({unit})", "label", last_row=first + len(lines) - 1)
    for i, line in enumerate(lines):
        n = first + i
        s.put(n, 1, ("其中:" if i == 1 else "") + line.name, "cell")
        for col, value in zip((2, 3, 4), (line.initial, line.annual, line.executed), strict=True):
            s.put(n, col, _amount(value, unit), "money")
        if i == 0 and b is not None:
            annual, executed, weight = (xl_rowcol_to_cell(n, c) for c in (3, 4, 5))
            s.put(n, 5, float(b.weight), "num")
            s.formula(
                n, 6, f"=IF(N({annual})=0,0,ROUND({executed}/{annual}*100,2))", b.rate or ZERO
            )
            s.formula(
                n, 7, f"=IF(N({annual})=0,0,ROUND(MIN({executed}/{annual},1)*{weight},2))", b.score
            )
        else:
            for col in (5, 6, 7):
                s.put(n, col, "—", "center")
        s.put(n, 8, "", "cell")
    return first + len(lines), (first if b is not None else None)


def _write_goal(s: _Sheet, t: Case, row: int) -> int:
    if not t.scored:
        s.put(row, 0, "年度总体目标", "label")
        s.put(row, 1, t.goal_expected, "cell", 8)
        return row + 1
    s.put(row, 0, "项目目标完成情况", "section", 8)
    s.put(row + 1, 0, "年度总体目标", "label", last_row=row + 2)
    s.put(row + 1, 1, "预期目标", "label", 4)
    s.put(row + 1, 5, "实际完成情况", "label", 8)
    s.put(row + 2, 1, t.goal_expected, "cell", 4)
    s.put(row + 2, 5, t.goal_achieved, "cell", 8)
    s.heights[row + 2] = (
        LINE_HEIGHT
        * max(
            lines_needed(t.goal_expected, sum(COLUMNS[1:5])),
            lines_needed(t.goal_achieved, sum(COLUMNS[5:9])),
        )
        + 6
    )
    return row + 3


def _write_indicators(s: _Sheet, r: Result, row: int, budget_row: int | None) -> None:
    t = r.case
    for col, text in enumerate(INDICATOR_HEADER):
        s.put(row, col, text, "label")
    first = row + 1
    items = list(zip(t.indicators, r.indicators, strict=True))
    _merge_levels(s, t, first)
    for i, (row_in, scored) in enumerate(items):
        n = first + i
        s.put(n, 3, row_in.name, "cell")
        s.put(n, 4, row_in.target, "center")
        s.put(n, 5, row_in.actual, "center")
        s.put(n, 6, float(scored.weight), "num")
        s.put(n, 7, float(scored.score), "num")
        printed = row_in.published_text or plain(row_in.published_score)
        if printed and row_in.published_score != scored.score:
            s.ws.write_comment(n, 7, f"原表填报：{printed}", {"font_name": "宋体"})
        s.put(n, 8, row_in.deviation, "cell")
    last = first + len(items) - 1
    s.put(row, 0, "年度绩效指标", "label", last_row=last)
    total = last + 1
    s.put(total, 0, "总分", "label", 5)
    weights = f"{xl_rowcol_to_cell(first, 6)}:{xl_rowcol_to_cell(last, 6)}"
    scores = f"{xl_rowcol_to_cell(first, 7)}:{xl_rowcol_to_cell(last, 7)}"
    plus_w = f"+{xl_rowcol_to_cell(budget_row, 5)}" if budget_row is not None else ""
    plus_s = f"+{xl_rowcol_to_cell(budget_row, 7)}" if budget_row is not None else ""
    s.formula(total, 6, f"=SUM({weights}){plus_w}", r.weight_total)
    s.formula(total, 7, f"=SUM({scores}){plus_s}", r.total)
    s.put(total, 8, f"等级：{r.grade}", "center")


def _write_targets(s: _Sheet, t: Case, row: int) -> None:
    """A 绩效目标表's indicators: names, 年度指标值 and 分值; nothing done, nothing scored.
    A 完成情况表 has 实际完成值 and 偏差原因 instead of 分值."""
    if t.kind == Kind.COMPLETION:
        _write_completion(s, t, row)
        return
    for col, text in enumerate(INDICATOR_HEADER[:5]):
        s.put(row, col, text, "label", last_col=5 if col == 4 else None)
    s.put(row, 6, "分值", "label")
    s.put(row, 7, "备注", "label", 8)
    first = row + 1
    _merge_levels(s, t, first)
    for i, ind in enumerate(t.indicators):
        n = first + i
        s.put(n, 3, ind.name, "cell")
        s.put(n, 4, ind.target, "center", 5)
        s.put(n, 6, "" if ind.weight is None else float(ind.weight), "num")
        s.put(n, 7, "", "cell", 8)
    last = first + len(t.indicators) - 1
    s.put(row, 0, "年度绩效指标", "label", last_row=last)
    if any(ind.weight is not None for ind in t.indicators):
        cells = f"{xl_rowcol_to_cell(first, 6)}:{xl_rowcol_to_cell(last, 6)}"
        weights = sum((ind.weight or ZERO for ind in t.indicators), ZERO)
        s.put(last + 1, 0, "合计", "label", 5)
        s.formula(last + 1, 6, f"=SUM({cells})", weights)
        s.put(last + 1, 7, "", "cell", 8)


def _write_completion(s: _Sheet, t: Case, row: int) -> None:
    for col, text in enumerate(INDICATOR_HEADER[:6]):
        s.put(row, col, text, "label")
    s.put(row, 6, INDICATOR_HEADER[8], "label", 8)
    first = row + 1
    _merge_levels(s, t, first)
    for i, ind in enumerate(t.indicators):
        n = first + i
        s.put(n, 3, ind.name, "cell")
        s.put(n, 4, ind.target, "center")
        s.put(n, 5, ind.actual, "center")
        s.put(n, 6, ind.deviation, "cell", 8)
    s.put(row, 0, "年度绩效指标", "label", last_row=first + len(t.indicators) - 1)


def _merge_levels(s: _Sheet, t: Case, first: int) -> None:
    """Columns B and C: runs of equal level-1 and level-2 names merged into one cell."""
    rows = t.indicators
    for level in (0, 1):
        start = 0
        for i in range(1, len(rows) + 1):
            key = rows[start].path[: level + 1]
            if i == len(rows) or rows[i].path[: level + 1] != key:
                label = level_label(t, key) if len(key) > level else ""
                s.put(first + start, 1 + level, label, "center", last_row=first + i - 1)
                start = i
