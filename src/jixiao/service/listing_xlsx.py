"""项目列表 exported: the project-years a listing's filters keep, as a printable workbook —
what the user sees on the list, every page of it."""

from __future__ import annotations

from jixiao import api
from jixiao.service.context import Context
from jixiao.service.projects import Filters, Listing, listing

EXPORT_ROWS = 50_000  # a workbook's rows at most: a district's years many times over


def describe(f: Filters) -> str:
    """The filters in words, for the sheet's title ("" when none)."""
    said = [
        f"{f.year} 年度" if f.year is not None else "",
        f"阶段：{f.stage.label}" if f.stage is not None else "",
        f"单位：{f.unit}" if f.unit else "",
        f"主管部门：{f.department}" if f.department else "",
        f"等级：{f.grade}" if f.grade else "",
    ]
    return "，".join(s for s in said if s)


def listing_xlsx(ctx: Context, filters: Filters) -> bytes:
    """The workbook of everything the filters keep within the actor's scope (up to
    EXPORT_ROWS, said under the table when there are more)."""
    found = listing(ctx, filters, EXPORT_ROWS, most=EXPORT_ROWS)
    return api.render_listing_xlsx([sheet(filters, found)], "项目列表")


def sheet(filters: Filters, found: Listing) -> api.ListingSheet:
    Col, Kind = api.ListingColumn, api.ListingKind
    columns = (
        Col("项目年度编号", Kind.COUNT),
        Col("年度", Kind.COUNT),
        Col("项目编码"),
        Col("项目名称"),
        Col("单位代码"),
        Col("预算单位"),
        Col("阶段"),
        Col("总分", Kind.DECIMAL),
        Col("等级"),
    )
    rows = tuple(
        (
            p.id,
            p.year,
            p.code,
            p.name,
            p.unit_code,
            p.unit_name,
            p.stage.label,
            p.total if p.grade else None,
            p.grade or "—",
        )
        for p in found.items
    )
    said = describe(filters)
    title = f"项目列表（{said}）" if said else "项目列表"
    notes = [f"共 {found.total} 个项目年度。"]
    if found.total > len(rows):
        notes.append(f"只导出了前 {len(rows)} 个，请缩小筛选范围后分批导出。")
    return api.ListingSheet("项目列表", title, columns, rows, None, tuple(notes))
