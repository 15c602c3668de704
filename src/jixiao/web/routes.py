"""The JSON API's routes: each authenticates, calls one service function, shapes its value."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from jixiao import api
from jixiao.service import (
    adjust,
    library,
    portfolio,
    projects,
    reading,
    rectify,
    suggestions,
    transitions,
    uploads,
)
from jixiao.service.errors import Invalid
from jixiao.service.listing_xlsx import listing_xlsx
from jixiao.service.people import authenticate
from jixiao.service.sessions import close_session, open_session
from jixiao.web import evaluating, shapes
from jixiao.web.admin import router as admin_router
from jixiao.web.auth import COOKIE, keep_session, opened, store_of
from jixiao.web.dashboard import router as dashboard_router
from jixiao.web.files import attachment, read_upload
from jixiao.web.monitoring import router as monitoring_router
from jixiao.web.params import DOCX, XLSX, Ctx, Year
from jixiao.web.results import router as results_router
from jixiao.workflow import Action, Stage
from jixiao.workflow.items import RectificationStatus

router = APIRouter(prefix="/api")


class Login(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class NewProject(BaseModel):
    unit: str = Field(max_length=64, description="预算单位代码")
    name: str = Field(max_length=300)
    year: int
    code: str = Field(default="", max_length=64)


class Move(BaseModel):
    action: Action
    version: int | None = Field(default=None, description="读取时的版本号（乐观锁）")
    reason: str = Field(default="", max_length=5000, description="退回意见")
    payload: dict[str, str | int] = Field(default_factory=dict)


@router.post("/login", summary="登录")
def login(body: Login, request: Request, response: Response) -> dict[str, Any]:
    store = store_of(request)
    client = request.client.host if request.client else ""
    actor = authenticate(store, body.username, body.password, client)
    session = open_session(store, request.app.state.secret, actor)
    keep_session(response, request, session.token)
    return {"csrf": session.csrf, "user": shapes.user(actor)}


@router.post("/logout", summary="退出登录")
def logout(ctx: Ctx, request: Request, response: Response) -> dict[str, Any]:
    close_session(ctx.store, request.app.state.secret, request.cookies.get(COOKIE, ""))
    response.delete_cookie(COOKIE, path="/")
    return {"ok": True}


@router.get("/me", summary="当前用户")
def me(request: Request) -> dict[str, Any]:
    session = opened(request)
    return {"user": shapes.user(session.actor), "csrf": session.csrf}


Code = Annotated[str | None, Query(max_length=64)]
Grade = Annotated[str | None, Query(max_length=16, description="最新评分的等级，如 优")]


def _filters(
    year: Year | None = None,
    stage: Stage | None = None,
    unit: Code = None,
    department: Code = None,
    grade: Grade = None,
) -> projects.Filters:
    """A listing's filters, as the list and its export take them."""
    return projects.Filters(year, stage, unit, department, grade)


Kept = Annotated[projects.Filters, Depends(_filters)]


