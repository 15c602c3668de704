"""上传 page: a unit drops one or many files; they are imported as `jixiao db import` does, in
a background job (service/jobs.py), and the job's page shows its progress (HTMX polls it each
second until it ends) and each file's fate — stored with its score and findings, or refused
with its located problems and nothing stored. The 项目 page's PDF button makes a job too.
JSON twins: `POST /api/imports`, `GET /api/jobs`, `GET /api/jobs/{id}`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.service import jobs
from jixiao.service.errors import Invalid, ServiceError
from jixiao.web.files import read_upload
from jixiao.web.pages.common import Page, Signed

router = APIRouter()


def _show(page: Page, status: int = 200, error: ServiceError | None = None) -> Response:
    return page.render(
        "upload.html",
        status,
        page="upload",
        unit=jobs.own_unit(page.ctx),
        recent=jobs.recent(page.ctx),
        kinds=jobs.KINDS,
        error=error,
        most=jobs.MAX_FILES,
    )


@router.get("/upload")
def upload_form(page: Signed) -> Response:
    return _show(page)


@router.post("/upload", form_limits={"max_files": jobs.MAX_FILES + 1})
def upload(
    page: Signed,
    files: Annotated[list[UploadFile] | None, File()] = None,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    ctx = page.checked(csrf)
    try:
        unit = jobs.own_unit(ctx)
        if unit is None:
            raise Invalid("批量上传由预算单位办理；请在项目页上传该项目的表格", "files")
        # a browser sends an input left empty as a part without a file name: no file
        chosen = [f for f in (files or [])[: jobs.MAX_FILES + 1] if f.filename]
        read = [read_upload(f) for f in chosen]
        made = jobs.submit_import(
            ctx, unit, [(name, data) for data, name in read], page.request.app.state.enqueue
        )
    except ServiceError as exc:
        return _show(page, exc.status, exc)
    return RedirectResponse(f"/jobs/{made.id}", status_code=303)


@router.get("/jobs/{job_id}")
def job(page: Signed, job_id: int) -> Response:
    found = jobs.view(page.ctx, job_id)
    return page.render("job.html", page="upload", job=found, kinds=jobs.KINDS)


@router.post("/projects/{project_id}/pdf")
def report_pdf(
    page: Signed, project_id: int, csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    ctx = page.checked(csrf)
    made = jobs.submit_report_pdf(ctx, project_id, page.request.app.state.enqueue)
    return RedirectResponse(f"/jobs/{made.id}", status_code=303)
