"""运行监控 (`/monitoring`): monitoring cases uploaded (or the bundled example) analysed as
`jixiao monitor` does — per department the roll-up against 序时进度, per project execution,
偏差, the year-end forecast, the quarterly score and indicator progress, each status as a word
and a class, a bar chart drawn on the server. Nothing is stored. The same service call as its
JSON twin `POST /api/monitoring`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from markupsafe import Markup

from jixiao.core.numbers import HUNDRED, fmt_pct, in_unit
from jixiao.service import monitoring
from jixiao.service.errors import ServiceError
from jixiao.web.monitoring import uploaded
from jixiao.web.pages.charts import Bar, rows
from jixiao.web.pages.common import Page, Signed

router = APIRouter()

FULL = Decimal(100)  # rates on an axis to 100%


def _show(
    page: Page,
    status: int = 200,
    found: monitoring.Monitoring | None = None,
    error: ServiceError | None = None,
    as_of: str = "",
    chosen: tuple[str, ...] = (),
) -> Response:
    return page.render(
        "monitoring.html",
        status,
        page="monitoring",
        found=found,
        charts=drawn(found) if found else {},
        error=error,
        as_of=as_of,
        chosen=chosen,
        most=monitoring.MAX_FILES,
        pct=fmt_pct,
        in_unit=in_unit,
    )


@router.get("/monitoring")
def monitoring_form(page: Signed) -> Response:
    return _show(page)


@router.post("/monitoring")
def monitoring_run(
    page: Signed,
    file: Annotated[list[UploadFile] | None, File()] = None,
    as_of: Annotated[str, Form(max_length=40)] = "",
    example: Annotated[str, Form(max_length=8)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    ctx = page.checked(csrf)
    chosen = tuple(f.filename for f in file or () if f.filename)
    try:
        when = monitoring.as_of_of(as_of)
        if example:
            found = monitoring.example(ctx, when)
        else:
            found = monitoring.analyse(ctx, uploaded(file), when)
    except ServiceError as exc:
        return _show(page, exc.status, error=exc, as_of=as_of, chosen=chosen)
    return _show(page, found=found, as_of=as_of)


def drawn(m: monitoring.Monitoring) -> dict[str, Markup]:
    """Per department a bar of each project's 执行率 coloured by its status; with several
    departments, one more of the departments' own."""
    charts = {
        f"d{i}": rows(
            f"dept_{i}",
            f"{d.progress.name}各项目执行率（序时进度 {fmt_pct(d.progress.expected)}）",
            [
                Bar(
                    p.progress.name,
                    p.progress.rate * HUNDRED,
                    f"{fmt_pct(p.progress.rate)}（{p.progress.status.label}）",
                    p.progress.status.value,
                )
                for p in d.projects
            ],
            top=FULL,
        )
        for i, d in enumerate(m.departments)
    }
    if len(m.departments) > 1:
        charts["all"] = rows(
            "departments",
            "各部门执行率（绿、黄、红按各自的序时进度）",
            [
                Bar(
                    d.progress.name,
                    d.progress.rate * HUNDRED,
                    f"{fmt_pct(d.progress.rate)}（{d.progress.status.label}）",
                    d.progress.status.value,
                )
                for d in m.departments
            ],
            top=FULL,
        )
    return charts
