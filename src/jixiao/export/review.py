"""The review list, printable: a workbook (summary, every finding, a sheet per unit and per kind
of finding, reading problems, unreadable files) or one page, both built from the same rows."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jixiao.core.problems import Location, Problem, Severity
from jixiao.export.widths import lines_needed, sheet_name
from jixiao.export.xlsx_safe import SafeWorkbook
from jixiao.ingest.formats import REVIEW_LIST
from jixiao.review.codes import code_title, titled

if TYPE_CHECKING:
    from jixiao.review.run import Reviewed


class ReviewRun(Protocol):
    """What the list is written from (`api.ReviewRun` is one): the writer receives the review,
    it does not run one."""

    @property
    def findings(self) -> Sequence[Reviewed]: ...
    @property
    def problems(self) -> Sequence[Problem]: ...
    @property
    def files(self) -> Sequence[Path]: ...
    @property
    def unreadable(self) -> Sequence[Path]: ...
    @property
    def roots(self) -> Sequence[Path]: ...
    def place(self, where: Location) -> Location: ...
    def tables(self) -> list[list[Reviewed]]: ...


COLUMNS = ("级别", "问题类型", "单位", "项目", "位置", "问题", "建议")
WIDTHS = (6, 18, 16, 18, 26, 38, 38)  # 160 characters: A4 landscape at about 95%
PROBLEM_COLUMNS = ("级别", "问题类型", "位置", "说明")
PROBLEM_WIDTHS = (6, 20, 50, 84)
SUMMARY_WIDTHS = (80, 8, 8, 8, 8)
COUNT_HEAD = ("错误", "警告", "提示", "合计")
NO_UNIT = "（未注明单位）"
NO_PROJECT = "（未注明项目）"
FONT = "宋体"
LINE_HEIGHT = 14  # points per wrapped line at 10 pt

Row = tuple[Severity, tuple[str, ...]]  # a severity (for its colour) and the cells as shown
Counts = dict[str, Counter[Severity]]


def kind(code: str) -> str:
    """The 问题类型 cell: the Chinese title, and the code under it."""
    title = code_title(code)
    return code if title == code else f"{title}\n{code}"


def finding_rows(run: ReviewRun, items: Iterable[Reviewed]) -> list[Row]:
    return [
        (
            r.finding.severity,
            (
                r.finding.severity.label,
                kind(r.finding.code),
                r.unit or NO_UNIT,
                r.project or NO_PROJECT,
                str(run.place(r.finding.where)),
                r.finding.message,
                r.finding.suggestion,
            ),
        )
        for r in items
    ]


def problem_rows(run: ReviewRun) -> list[Row]:
    return [
        (p.severity, (p.severity.label, kind(p.code), str(run.place(p.where)), p.message))
        for p in run.problems
    ]


def unreadable_rows(run: ReviewRun) -> list[tuple[str, str]]:
    reasons = {p.where.file: p.message for p in run.problems if p.severity is Severity.ERROR}
    return [(run.place(Location(str(p))).file, reasons.get(str(p), "")) for p in run.unreadable]


def table_label(run: ReviewRun, r: Reviewed) -> str:
    """One table of one file: 子目录/表.xlsx · 项目名称."""
    return f"{run.place(r.table).file} · {r.project or NO_PROJECT}"


def count(keyed: Iterable[tuple[str, Severity]], by_weight: bool = True) -> Counts:
    """Counts per key and severity; the heaviest first (most errors, then most in all),
    or in the order the keys come (tables in reading order)."""
    out: Counts = {}
    for key, severity in keyed:
        out.setdefault(key, Counter())[severity] += 1
    if not by_weight:
        return out
    return dict(sorted(out.items(), key=lambda kv: (-kv[1][Severity.ERROR], -kv[1].total())))


def sections(run: ReviewRun) -> list[tuple[str, str, Counts]]:
    """The summary as (title, what a line names, counts): findings by table, by unit and by
    kind, then reading problems by kind; each adds up to the rows listed (its 合计 line)."""
    items = list(run.findings)
    tables = count(
        ((table_label(run, r), r.finding.severity) for t in run.tables() for r in t),
        by_weight=False,
    )
    return [
        ("审核发现 · 按表", "文件 · 项目", tables),
        (
            "审核发现 · 按单位",
            "单位",
            count((r.unit or NO_UNIT, r.finding.severity) for r in items),
        ),
        (
            "审核发现 · 按问题",
            "问题类型",
            count((titled(r.finding.code), r.finding.severity) for r in items),
        ),
        (
            "读表与评分问题 · 按问题",
            "问题类型",
            count((titled(p.code), p.severity) for p in run.problems),
        ),
    ]


def headline(run: ReviewRun) -> str:
    found = Counter(r.finding.severity for r in run.findings)
    problems = Counter(p.severity for p in run.problems)
    given = "、".join(run.place(Location(str(p))).file or str(p) for p in run.roots)
    return (
        (f"审核：{given}；" if given else "")
        + f"共审核文件 {len(run.files)} 个，无法读取 {len(run.unreadable)} 个；"
        f"审核发现 {len(run.findings)} 条（{_levels(found)}）；"
        f"读表与评分问题 {len(run.problems)} 条（{_levels(problems)}）"
    )


def _levels(counts: Counter[Severity]) -> str:
    return "，".join(f"{s.label} {counts[s]}" for s in Severity)


def _totals(counts: Counts) -> list[int]:
    return [sum(c[s] for c in counts.values()) for s in Severity] + [
        sum(c.total() for c in counts.values())
    ]


# ---- the workbook -----------------------------------------------------------------------------


def write_review_xlsx(run: ReviewRun, path: Path) -> None:
    wb = SafeWorkbook(path)
    wb.book.set_properties({"title": "审核清单", "subject": REVIEW_LIST, "author": "jixiao"})
    base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "top", "text_wrap": True}
    head = wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2"})
    cell = wb.add_format(base)
    number = wb.add_format({**base, "align": "right"})
    tones = {
        Severity.ERROR: wb.add_format({**base, "bold": True, "font_color": "#C00000"}),
        Severity.WARNING: wb.add_format({**base, "font_color": "#9C5700"}),
        Severity.INFO: wb.add_format({**base, "font_color": "#595959"}),
    }
    used = {"汇总", "全部问题", "读表与评分问题", "无法读取"}

    _summary(wb, wb.add_worksheet("汇总"), run, head, cell, number)
    everything = finding_rows(run, run.findings)
    sheet = wb.add_worksheet("全部问题")
    _list(wb, sheet, COLUMNS, WIDTHS, everything, head, tones, cell)
    by_unit: dict[str, list[Reviewed]] = {}
    by_code: dict[str, list[Reviewed]] = {}
    for r in run.findings:
        by_unit.setdefault(r.unit or NO_UNIT, []).append(r)
        by_code.setdefault(r.finding.code, []).append(r)
    for groups in (by_unit, by_code):
        heaviest = sorted(groups.items(), key=lambda kv: _weight(kv[1]))
        for key, mine in heaviest:
            name = key if groups is by_unit else code_title(key)
            sheet = wb.add_worksheet(sheet_name(name, used, "未命名"))
            _list(wb, sheet, COLUMNS, WIDTHS, finding_rows(run, mine), head, tones, cell)
    sheet = wb.add_worksheet("读表与评分问题")
    _list(wb, sheet, PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows(run), head, tones, cell)
    sheet = wb.add_worksheet("无法读取")
    rows: list[Row] = [(Severity.ERROR, pair) for pair in unreadable_rows(run)]
    _list(wb, sheet, ("文件", "原因"), (60, 90), rows, head, None, cell)
    wb.close()


def _weight(items: Sequence[Reviewed]) -> tuple[int, int]:
    return (-sum(r.finding.severity is Severity.ERROR for r in items), -len(items))


def _print_setup(ws: Any) -> None:
    """A4 landscape, as wide as the page, the header row on every page, numbered pages."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header("&L审核清单&R&A")
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.center_horizontally()


