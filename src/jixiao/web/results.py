"""结果应用 routes: a year's project-years with their grades' consequences, the export the
finance bureau (or a department) takes into the budget, and 整改 evidence in and out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile

from jixiao.service import evidence, portfolio
from jixiao.service.results_xlsx import portfolio_xlsx
from jixiao.web import shapes
from jixiao.web.files import attachment, read_upload
from jixiao.web.params import XLSX, Ctx, Year

router = APIRouter()


@router.get("/portfolio/projects", summary="结果应用：某年度各项目的得分、等级、结果应用与整改事项")
def project_results(
    ctx: Ctx,
    year: Year,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> dict[str, Any]:
    found = portfolio.project_results(ctx, year, limit, offset)
    return {"year": year, "items": [shapes.project_result(p) for p in found]}


@router.get("/portfolio.xlsx", summary="导出结果应用（xlsx：按主管部门、按项目）")
def results_workbook(ctx: Ctx, year: Year) -> Response:
    content = portfolio_xlsx(ctx, year)
    return Response(
        content,
        media_type=XLSX,
        headers=attachment(f"结果应用-{year}.xlsx", f"portfolio-{year}.xlsx"),
    )


@router.post("/rectifications/{item_id}/evidence", summary="上传整改佐证材料", status_code=201)
def attach_evidence(
    ctx: Ctx,
    item_id: int,
    file: Annotated[UploadFile, File(description="佐证材料（任意格式）")],
    version: Annotated[int, Form(description="读取时的版本号（乐观锁）")],
) -> dict[str, Any]:
    data, name = read_upload(file)
    return shapes.item(evidence.attach(ctx, item_id, data, name, version))


@router.get("/rectifications/{item_id}/evidence", summary="下载整改佐证材料")
def evidence_file(ctx: Ctx, item_id: int) -> Response:
    found = evidence.download(ctx, item_id)
    headers = {**attachment(found.name), "X-Content-Type-Options": "nosniff"}
    return Response(found.content, media_type="application/octet-stream", headers=headers)
