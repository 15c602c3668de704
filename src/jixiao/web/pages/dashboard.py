"""看板 (`/dashboard`): one year's figures as charts drawn on the server (pages/charts.py),
each with its data table; choosing a year swaps the board through HTMX. The same service call
as its JSON twin `GET /api/dashboard`; here the values are only laid out and labelled."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from jixiao.core.numbers import fmt
from jixiao.service.dashboard import Dashboard, dashboard
from jixiao.web.pages.charts import Bar, Group, columns, grouped, rows
from jixiao.web.pages.common import Signed

router = APIRouter()

FULL = Decimal(100)  # scores and rates on an axis to 100
BAND_TONES = ("poor", "weak", "fair", "good", "best")  # the bands, lowest first
GRADE_TONES = ("best", "good", "fair", "poor")  # the grades, highest first
BAD_YEAR = "年度应为 1900–2200 之间的四位数字，已显示最近一个有评定等级的年度"


@router.get("/dashboard", response_class=HTMLResponse)
def board(page: Signed, year: Annotated[str, Query(max_length=8)] = "") -> Response:
    wanted = int(year) if year.isascii() and year.isdigit() else None
    error = ""
    if year and (wanted is None or not 1900 <= wanted <= 2200):
        wanted, error = None, BAD_YEAR
    found = dashboard(page.ctx, wanted)
    choices = sorted({*found.years, found.year}, reverse=True)
    return page.render(
        "dashboard.html",
        page="dashboard",
        board=found,
        charts=drawn(found),
        choices=choices,
        error=error,
    )


def _count(n: int) -> str:
    return f"{n} 个"


def _score(value: Decimal | None, none: str = "未评定") -> str:
    return none if value is None else fmt(value)


def _rate(value: Decimal | None) -> str:
    return "未提供" if value is None else f"{fmt(value)}%"


def _tone(tones: tuple[str, ...], i: int) -> str:
    return tones[i] if i < len(tones) else "other"


def drawn(d: Dashboard) -> dict[str, Markup]:
    """Each chart of the board, as SVG."""
    year = f"{d.year}年度"
    years = [f"{y.year}年" for y in d.history]
    means = {(y.year, name): mean for y in d.history for name, _, mean in y.departments}
    names = [f.department for f in d.departments]
    names += sorted({name for (_, name) in means} - set(names))
    return {
        "bands": columns(
            "bands",
            f"{year}得分分布（项目年度数）",
            [
                Bar(b.label, Decimal(b.projects), _count(b.projects), _tone(BAND_TONES, i))
                for i, b in enumerate(d.bands)
            ],
            whole=True,
        ),
        "grades": columns(
            "grades",
            f"{year}各等级项目年度数",
            [
                Bar(g, Decimal(n), _count(n), _tone(GRADE_TONES, i))
                for i, (g, n) in enumerate(d.grades)
            ],
            whole=True,
        ),
        "means": rows(
            "means",
            f"{year}各主管部门平均分",
            [Bar(f.department, f.mean, _score(f.mean)) for f in d.departments],
            top=FULL,
        ),
        "execution": rows(
            "execution",
            f"{year}各主管部门预算执行率",
            [
                Bar(f.department, f.execution.rate, _rate(f.execution.rate), "rate")
                for f in d.departments
            ],
            top=FULL,
        ),
        "findings": rows(
            "findings",
            f"{year}最常见的审核发现（涉及项目年度数）",
            [
                Bar(f.title, Decimal(f.projects), f"{f.projects} 个项目 · {f.found} 处", f.severity)
                for f in d.findings
            ],
        ),
        "deductions": rows(
            "deductions",
            f"{year}扣分最多的指标类别（扣分合计）",
            [Bar(x.category, x.lost, f"{fmt(x.lost)} 分", "lost") for x in d.deductions],
        ),
        "history_means": grouped(
            "history_means",
            "历年各主管部门平均分",
            years,
            [
                Group(
                    name,
                    tuple(
                        Bar(
                            label, means.get((y.year, name)), _score(means.get((y.year, name)), "—")
                        )
                        for y, label in zip(d.history, years, strict=True)
                    ),
                )
                for name in names
            ],
            top=FULL,
        ),
        "history_grades": grouped(
            "history_grades",
            "历年各等级项目年度数",
            years,
            [
                Group(
                    g,
                    tuple(
                        Bar(label, Decimal(dict(y.grades).get(g, 0)), str(dict(y.grades).get(g, 0)))
                        for y, label in zip(d.history, years, strict=True)
                    ),
                )
                for g, _ in d.grades
            ],
            whole=True,
        ),
    }