def _list(
    wb: SafeWorkbook,
    ws: Any,
    columns: Sequence[str],
    widths: Sequence[int],
    rows: list[Row],
    head: Any,
    tones: dict[Severity, Any] | None,
    cell: Any,
) -> None:
    for i, width in enumerate(widths):
        ws.set_column(i, i, width)
    wb.write_row(ws, 0, 0, columns, head)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)
    _print_setup(ws)
    if not rows:  # a printed sheet says it is empty rather than showing a bare header
        wb.write(ws, 1, 0, "（无）", cell)
    for n, (severity, values) in enumerate(rows, start=1):
        wb.write(ws, n, 0, values[0], tones[severity] if tones else cell)
        wb.write_row(ws, n, 1, values[1:], cell)
        ws.set_row(n, _height(values, widths))


def _height(values: Sequence[str], widths: Sequence[int]) -> int:
    lines = max(lines_needed(v, w) for v, w in zip(values, widths, strict=True))
    return LINE_HEIGHT * lines + 4


def _summary(wb: SafeWorkbook, ws: Any, run: ReviewRun, head: Any, cell: Any, number: Any) -> None:
    for i, width in enumerate(SUMMARY_WIDTHS):
        ws.set_column(i, i, width)
    _print_setup(ws)
    wb.write_row(ws, 0, 0, ("审核清单汇总", *COUNT_HEAD), head)
    line = headline(run)
    wb.write(ws, 1, 0, line, cell)
    ws.set_row(1, _height((line,), SUMMARY_WIDTHS[:1]))
    row = 3
    for title, _, counts in sections(run):
        wb.write_row(ws, row, 0, (title, *COUNT_HEAD), head)
        row += 1
        for key, c in counts.items():
            wb.write(ws, row, 0, key, cell)
            wb.write_row(ws, row, 1, [c[s] for s in Severity] + [c.total()], number)
            ws.set_row(row, _height((key,), SUMMARY_WIDTHS[:1]))
            row += 1
        wb.write(ws, row, 0, "合计", head)
        wb.write_row(ws, row, 1, _totals(counts), number)
        row += 2


