"""More provincial forms for the layout corpus (issue 11), beside ``tests/xlsx_layouts.py``.

Not a test module: ``tests/test_layout_corpus.py`` imports it. The layouts here turn a
:class:`TableSpec` (``seed003_tables()``) into a :class:`Grid` as the layouts of
``xlsx_layouts`` do, and honour the same :class:`Quirks` where they apply (merges, blank
rows and columns, text or numbers, thousands separators, 元 or 万元, stacking, '#####'):

* ``hubei``: 湖北 20-point form. Block 预算执行情况（元）（20分） with 预算数（A） / 执行数（B） /
  执行率（B/A） / 得分（20分*执行率） over 年度财政资金总额, no 分值 cell (the 20 is declared in
  the header); indicators under 年度绩效目标 with 年初目标值（A） / 实际完成值（B）. The
  indicators keep seed 003's weights (90 in all), so the table adds up to 110: a
  ``weight-total`` problem is by design. The budget score is 20 × 执行率.
* ``wrapped``: every label wrapped inside its cell with a line break (Alt+Enter).
* ``unit_above`` / ``unit_in_label`` / ``unit_in_columns``: the unit of amounts declared
  away from the numbers: a 单位：元 line under the title, the block label
  预算执行情况（元）, or the column headers 年初预算数（元） …
* ``extra_columns``: a leading 序号, a trailing 备注 (“无”), a 填报单位（盖章） line under the
  title and a 填报人 / 联系电话 / 填报日期 footer.
* ``two_row_tree``: 绩效指标 merged over a first header row, 一级/二级/三级指标 below it, the
  value columns merged down over both rows.
* ``two_row_values``: the level columns merged down over two rows, 指标完成情况 merged over
  年度指标值 | 实际完成值 in the second.
* ``sichuan_split``: 预算执行情况(10分) with 年度预算数(元) (the unit in a column header),
  then 指标性质 | 指标值 | 度量单位 | 完成值 | 度量单位: the completion has its own unit
  (3657.8 | 元 against ≤ 5 | 万元).
* ``yunnan``: the split columns with Yunnan's comparators ≧ ≦ ═ ﹦.
* ``department``: 部门整体支出绩效自评表: 部门（单位）名称, a 年度主要任务 block,
  年度部门整体支出预算执行情况（元） over 年度资金总额 / 其中：基本支出 / 项目支出.
* ``everything``: extra columns, wrapped labels, the two-row tree header and a 单位：元 line
  right above the budget block, at once.
* ``filer_unit_above``: 填报单位（盖章） and 单位：元 both between the title and 项目名称: a
  form the reader gets wrong today (``READER_GAPS``).

:func:`build_more_workbook` writes any of these or of ``xlsx_layouts.LAYOUTS``; with
``percents=True`` every percent written as text ("96.99%") becomes a number with a percent
format, as a unit's own Excel holds it. :func:`soffice_copies` makes .xls / .ods copies with
LibreOffice. :data:`CORPUS` names the corpus of ``test_layout_corpus.py``: a layout, its
quirks, and the file kind.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook

from xlsx_fixtures import fill_workbook, make_quirks
from xlsx_layouts import (
    LAYOUTS,
    Grid,
    IndicatorSpec,
    Money,
    Numeric,
    Percent,
    Quirks,
    TableSpec,
    Value,
    _points_label,
    _runs,
    _score,
    convert_money,
    decimal_of,
    split_target,
    text_of,
)

__all__ = [
    "ALL_LAYOUTS",
    "CORPUS",
    "MORE_LAYOUTS",
    "READER_GAPS",
    "CorpusEntry",
    "Form",
    "build_corpus",
    "build_more_workbook",
    "hubei_budget_score",
    "soffice_copies",
    "split_actual",
]


@dataclass(frozen=True)
class Form:
    """How one of the forms here is laid out; every field is independent of the others."""

    title: str = "项目支出绩效自评表"
    budget: Literal["national", "hubei", "sichuan", "department"] = "national"
    # national budget only: 项目资金（元）, 单位：元 under the title or right above the block,
    # 预算执行情况（元）, 年初预算数（元） …
    unit_at: Literal["block", "above", "above_block", "label", "columns"] = "block"
    rate_percent: bool = False  # 执行率 written "92.78%" rather than "92.78"
    wrap: bool = False  # labels wrapped inside their cells: 一级\n指标
    seq: bool = False  # a leading 序号 column instead of the frame label
    note: bool = False  # a trailing 备注 column, "无" on every indicator row
    filer: bool = False  # 填报单位（盖章） under the title, 填报人 / 联系电话 footer
    header_rows: Literal["one", "tree", "values"] = "one"
    values: Literal["joined", "split", "yunnan"] = "joined"
    frame: str = "绩效指标"  # the label in column A beside the indicators
    goal_frame: str = "年度总体目标"
    total_label: str = "总分"
    heads: Mapping[str, str] = field(default_factory=dict)  # header texts by key


_HEADS = {
    "l1": "一级指标",
    "l2": "二级指标",
    "l3": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "nature": "指标性质",
    "value": "指标值",
    "measure": "度量单位",
    "done": "完成值",
    "done_measure": "度量单位",
    "weight": "分值",
    "score": "得分",
    "reason": "偏差原因分析及改进措施",
    "note": "备注",
    "seq": "序号",
}
_SPLIT = ("nature", "value", "measure", "done", "done_measure")
_YUNNAN = {"≥": "≧", "≤": "≦"}
_YUNNAN_EQUALS = ("═", "﹦")
_NUMBER_UNIT = re.compile(r"\s*(\d[\d,]*(?:\.\d+)?)\s*([^\d\s;；,，]*)\s*")
PERCENT_TEXT = re.compile(r"(\d+(?:\.\d+)?)%")


def split_actual(actual: str) -> tuple[str, str] | None:
    """完成值 and its own 度量单位 from a free-text actual: '3657.8元' -> ('3657.8', '元');
    None for an actual that is not one number and a unit ('158张; 167份')."""
    m = _NUMBER_UNIT.fullmatch(actual)
    return (m.group(1), m.group(2)) if m else None


def hubei_budget_score(rate: Any) -> Decimal:
    """得分（20分*执行率）: 20 × the rate (percent points), two places, half up."""
    number = decimal_of(rate)
    assert number is not None
    return (number * 20 / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _wrap(text: str, on: bool) -> str:
    """A label broken in the middle, as Alt+Enter leaves it: 一级\\n指标, 分\\n值."""
    if not on or len(text) < 2 or "\n" in text:
        return text
    half = len(text) // 2
    return f"{text[:half]}\n{text[half:]}"


class _Builder:
    """One form's grid: the shared blocks, each knowing the form and the quirks."""

    def __init__(self, spec: TableSpec, q: Quirks, f: Form) -> None:
        self.spec, self.q, self.f = spec, q, f
        self.cols = self._columns()
        width = max(len(self.cols), 9)
        self.g = Grid(width, q, widths=(8 if f.seq else 12, 14, 14, 26, *[12] * (width - 4)))
        self.unit = q.money_unit or spec["funds"].get("unit", "元")

    def label(self, text: str) -> str:
        return _wrap(text, self.f.wrap)

    def head(self, key: str) -> str:
        return self.label(self.f.heads.get(key, _HEADS[key]))

    def _columns(self) -> list[str]:
        f = self.f
        values = ["target", "actual"] if f.values == "joined" else list(_SPLIT)
        tail = ["weight", "score", "reason", *(["note"] if f.note else [])]
        return ["seq" if f.seq else "frame", "l1", "l2", "l3", *values, *tail]

    # ------------------------------------------------------------------ the blocks

    def build(self) -> Grid:
        self.preamble()
        self.project()
        self.g.gap()
        if self.f.budget == "department":
            self.tasks()
            self.g.gap()
        budget = {
            "national": self.national_budget,
            "hubei": self.hubei_budget,
            "sichuan": self.sichuan_budget,
            "department": self.national_budget,
        }[self.f.budget]
        budget()
        self.g.gap()
        self.goal()
        self.g.gap()
        self.indicators()
        if self.f.filer:
            self.footer()
        return self.g

    def preamble(self) -> None:
        g, q, f, p = self.g, self.q, self.f, self.spec["project"]
        if q.instruction:
            g.add(q.instruction, boxed=False)
        lines = [f.title if q.title else None, f"（{p['year']}年度）"]
        for line in lines:
            if line:
                r = g.add(line, boxed=False)
                g.span(r, 0, r, g.width - 1, "title")
        if f.filer:
            r = g.add(f"填报单位（盖章）：{p['unit']}", boxed=False)
            g.span(r, 0, r, 5, "header")
        if f.budget == "national" and f.unit_at == "above":
            r = g.add(*[None] * (g.width - 2), f"单位：{self.unit}", boxed=False)
            g.span(r, g.width - 2, r, g.width - 1)

    def project(self) -> None:
        g, p = self.g, self.spec["project"]
        last = g.width - 1
        if self.f.budget == "department":
            r = g.add(self.label("部门（单位）名称"), p["name"])
            g.span(r, 1, r, last)
            return
        r = g.add(self.label("项目名称"), p["name"])
        g.span(r, 1, r, last)
        unit_label = self.label("实施单位")
        r = g.add(
            self.label("主管部门"), p.get("department", ""), None, None, unit_label, p["unit"]
        )
        g.spans((r, 1, r, 3), (r, 5, r, last))

    def tasks(self) -> None:
        g, goal = self.g, self.spec["goal"]
        last = g.width - 1
        heads = (self.label("任务名称"), None, self.label("主要内容"), None, None)
        r1 = g.add(self.label("年度主要任务"), *heads, self.label("完成情况"))
        r2 = g.add(None, self.spec["project"]["name"], None, goal.get("expected", ""))
        g.cells[(r2, 6)] = goal.get("achieved", "")
        g.spans((r1, 1, r1, 2), (r1, 3, r1, 5), (r1, 6, r1, last), (r1, 0, r2, 0))
        g.spans((r2, 1, r2, 2), (r2, 3, r2, 5), (r2, 6, r2, last))

    def amounts(self, key: str) -> list[Value]:
        f = self.spec["funds"]
        src = f.get("unit", "元")
        return [Money(convert_money(v, src, self.unit)) for v in f["rows"].get(key, [None] * 3)]

    def rate(self) -> Value:
        rate = self.spec["funds"].get("rate")
        return Percent(rate) if self.f.rate_percent else Numeric(rate)

    def national_budget(self) -> None:
        g, f, funds = self.g, self.f, self.spec["funds"]
        unit = self.unit
        if f.unit_at == "above_block":
            r = g.add(*[None] * (g.width - 2), f"单位：{unit}", boxed=False)
            g.span(r, g.width - 2, r, g.width - 1)
        label = {
            "block": f"项目资金（{unit}）",
            "above": "项目资金",
            "above_block": "项目资金",
            "label": f"预算执行情况（{unit}）",
            "columns": "项目资金",
        }[f.unit_at]
        heads = ["年初预算数", "全年预算数", "全年执行数"]
        if f.unit_at == "columns":
            heads = [f"{h}（{unit}）" for h in heads]
        rows = [
            ("年度资金总额", "年度资金总额"),
            ("其中：当年财政拨款", "当年财政拨款"),
            ("上年结转资金", "上年结转资金"),
            ("其他资金", "其他资金"),
        ]
        if f.budget == "department":
            label = f"年度部门整体支出预算执行情况（{unit}）"
            # seed 003's projects are all 项目支出; 基本支出 is nil
            rows = [
                ("年度资金总额", "年度资金总额"),
                ("其中：基本支出", "上年结转资金"),
                ("项目支出", "年度资金总额"),
            ]
        all_heads = [*heads, "分值", "执行率", "得分"]
        head = g.add(self.label(label), None, *[self.label(h) for h in all_heads])
        for i, (text, key) in enumerate(rows):
            tail: list[Value] = ["—"] * 3
            if i == 0:
                tail = [Numeric(funds.get("weight")), self.rate(), Numeric(funds.get("score"))]
            g.add(None, self.label(text), *self.amounts(key), *tail)
        g.spans(*((r, 7, r, 8) for r in range(head, g.height)), (head, 0, g.height - 1, 0))

    def hubei_budget(self) -> None:
        g, funds = self.g, self.spec["funds"]
        label = f"预算执行情况（{self.unit}）（20分）"
        heads = ("预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）")
        head = g.add(self.label(label), None, *[self.label(h) for h in heads])
        total = self.amounts("年度资金总额")[1:]
        score = Numeric(str(hubei_budget_score(funds.get("rate"))))
        g.add(None, self.label("年度财政资金总额"), *total, Percent(funds.get("rate")), score)
        g.add(None, self.label("其中：财政拨款"), *self.amounts("当年财政拨款")[1:], "—", "—")
        g.add(None, self.label("其他资金"), *self.amounts("其他资金")[1:], "—", "—")
        g.span(head, 0, g.height - 1, 0)

    def sichuan_budget(self) -> None:
        g, funds = self.g, self.spec["funds"]
        weight = funds.get("weight")
        heads = ("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因")
        head = g.add(
            self.label(f"预算执行情况({text_of(weight)}分)"),
            self.label(f"年度预算数({self.unit})"),
            *[self.label(h) for h in heads],
        )
        rate, score = Percent(funds.get("rate")), Numeric(funds.get("score"))
        g.add(None, "总额", *self.amounts("年度资金总额"), rate, Numeric(weight), score)
        g.add(None, "其中:财政资金", *self.amounts("当年财政拨款"), "/", "/", "/")
        g.add(None, "其他资金", *self.amounts("其他资金"), "/", "/", "/")
        g.spans((head, 8, head, g.width - 1), (head, 0, g.height - 1, 0))

    def goal(self) -> None:
        g, goal = self.g, self.spec["goal"]
        last = g.width - 1
        frame = self.label(self.f.goal_frame)
        r1 = g.add(frame, self.label("预期目标"), None, None, None, self.label("实际完成情况"))
        r2 = g.add(None, goal.get("expected", ""), None, None, None, goal.get("achieved", ""))
        g.spans((r1, 1, r1, 4), (r1, 5, r1, last), (r2, 1, r2, 4), (r2, 5, r2, last))
        g.span(r1, 0, r2, 0)

    def header(self) -> int:
        """The indicator header, one or two rows; returns the first header row."""
        g, f, cols = self.g, self.f, self.cols
        lead = self.head("seq") if f.seq else self.label(f.frame)
        texts = [lead if key == "frame" else self.head(key) for key in cols]
        if f.header_rows == "one":
            return g.add(*texts)
        tree = {"l1", "l2", "l3"} if f.header_rows == "tree" else {"target", "actual"}
        top = [None if key in tree else text for key, text in zip(cols, texts, strict=True)]
        bottom = [text if key in tree else None for key, text in zip(cols, texts, strict=True)]
        if f.header_rows == "tree":
            # 绩效指标 over the levels, and over the frame column when there is no 序号
            first, last, group = (1 if f.seq else 0), cols.index("l3"), "绩效指标"
        else:
            first, last, group = cols.index("target"), cols.index("actual"), "指标完成情况"
        top[first] = self.label(group)
        r1, r2 = g.add(*top), g.add(*bottom)
        g.span(r1, first, r1, last)
        for c, key in enumerate(cols):
            if key not in tree and key != "frame" and not first <= c <= last:
                g.span(r1, c, r2, c)  # the frame column is merged with the indicators
        return r1

    def tail(self, ind: IndicatorSpec, k: int) -> list[Value]:
        f, q = self.f, self.q
        if f.values == "joined":
            values: list[Value] = [ind["target"], ind["actual"]]
        else:
            values = self.split(ind, k)
        score = _score(q, ind["score"])
        note = ["无"] if f.note else []
        return [*values, Numeric(ind["weight"]), score, ind.get("reason", ""), *note]

    def split(self, ind: IndicatorSpec, k: int) -> list[Value]:
        target, actual = ind["target"], ind["actual"]
        if not target:
            return ["", "", "", actual, ""]
        nature, value, measure = split_target(target)
        if nature == "定性":
            return [nature, value, "", actual, ""]
        if self.f.values == "yunnan":
            nature = _YUNNAN.get(nature, _YUNNAN_EQUALS[k % 2] if nature == "=" else nature)
        done = split_actual(actual)
        if done is None:  # several values in one cell: the completion is written whole
            return [nature, Numeric(value), measure, actual, ""]
        return [nature, Numeric(value), measure, Numeric(done[0]), done[1]]

    def indicators(self) -> None:
        g, q, f = self.g, self.q, self.f
        head = self.header()
        inds = self.spec["indicators"]
        start = g.height
        runs1 = _runs([i["l1"] for i in inds])
        runs2 = _runs([(i["l1"], i["l2"]) for i in inds])
        names = {a: _points_label(inds[a]["l1"], q.l1_points, inds[a : b + 1]) for a, b in runs1}
        heads1 = {k: names[a] for a, b in runs1 for k in range(a, b + 1)}
        firsts1, firsts2 = {a for a, _ in runs1}, {a for a, _ in runs2}
        every = q.repeat_l1_l2 and not q.merge_l1_l2
        for k, ind in enumerate(inds):
            l1 = heads1[k] if every or k in firsts1 else None
            l2 = ind["l2"] if every or k in firsts2 else None
            lead: Value = Numeric(k + 1) if f.seq else None
            g.add(lead, l1, l2, ind["l3"], *self.tail(ind, k))
        for col, runs in ((1, runs1), (2, runs2)):
            for a, b in runs:
                g.span(start + a, col, start + b, col, "tree")
        if not f.seq and f.header_rows != "tree":
            g.span(head, 0, g.height - 1, 0, "tree")
        self.total()

    def total(self) -> None:
        g, q, t = self.g, self.q, self.spec["total"]
        weight_at = self.cols.index("weight")
        weight: Value = Numeric(t.get("weight"))
        score: Value = "####" if q.hash_scores else Numeric(t.get("score"))
        if self.f.budget == "hubei":
            weight, score = self._hubei_total(q)
        reason = t.get("reason", "")
        r = g.add(self.label(self.f.total_label), *[None] * (weight_at - 1), weight, score, reason)
        g.span(r, 0, r, weight_at - 1)

    def _hubei_total(self, q: Quirks) -> tuple[Value, Value]:
        """110 = seed 003's 90 indicator points + 20; the score with 20 × 执行率 for the 10-point
        budget score (kept as printed when it is '####')."""
        t, funds = self.spec["total"], self.spec["funds"]
        indicators = sum(decimal_of(i["weight"]) or Decimal(0) for i in self.spec["indicators"])
        weight = Numeric(f"{Decimal(indicators) + 20:.2f}")
        printed, budget = decimal_of(t.get("score")), decimal_of(funds.get("score"))
        if q.hash_scores or printed is None or budget is None:
            return weight, "####" if q.hash_scores else text_of(t.get("score"))
        total = printed - budget + hubei_budget_score(funds.get("rate"))
        return weight, Numeric(f"{total:.2f}")

    def footer(self) -> None:
        g = self.g
        g.add("填报人：张三", None, None, "联系电话：0755-12345678", None, "填报日期：2024年3月1日")
        g.boxed.discard(g.height - 1)


