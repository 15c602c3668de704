"""Long jobs (service/jobs.py, the queue in service/queue.py), on SQLite and PostgreSQL: a
batch of files and a PDF report asked for, run outside the request, their progress and
outcome kept in the database and seen only by who asked; a job is run once however often
it is queued; a job its worker left unfinished is failed, saying so. And through a real
`jixiao serve`, whose queue worker runs them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from demo_world import EXAMPLES, ctx, demo_server
from jixiao.report.pdf import find_soffice
from jixiao.service import jobs
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.service.errors import Forbidden, Invalid, NotFound
from jixiao.service.projects import list_projects
from jixiao.store.db import Store
from jixiao.store.schema import Job
from jixiao.workflow.items import JobStatus

ROOT = Path(__file__).resolve().parents[1]
GOOD = EXAMPLES / "selfeval" / "智慧图书馆数字资源建设.txt"


class Queue:
    """What the web hands a job to: here, a list the test runs by hand."""

    def __init__(self) -> None:
        self.queued: list[int] = []

    def __call__(self, job_id: int) -> None:
        self.queued.append(job_id)


def files() -> list[tuple[str, bytes]]:
    """Next year's table of a demo project, a broken file, a new project's table, and this
    year's table of a project whose self-evaluation is with its department (read-only)."""
    text = GOOD.read_text(encoding="utf-8")
    next_year = text.replace("绩效自评年度:\t2024", "绩效自评年度:\t2025")
    renamed = text.replace("智慧图书馆数字资源建设", "古籍数字化保护")
    return [
        ("智慧图书馆2025.txt", next_year.encode("utf-8")),
        ("坏文件.xlsx", b"PK\x03\x04 not a workbook"),
        ("子目录/古籍数字化保护.txt", renamed.encode("utf-8")),
        ("智慧图书馆.txt", GOOD.read_bytes()),
    ]


def test_an_import_job_runs_outside_the_request(store: Store) -> None:
    unit, queue = ctx(store, "unit"), Queue()
    asked = jobs.submit_import(unit, "U-LIBRARY", files(), queue)
    assert asked.status is JobStatus.QUEUED and asked.total == 4 and asked.done == 0
    assert queue.queued == [asked.id]
    before = {(p.name, p.year) for p in list_projects(unit)}
    jobs.run(store, asked.id)
    done = jobs.view(unit, asked.id)
    assert done.status is JobStatus.DONE and (done.total, done.done, done.failed) == (4, 4, 2)
    assert [i["name"] for i in done.items] == [name for name, _ in files()]  # in order
    assert [i["stored"] for i in done.items] == [True, False, True, False]
    assert done.items[1]["code"] == "unreadable" and "Excel" in done.items[1]["message"]
    assert done.items[3]["code"] == "forbidden" and "不能上传自评表" in done.items[3]["message"]
    assert done.items[0]["year"] == 2025 and done.items[0]["case_version"] == 1
    assert done.message == "共 4 个文件：2 个已入库，2 个未入库"
    after = {(p.name, p.year) for p in list_projects(unit)}
    assert after - before == {("智慧图书馆数字资源建设", 2025), ("古籍数字化保护", 2024)}
    jobs.run(store, asked.id)  # queued twice, run once
    assert jobs.view(unit, asked.id).items == done.items
    assert len(list_projects(unit)) == len(after)


def test_a_job_is_seen_only_by_who_asked(store: Store) -> None:
    asked = jobs.submit_import(ctx(store, "unit"), "U-LIBRARY", files()[:1], Queue())
    for other in ("unit2", "department", "finance", "admin"):
        with pytest.raises(NotFound):
            jobs.view(ctx(store, other), asked.id)
    with pytest.raises(NotFound):
        jobs.view(ctx(store, "unit"), 10**30)


