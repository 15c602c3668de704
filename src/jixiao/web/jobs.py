"""Long jobs over the API: a batch of files to import, a report to render as PDF. Asking
answers at once (202) with the job; its progress, each file's outcome and the file it made
are read back from the job (service/jobs.py), from any worker."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from jixiao.service import jobs
from jixiao.web.files import attachment, read_upload
from jixiao.web.params import Ctx

router = APIRouter(prefix="/api")
PDF = "application/pdf"


def job(j: jobs.JobView) -> dict[str, Any]:
    return {
        "id": j.id,
        "kind": j.kind,
        "kind_label": jobs.KINDS.get(j.kind, j.kind),
        "status": j.status.value,
        "status_label": j.status.label,
        "finished": j.status.finished,
        "total": j.total,
        "done": j.done,
        "failed": j.failed,
        "items": j.items,
        "message": j.message,
        "file": f"/api/jobs/{j.id}/file" if j.has_file else None,
        "project_year_id": j.project_year_id,
        "created_at": j.created_at.isoformat(),
        "started_at": j.started_at.isoformat() if j.started_at else None,
        "finished_at": j.finished_at.isoformat() if j.finished_at else None,
    }


@router.post(
    "/imports",
    summary="批量导入一个预算单位的文件（后台任务）",
    status_code=202,
    form_limits={"max_files": jobs.MAX_FILES + 1},  # one more: said in Chinese, not by Starlette
)
def submit_import(
    ctx: Ctx,
    request: Request,
    unit: Annotated[str, Form(max_length=64, description="预算单位代码")],
    files: Annotated[list[UploadFile], File(description="自评表、目标表等，每个文件一个项目")],
) -> dict[str, Any]:
    read = [read_upload(f) for f in files[: jobs.MAX_FILES + 1]]
    made = jobs.submit_import(
        ctx, unit, [(name, data) for data, name in read], request.app.state.enqueue
    )
    return job(made)


@router.post(
    "/projects/{project_id}/report.pdf", summary="生成评价报告 PDF（后台任务）", status_code=202
)
def submit_report_pdf(ctx: Ctx, request: Request, project_id: int) -> dict[str, Any]:
    return job(jobs.submit_report_pdf(ctx, project_id, request.app.state.enqueue))


@router.get("/jobs", summary="本人最近提交的后台任务")
def my_jobs(ctx: Ctx) -> dict[str, Any]:
    return {"items": [job(j) for j in jobs.recent(ctx)]}


@router.get("/jobs/{job_id}", summary="后台任务的进度与结果")
def job_status(ctx: Ctx, job_id: int) -> dict[str, Any]:
    return job(jobs.view(ctx, job_id))


@router.get("/jobs/{job_id}/file", summary="后台任务生成的文件")
def job_file(ctx: Ctx, job_id: int) -> Response:
    content, name = jobs.output(ctx, job_id)
    return Response(content, media_type=PDF, headers=attachment(name))