# ---- the page ---------------------------------------------------------------------------------


def _cells(values: Sequence[str], tag: str = "td", numbers_from: int | None = None) -> str:
    """Cells of one row; from column `numbers_from` on they hold counts (right-aligned)."""
    return "".join(
        f"<{tag}{' class=n' if numbers_from is not None and i >= numbers_from else ''}>"
        f"{html.escape(v).replace(chr(10), '<br>')}</{tag}>"
        for i, v in enumerate(values)
    )


def _table(
    columns: Sequence[str],
    rows: Iterable[tuple[str, Sequence[str]]],
    numbers_from: int | None = None,
    widths: Sequence[int] = (),
) -> str:
    """A table whose header repeats on every printed page; columns as wide as the workbook's."""
    body = "\n".join(
        f"<tr class='{c}'>{_cells(values, numbers_from=numbers_from)}</tr>" for c, values in rows
    )
    cols = "".join(f"<col style='width: {100 * w / sum(widths):.1f}%'>" for w in widths)
    return (
        f"<table><colgroup>{cols}</colgroup>"
        f"<thead><tr>{_cells(columns, 'th', numbers_from)}</tr></thead>"
        f"<tbody>\n{body}\n</tbody></table>"
    )


def _count_table(title: str, names: str, counts: Counts) -> str:
    rows: list[tuple[str, Sequence[str]]] = [
        ("", (key, *(str(c[s]) for s in Severity), str(c.total()))) for key, c in counts.items()
    ]
    rows.append(("total", ("合计", *(str(n) for n in _totals(counts)))))
    return f"<h2>{html.escape(title)}</h2>\n" + _table((names, *COUNT_HEAD), rows, 1)


def write_review_html(run: ReviewRun, path: Path) -> None:
    def by_severity(rows: list[Row]) -> list[tuple[str, Sequence[str]]]:
        return [(s.value, values) for s, values in rows]

    counts = "\n".join(_count_table(*section) for section in sections(run) if section[2])
    findings = _table(COLUMNS, by_severity(finding_rows(run, run.findings)), widths=WIDTHS)
    problems = problem_rows(run)
    unreadable = unreadable_rows(run)
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>审核清单</title>
<meta name="generator" content="{REVIEW_LIST}">
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
th, td {{ border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }}
th {{ background: #D9E1F2; }}
.n {{ text-align: right; width: 4em; }}
tr.total td {{ font-weight: bold; }}
tr.error td:first-child {{ color: #C00000; font-weight: bold; }}
tr.warning td:first-child {{ color: #9C5700; }}
tr.info td:first-child {{ color: #595959; }}
</style></head><body>
<h1>审核清单</h1>
<p>{html.escape(headline(run))}。</p>
{counts}
<h2>全部问题</h2>
{findings}
{"<h2>读表与评分问题</h2>" + _table(PROBLEM_COLUMNS, by_severity(problems), widths=PROBLEM_WIDTHS) if problems else ""}
{"<h2>无法读取的文件</h2>" + _table(("文件", "原因"), [("", u) for u in unreadable]) if unreadable else ""}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
