"""The queue long jobs go through: huey (a well-kept task queue) on an SQLite file of its own.
The queue carries only a job's number; what the job is and how it is going live in the
database (service/jobs.py), so the web answers for it from any worker.

The queue file sits beside an SQLite store (`jixiao-data/jixiao-queue.db`); for PostgreSQL it
is a file of this machine (`jixiao-queue-<hash of the URL>.db` in the temporary folder): each
machine's `jixiao serve` runs its own queue worker (`jixiao jobs work`), which takes the jobs
asked for on that machine. Losing the file loses nothing: a worker starting queues again
every job the database holds as queued.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from jixiao.store.db import normal_url

if TYPE_CHECKING:
    from huey import SqliteHuey

    from jixiao.store.db import Store

_stores: dict[str, Store] = {}  # the worker's store, by URL


def queue_file(url: str) -> Path:
    parsed = make_url(normal_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = Path(parsed.database or "")
        return database.with_name(f"{database.stem}-queue.db")
    digest = hashlib.sha256(parsed.render_as_string(hide_password=True).encode()).hexdigest()
    return Path(tempfile.gettempdir()) / f"jixiao-queue-{digest[:12]}.db"


def queue_for(url: str) -> SqliteHuey:
    """The queue of the store at `url`, with the one task it runs."""
    from huey import SqliteHuey

    path = queue_file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    huey = SqliteHuey(name="jixiao", filename=str(path), fsync=False)

    def run_job(job_id: int) -> None:
        from jixiao.service.jobs import run

        run(_store(url), job_id)

    huey.jixiao_run_job = huey.task(name="jixiao.run_job")(run_job)
    return huey


def enqueue(huey: Any, job_id: int) -> None:
    huey.jixiao_run_job(job_id)


def _store(url: str) -> Store:
    from jixiao.store.db import Store

    found = _stores.get(url)
    if found is None:
        found = _stores[url] = Store.open(url, migrate=False)
    return found


def work(url: str, workers: int = 1) -> None:
    """Run the queue's worker until SIGINT or SIGTERM: first the jobs this machine's last
    worker left unfinished are failed, saying so, and queued jobs the queue lost are queued
    again."""
    from huey.consumer import Consumer

    from jixiao.service.jobs import interrupted, queued

    huey = queue_for(url)
    store = _store(url)
    interrupted(store)
    for job_id in queued(store):  # a job taken twice runs once (jobs.run takes it atomically)
        enqueue(huey, job_id)
    Consumer(huey, workers=workers, worker_type="thread", periodic=False).run()
