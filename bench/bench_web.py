"""The web app under load: 项目列表 and the score pages of 10,000 stored projects, served by a
real `jixiao serve` on loopback to 50 signed-in clients.

    python bench/bench_web.py [--projects N] [--clients C] [--seconds S] [--workers 1,2]
                              [--think MS] [--pg URL] [--db FILE]

1. A district (bench_store.district: 10 departments of 5 units, the finance bureau) with a
   user per unit and per department and an evaluator firm, and N synthetic self-evaluation
   tables filed through `import_files` as `jixiao db import` files them: scored and graded.
   `--db FILE`: an SQLite file kept between runs (built once, reused after).
2. For each worker count: `jixiao serve --workers W` on a free loopback port; C clients sign
   in (mostly units, departments and the finance bureau; a few evaluators and the
   administrator), then each loops for S seconds (and at most --requests requests): the
   project list with filters and pages, a project's `/api/projects/{id}/score`, and its HTML
   page `/projects/{id}` when the app has one (asked once). `--think`: a pause between a
   client's requests, and each client's first request comes at a random moment within one
   such pause (0: all at once and as fast as the server answers — its capacity, latency
   then mostly queueing).
3. Printed per endpoint: requests, throughput, p50/p95/p99 latency, errors (any answer not
   200, any failed request). Targets: 0 errors; p99 ≤ 50 ms for the list and the score.

On SQLite in a temporary folder, and on PostgreSQL when `--pg` (or JIXIAO_TEST_PG) names a
server: a database is made for the run and dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_store import PASSWORD, district, file_tables, pg_database  # noqa: E402
from jixiao.batch import default_jobs  # noqa: E402
from jixiao.service.context import Context  # noqa: E402
from jixiao.service.people import OPERATOR, add_org, add_user  # noqa: E402
from jixiao.store.db import Store  # noqa: E402
from jixiao.workflow import OrgKind, Role  # noqa: E402

LIST, SCORE, PAGE = "GET /projects", "GET /api/projects/{id}/score", "GET /projects/{id}"
TARGET_MS = 50.0
# who signs in, by share of the clients: mostly units, departments and the finance bureau
MIX = ((Role.UNIT, 0.5), (Role.DEPARTMENT, 0.3), (Role.FINANCE, 0.14), (Role.EVALUATOR, 0.04))


def build(store: Store, projects: int, jobs: int) -> None:
    """The district, its users and `projects` scored project-years (skipped when the store
    already holds a district)."""
    if store.has_organisations():
        return
    units = district(store)
    admin = Context(store, OPERATOR, "bench")
    for code in units:
        add_user(admin, code.lower(), PASSWORD, Role.UNIT, code)
    for d in sorted({code.split("-")[0][1:] for code in units}, key=int):
        add_user(admin, f"d{d}", PASSWORD, Role.DEPARTMENT, f"D{d}")
    add_org(admin, "E1", "某评价机构", OrgKind.EVALUATOR, "FIN")
    add_user(admin, "evaluator", PASSWORD, Role.EVALUATOR, "E1")
    add_user(admin, "admin", PASSWORD, Role.ADMIN)
    with tempfile.TemporaryDirectory() as folder:
        stored = file_tables(store, units, projects, jobs, Path(folder))
    assert stored == projects, f"{projects - stored} tables not stored"


def usernames(clients: int, units: int = 50, departments: int = 10) -> list[str]:
    """Who the clients sign in as: the MIX's shares, the rest the administrator."""
    names: list[str] = []
    for role, share in MIX:
        for i in range(round(clients * share)):
            if role is Role.UNIT:
                names.append(f"u{i % departments}-{i // departments % 5}")
            elif role is Role.DEPARTMENT:
                names.append(f"d{i % departments}")
            else:
                names.append(role.value)
    names = names[:clients]
    return names + ["admin"] * (clients - len(names))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str, workers: int, timeout: float = 120) -> Iterator[str]:
    """`jixiao serve` on the database `url`, on a free loopback port: its base URL once it
    answers; stopped (its whole process group) after."""
    port = free_port()
    command = [sys.executable, "-c", "from jixiao.cli import main; main()", "serve"]
    command += ["--db", url, "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"jixiao serve ended ({proc.returncode})")
            if time.monotonic() > deadline:
                raise RuntimeError("jixiao serve did not start")
            time.sleep(0.3)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@dataclass
class Figures:
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: Counter[str] = field(default_factory=Counter)  # "endpoint status" → how many
    page: bool = False  # whether the app has the HTML project page

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(self.errors.values())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


async def sign_in(base: str, username: str) -> tuple[httpx.AsyncClient, list[int], list[str]]:
    """A signed-in client, the project-years it sees (up to 500) and its units' codes."""
    client = httpx.AsyncClient(base_url=base, timeout=30)
    answer = await client.post("/api/login", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    items = (await client.get("/api/projects", params={"limit": 500})).json()["items"]
    return client, [p["id"] for p in items], sorted({p["unit"]["code"] for p in items})


def list_params(r: random.Random, units: list[str]) -> dict[str, str]:
    """A filter of the list as someone would set it: a year, a unit, a grade, a page."""
    params: dict[str, str] = {}
    if r.random() < 0.5:
        params["year"] = str(r.choice((2022, 2023, 2024)))
    if units and r.random() < 0.3:
        params["unit"] = r.choice(units)
    if r.random() < 0.2:
        params["grade"] = r.choice(("优", "良", "中", "差"))
    params["page"] = str(r.choice((1, 1, 1, 2, 3)))
    return params


async def client_loop(
    client: httpx.AsyncClient,
    ids: list[int],
    units: list[str],
    figures: Figures,
    deadline: float,
    requests: int,
    think: float,
    seed: int,
) -> None:
    r = random.Random(seed)
    done = 0
    if think:  # people do not all click at the same instant: each starts within one pause
        await asyncio.sleep(think * r.random())
    while time.monotonic() < deadline and done < requests:
        targets: list[tuple[str, str, dict[str, str]]] = [
            (LIST, "/projects", list_params(r, units))
        ]
        if ids:
            pick = r.choice(ids)
            targets.append((SCORE, f"/api/projects/{pick}/score", {}))
            if figures.page:
                targets.append((PAGE, f"/projects/{pick}", {}))
        for name, path, params in targets:
            start = time.perf_counter()
            try:
                answer = await client.get(path, params=params)
                status = str(answer.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            if status == "200":
                figures.latencies[name].append((time.perf_counter() - start) * 1000)
            else:
                figures.errors[name] += 1
                figures.failures[f"{name} {status}"] += 1
            done += 1
            if think:
                await asyncio.sleep(think * r.uniform(0.5, 1.5))


async def load(base: str, clients: int, seconds: float, requests: int, think: float) -> Figures:
    figures = Figures()
    signed = [await sign_in(base, name) for name in usernames(clients)]
    seer = next(((c, ids[0]) for c, ids, _ in signed if ids), None)
    if seer is not None:  # one GET: is there an HTML page for a project-year yet?
        figures.page = (await seer[0].get(f"/projects/{seer[1]}")).status_code == 200
    deadline = time.monotonic() + seconds
    start = time.perf_counter()
    try:
        await asyncio.gather(
            *(
                client_loop(c, ids, units, figures, deadline, requests, think, seed)
                for seed, (c, ids, units) in enumerate(signed)
            )
        )
    finally:
        figures.seconds = time.perf_counter() - start
        for c, _, _ in signed:
            await c.aclose()
    return figures


def report(label: str, workers: int, clients: int, think: float, f: Figures) -> None:
    print(
        f"{label}，{workers} 个工作进程，{clients} 个客户端（间隔 {think * 1000:.0f} 毫秒），"
        f"{f.seconds:.1f} 秒：{f.requests} 次请求，{f.requests / f.seconds:,.1f} 次/秒，"
        f"错误 {sum(f.errors.values())} 次"
        + ("" if f.page else "（应用尚无项目页 /projects/{id}，未测）")
    )
    if f.failures:
        print("  错误：" + "，".join(f"{k} × {n}" for k, n in f.failures.most_common()))
    for name in (LIST, SCORE, PAGE):
        got = f.latencies.get(name, [])
        if not got and not f.errors.get(name):
            continue
        p50, p95, p99 = (percentile(got, p) for p in (50, 95, 99))
        aim = "" if name == PAGE else f"（目标 p99 ≤ {TARGET_MS:.0f}）"
        print(
            f"  {name:<30}{len(got):>7} 次 {len(got) / f.seconds:>8.1f} 次/秒  "
            f"p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} 毫秒{aim}  "
            f"错误 {f.errors.get(name, 0)}"
        )


def run(
    url: str, label: str, args: argparse.Namespace, out: list[tuple[str, int, Figures]]
) -> None:
    store = Store.open(url)
    try:
        start = time.perf_counter()
        build(store, args.projects, args.jobs)
        print(
            f"{label}：数据库就绪（{args.projects:,} 个项目），{time.perf_counter() - start:.0f} 秒"
        )
    finally:
        store.close()
    for workers in args.workers:
        with server(url, workers) as base:
            think = args.think / 1000
            figures = asyncio.run(load(base, args.clients, args.seconds, args.requests, think))
        report(label, workers, args.clients, think, figures)
        out.append((label, workers, figures))


def main(argv: list[str] | None = None) -> list[tuple[str, int, Figures]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--requests", type=int, default=100_000, help="at most, per client")
    ap.add_argument("--think", type=float, default=0, help="ms between a client's requests")
    ap.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    ap.add_argument("--pg", default=os.environ.get("JIXIAO_TEST_PG", ""))
    ap.add_argument("--db", type=Path, default=None, help="an SQLite file kept between runs")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    args = ap.parse_args(argv)
    args.workers = [int(w) for w in str(args.workers).split(",") if w.strip()]
    out: list[tuple[str, int, Figures]] = []
    if args.db is not None:
        run(f"sqlite:///{args.db.resolve()}", "SQLite", args, out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.db", "SQLite", args, out)
    if args.pg:
        with pg_database(args.pg) as url:
            run(url, "PostgreSQL", args, out)
    return out


if __name__ == "__main__":
    main()
