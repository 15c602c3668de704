"""The review as a workbook (sheets per unit and per code, counts, severity order) or a page."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter

from jixiao.core.problems import Severity
from jixiao.export.widths import display_width, sheet_name

if TYPE_CHECKING:
    from jixiao.api import Reviewed, ReviewRun

COLUMNS = ("级别", "代码", "单位", "项目", "位置", "问题", "建议")
WIDTHS = (6, 22, 24, 22, 40, 60, 60)


def _rows(items: list[Reviewed]) -> list[list[str]]:
    return [
        [
            r.finding.severity.label,
            r.finding.code,
            r.unit,
            r.project,
            str(r.finding.where),
            r.finding.message,
            r.finding.suggestion,
        ]
        for r in items
    ]


def write_review_xlsx(run: ReviewRun, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "font_name": "宋体"})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "font_name": "宋体"})
    tones = {
        Severity.ERROR: wb.add_format(
            {
                "bold": True,
                "font_color": "#C00000",
                "border": 1,
                "valign": "top",
                "font_name": "宋体",
            }
        ),
        Severity.WARNING: wb.add_format(
            {"font_color": "#9C5700", "border": 1, "valign": "top", "font_name": "宋体"}
        ),
        Severity.INFO: wb.add_format(
            {"font_color": "#595959", "border": 1, "valign": "top", "font_name": "宋体"}
        ),
    }
    used = {"汇总", "全部问题", "无法读取"}
    items = list(run.findings)

    summary = wb.add_worksheet("汇总")
    summary.set_column(0, 0, 28)
    summary.set_column(1, 4, 12)
    summary.write_row(0, 0, ("", "错误", "警告", "提示", "合计"), head)
    by_unit = _count(items, lambda r: r.unit or "（未注明单位）")
    by_code = _count(items, lambda r: r.finding.code)
    row = 1
    for title, table in (("按单位", by_unit), ("按问题", by_code)):
        summary.write(row, 0, title, head)
        row += 1
        for key, counts in table.items():
            summary.write(row, 0, key, cell)
            summary.write_row(row, 1, [counts[s] for s in Severity] + [sum(counts.values())], cell)
            row += 1
        row += 1
    summary.write(
        row,
        0,
        f"共审核文件 {len(run.files)} 个，无法读取 {len(run.unreadable)} 个，发现 {len(items)} 条",
        cell,
    )

    _findings_sheet(wb.add_worksheet("全部问题"), items, head, cell, tones)
    for unit in by_unit:
        mine = [r for r in items if (r.unit or "（未注明单位）") == unit]
        _findings_sheet(wb.add_worksheet(sheet_name(unit, used, "未命名")), mine, head, cell, tones)
    for code in by_code:
        mine = [r for r in items if r.finding.code == code]
        _findings_sheet(wb.add_worksheet(sheet_name(code, used, "未命名")), mine, head, cell, tones)

    unreadable = wb.add_worksheet("无法读取")
    unreadable.set_column(0, 0, 60)
    unreadable.set_column(1, 1, 80)
    unreadable.write_row(0, 0, ("文件", "原因"), head)
    reasons = {p.where.file: p.message for p in run.problems if p.severity is Severity.ERROR}
    for i, path_ in enumerate(run.unreadable, start=1):
        unreadable.write_row(i, 0, (str(path_), reasons.get(str(path_), "")), cell)
    wb.close()


def _count(items: list[Reviewed], key: Any) -> dict[str, Counter[Severity]]:
    out: dict[str, Counter[Severity]] = {}
    for r in items:
        out.setdefault(key(r), Counter())[r.finding.severity] += 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1][Severity.ERROR], -sum(kv[1].values()))))


def _findings_sheet(ws: Any, items: list[Reviewed], head: Any, cell: Any, tones: Any) -> None:
    for i, width in enumerate(WIDTHS):
        ws.set_column(i, i, width)
    ws.write_row(0, 0, COLUMNS, head)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(items)), len(COLUMNS) - 1)
    for n, (r, values) in enumerate(zip(items, _rows(items), strict=True), start=1):
        ws.write(n, 0, values[0], tones[r.finding.severity])
        ws.write_row(n, 1, values[1:], cell)
        lines = max(
            display_width(values[5]) // (WIDTHS[5] - 2), display_width(values[6]) // (WIDTHS[6] - 2)
        )
        ws.set_row(n, 15 * (lines + 1))


def write_review_html(run: ReviewRun, path: Path) -> None:
    items = list(run.findings)
    counts = Counter(r.finding.severity for r in items)
    rows = "\n".join(
        "<tr class='{cls}'>{cells}</tr>".format(
            cls=r.finding.severity.value,
            cells="".join(f"<td>{html.escape(v)}</td>" for v in values),
        )
        for r, values in zip(items, _rows(items), strict=True)
    )
    by_code = _count(items, lambda r: r.finding.code)
    code_rows = "".join(
        f"<tr><td>{html.escape(code)}</td>{''.join(f'<td>{c[s]}</td>' for s in Severity)}</tr>"
        for code, c in by_code.items()
    )
    unreadable = "".join(f"<li>{html.escape(str(p))}</li>" for p in run.unreadable)
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>审核清单</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}
th, td {{ border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }}
th {{ background: #D9E1F2; }}
tr.error td:first-child {{ color: #C00000; font-weight: bold; }}
tr.warning td:first-child {{ color: #9C5700; }}
tr.info td:first-child {{ color: #595959; }}
</style></head><body>
<h1>审核清单</h1>
<p>审核文件 {len(run.files)} 个，发现 {len(items)} 条：错误 {counts[Severity.ERROR]}，
警告 {counts[Severity.WARNING]}，提示 {counts[Severity.INFO]}。</p>
<h2>按问题统计</h2>
<table><tr><th>代码</th><th>错误</th><th>警告</th><th>提示</th></tr>{code_rows}</table>
<h2>全部问题</h2>
<table><tr>{"".join(f"<th>{c}</th>" for c in COLUMNS)}</tr>
{rows}
</table>
{"<h2>无法读取的文件</h2><ul>" + unreadable + "</ul>" if unreadable else ""}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
