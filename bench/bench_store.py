"""The store's figures: tables imported per second, and the 结果应用 portfolio query's time.

    python bench/bench_store.py [--tables N] [--project-years M] [--pg URL]

1. Import N synthetic self-evaluation tables (seed-003 layout, one text file each) through
   `service.importing.import_files`, as `jixiao db import DIR --unit CODE` files them: read,
   scored and reviewed by --jobs worker processes, written a few hundred to a transaction.
   Target: ≥ 500 tables/s. Then a tenth as many one at a time through `import_file`, an
   upload's path (one transaction each), for comparison.
2. With M project-years stored (rows written in bulk: a project, its year, a score run and,
   for one in five, two open 整改 items), the portfolio of one year for the finance bureau
   (scores, grades and open items by department), best of 5. Target: ≤ 200 ms.

On a fresh SQLite file, and on PostgreSQL when `--pg` (or JIXIAO_TEST_PG) names a server: a
database is made for the run and dropped after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from jixiao.batch import default_jobs  # noqa: E402
from jixiao.cli import collector  # noqa: E402
from jixiao.service.context import Context  # noqa: E402
from jixiao.service.importing import Source, import_files  # noqa: E402
from jixiao.service.people import (  # noqa: E402
    OPERATOR,
    acting_for,
    add_org,
    add_user,
    authenticate,
)
from jixiao.service.portfolio import portfolio  # noqa: E402
from jixiao.service.uploads import import_file  # noqa: E402
from jixiao.store.db import Store, normal_url  # noqa: E402
from jixiao.store.schema import (  # noqa: E402
    CaseVersion,
    Organisation,
    Project,
    ProjectYear,
    Rectification,
    ScoreRun,
)
from jixiao.workflow import OrgKind, Role, Stage  # noqa: E402
from synthetic import synthetic_specs  # noqa: E402

PASSWORD = "bench-password"


def district(store: Store, departments: int = 10, units: int = 5) -> list[str]:
    admin = Context(store, OPERATOR, "bench")
    add_org(admin, "FIN", "某区财政局", OrgKind.FINANCE)
    codes = []
    for d in range(departments):
        add_org(admin, f"D{d}", f"部门{d}", OrgKind.DEPARTMENT, "FIN")
        for u in range(units):
            add_org(admin, f"U{d}-{u}", f"单位{d}-{u}", OrgKind.UNIT, f"D{d}")
            codes.append(f"U{d}-{u}")
    add_user(admin, "finance", PASSWORD, Role.FINANCE, "FIN")
    return codes


def file_tables(store: Store, units: list[str], tables: int, jobs: int, folder: Path) -> int:
    """`tables` synthetic self-evaluation tables written to `folder` and filed through
    `import_files`, each unit's folder in turn (`jixiao db import DIR --unit CODE`): read,
    scored and reviewed by `jobs` processes. How many were stored."""
    by_unit: dict[str, list[Source]] = {code: [] for code in units}
    for i, spec in enumerate(synthetic_specs(tables, 0)):
        path = folder / f"表{i}.txt"
        path.write_text(spec.text, encoding="utf-8")
        by_unit[units[i % len(units)]].append(Source(path, path.name))
    stored = 0
    with collector.paused(jobs > 1):
        for unit, sources in by_unit.items():
            ctx = Context(store, acting_for(store, unit), "bench")
            stored += sum(o.stored for o in import_files(ctx, unit, sources, jobs))
    return stored


@contextmanager
def pg_database(base: str) -> Iterator[str]:
    """A PostgreSQL database made on the server `base` names for one run: its URL; dropped
    after."""
    base = normal_url(base)
    name = f"jixiao_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_import(store: Store, tables: int, jobs: int, folder: Path) -> tuple[float, float]:
    """Files per second through `import_files` (every unit's folder in turn, as `jixiao db
    import DIR --unit CODE` files them), and one at a time through `import_file` (an upload's
    path) on a tenth as many."""
    units = district(store)
    start = time.perf_counter()
    stored = file_tables(store, units, tables, jobs, folder)
    batch = tables / (time.perf_counter() - start)
    assert stored == tables, f"{tables - stored} files not stored"
    contexts = {code: Context(store, acting_for(store, code), "bench") for code in units}
    few = synthetic_specs(max(1, tables // 10), 1)
    start = time.perf_counter()
    for i, spec in enumerate(few):
        unit = units[i % len(units)]
        import_file(contexts[unit], unit, spec.text.encode("utf-8"), f"单个{i}.txt")
    return batch, len(few) / (time.perf_counter() - start)


def bench_portfolio(store: Store, project_years: int) -> float:
    with store.transaction() as s:
        units = [
            (o.id, o.department_id, o.district_id)
            for o in s.query(Organisation).filter(Organisation.kind == OrgKind.UNIT)
        ]
    grades = ("优", "良", "中", "差")
    batch = 5000
    made = 0
    while made < project_years:
        n = min(batch, project_years - made)
        with store.transaction() as s:
            projects = [
                {
                    "unit_id": units[(made + i) % len(units)][0],
                    "key": f"k{made + i}",
                    "name": f"项目{made + i}",
                    "code": "",
                }
                for i in range(n)
            ]
            ids = s.execute(insert(Project).returning(Project.id), projects).scalars().all()
            years = []
            for i, pid in enumerate(ids):
                unit, dept, dist = units[(made + i) % len(units)]
                years.append(
                    {
                        "project_id": pid,
                        "year": 2020 + (made + i) % 5,
                        "stage": Stage.RESULTS,
                        "unit_id": unit,
                        "department_id": dept,
                        "district_id": dist,
                    }
                )
            py_ids = s.execute(insert(ProjectYear).returning(ProjectYear.id), years).scalars().all()
            versions = [
                {
                    "project_year_id": py,
                    "seq": 1,
                    "kind": "selfeval",
                    "case_kind": "selfeval",
                    "data": "{}",
                }
                for py in py_ids
            ]
            cv_ids = (
                s.execute(insert(CaseVersion).returning(CaseVersion.id), versions).scalars().all()
            )
            runs = [
                {
                    "project_year_id": py,
                    "case_version_id": cv,
                    "policy": "default",
                    "policy_hash": "",
                    "jixiao_version": "bench",
                    "total": Decimal(60 + (py % 4000) / 100).quantize(Decimal("0.01")),
                    "weight_total": Decimal(100),
                    "grade": grades[py % 4],
                    "result": "{}",
                }
                for py, cv in zip(py_ids, cv_ids, strict=True)
            ]
            s.execute(insert(ScoreRun), runs)
            items = [
                {
                    "project_year_id": py,
                    "fingerprint": f"f{py}-{k}",
                    "code": "vague-target",
                    "severity": "warning",
                    "message": "…",
                    "status": "open",
                }
                for py in py_ids
                if py % 5 == 0
                for k in range(2)
            ]
            if items:
                s.execute(insert(Rectification), items)
        made += n
    ctx = Context(store, authenticate(store, "finance", PASSWORD), "bench")
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        rows = portfolio(ctx, 2022)
        best = min(best, time.perf_counter() - start)
    assert rows and sum(r.projects for r in rows) >= project_years // 5 - 1
    return best * 1000


def run(url: str, tables: int, project_years: int, label: str, jobs: int) -> None:
    store = Store.open(url)
    try:
        with tempfile.TemporaryDirectory() as folder:
            rate, single = bench_import(store, tables, jobs, Path(folder))
        print(f"{label}：批量导入 {tables} 张表（{jobs} 个进程），{rate:,.0f} 张/秒（目标 ≥ 500）")
        print(f"{label}：逐个上传（每张一个事务），{single:,.0f} 张/秒")
        ms = bench_portfolio(store, project_years)
        print(
            f"{label}：{project_years:,} 个项目年度中查询一年的结果应用汇总，{ms:.1f} 毫秒（目标 ≤ 200）"
        )
    finally:
        store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tables", type=int, default=10_000)
    ap.add_argument("--project-years", type=int, default=100_000)
    ap.add_argument("--pg", default=os.environ.get("JIXIAO_TEST_PG", ""))
    ap.add_argument("--jobs", type=int, default=default_jobs())
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.db", args.tables, args.project_years, "SQLite", args.jobs)
    if args.pg:
        with pg_database(args.pg) as url:
            run(url, args.tables, args.project_years, "PostgreSQL", args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
