"""Long jobs, run outside the request by the queue's worker (service/queue.py): a batch of a
unit's files to import, a report to render as PDF. What is asked, how far it has got, what
became of each file and the PDF made are kept in the database (`jobs`, `job_files`), so any
web worker on any machine answers for a job, and a job survives the worker that took it
only as a failure that says so.

A job runs as the user who asked for it, with that user's rights when it runs; only that
user sees it.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from jixiao import api, batch
from jixiao.core import limits
from jixiao.core.numbers import fmt
from jixiao.core.problems import Location
from jixiao.service import audit, importing, reading
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Invalid, NotFound, ServiceError
from jixiao.service.people import actor_by_id
from jixiao.service.projects import MAX_ID, visible
from jixiao.service.writing import document_ids
from jixiao.store.db import Store
from jixiao.store.schema import Document, Job, JobFile, Organisation
from jixiao.store.types import now
from jixiao.workflow import NOT_FOUND, Action, DocumentKind, OrgKind, Stage, Subject, Verdict
from jixiao.workflow import authorize as decide
from jixiao.workflow.items import JobStatus

IMPORT, REPORT_PDF = "import", "report_pdf"
KINDS = {IMPORT: "批量导入", REPORT_PDF: "评价报告 PDF"}
MAX_FILES = 2000  # files in one import job
SHOWN_PROBLEMS = 20  # located problems kept for a file that could not be stored
PROGRESS_EVERY = 1.0  # seconds between progress writes while a job runs
Enqueue = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class JobView:
    id: int
    kind: str
    status: JobStatus
    total: int
    done: int
    failed: int
    items: list[Any]
    message: str
    has_file: bool
    project_year_id: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def _view(job: Job) -> JobView:
    return JobView(
        job.id,
        job.kind,
        job.status,
        job.total,
        job.done,
        job.failed,
        list(job.items or []),
        job.message,
        job.result_id is not None,
        job.project_year_id,
        job.created_at,
        job.started_at,
        job.finished_at,
    )


# -- asking ---------------------------------------------------------------------------------


def submit_import(
    ctx: Context, unit_code: str, files: Sequence[tuple[str, bytes]], enqueue: Enqueue
) -> JobView:
    """A unit's files to import as `jixiao db import` does, queued: refused at once when the
    unit is not the actor's to file for, or a file is too big; each file's fate is the job's."""
    if not files:
        raise Invalid("没有上传文件", "files")
    if len(files) > MAX_FILES:
        raise Invalid(f"一次最多导入 {MAX_FILES} 个文件（收到 {len(files)} 个）", "files")
    cap = limits.current().file_bytes
    for name, data in files:
        if len(data) > cap:
            problem = limits.exceeded("file_bytes", len(data), Location(name), "文件太大")
            raise Invalid(problem.message, name, (problem,), code="too-large")
    with ctx.store.transaction() as s:
        unit = s.scalar(select(Organisation).where(Organisation.code == unit_code))
        if unit is None or unit.kind is not OrgKind.UNIT:
            raise NotFound("没有这个预算单位，或无权为其导入", "unit")
        declared = Subject(
            unit.id, unit.department_id or 0, unit.district_id or 0, Stage.SELFEVAL_DRAFT
        )
        decision = decide(ctx.actor, Action.UPLOAD, declared, document=DocumentKind.SELFEVAL)
        if decision.verdict is Verdict.HIDDEN:
            raise NotFound("没有这个预算单位，或无权为其导入", "unit")
        if decision.verdict is Verdict.FORBIDDEN:
            raise Forbidden(decision.reason)
        job = Job(kind=IMPORT, status=JobStatus.QUEUED, created_by=ctx.user_id, unit_id=unit.id)
        job.total, job.done, job.failed, job.items, job.message = len(files), 0, 0, [], ""
        s.add(job)
        s.flush()
        ids = document_ids(s, [data for _, data in files])
        s.add_all(
            JobFile(job_id=job.id, position=i, document_id=doc, name=name[:300])
            for i, ((name, _), doc) in enumerate(zip(files, ids, strict=True))
        )
        audit.record(s, ctx, "job.submit", "job", job.id, "kind", None, IMPORT)
        made = _view(job)
    enqueue(made.id)
    return made


