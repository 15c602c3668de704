"""kill -9 in the middle of a batch, on SQLite and PostgreSQL: a real server process killed
while an upload's transaction is open (every row written, not committed), and a batch import
worker killed wherever it happens to be once the database shows it half done. Afterwards the
store opens; every upload that committed is whole (document bytes by sha256, case version,
score run, problems, indicator rows, audit entry, the project-year's version); nothing
half-written is visible; and a new upload is accepted.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from jixiao import codec
from jixiao.service.context import Context
from jixiao.service.filing import score_and_review
from jixiao.service.people import OPERATOR, acting_for, add_org, add_user
from jixiao.service.uploads import import_file, read_one
from jixiao.store.db import Store
from jixiao.store.schema import (
    AuditEntry,
    CaseVersion,
    Document,
    IndicatorYear,
    Project,
    ProjectYear,
    ScoreRun,
    StoredProblem,
    Upload,
)
from jixiao.workflow import OrgKind, Role

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "examples" / "selfeval").iterdir())  # a text, an xlsx, a YAML table
UNIT = "U-1"
PASSWORD = "durable-password"
BATCH = 40  # uploads in a batch (enough for the importer to start worker processes)
PAUSE_AT = 9  # the server's upload killed inside its transaction (1-based)
KILL_AFTER = 8  # the import worker is killed once the database shows this many committed
DEADLINE = 30.0  # seconds any wait may take

# The server: the app over the store, as `jixiao serve` runs it; the PAUSE_AT-th transaction
# that scores an upload flushes everything, says so (a file) and waits to be killed.
SERVER = """
import sys, time
from pathlib import Path
import uvicorn
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session
from jixiao.store.db import Store
from jixiao.web.app import create_app

url, port, pause_at, marker = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
scored = [0]

@event.listens_for(Engine, "before_cursor_execute")
def _seen(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("INSERT INTO SCORE_RUNS"):
        conn.info["scores"] = True

@event.listens_for(Session, "before_commit")
def _pause(session):
    if session.connection().info.pop("scores", False):
        scored[0] += 1
        if scored[0] == pause_at:
            session.flush()  # every row of the upload is in the database, uncommitted
            marker.write_text("paused")
            time.sleep(600)

uvicorn.run(create_app(Store.open(url, migrate=False)), host="127.0.0.1", port=port,
            log_level="warning")
"""

# The batch import, as `jixiao db import DIR --unit CODE` files a folder: worker processes read,
# this one writes a few files a transaction.
WORKER = """
import sys
from pathlib import Path
from jixiao.service.context import Context
from jixiao.service.people import acting_for
from jixiao.service.importing import Source, import_files
from jixiao.store.db import Store

url, unit, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
store = Store.open(url, migrate=False)
ctx = Context(store, acting_for(store, unit), "cli")
sources = [Source(path, path.name) for path in sorted(folder.iterdir())]
for outcome in import_files(ctx, unit, sources, jobs=2, per_transaction=3):
    assert outcome.stored, outcome.error
"""


def variant(i: int, source: Path, *, new_project: bool) -> tuple[str, bytes]:
    """The i-th file of a batch: an example, its bytes changed (text formats) and, for
    `new_project`, every other one under a project name of its own."""
    name = f"{i:03d}-{source.name}"
    data = source.read_bytes()
    if source.suffix == ".xlsx":  # the same bytes again: one document, a new case version
        return name, data
    content = data.decode("utf-8")
    if source.suffix == ".txt":
        content = content.replace("提升全民阅读服务能力。", f"提升全民阅读服务能力（第 {i} 次）。")
    else:
        content += f"\n# 第 {i} 次上传\n"
    if new_project and i % 2:
        content = content.replace(source.stem, f"{source.stem}{i:03d}")
    return name, content.encode("utf-8")


def batch(n: int, *, new_project: bool) -> dict[str, bytes]:
    return dict(variant(i, SOURCES[i % len(SOURCES)], new_project=new_project) for i in range(n))


def district(url: str, *, user: bool = False) -> Store:
    store = Store.open(url)
    op = Context(store, OPERATOR, "test")
    add_org(op, "FIN", "某区财政局", OrgKind.FINANCE)
    add_org(op, "D-1", "某区文化局", OrgKind.DEPARTMENT, "FIN")
    add_org(op, UNIT, "某区图书馆", OrgKind.UNIT, "D-1")
    if user:
        add_user(op, "durable", PASSWORD, Role.UNIT, UNIT)
    return store


def wait_for(what: str, ready: Callable[[], bool], proc: subprocess.Popen[bytes]) -> None:
    end = time.monotonic() + DEADLINE
    while not ready():
        if proc.poll() is not None:
            raise AssertionError(f"the process ended (code {proc.returncode}) before {what}")
        if time.monotonic() > end:
            raise AssertionError(f"no {what} within {DEADLINE} s")
        time.sleep(0.01)


def writing(url: str) -> bool:
    """Whether a transaction is open on the database, holding what it wrote uncommitted:
    SQLite refuses a second writer; PostgreSQL shows a session idle in its transaction."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        other = sqlite3.connect(parsed.database or "", timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            return "locked" in str(exc)
        finally:
            other.close()
        return False
    store = Store.open(url, migrate=False)
    try:
        with store.transaction() as s:
            open_ = s.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND state = 'idle in transaction' AND backend_xid IS NOT NULL"
                )
            )
        return bool(open_)
    finally:
        store.close()


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=DEADLINE) == -signal.SIGKILL