def form(options: Form) -> Callable[[TableSpec, Quirks], Grid]:
    def make(spec: TableSpec, q: Quirks) -> Grid:
        return _Builder(spec, q, options).build()

    return make


_SPLIT_HEADS = {"weight": "权重", "reason": "未完成原因分析"}

MORE_LAYOUTS: dict[str, Callable[[TableSpec, Quirks], Grid]] = {
    "form": form(Form()),
    "hubei": form(
        Form(
            budget="hubei",
            frame="年度绩效目标",
            heads={"target": "年初目标值（A）", "actual": "实际完成值（B）", "reason": "偏差原因"},
        )
    ),
    "wrapped": form(Form(wrap=True)),
    "unit_above": form(Form(unit_at="above")),
    "unit_in_label": form(Form(unit_at="label")),
    "unit_in_columns": form(Form(unit_at="columns")),
    "extra_columns": form(Form(seq=True, note=True, filer=True)),
    "two_row_tree": form(Form(header_rows="tree")),
    "two_row_values": form(Form(header_rows="values")),
    "sichuan_split": form(
        Form(
            title="部门预算项目支出绩效自评表",
            budget="sichuan",
            values="split",
            frame="绩效指标(90分)",
            total_label="合计",
            heads=_SPLIT_HEADS,
        )
    ),
    "yunnan": form(Form(budget="sichuan", values="yunnan", heads=_SPLIT_HEADS)),
    "department": form(
        Form(title="部门整体支出绩效自评表", budget="department", frame="年度绩效指标")
    ),
    "percent": form(Form(rate_percent=True)),
    "everything": form(
        Form(seq=True, note=True, filer=True, wrap=True, header_rows="tree", unit_at="above_block")
    ),
    # READER_GAPS: 填报单位 and 单位：元 both between the title and 项目名称
    "filer_unit_above": form(Form(filer=True, unit_at="above")),
}
ALL_LAYOUTS: dict[str, Callable[[TableSpec, Quirks], Grid]] = {**LAYOUTS, **MORE_LAYOUTS}


