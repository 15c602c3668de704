"""结果应用 exported: a year's portfolio as the workbook the finance bureau (or a department,
of its own units) takes into next year's budget — per department, then per project-year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from jixiao import api
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden
from jixiao.service.portfolio import (
    DepartmentYear,
    ProjectResult,
    mean_of,
    portfolio,
    project_results,
)
from jixiao.workflow import authorize_export

BANDS = ("优", "良", "中", "差")  # the rulebooks' grades, in their order; others follow


def portfolio_xlsx(ctx: Context, year: int) -> bytes:
    """The workbook's content, for those EXPORT_RESULTS is granted to; rows within scope."""
    decision = authorize_export(ctx.actor)
    if not decision.allowed:
        raise Forbidden(decision.reason)
    departments = portfolio(ctx, year)
    projects = project_results(ctx, year)
    title = f"{year} 年度绩效评价结果应用"
    return api.render_listing_xlsx(
        [by_department(year, departments), by_project(year, projects)], title
    )


def _grades(departments: Sequence[DepartmentYear]) -> list[str]:
    seen = {g for d in departments for g in d.grades}
    return [g for g in BANDS if g in seen] + sorted(seen - set(BANDS))


def by_department(year: int, departments: Sequence[DepartmentYear]) -> api.ListingSheet:
    Col, Kind = api.ListingColumn, api.ListingKind
    grades = _grades(departments)
    columns = (
        Col("主管部门"),
        Col("项目数", Kind.COUNT),
        Col("已评定等级", Kind.COUNT),
        Col("平均分", Kind.DECIMAL),
        *(Col(g, Kind.COUNT) for g in grades),
        Col("未销号整改事项", Kind.COUNT),
    )
    rows = tuple(
        (
            d.department,
            d.projects,
            d.scored,
            d.mean,
            *(d.grades[g] for g in grades),
            d.open_items,
        )
        for d in departments
    )
    scored = sum(d.scored for d in departments)
    total = sum((d.total for d in departments), Decimal(0))
    mean = mean_of(total, scored)
    line = (
        "合计",
        sum(d.projects for d in departments),
        scored,
        mean,
        *(sum(d.grades[g] for d in departments) for g in grades),
        sum(d.open_items for d in departments),
    )
    return api.ListingSheet(
        "按主管部门",
        f"{year} 年度绩效评价结果应用（按主管部门）",
        columns,
        rows,
        line if departments else None,
        _notes(departments),
    )


def _notes(departments: Sequence[DepartmentYear]) -> tuple[str, ...]:
    """What each grade means for the budget, by the policies that gave them."""
    meant: Counter[tuple[str, str]] = Counter()
    for d in departments:
        meant.update(d.consequences)
    order = {g: i for i, g in enumerate(BANDS)}
    lines = [
        f"{grade}（{n} 个项目）：{consequence}"
        for (grade, consequence), n in sorted(
            meant.items(), key=lambda kv: (order.get(kv[0][0], len(BANDS)), kv[0])
        )
        if consequence
    ]
    head = "结果应用（按评分口径）："
    tail = "平均分为已评定等级项目的总分平均值；未评定等级的（目标表、未完整计分的表）不计入。"
    return (head, *lines, tail) if lines else (tail,)


def by_project(year: int, projects: Sequence[ProjectResult]) -> api.ListingSheet:
    Col, Kind = api.ListingColumn, api.ListingKind
    columns = (
        Col("项目年度编号", Kind.COUNT),
        Col("单位代码"),
        Col("单位名称"),
        Col("主管部门"),
        Col("项目名称"),
        Col("阶段"),
        Col("总分", Kind.DECIMAL),
        Col("等级"),
        Col("结果应用"),
        Col("未销号整改事项", Kind.COUNT),
        Col("逾期整改事项", Kind.COUNT),
    )
    rows = tuple(
        (
            p.id,
            p.unit_code,
            p.unit_name,
            p.department,
            p.project,
            p.stage.label,
            p.total,
            p.grade or "—",
            p.consequence,
            p.open_items,
            p.overdue_items,
        )
        for p in projects
    )
    return api.ListingSheet("按项目", f"{year} 年度绩效评价结果应用（按项目）", columns, rows)