def children(pid: int) -> set[int]:
    """The processes `pid` started (its import's worker processes), from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def gone(pids: set[int]) -> bool:
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


def committed(store: Store) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(Upload)) or 0


# ---------------------------------------------------------------------------------------------
# what a store must hold after the crash


@dataclass
class Figures:
    uploads: int = 0
    checks: int = 0

    def check(self, holds: bool, what: str) -> None:
        self.checks += 1
        assert holds, what


@dataclass(frozen=True)
class Expected:
    name: str  # the project's
    total: object
    grade: str
    problems: int
    indicators: int


def expected(data: bytes, name: str) -> Expected:
    """What storing this file writes, read and scored again now."""
    case, problems = read_one(data, name)
    result, review = score_and_review(case, problems)
    stored = len(review.findings) + len(review.problems)
    return Expected(case.project.name, result.total, result.grade, stored, len(case.indicators))


def verify(url: str, files: dict[str, bytes]) -> Figures:
    """Open the store again and prove every committed upload whole and nothing else there."""
    store = Store.open(url)  # migrations at open: the store still opens
    figures = Figures()
    check = figures.check
    try:
        with store.transaction() as s:
            if store.backend == "sqlite":
                check(s.execute(text("PRAGMA integrity_check")).scalar() == "ok", "integrity")
            uploads = s.scalars(select(Upload).order_by(Upload.id)).all()
            versions = s.scalars(select(CaseVersion)).all()
            runs = s.scalars(select(ScoreRun)).all()
            documents = {d.id: d for d in s.scalars(select(Document))}
            project_years = s.scalars(select(ProjectYear)).all()
            projects = s.scalars(select(Project)).all()
            problems = Counter(s.scalars(select(StoredProblem.score_run_id)))
            indicators = Counter(s.scalars(select(IndicatorYear.case_version_id)))
            audited = Counter(
                s.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "upload"))
            )
            by_upload = {v.upload_id: v for v in versions}
            by_version = {r.case_version_id: r for r in runs}
            check(len(by_upload) == len(versions), "one case version per upload")
            check(len(by_version) == len(runs), "one score run per case version")
            check(
                len(uploads) == len(versions) == len(runs),
                f"{len(uploads)} uploads, {len(versions)} case versions, {len(runs)} score runs",
            )
            check(
                set(documents) == {u.document_id for u in uploads},
                "every document is an upload's, every upload's document is there",
            )
            newest: dict[int, tuple[int, int]] = {}  # project-year → (seq, id) of its newest
            for v in versions:
                if v.seq > newest.get(v.project_year_id, (0, 0))[0]:
                    newest[v.project_year_id] = (v.seq, v.id)
            again: dict[str, Expected] = {}
            for up in uploads:
                data = files[up.original_name]
                sha = hashlib.sha256(data).hexdigest()
                want = again.get(sha) or again.setdefault(sha, expected(data, up.original_name))
                doc = documents[up.document_id]
                check(doc.sha256 == sha, f"{up.original_name}: the document is another's")
                check(
                    hashlib.sha256(doc.content).hexdigest() == sha and doc.size == len(data),
                    f"{up.original_name}: the stored bytes differ from the upload's",
                )
                version = by_upload.get(up.id)
                check(version is not None, f"{up.original_name}: no case version")
                assert version is not None
                check(version.project_year_id == up.project_year_id, "the version's project")
                case = codec.from_document(json.loads(version.data), "case")
                check(case.project.name == want.name, f"{up.original_name}: another case")
                run = by_version.get(version.id)
                check(run is not None, f"{up.original_name}: case version without score run")
                assert run is not None
                check(run.project_year_id == up.project_year_id, "the run's project")
                result = codec.from_document(json.loads(run.result), "result")
                check(
                    run.total == result.total == want.total and run.grade == want.grade,
                    f"{up.original_name}: stored {run.total}/{result.total}, now {want.total}",
                )
                check(
                    problems[run.id] == want.problems,
                    f"{up.original_name}: {problems[run.id]} problems, {want.problems} found",
                )
                if newest[up.project_year_id][1] == version.id:  # the year's indicator rows
                    check(
                        indicators[version.id] == want.indicators,
                        f"{up.original_name}: {indicators[version.id]} indicator rows",
                    )
            current = {version_id for _, version_id in newest.values()}
            check(set(indicators) <= current, "indicator rows of a case version not current")
            for py in project_years:
                seqs = sorted(v.seq for v in versions if v.project_year_id == py.id)
                check(seqs == list(range(1, len(seqs) + 1)) and bool(seqs), f"#{py.id} {seqs}")
                check(py.version == 1 + len(seqs), f"#{py.id}: version {py.version}")
                check(audited[py.id] == len(seqs), f"#{py.id}: {audited[py.id]} upload audits")
            for project in projects:
                check(any(py.project_id == project.id for py in project_years), project.name)
            check(set(problems) <= {r.id for r in runs}, "problems of a score run not there")
            figures.uploads = len(uploads)
    finally:
        store.close()
    return figures


def accepts_a_new_upload(url: str, files: dict[str, bytes]) -> None:
    """After the crash the store takes a new upload, and is whole with it."""
    name, data = variant(BATCH + 1, SOURCES[0], new_project=True)
    store = Store.open(url)
    try:
        before = committed(store)
        stored = import_file(Context(store, acting_for(store, UNIT), "test"), UNIT, data, name)
        assert stored.score_run_id
    finally:
        store.close()
    files[name] = data
    figures = verify(url, files)
    assert figures.uploads == before + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# ---------------------------------------------------------------------------------------------


def test_a_server_killed_inside_an_upload_transaction(db_url: str, tmp_path: Path) -> None:
    started = time.monotonic()
    store = district(db_url, user=True)
    files: dict[str, bytes] = {}
    ids: dict[Path, int] = {}
    ctx = Context(store, acting_for(store, UNIT), "test")
    for source in SOURCES:  # the project-years the batch uploads into
        files[source.name] = source.read_bytes()
        ids[source] = import_file(ctx, UNIT, files[source.name], source.name).project_year_id
    store.close()
    sent = [variant(i, SOURCES[i % len(SOURCES)], new_project=False) for i in range(BATCH)]
    files.update(sent)

    script, marker, port = tmp_path / "server.py", tmp_path / "paused", free_port()
    script.write_text(SERVER, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, str(script), db_url, str(port), str(PAUSE_AT), str(marker)],
        cwd=ROOT,
    )
    answers: list[int] = []
    try:
        base = f"http://127.0.0.1:{port}"

        client = httpx.Client(base_url=base, timeout=DEADLINE, trust_env=False)  # no proxy

        def up() -> bool:
            try:
                return client.get("/api/openapi.json", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_for("the server answering", up, server)
        login = client.post("/api/login", json={"username": "durable", "password": PASSWORD})
        csrf = {"X-CSRF-Token": login.json()["csrf"]}

        def upload_all() -> None:
            for i, (name, data) in enumerate(sent):
                url = f"/api/projects/{ids[SOURCES[i % len(SOURCES)]]}/documents"
                try:
                    answer = client.post(url, headers=csrf, files={"file": (name, data)})
                except httpx.TransportError:
                    return  # the server is gone
                answers.append(answer.status_code)

        uploading = threading.Thread(target=upload_all)
        uploading.start()
        wait_for("the upload paused in its transaction", marker.exists, server)
        assert writing(db_url), "the upload's transaction is open when the server is killed"
        kill(server)
        uploading.join(DEADLINE)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert answers == [201] * (PAUSE_AT - 1), answers  # killed mid-batch, the rest unsent

    figures = verify(db_url, files)
    assert figures.uploads == len(SOURCES) + PAUSE_AT - 1  # the one killed left nothing
    store = Store.open(db_url)
    with store.transaction() as s:
        names = set(s.scalars(select(Upload.original_name)))
    store.close()
    assert sent[PAUSE_AT - 1][0] not in names and sent[PAUSE_AT - 2][0] in names
    accepts_a_new_upload(db_url, files)
    print(
        f"\nserver killed inside upload {PAUSE_AT} of {BATCH}: {figures.uploads} uploads "
        f"committed before, {figures.checks} checks; {time.monotonic() - started:.1f} s"
    )


def test_a_batch_import_killed_mid_batch(db_url: str, tmp_path: Path) -> None:
    started = time.monotonic()
    district(db_url).close()
    files = batch(BATCH, new_project=True)
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    worker = subprocess.Popen([sys.executable, str(script), db_url, UNIT, str(folder)], cwd=ROOT)
    poll = Store.open(db_url, migrate=False)
    try:
        wait_for(f"{KILL_AFTER} uploads committed", lambda: committed(poll) >= KILL_AFTER, worker)
        pool = children(worker.pid)
        kill(worker)
        end = time.monotonic() + DEADLINE  # its reading processes die with it
        while not gone(pool):
            assert time.monotonic() < end, f"worker processes {pool} outlived the import"
            time.sleep(0.05)
        assert pool, "the import ran no worker processes"
    finally:
        poll.close()
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    figures = verify(db_url, files)
    assert KILL_AFTER <= figures.uploads < BATCH, figures  # some, not all: killed mid-batch
    accepts_a_new_upload(db_url, files)
    print(
        f"\nimport worker killed after {figures.uploads} of {BATCH} uploads committed: "
        f"{figures.checks} checks; {time.monotonic() - started:.1f} s"
    )