def test_an_import_not_the_actors_to_ask_is_refused_at_once(store: Store) -> None:
    queue = Queue()
    with pytest.raises(NotFound):  # another unit's: as if it did not exist
        jobs.submit_import(ctx(store, "unit2"), "U-LIBRARY", files(), queue)
    with pytest.raises(NotFound):
        jobs.submit_import(ctx(store, "unit"), "NO-SUCH-UNIT", files(), queue)
    with pytest.raises(Forbidden):  # the department sees the unit, files nothing for it
        jobs.submit_import(ctx(store, "department"), "U-LIBRARY", files(), queue)
    with pytest.raises(Invalid, match="没有上传文件"):
        jobs.submit_import(ctx(store, "unit"), "U-LIBRARY", [], queue)
    with pytest.raises(Invalid, match="一次最多导入"):
        jobs.submit_import(
            ctx(store, "unit"), "U-LIBRARY", [("a.txt", b"x")] * (jobs.MAX_FILES + 1), queue
        )
    assert queue.queued == []
    with store.transaction() as s:
        assert s.scalars(select(Job)).all() == []


def test_a_job_its_worker_left_unfinished_is_failed_saying_so(store: Store) -> None:
    unit = ctx(store, "unit")
    asked = jobs.submit_import(unit, "U-LIBRARY", files()[:1], Queue())
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    with store.transaction() as s:
        job = s.get(Job, asked.id)
        assert job is not None
        job.status, job.runner = JobStatus.RUNNING, f"{socket.gethostname()}:{dead.stdout.strip()}"
    assert jobs.interrupted(store) == 1
    failed = jobs.view(unit, asked.id)
    assert failed.status is JobStatus.FAILED and "服务停止" in failed.message
    assert jobs.interrupted(store) == 0


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_a_pdf_report_job_makes_the_file(store: Store) -> None:
    unit = ctx(store, "unit")
    [py] = [p.id for p in list_projects(unit) if p.name == "智慧图书馆数字资源建设"]
    asked = jobs.submit_report_pdf(unit, py, Queue())
    with pytest.raises(NotFound, match="没有生成文件"):
        jobs.output(unit, asked.id)
    jobs.run(store, asked.id)
    assert jobs.view(unit, asked.id).has_file
    content, name = jobs.output(unit, asked.id)
    assert content.startswith(b"%PDF") and name == "report.pdf"


def test_jixiao_serve_runs_its_jobs(tmp_path: Path) -> None:
    """The server's own queue worker runs an import asked over the API; the worker ends with
    the server."""
    with demo_server(tmp_path) as (server_url, server):
        base, deadline = server_url + "/api", time.monotonic() + 120
        with httpx.Client(base_url=base, timeout=60) as web:
            csrf = web.post("/login", json={"username": "unit", "password": DEMO_PASSWORD}).json()[
                "csrf"
            ]
            sent = [("files", (name, data)) for name, data in files()]
            answer = web.post(
                "/imports", data={"unit": "U-LIBRARY"}, files=sent, headers={"X-CSRF-Token": csrf}
            )
            assert answer.status_code == 202, answer.text
            job = answer.json()
            assert job["status"] == "queued" and job["total"] == 4
            while not job["finished"]:
                assert time.monotonic() < deadline + 120, job
                time.sleep(0.3)
                job = web.get(f"/jobs/{job['id']}").json()
            assert job["status"] == "done" and (job["done"], job["failed"]) == (4, 2), job
            assert web.get(f"/jobs/{job['id']}/file").json()["error"]["code"] == "not-found"
            anonymous = httpx.get(f"{base}/jobs/{job['id']}")
            assert anonymous.status_code == 401
        workers = [p for p in Path("/proc").glob("[0-9]*") if _parent(p) == server.pid]
        assert workers, "jixiao serve started no queue worker"
    end = time.monotonic() + 30
    while any(w.exists() for w in workers):
        assert time.monotonic() < end, "the queue worker outlived the server"
        time.sleep(0.1)


def _parent(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return -1
