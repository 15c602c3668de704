"""项目 page: one project-year — its stage and the steps the user may take (each behind a
confirmation), the scored table (自评: computed beside published scores, differences marked,
扣分说明, 偏差原因 and the findings beside their row), the findings about the whole table, an
upload form, the downloads, its history. The JSON twins: `/api/projects/{id}`, `.../score`,
`.../findings`, `.../documents`, `.../transitions`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.service import transitions, uploads
from jixiao.service.errors import Invalid, ServiceError
from jixiao.service.overview import overview
from jixiao.service.sheet import sheet_of
from jixiao.web.files import read_upload
from jixiao.web.pages.common import Page, Signed
from jixiao.workflow import Action

router = APIRouter()
_DONE = {"upload": "已上传，已重新评分和审核。", "move": "已办理。"}


def show(page: Page, project_id: int, status: int = 200, **more: Any) -> Response:
    found = overview(page.ctx, project_id)
    scored = found.scored
    done = page.request.query_params.get("done", "")
    return page.render(
        "project.html",
        status,
        page="projects",
        p=found.project,
        scored=scored,
        sheet=sheet_of(scored.result, found.findings) if scored else None,
        moves=found.moves,
        evaluators=found.evaluators,
        kinds=found.kinds,
        documents=found.uploads,
        steps=found.steps,
        done=_DONE.get(done, ""),
        **more,
    )


@router.get("/projects/{project_id}")
def project(page: Signed, project_id: int) -> Response:
    return show(page, project_id)


def _back(project_id: int, done: str) -> RedirectResponse:
    return RedirectResponse(f"/projects/{project_id}?done={done}", status_code=303)


@router.post("/projects/{project_id}/move")
def move(
    page: Signed,
    project_id: int,
    action: Annotated[str, Form(max_length=32)] = "",
    version: Annotated[int | None, Form()] = None,
    reason: Annotated[str, Form(max_length=5000)] = "",
    evaluator_id: Annotated[str, Form(max_length=30)] = "",
    lead_evaluator: Annotated[str, Form(max_length=200)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    ctx = page.checked(csrf)
    typed = {"action": action, "reason": reason, "lead_evaluator": lead_evaluator}
    try:
        if action not in {a.value for a in Action}:
            raise Invalid("没有这个办理事项", "action")
        if confirm != "yes":
            raise Invalid("请勾选确认后再办理", "confirm")
        payload = {"evaluator_id": evaluator_id, "lead_evaluator": lead_evaluator}
        transitions.transition(
            ctx,
            project_id,
            Action(action),
            version=version,
            reason=reason,
            payload={k: v for k, v in payload.items() if v},
        )
    except ServiceError as exc:
        return show(page, project_id, exc.status, move_error=exc, typed=typed)
    return _back(project_id, "move")


@router.post("/projects/{project_id}/upload")
def upload(
    page: Signed,
    project_id: int,
    file: Annotated[UploadFile | None, File()] = None,
    version: Annotated[int | None, Form()] = None,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    ctx = page.checked(csrf)
    try:
        if file is None or not file.filename:
            raise Invalid("请选择要上传的文件", "file")
        data, name = read_upload(file)
        uploads.upload(ctx, project_id, data, name, version)
    except ServiceError as exc:
        return show(page, project_id, exc.status, upload_error=exc)
    return _back(project_id, "upload")