def _percents(wb: Workbook) -> int:
    """Every percent written as text made a number with a percent format; how many."""
    count = 0
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (found := PERCENT_TEXT.fullmatch(value.strip())):
                    cell.value = float(Decimal(found[1]) / 100)
                    cell.number_format = "0.00%" if "." in found[1] else "0%"
                    count += 1
    return count


def build_more_workbook(
    path: str | Path,
    tables: Sequence[TableSpec],
    *,
    layout: str = "national",
    percents: bool = False,
    options: Quirks | Mapping[str, Any] | None = None,
    **quirks: Any,
) -> Path:
    """``tables`` written with ``layout`` (one of ALL_LAYOUTS) and quirks, as
    ``xlsx_fixtures.build_workbook`` writes them; ``percents``: percents as formatted numbers."""
    wb = fill_workbook(tables, ALL_LAYOUTS[layout], make_quirks(options, **quirks))
    path = Path(path)
    if percents:
        assert _percents(wb) > 0
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def soffice_copies(sources: Sequence[Path], suffix: str, folder: Path) -> dict[Path, Path]:
    """.xls or .ods copies of ``sources`` made by LibreOffice in one run (source -> copy).

    Raises FileNotFoundError when soffice is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice")
    out = folder / suffix
    out.mkdir(parents=True, exist_ok=True)
    profile = (folder / "soffice-profile").resolve().as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--nolockcheck", "--convert-to", suffix, "--outdir", str(out)]
    subprocess.run([*command, *map(str, sources)], check=True, capture_output=True, timeout=300)
    copies = {source: out / f"{source.stem}.{suffix}" for source in sources}
    missing = [str(p) for p in copies.values() if not p.is_file()]
    assert not missing, f"LibreOffice made no {missing}"
    return copies


@dataclass(frozen=True)
class CorpusEntry:
    layout: str  # a key of ALL_LAYOUTS
    quirks: Mapping[str, Any] = field(default_factory=dict)
    percents: bool = False
    kind: Literal["xlsx", "xls", "ods"] = "xlsx"  # .xls / .ods: a LibreOffice copy

    def source_name(self) -> str:
        """The .xlsx the copy is made from: entries that differ only in kind share it."""
        return replace(self, kind="xlsx").key()

    def key(self) -> str:
        parts = [self.layout, *(f"{k}-{v}" for k, v in sorted(self.quirks.items()))]
        parts += ["percents"] if self.percents else []
        return re.sub(r"[^\w.-]+", "_", "+".join(parts))


_ONE_SHEET = {"stack": "one_sheet"}

CORPUS: dict[str, CorpusEntry] = {
    # the layouts of xlsx_layouts.py
    "shenzhen": CorpusEntry("shenzhen"),
    "sichuan": CorpusEntry("variant_a"),
    "sichuan-wan-numbers": CorpusEntry("variant_a", {"money_unit": "万元", "numbers": "number"}),
    "anhui": CorpusEntry("variant_b"),
    "national-one-sheet": CorpusEntry("national", _ONE_SHEET),
    "national-wan": CorpusEntry("national", {"money_unit": "万元"}),
    "national-yuan-thousands-text": CorpusEntry("national", {"thousands": True}),
    "national-numbers": CorpusEntry("national", {"numbers": "number", "thousands": True}),
    "shenzhen-wan-unmerged": CorpusEntry(
        "shenzhen", {"money_unit": "万元", "merge_l1_l2": False, "merge_headers": False}
    ),
    # the forms of this module
    "form": CorpusEntry("form"),
    "hubei": CorpusEntry("hubei"),
    "hubei-one-sheet-thousands": CorpusEntry("hubei", {**_ONE_SHEET, "thousands": True}),
    "wrapped": CorpusEntry("wrapped"),
    "unit-above": CorpusEntry("unit_above"),
    "unit-in-label-wan": CorpusEntry("unit_in_label", {"money_unit": "万元"}),
    "unit-in-columns": CorpusEntry("unit_in_columns"),
    "extra-columns": CorpusEntry("extra_columns"),
    "two-row-tree": CorpusEntry("two_row_tree"),
    "two-row-values": CorpusEntry("two_row_values"),
    "sichuan-split": CorpusEntry("sichuan_split"),
    "yunnan": CorpusEntry("yunnan", {"numbers": "number"}),
    "department": CorpusEntry("department"),
    "percent-numbers": CorpusEntry("percent", {"numbers": "number"}, percents=True),
    "everything-one-sheet": CorpusEntry("everything", {**_ONE_SHEET, "thousands": True}),
    "percent-numbers.xls": CorpusEntry("percent", {"numbers": "number"}, True, "xls"),
    "percent-numbers.ods": CorpusEntry("percent", {"numbers": "number"}, True, "ods"),
    "hubei.xls": CorpusEntry("hubei", kind="xls"),
    "extra-columns.ods": CorpusEntry("extra_columns", kind="ods"),
    # 填报单位 and 单位：万元 between the title and 项目名称: once split into two tables there
    "filer-and-unit-line-above": CorpusEntry("filer_unit_above", {"money_unit": "万元"}),
}


# Forms the reader gets wrong today (reported, not in CORPUS): entry and what goes wrong.
READER_GAPS: dict[str, tuple[CorpusEntry, str]] = {}


def build_corpus(
    directory: str | Path, tables: Sequence[TableSpec], entries: Mapping[str, CorpusEntry]
) -> dict[str, Path]:
    """``entries`` (name -> entry) written to ``directory``; each .xlsx once, the .xls / .ods
    copies in one LibreOffice run per kind. Without soffice, the copies are left out."""
    folder = Path(directory)
    chosen = dict(entries)
    sources: dict[str, Path] = {}
    for entry in chosen.values():
        key = entry.source_name()
        if key not in sources:
            sources[key] = build_more_workbook(
                folder / f"{key}.xlsx",
                tables,
                layout=entry.layout,
                percents=entry.percents,
                **entry.quirks,
            )
    out = {name: sources[e.source_name()] for name, e in chosen.items() if e.kind == "xlsx"}
    if shutil.which("soffice") is None:
        return out
    for kind in ("xls", "ods"):
        wanted = {name: sources[e.source_name()] for name, e in chosen.items() if e.kind == kind}
        if wanted:
            copies = soffice_copies(sorted(set(wanted.values())), kind, folder)
            out.update({name: copies[source] for name, source in wanted.items()})
    return out