def submit_report_pdf(ctx: Context, project_year_id: int, enqueue: Enqueue) -> JobView:
    """The project-year's report rendered as PDF, queued (LibreOffice takes its time)."""
    reading.latest(ctx, project_year_id)  # visible, and scored: else said now, not later
    with ctx.store.transaction() as s:
        job = Job(kind=REPORT_PDF, status=JobStatus.QUEUED, created_by=ctx.user_id)
        job.project_year_id, job.total, job.done, job.failed = project_year_id, 1, 0, 0
        job.items, job.message = [], ""
        s.add(job)
        s.flush()
        audit.record(s, ctx, "job.submit", "job", job.id, "kind", None, REPORT_PDF)
        made = _view(job)
    enqueue(made.id)
    return made


def _mine(ctx: Context, job_id: int) -> Job:
    with ctx.store.transaction() as s:
        job = s.get(Job, job_id) if 0 < job_id <= MAX_ID else None
        if job is None or job.created_by != ctx.user_id:
            raise NotFound(NOT_FOUND)
        return job


def view(ctx: Context, job_id: int) -> JobView:
    return _view(_mine(ctx, job_id))


def recent(ctx: Context, limit: int = 20) -> list[JobView]:
    """The user's own jobs, newest first."""
    with ctx.store.transaction() as s:
        found = s.scalars(
            select(Job).where(Job.created_by == ctx.user_id).order_by(Job.id.desc()).limit(limit)
        ).all()
        return [_view(j) for j in found]


def own_unit(ctx: Context) -> str | None:
    """The code of the budget unit the user files for (a unit's own), else None: only a
    unit imports its files in a batch."""
    if ctx.actor.org_id is None:
        return None
    with ctx.store.transaction() as s:
        org = s.get(Organisation, ctx.actor.org_id)
        return org.code if org is not None and org.kind is OrgKind.UNIT else None


def output(ctx: Context, job_id: int) -> tuple[bytes, str]:
    """The file a finished job made (the PDF), and its name."""
    job = _mine(ctx, job_id)
    if job.result_id is None:
        raise NotFound("该任务没有生成文件（未完成或失败）")
    if job.project_year_id is not None:  # still the user's to see
        with ctx.store.transaction() as s:
            visible(s, ctx, job.project_year_id)
    with ctx.store.transaction() as s:
        document = s.get(Document, job.result_id)
        assert document is not None
        return document.content, "report.pdf"


# -- running (the queue's worker) -----------------------------------------------------------


def runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def run(store: Store, job_id: int) -> None:
    """Run a queued job (a job already taken, or finished, is left alone)."""
    with store.transaction() as s:
        taken = cast(
            "CursorResult[Any]",
            s.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
                .values(status=JobStatus.RUNNING, started_at=now(), runner=runner())
            ),
        )
        if not taken.rowcount:
            return
        job = s.get(Job, job_id)
        assert job is not None
        actor = actor_by_id(s, job.created_by) if job.created_by else None
        kind = job.kind
    try:
        if actor is None:
            raise Forbidden("提交任务的用户已停用，任务未执行")
        ctx = Context(store, actor, "job")
        message = _import(ctx, job_id) if kind == IMPORT else _report_pdf(ctx, job_id)
        _finish(store, job_id, JobStatus.DONE, message)
    except ServiceError as exc:
        _finish(store, job_id, JobStatus.FAILED, exc.message)
    except Exception as exc:  # the job fails, with words; the worker goes on
        _finish(store, job_id, JobStatus.FAILED, f"任务内部出错：{type(exc).__name__}")
        raise


def _finish(store: Store, job_id: int, status: JobStatus, message: str) -> None:
    with store.transaction() as s:
        job = s.get(Job, job_id)
        assert job is not None
        job.status, job.message, job.finished_at = status, message[:5000], now()