@router.get("/projects", summary="项目列表（按年度、阶段、单位、主管部门、等级筛选；分页，含总数）")
def list_projects(
    ctx: Ctx,
    kept: Kept,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> dict[str, Any]:
    found = projects.listing(ctx, kept, limit, offset)
    return {
        "items": [shapes.summary(p) for p in found.items],
        "total": found.total,
        "limit": found.limit,
        "offset": found.offset,
    }


@router.get("/projects.xlsx", summary="导出项目列表（xlsx，按同样的筛选条件，不分页）")
def projects_workbook(ctx: Ctx, kept: Kept) -> Response:
    content = listing_xlsx(ctx, kept)
    return Response(content, media_type=XLSX, headers=attachment("项目列表.xlsx", "projects.xlsx"))


@router.post("/projects", summary="新建项目年度（目标申报）", status_code=201)
def create_project(ctx: Ctx, body: NewProject) -> dict[str, Any]:
    made = projects.create_project_year(ctx, body.unit, body.name, body.year, body.code)
    return shapes.summary(made)


@router.get("/projects/{project_id}", summary="项目详情")
def project(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return {
        **shapes.summary(projects.summary_of(ctx, project_id)),
        "transitions": [shapes.move(t) for t in reading.moves(ctx, project_id)],
        "documents": [shapes.upload_row(u) for u in reading.uploads(ctx, project_id)],
        "steps": [shapes.step(s) for s in reading.steps(ctx, project_id)],
        "evaluators": [
            {"id": i, "name": name} for i, name in transitions.evaluators(ctx, project_id)
        ],
    }


@router.post("/projects/{project_id}/documents", summary="上传表格或案例", status_code=201)
def upload_document(
    ctx: Ctx,
    project_id: int,
    file: Annotated[UploadFile, File(description="xlsx、xls、ods、文本、YAML 或 JSON")],
    version: Annotated[int | None, Form()] = None,
) -> dict[str, Any]:
    data, name = read_upload(file)
    stored = uploads.upload(ctx, project_id, data, name, version)
    return shapes.stored(stored)


@router.post("/projects/{project_id}/adjustments", summary="目标调整申请", status_code=201)
def request_adjustment(
    ctx: Ctx,
    project_id: int,
    file: Annotated[UploadFile, File(description="调整后的绩效目标表")],
    reason: Annotated[str, Form(max_length=5000)],
) -> dict[str, Any]:
    data, name = read_upload(file)
    return shapes.adjustment(adjust.request(ctx, project_id, data, name, reason))


@router.get("/projects/{project_id}/adjustments", summary="目标调整申请列表")
def adjustments(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return {"items": [shapes.adjustment(a) for a in adjust.requests(ctx, project_id)]}


class Decision(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=5000)
    version: int | None = None


@router.post("/adjustments/{adjustment_id}/decision", summary="审批目标调整申请（财政局）")
def decide_adjustment(ctx: Ctx, adjustment_id: int, body: Decision) -> dict[str, Any]:
    done = adjust.decide(ctx, adjustment_id, body.approve, body.note, body.version)
    return shapes.adjustment(done)


@router.get("/projects/{project_id}/findings", summary="最新一次读取、评分和审核发现的问题")
def findings(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return {"items": [shapes.finding(f) for f in reading.findings(ctx, project_id)]}


@router.get("/projects/{project_id}/score", summary="最新评分结果")
def score(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return shapes.scored(reading.latest(ctx, project_id))


@router.get(
    "/projects/{project_id}/suggestions", summary="目标值建议：按历史标准（往年目标与实际）"
)
def target_suggestions(ctx: Ctx, project_id: int) -> dict[str, Any]:
    found = suggestions.suggestions(ctx, project_id)
    return {"items": [shapes.suggested(f) for f in found]}


@router.post("/projects/{project_id}/transitions", summary="流转（提交、审核、退回……）")
def move(ctx: Ctx, project_id: int, body: Move) -> dict[str, Any]:
    done = transitions.transition(
        ctx,
        project_id,
        body.action,
        version=body.version,
        reason=body.reason,
        payload=body.payload,
    )
    return shapes.summary(done)


@router.get("/projects/{project_id}/report.docx", summary="评价报告（Word）")
def report(ctx: Ctx, project_id: int) -> Response:
    result = reading.latest(ctx, project_id).result
    content, problems = api.render_report(result, "docx")
    if not content:
        raise Invalid(problems[0].message if problems else "报告无法生成")
    return Response(content, media_type=DOCX, headers=attachment("report.docx"))


@router.get("/projects/{project_id}/table.xlsx", summary="标准自评表（xlsx）")
def table(ctx: Ctx, project_id: int) -> Response:
    result = reading.latest(ctx, project_id).result
    if result.case.evaluation:
        raise Invalid("评价案例没有标准自评表；请下载评价报告", "table.xlsx")
    content = api.render_xlsx([result])
    return Response(content, media_type=XLSX, headers=attachment("table.xlsx"))


@router.get("/projects/{project_id}/audit", summary="项目的审计日志")
def project_audit(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return {"items": [shapes.audit_row(a) for a in reading.audit_log(ctx, project_id)]}


@router.get("/audit", summary="审计日志（object=project_year:编号）")
def audit(ctx: Ctx, object: str) -> dict[str, Any]:
    kind, _, number = object.partition(":")
    if kind != "project_year" or not re.fullmatch(r"[0-9]{1,30}", number):
        raise Invalid("object 应为 project_year:编号", "object")
    return {"items": [shapes.audit_row(a) for a in reading.audit_log(ctx, int(number))]}


@router.get("/indicators", summary="指标库：按名称或类别查找各单位实际使用的指标")
def indicators(
    ctx: Ctx, q: str = "", category: str = "", limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> dict[str, Any]:
    return {"items": [shapes.entry(e) for e in library.search(ctx, q, category, limit)]}


class RectificationChange(BaseModel):
    version: int
    status: RectificationStatus | None = None
    owner: str | None = Field(default=None, max_length=200)
    due: date | None = None
    note: str | None = Field(default=None, max_length=5000)


@router.get("/rectifications", summary="整改事项（可只列未销号、逾期的）")
def rectifications(
    ctx: Ctx,
    open: bool = False,
    overdue: bool = False,
    unit: str | None = None,
) -> dict[str, Any]:
    found = rectify.items(ctx, open_only=open, overdue=overdue, unit=unit)
    return {"items": [shapes.item(i) for i in found]}


@router.patch("/rectifications/{item_id}", summary="更新整改事项")
def change_rectification(ctx: Ctx, item_id: int, body: RectificationChange) -> dict[str, Any]:
    done = rectify.update(
        ctx,
        item_id,
        body.version,
        status=body.status,
        owner=body.owner,
        due=body.due,
        note=body.note,
    )
    return shapes.item(done)


@router.get("/portfolio", summary="结果应用：某年度各主管部门的得分、等级与未销号整改事项")
def results(ctx: Ctx, year: Year) -> dict[str, Any]:
    return {
        "year": year,
        "items": [shapes.department_year(d) for d in portfolio.portfolio(ctx, year)],
    }


# 结果应用 and its 整改 evidence (web/results.py), 看板 (web/dashboard.py), under the same prefix
router.include_router(results_router)
router.include_router(dashboard_router)
router.include_router(evaluating.router)  # 在线评价 (web/evaluating.py)
router.include_router(admin_router)  # 管理 (web/admin.py): users, organisations, audit log
router.include_router(monitoring_router)  # 运行监控 (web/monitoring.py)
