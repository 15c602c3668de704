"""看板's JSON twin: one year's figures for a slide, within the user's scope — what the
`/dashboard` page draws, from the same service call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from jixiao.service.dashboard import dashboard
from jixiao.web import shapes
from jixiao.web.params import Ctx

router = APIRouter()


@router.get(
    "/dashboard",
    summary="看板：某年度的得分分布、等级、各主管部门平均分与预算执行率、常见问题、历年对比",
)
def board(
    ctx: Ctx,
    year: Annotated[
        int | None, Query(ge=1900, le=2200, description="年度；不填为最近一个有评定等级的年度")
    ] = None,
) -> dict[str, Any]:
    return shapes.dashboard(dashboard(ctx, year))