def interrupted(store: Store) -> int:
    """Jobs this host's worker had taken when it stopped (its process is gone): failed, said
    so. Run when a worker starts; the count."""
    host = socket.gethostname()
    with store.transaction() as s:
        left = s.scalars(select(Job).where(Job.status == JobStatus.RUNNING.value)).all()
        count = 0
        for job in left:
            name, _, pid = job.runner.rpartition(":")
            if name == host and pid.isdigit() and not _alive(int(pid)):
                job.status, job.finished_at = JobStatus.FAILED, now()
                job.message = "任务执行中服务停止，未完成；已入库的文件保留，请重新提交其余文件"
                count += 1
        return count


def queued(store: Store) -> list[int]:
    with store.transaction() as s:
        return list(s.scalars(select(Job.id).where(Job.status == JobStatus.QUEUED.value)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def _import(ctx: Context, job_id: int) -> str:
    with ctx.store.transaction() as s:
        job = s.get(Job, job_id)
        assert job is not None and job.unit_id is not None
        unit = s.get(Organisation, job.unit_id)
        assert unit is not None
        files = s.execute(
            select(JobFile.position, JobFile.name, Document.content)
            .join(Document, Document.id == JobFile.document_id)
            .where(JobFile.job_id == job_id)
            .order_by(JobFile.position)
        ).all()
        code = unit.code
    with tempfile.TemporaryDirectory(prefix="jixiao-job-") as tmp:
        sources = []
        for position, name, content in files:  # never the user's name as a path
            path = Path(tmp) / f"{position:05d}{Path(name).suffix[:16]}"
            path.write_bytes(content)
            sources.append(importing.Source(path, name))
        items: list[Any] = [None] * len(sources)
        at = {source.path: i for i, source in enumerate(sources)}
        done = failed = 0
        written = time.monotonic()
        for outcome in importing.import_files(ctx, code, sources, batch.default_jobs()):
            items[at[outcome.source.path]] = _line(outcome)
            done += 1
            failed += not outcome.stored
            if time.monotonic() - written >= PROGRESS_EVERY:
                _progress(ctx.store, job_id, done, failed, items)
                written = time.monotonic()
        _progress(ctx.store, job_id, done, failed, items)
    return f"共 {len(sources)} 个文件：{done - failed} 个已入库，{failed} 个未入库"


def _progress(store: Store, job_id: int, done: int, failed: int, items: list[Any]) -> None:
    with store.transaction() as s:
        job = s.get(Job, job_id)
        assert job is not None
        job.done, job.failed, job.items = done, failed, [i for i in items if i is not None]


def _line(o: importing.Imported) -> dict[str, Any]:
    if o.error is None:
        return {
            "name": o.source.name,
            "stored": True,
            "project_year_id": o.project_year_id,
            "project": o.project,
            "year": o.year,
            "stage": o.stage,
            "case_version": o.case_version,
            "total": fmt(o.total),
            "grade": o.grade,
            "found": o.found,
            "errors": o.errors,
        }
    if not isinstance(o.error, ServiceError):
        return {
            "name": o.source.name,
            "stored": False,
            "message": "文件无法处理（内部错误，已记录）",
            "code": "internal",
            "problems": [],
        }
    located = [
        {"where": str(p.where._replace(file=o.source.name)), "message": p.message}
        for p in o.error.problems[:SHOWN_PROBLEMS]
    ]
    return {
        "name": o.source.name,
        "stored": False,
        "message": o.error.message,
        "code": o.error.code,
        "problems": located,
    }


def _report_pdf(ctx: Context, job_id: int) -> str:
    with ctx.store.transaction() as s:
        job = s.get(Job, job_id)
        assert job is not None and job.project_year_id is not None
        py_id = job.project_year_id
    result = reading.latest(ctx, py_id).result
    content, problems = api.render_report(result, "pdf")
    if not content:
        raise Invalid(problems[0].message if problems else "PDF 无法生成")
    with ctx.store.transaction() as s:
        (doc,) = document_ids(s, [content])
        job = s.get(Job, job_id)
        assert job is not None
        job.result_id, job.done = doc, 1
    return "评价报告 PDF 已生成"
