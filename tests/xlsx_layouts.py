"""Layouts behind ``tests/xlsx_fixtures.py``: spec types, quirk options and sheet grids.

A layout turns one :class:`TableSpec` into a :class:`Grid` (logical cells, merges, formulas).
:func:`write_grid` then puts the grid on a worksheet and applies the physical quirks (inserted
blank columns, text-or-number typing, number formats, Excel errors). Sources and the layouts'
provenance are described in the docstring of ``tests/xlsx_fixtures.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal, NotRequired, TypedDict

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Num = str | int | float | None


class ProjectSpec(TypedDict):
    name: str
    year: int
    unit: str  # 实施单位
    code: NotRequired[str]  # 项目编码
    department: NotRequired[str]  # 主管部门 / 一级预算单位


class FundsSpec(TypedDict):
    # keys 年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金 (variant_a also reads
    # 财政专户管理资金 and 单位资金); values [年初预算数, 全年预算数, 全年执行数]
    rows: dict[str, list[Num]]
    unit: NotRequired[str]  # "元" or "万元"
    weight: NotRequired[Num]  # 分值 of budget execution, normally 10
    rate: NotRequired[Num]  # 执行率 in percent points, e.g. "7.32"
    score: NotRequired[Num]
    note: NotRequired[str]  # variant_a 原因 cell


class GoalSpec(TypedDict, total=False):
    expected: str
    achieved: str
    process: str  # variant_a 项目实施内容及过程概述


class IndicatorSpec(TypedDict):
    l1: str
    l2: str
    l3: str
    target: str
    actual: str
    weight: Num
    score: Num
    reason: NotRequired[str]
    # variant_a 指标性质 / 指标值 / 度量单位; split from target when absent
    nature: NotRequired[str]
    value: NotRequired[str]
    measure: NotRequired[str]


class TotalSpec(TypedDict, total=False):
    weight: Num
    score: Num
    reason: str
    conclusion: str  # variant_a 评价结论 / 存在问题 / 改进措施
    problems: str
    measures: str


class TableSpec(TypedDict):
    project: ProjectSpec
    funds: FundsSpec
    goal: GoalSpec
    indicators: list[IndicatorSpec]
    total: TotalSpec


@dataclass(frozen=True)
class Quirks:
    """Real-world quirks; every flag is independent of the others."""

    merge_l1_l2: bool = True  # 一级/二级指标 and frame labels merged vertically
    merge_headers: bool = True  # header, label and long-text cells merged horizontally
    merge_title: bool = True  # title (and year line) merged across the table width
    repeat_l1_l2: bool = False  # when not merged: repeat l1/l2 on every row, else first row only
    blank_rows: bool = False  # an empty row between the blocks of a table
    blank_columns: tuple[int, ...] = ()  # logical columns before which an empty one is inserted
    header_overrides: Mapping[str, str] = field(default_factory=dict)  # see HEADER_VARIANTS
    numbers: Literal["text", "number"] = "text"  # "7.00" as text, or 7.0 with format "0.00"
    thousands: bool = False  # amounts as "1,907,000.00" (text) or with format "#,##0.00"
    money_unit: Literal["元", "万元"] | None = None  # convert amounts and the unit label
    stack: Literal["sheets", "one_sheet"] = "sheets"  # one table per sheet, or all stacked
    stack_gap: int = 2  # blank rows between stacked tables
    sheet_name: str | None = None  # name of the sheet when stacked
    title: bool = True  # the title row
    year_row: bool | None = None  # a "（2023年度）" row under the title; None: layout default
    instruction: str | None = None  # a line above the title ("附件1"); None: layout default
    l1_points: Literal["keep", "strip", "add"] = "keep"  # "产出指标(50分)" vs "产出指标"
    hash_scores: bool = False  # indicator scores '#####' and total '####' (too narrow column)
    rate_error: bool = False  # funds 执行率 and 得分 as a real #DIV/0! error cell
    formulas: bool = False  # 执行率, 得分 and 总分 as formulas (openpyxl writes no cached value)


HEADER_VARIANTS: dict[str, dict[str, str]] = {
    "weight": {"weight": "权重"},
    "indicator_value": {"target": "指标值", "actual": "完成值", "weight": "权重"},
    "target_value": {"target": "目标值", "actual": "完成值", "weight": "权重"},
    "starred": {"actual": "* 实际完成值", "weight": "* 分值", "score": "* 得分"},
    "plain": {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"},
}
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


@dataclass(frozen=True)
class Money:
    value: Num


@dataclass(frozen=True)
class Numeric:
    value: Num


@dataclass(frozen=True)
class Percent:
    value: Num  # percent points: "95.36" shows as "95.36%" or 0.9536 formatted "0.00%"


@dataclass(frozen=True)
class Formula:
    template: str  # "=ROUND({0}/{1}*100,2)"; placeholders are grid cells given in refs
    refs: tuple[tuple[int, int], ...]
    number_format: str = "0.00"


Value = str | Money | Numeric | Percent | Formula | None
Tail = Callable[[IndicatorSpec, int], Sequence[Value]]


@dataclass
class Grid:
    width: int
    quirks: Quirks
    widths: tuple[float, ...] = ()
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    boxed: set[int] = field(default_factory=set)
    height: int = 0

    def add(self, *values: Value, boxed: bool = True) -> int:
        row = self.height
        for col, value in enumerate(values):
            if value is not None and value != "":
                self.cells[(row, col)] = value
        if boxed:
            self.boxed.add(row)
        self.height += 1
        return row

    def spans(self, *ranges: tuple[int, int, int, int], kind: str = "header") -> None:
        for r1, c1, r2, c2 in ranges:
            self.span(r1, c1, r2, c2, kind)

    def gap(self) -> None:
        if self.quirks.blank_rows:
            self.height += 1

    def span(self, r1: int, c1: int, r2: int, c2: int, kind: str = "header") -> None:
        q = self.quirks
        allowed = {"title": q.merge_title, "header": q.merge_headers, "tree": q.merge_l1_l2}
        if allowed[kind] and (r2 > r1 or c2 > c1):
            self.merges.append((r1, c1, r2, c2))


def text_of(value: Num) -> str:
    return "" if value is None else str(value)


def decimal_of(value: Num) -> Decimal | None:
    try:
        number = Decimal(text_of(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def convert_money(value: Num, src: str, dst: str) -> Num:
    """Amount in unit ``src`` expressed in ``dst``; text that is not a number is returned as is."""
    number = decimal_of(value)
    if number is None or src == dst:
        return value
    if dst == "万元":
        shown = f"{number / 10000:.6f}".rstrip("0")
        return shown + "0" * max(0, 2 - len(shown.partition(".")[2]))
    return f"{number * 10000:.2f}"


def split_target(target: str) -> tuple[str, str, str]:
    """Sichuan columns 指标性质 / 指标值 / 度量单位 from a free-text target."""
    m = re.fullmatch(r"\s*(≥|≤|>|<|=|＝)?\s*(\d[\d,]*(?:\.\d+)?)\s*([^\d\s;；,，]*)\s*", target)
    if m is None:
        return "定性", target, ""
    op, value, unit = m.group(1) or "=", m.group(2), m.group(3)
    if unit.endswith(("以上", "以下")):
        op, unit = ("≥" if unit.endswith("以上") else "≤"), unit[:-2]
    return op, value, unit


def _decimals(text: str) -> int:
    return len(text.partition(".")[2]) if "." in text else 0


def _assign(cell: Cell, value: Value, q: Quirks, addr: Callable[[tuple[int, int]], str]) -> None:
    if isinstance(value, Formula):
        cell.value = value.template.format(*(addr(ref) for ref in value.refs))
        cell.number_format = value.number_format
        return
    if isinstance(value, str):
        cell.value = value
        if value in EXCEL_ERRORS:
            cell.data_type = "e"
        return
    text = "" if value is None else text_of(value.value).strip()
    if not text:
        return
    number = decimal_of(text)
    places = _decimals(text.replace(",", ""))
    if isinstance(value, Percent):
        if number is None:
            cell.value = text
        elif q.numbers == "number":
            cell.value, cell.number_format = float(number / 100), "0.00%"
        else:
            cell.value = f"{number:.2f}%"
    elif number is None:
        cell.value = text
    elif q.numbers == "number":
        cell.value = float(number) if places else int(number)
        grouping = "#,##0" if q.thousands and isinstance(value, Money) else "0"
        cell.number_format = grouping + ("." + "0" * places if places else "")
    elif q.thousands and isinstance(value, Money):
        cell.value = f"{number:,.{places}f}"
    else:
        cell.value = text


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_grid(ws: Worksheet, grid: Grid, top: int = 1) -> int:
    """Write ``grid`` with its first row at ``top``; return the number of rows used."""
    q = grid.quirks

    def col(c: int) -> int:
        return 1 + c + sum(1 for b in q.blank_columns if b <= c)

    def addr(ref: tuple[int, int]) -> str:
        return f"{get_column_letter(col(ref[1]))}{top + ref[0]}"

    for row in sorted(grid.boxed):
        for c in range(grid.width):
            cell = ws.cell(row=top + row, column=col(c))
            cell.border, cell.alignment = _BOX, _WRAP
    for (row, c), value in grid.cells.items():
        cell = ws.cell(row=top + row, column=col(c))
        assert isinstance(cell, Cell)  # merges are applied after the values
        _assign(cell, value, q, addr)
        if row not in grid.boxed:
            cell.font = Font(bold=True, size=14)
    for r1, c1, r2, c2 in grid.merges:
        ws.merge_cells(
            start_row=top + r1, start_column=col(c1), end_row=top + r2, end_column=col(c2)
        )
    if top == 1:
        for c, width in enumerate(grid.widths):
            ws.column_dimensions[get_column_letter(col(c))].width = width
    return grid.height


def _heads(q: Quirks, keys: str, defaults: Sequence[str]) -> list[str]:
    """Header texts for the space-separated logical ``keys``, after Quirks.header_overrides."""
    return [q.header_overrides.get(k, d) for k, d in zip(keys.split(), defaults, strict=True)]


def _preamble(g: Grid, title: str, year_line: str | None, instruction: str | None) -> None:
    q = g.quirks
    note = q.instruction if q.instruction is not None else instruction
    if note:
        g.add(note, boxed=False)
    for line in (title if q.title else None, year_line):
        if line:
            row = g.add(line, boxed=False)
            g.span(row, 0, row, g.width - 1, "title")


def _runs(keys: Sequence[object]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def _points_label(label: str, mode: str, group: Sequence[IndicatorSpec]) -> str:
    bare = re.sub(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$", "", label)
    if mode == "strip":
        return bare
    if mode == "add" and bare == label:
        total = sum((decimal_of(i["weight"]) or Decimal(0) for i in group), Decimal(0))
        return f"{label}({total.normalize():f}分)"
    return label


def _tree(g: Grid, inds: Sequence[IndicatorSpec], tail: Tail) -> tuple[int, int]:
    """Indicator rows: l1 in column 1, l2 in column 2, then ``tail``; returns (first, last)."""
    q, start = g.quirks, g.height
    runs1 = _runs([i["l1"] for i in inds])
    runs2 = _runs([(i["l1"], i["l2"]) for i in inds])
    labels = {a: _points_label(inds[a]["l1"], q.l1_points, inds[a : b + 1]) for a, b in runs1}
    heads1 = {k: labels[a] for a, b in runs1 for k in range(a, b + 1)}
    firsts1, firsts2 = {a for a, _ in runs1}, {a for a, _ in runs2}
    every = q.repeat_l1_l2 and not q.merge_l1_l2
    for k, ind in enumerate(inds):
        l1 = heads1[k] if every or k in firsts1 else None
        l2 = ind["l2"] if every or k in firsts2 else None
        g.add(None, l1, l2, ind["l3"], *tail(ind, g.height))
    for col, runs in ((1, runs1), (2, runs2)):
        for a, b in runs:
            g.span(start + a, col, start + b, col, "tree")
    return start, g.height - 1


def _score(q: Quirks, value: Num) -> Value:
    return "#####" if q.hash_scores else Numeric(value)


def _funds_rate(q: Quirks, f: FundsSpec, row: int, c: int, pct: bool) -> tuple[Value, Value]:
    """执行率 and 得分 of the total funds row; c = column of 年初预算数 (then 全年, 执行, ...)."""
    if q.rate_error:
        return "#DIV/0!", "#DIV/0!"
    if q.formulas and pct:
        refs = ((row, c + 2), (row, c + 1))
        rate = Formula("=IF({1}=0,0,{0}/{1})", refs, "0.00%")
        return rate, Formula("=ROUND({0}*{1},2)", ((row, c + 3), (row, c + 4)))
    if q.formulas:
        rate = Formula("=ROUND({0}/{1}*100,2)", ((row, c + 2), (row, c + 1)))
        return rate, Formula("=ROUND({0}*{1}/100,2)", ((row, c + 4), (row, c + 3)))
    rate_value = f.get("rate")
    return (Percent(rate_value) if pct else Numeric(rate_value)), Numeric(f.get("score"))


def _total(
    q: Quirks,
    spec: TableSpec,
    rows: tuple[int, int],
    cols: tuple[int, int],
    funds: tuple[tuple[int, int], tuple[int, int]],
) -> list[Value]:
    """总分 weight and score: indicator rows and columns, then the funds weight/score cells."""
    t = spec["total"]
    if not q.formulas:
        return [Numeric(t.get("weight")), "####" if q.hash_scores else Numeric(t.get("score"))]
    (first, last), total = rows, "=SUM({0}:{1})+{2}"
    return [
        Formula(total, ((first, c), (last, c), cell)) for c, cell in zip(cols, funds, strict=True)
    ]


@dataclass(frozen=True)
class _Style:
    title_year: bool  # default of Quirks.year_row
    instruction: str | None
    shenzhen: bool  # seed 003 header rows, ASCII punctuation, starred headers
    numbered: bool  # Anhui: "指标1:" prefixes, "……" filler rows, (A)/(B) headers, footnote
    goal_frame: str
    indicator_frame: str
    dash: str


_FUND_KEYS = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")
_FUND_HEADS = "initial annual executed funds_weight rate funds_score"
_TREE_HEADS = ("一级指标", "二级指标", "三级指标")


def _number_rows(inds: Sequence[IndicatorSpec]) -> list[IndicatorSpec]:
    out: list[IndicatorSpec] = []
    for a, b in _runs([(i["l1"], i["l2"]) for i in inds]):
        for n, ind in enumerate(inds[a : b + 1], start=1):
            out.append({**ind, "l3": f"指标{n}:{ind['l3']}"})
        blank: IndicatorSpec = {**inds[b], "l3": "……", "target": "", "actual": "", "reason": ""}
        out.append({**blank, "weight": None, "score": None})
    return out


def _nine_column(spec: TableSpec, q: Quirks, st: _Style) -> Grid:
    g = Grid(9, q, widths=(12, 16, 16, 26, 16, 16, 9, 9, 32))
    p, f, goal = spec["project"], spec["funds"], spec["goal"]
    src = f.get("unit", "万元")
    unit = q.money_unit or src
    year_on = st.title_year if q.year_row is None else q.year_row
    _preamble(g, "项目支出绩效自评表", f"（{p['year']}年度）" if year_on else None, st.instruction)
    if st.shenzhen:
        code = p.get("code", "")
        year = Numeric(p["year"])
        r = g.add("项目编码:", code, "项目名称:", p["name"], "绩效自评年度:", year)
        g.span(r, 5, r, 8)
        r = g.add("实施单位:", p["unit"], "一级预算单位:", p.get("department", ""))
        g.span(r, 3, r, 8)
        r = g.add("资金使用情况")
        g.span(r, 0, r, 8)
    else:
        r = g.add("项目名称", p["name"])
        g.span(r, 1, r, 8)
        r = g.add("主管部门", p.get("department", ""), None, None, "实施单位", p["unit"])
        g.spans((r, 1, r, 3), (r, 5, r, 8))
    g.gap()
    a, e = ("全年预算数(A)", "全年执行数(B)") if st.numbered else ("全年预算数", "全年执行数")
    rate_head = "执行率(%)" if st.shenzhen else "执行率(B/A)" if st.numbered else "执行率"
    heads = _heads(q, _FUND_HEADS, ("年初预算数", a, e, "分值", rate_head, "得分"))
    money = f"项目资金({unit})" if st.shenzhen else f"项目资金（{unit}）"
    colon, sub = (":", "当年") if st.shenzhen else ("：", "本年" if st.numbered else "当年")
    labels = (
        "年度资金总额:" if st.numbered else "年度资金总额",
        f"其中{colon}{sub}财政拨款",
        "上年结转资金",
        "其他资金",
    )
    head_row = g.add(None if st.shenzhen else money, None, *heads)
    funds_row = g.height
    for i, (key, label) in enumerate(zip(_FUND_KEYS, labels, strict=True)):
        amounts = [Money(convert_money(v, src, unit)) for v in f["rows"].get(key, [None] * 3)]
        tail: list[Value] = [st.dash] * 3
        if i == 0:
            tail = [Numeric(f.get("weight")), *_funds_rate(q, f, g.height, 2, pct=False)]
        g.add(money if st.shenzhen and i == 0 else None, label, *amounts, *tail)
    if st.shenzhen:
        g.spans((head_row, 0, head_row, 1), (funds_row, 0, g.height - 1, 0))
    else:
        g.spans(*((r, 7, r, 8) for r in range(head_row, g.height)), (head_row, 0, g.height - 1, 0))
    g.gap()
    if st.shenzhen:
        r = g.add("项目目标完成情况")
        g.span(r, 0, r, 8)
    achieved_head = "* 实际完成情况" if st.shenzhen else "实际完成情况"
    r1 = g.add(st.goal_frame, "预期目标", None, None, None, achieved_head)
    r2 = g.add(None, goal.get("expected", ""), None, None, None, goal.get("achieved", ""))
    g.spans((r1, 1, r1, 4), (r1, 5, r1, 8), (r2, 1, r2, 4), (r2, 5, r2, 8), (r1, 0, r2, 0))
    g.gap()
    star = "* " if st.shenzhen else ""
    defaults = (*_TREE_HEADS, "年度指标值", f"{star}实际完成值", f"{star}分值", f"{star}得分")
    keys = "l1 l2 l3 target actual weight score reason"
    head_row = g.add(st.indicator_frame, *_heads(q, keys, (*defaults, "偏差原因分析及改进措施")))
    inds = _number_rows(spec["indicators"]) if st.numbered else spec["indicators"]

    def tail9(ind: IndicatorSpec, row: int) -> list[Value]:
        score = None if ind["score"] is None else _score(q, ind["score"])
        return [ind["target"], ind["actual"], Numeric(ind["weight"]), score, ind.get("reason", "")]

    rows = _tree(g, inds, tail9)
    g.span(head_row, 0, rows[1], 0, "tree")
    totals = _total(q, spec, rows, (6, 7), ((funds_row, 5), (funds_row, 7)))
    r = g.add("总分", *[None] * 5, *totals, spec["total"].get("reason", ""))
    g.span(r, 0, r, 5)
    if st.numbered:
        note = "注：一级指标分值：产出指标50分、效益指标30分、满意度指标10分、预算执行率10分。"
        r = g.add(note, boxed=False)
        g.span(r, 0, r, 8)
    return g


def national(spec: TableSpec, q: Quirks) -> Grid:
    style = _Style(True, None, False, False, "年度总体目标", "绩效指标", "—")
    return _nine_column(spec, q, style)


def shenzhen(spec: TableSpec, q: Quirks) -> Grid:
    style = _Style(False, None, True, False, "年度总体目标", "年度绩效指标", "—")
    return _nine_column(spec, q, style)


def variant_b(spec: TableSpec, q: Quirks) -> Grid:
    style = _Style(True, "附件1", False, True, "年度总体目标完成情况", "年度绩效指标完成情况", "-")
    return _nine_column(spec, q, style)


_SICHUAN_KEYS = ("年度资金总额", "当年财政拨款", "财政专户管理资金", "单位资金", "其他资金")
_SICHUAN_LABELS = ("总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金")


def variant_a(spec: TableSpec, q: Quirks) -> Grid:
    """Sichuan 部门预算项目支出绩效自评表 (报表编号 510000_0013zp): 11 columns, target split."""
    g = Grid(11, q, widths=(12, 14, 14, 24, 8, 12, 8, 14, 8, 8, 26))
    p, f, goal, total = spec["project"], spec["funds"], spec["goal"], spec["total"]
    src = f.get("unit", "万元")
    unit = q.money_unit or src
    year_line = f"（{p['year']}年度）" if q.year_row else None
    title = f"部门预算项目支出绩效自评表({p['year']}年度)"
    _preamble(g, title, year_line, "报表编号:510000_0013zp")
    code = p.get("code")
    r = g.add("项目名称", f"{code}-{p['name']}" if code else p["name"])
    g.span(r, 1, r, 10)
    r = g.add("主管部门", p.get("department", ""), None, None, None, "实施单位 (盖章)", p["unit"])
    g.spans((r, 1, r, 4), (r, 6, r, 10))
    g.gap()
    heads3 = ("项目基本情况", "1.项目年度目标完成情况", "项目年度目标")
    r1 = g.add(*heads3, None, None, None, "年度目标完成情况")
    r2 = g.add(None, None, goal.get("expected", ""), *[None] * 3, goal.get("achieved", ""))
    r3 = g.add(None, "2.项目实施内容及过程概述", goal.get("process", ""))
    g.spans((r1, 2, r1, 5), (r1, 6, r1, 10), (r2, 2, r2, 5), (r2, 6, r2, 10))
    g.spans((r3, 2, r3, 10), (r1, 1, r2, 1), (r1, 0, r3, 0))
    g.gap()
    weight = f.get("weight")
    keys = "initial annual executed rate funds_weight funds_score"
    fund_heads = ("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分")
    heads = _heads(q, keys, fund_heads)
    head_row = g.add(f"预算执行情况({text_of(weight)}分)", f"年度预算数({unit})", *heads, "原因")
    g.span(head_row, 8, head_row, 10)
    funds_row = g.height
    for key, label in zip(_SICHUAN_KEYS, _SICHUAN_LABELS, strict=True):
        raw = f["rows"].get(key)
        amounts = [Money(convert_money(v, src, unit)) for v in raw or [None] * 3]
        if g.height == funds_row:
            rate, score = _funds_rate(q, f, g.height, 2, pct=True)
            g.add(None, label, *amounts, rate, Numeric(weight), score, f.get("note", ""))
            continue
        budget, spent = (decimal_of(raw[1]), decimal_of(raw[2])) if raw else (None, None)
        pct = None if budget is None or spent is None else spent * 100 / budget if budget else 0
        g.add(None, label, *amounts, Percent(None if pct is None else str(pct)), "/", "/")
    g.spans((funds_row, 8, g.height - 1, 10), (head_row, 0, g.height - 1, 0))
    g.gap()
    rest = decimal_of(weight)
    frame = f"绩效指标({(100 - rest).normalize():f}分)" if rest is not None else "绩效指标"
    keys = "l1 l2 l3 nature target measure actual weight score reason"
    defaults = (*_TREE_HEADS, "指标性质", "指标值", "度量单位", "完成值", "权重", "得分")
    head_row = g.add(frame, *_heads(q, keys, (*defaults, "未完成原因分析")))

    def tail11(ind: IndicatorSpec, row: int) -> list[Value]:
        nature, value, measure = split_target(ind["target"])
        split = [ind.get("nature", nature), ind.get("value", value), ind.get("measure", measure)]
        score = _score(q, ind["score"])
        return [*split, ind["actual"], Numeric(ind["weight"]), score, ind.get("reason", "")]

    rows = _tree(g, spec["indicators"], tail11)
    g.span(head_row, 0, rows[1], 0, "tree")
    r = g.add("合计", *[None] * 7, *_total(q, spec, rows, (8, 9), ((funds_row, 6), (funds_row, 7))))
    g.span(r, 0, r, 7)
    closing = (
        ("评价结论", total.get("conclusion", "")),
        ("存在问题", total.get("problems", "")),
        ("改进措施", total.get("measures", "")),
    )
    for label, text in closing:
        r = g.add(label, text)
        g.span(r, 1, r, 10)
    r = g.add("项目负责人:", None, None, None, None, "财务负责人:")
    g.spans((r, 0, r, 4), (r, 5, r, 10))
    return g


LAYOUTS: dict[str, Callable[[TableSpec, Quirks], Grid]] = {
    "national": national,
    "shenzhen": shenzhen,
    "variant_a": variant_a,
    "variant_b": variant_b,
}
