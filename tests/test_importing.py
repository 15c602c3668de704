"""Many files at once (service/importing.py), on SQLite and PostgreSQL: a folder imported in
batches over worker processes stores exactly what filing its files one at a time, in the
order given, stores (each year reviewed with the earlier ones filed before it); one file's failure, in reading or in the database,
is its own; a file changed while it is imported is refused."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from jixiao import api
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Invalid
from jixiao.service.importing import Imported, Source, import_files
from jixiao.service.people import OPERATOR, acting_for, add_org, add_user
from jixiao.service.transitions import transition
from jixiao.service.uploads import import_file
from jixiao.store.db import Store
from jixiao.store.schema import (
    CaseVersion,
    Document,
    Indicator,
    IndicatorYear,
    Project,
    ProjectYear,
    ScoreRun,
    StoredProblem,
    Upload,
)
from jixiao.workflow import Action, OrgKind, Role

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import synthetic_specs  # noqa: E402


def district(store: Store) -> Context:
    admin = Context(store, OPERATOR, "test")
    add_org(admin, "FIN", "某区财政局", OrgKind.FINANCE)
    add_org(admin, "D1", "某区文化局", OrgKind.DEPARTMENT, "FIN")
    add_org(admin, "U1", "某街道办事处", OrgKind.UNIT, "D1")
    add_user(admin, "u1", "a-long-password", Role.UNIT, "U1")
    return Context(store, acting_for(store, "U1"), "test")


def years_of(folder: Path) -> list[Path]:
    """The example table in 2023, 2024 and 2025 (its targets below its actuals: each later
    year's review finds them against the earlier ones), then 2024 again (a revision)."""
    converted = folder / "原表.yaml"
    assert not api.convert(EXAMPLE, converted)
    text = converted.read_text(encoding="utf-8")
    converted.unlink()
    made = []
    for name, year in (("2023", 2023), ("2024", 2024), ("2025", 2025), ("2024修订", 2024)):
        path = folder / f"街道文化活动经费{name}.yaml"
        body = text.replace("year: 2024", f"year: {year}")
        if name == "2024修订":
            body = body.replace("街道文化活动经费", "街道文化活动经费", 1) + "\n"
        path.write_text(body, encoding="utf-8")
        made.append(path)
    return made


def folder_of(tmp_path: Path, synthetic: int = 32) -> list[Path]:
    folder = tmp_path / "材料"
    folder.mkdir()
    files = years_of(folder)
    for i, spec in enumerate(synthetic_specs(synthetic, 7)):
        path = folder / f"表{i:03}.txt"
        path.write_text(spec.text, encoding="utf-8")
        files.append(path)
    (folder / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    files.append(folder / "坏文件.xlsx")
    return files


def sources(files: list[Path]) -> list[Source]:
    return [Source(path, path.name) for path in files]


@dataclass(frozen=True)
class Stored:
    """A store's content, without its ids or times: what must not depend on how it was filled."""

    project_years: dict[tuple[str, int], tuple[Any, ...]]
    documents: int
    uploads: int


def content(store: Store) -> Stored:
    with store.transaction() as s:
        years: dict[tuple[str, int], tuple[Any, ...]] = {}
        for py, key in s.execute(
            select(ProjectYear, Project.key).join(Project, Project.id == ProjectYear.project_id)
        ):
            versions = s.execute(
                select(CaseVersion.seq, CaseVersion.data)
                .where(CaseVersion.project_year_id == py.id)
                .order_by(CaseVersion.seq)
            ).all()
            runs = []
            for run in s.scalars(
                select(ScoreRun).where(ScoreRun.project_year_id == py.id).order_by(ScoreRun.id)
            ):
                marks = s.execute(
                    select(StoredProblem.fingerprint, StoredProblem.code, StoredProblem.message)
                    .where(StoredProblem.score_run_id == run.id)
                    .order_by(StoredProblem.fingerprint, StoredProblem.message)
                ).all()
                runs.append((run.total, run.grade, run.policy_hash, run.result, tuple(marks)))
            rows = s.execute(
                select(
                    Indicator.key, IndicatorYear.target, IndicatorYear.actual, IndicatorYear.score
                )
                .join(Indicator, Indicator.id == IndicatorYear.indicator_id)
                .where(IndicatorYear.project_year_id == py.id)
                .order_by(Indicator.key)
            ).all()
            years[key, py.year] = (
                py.stage,
                py.version,
                py.budget,
                tuple(versions),
                tuple(runs),
                tuple(rows),
            )
        documents = s.scalar(select(func.count()).select_from(Document)) or 0
        uploads = s.scalar(select(func.count()).select_from(Upload)) or 0
    return Stored(years, documents, uploads)


@pytest.fixture
def stores(db_url: str, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two empty stores: the one of `db_url`, and an SQLite file to compare with."""
    batch, single = Store.open(db_url), Store.open(f"sqlite:///{tmp_path}/one-by-one.db")
    yield batch, single
    batch.close()
    single.close()


def one_by_one(ctx: Context, files: list[Path]) -> dict[Path, str]:
    """Each file filed by itself, in the order given: what the import must amount to. A
    refused file's error code."""
    refused = {}
    for path in files:
        try:
            import_file(ctx, "U1", path.read_bytes(), path.name)
        except Invalid as exc:
            refused[path] = exc.code
    return refused


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_folder_imported_in_batches_stores_what_one_at_a_time_does(
    stores: tuple[Store, Store], tmp_path: Path, jobs: int
) -> None:
    batch, single = stores
    files = folder_of(tmp_path)
    outcomes = list(import_files(district(batch), "U1", sources(files), jobs, per_transaction=5))
    assert sorted(o.source.path for o in outcomes) == sorted(files)  # every file, once
    refused = one_by_one(district(single), files)
    assert {o.source.path: getattr(o.error, "code", "") for o in outcomes if o.error} == refused
    assert list(refused.values()) == ["unreadable"]
    assert content(batch) == content(single)
    # the later years were reviewed with the earlier ones (read again in later rounds)
    stored = {o.source.path.name: o for o in outcomes if o.stored}
    assert stored["街道文化活动经费2024修订.yaml"].case_version == 2
    with batch.transaction() as s:
        codes = s.scalars(
            select(StoredProblem.code)
            .join(ScoreRun, ScoreRun.id == StoredProblem.score_run_id)
            .where(ScoreRun.project_year_id == stored["街道文化活动经费2025.yaml"].project_year_id)
        ).all()
    assert "target-below-history" in codes


def test_a_file_the_database_refuses_fails_alone(db_url: str, tmp_path: Path) -> None:
    """A project-year submitted for review is read-only for its unit: that file is refused
    (its transaction's other files are written one at a time), the rest are stored."""
    store = Store.open(db_url)
    try:
        ctx = district(store)
        files = folder_of(tmp_path, synthetic=6)
        first = import_file(ctx, "U1", files[1].read_bytes(), files[1].name)  # 2024
        transition(ctx, first.project_year_id, Action.SUBMIT)
        outcomes = list(import_files(ctx, "U1", sources(files), 2, per_transaction=50))
        failed = {o.source.path.name: o.error for o in outcomes if o.error}
        assert set(failed) == {
            "街道文化活动经费2024.yaml",
            "街道文化活动经费2024修订.yaml",
            "坏文件.xlsx",
        }
        assert isinstance(failed["街道文化活动经费2024.yaml"], Forbidden)
        assert sum(o.stored for o in outcomes) == len(files) - 3
        with store.transaction() as s:
            assert s.scalar(select(func.count()).select_from(Upload)) == len(files) - 3 + 1
    finally:
        store.close()


class Changing(Source):
    """A file that is different when it is read the second time (edited mid-import)."""

    def read(self) -> bytes:
        data = super().read()
        marker = self.path.with_suffix(".seen")
        if marker.exists():
            return data + b"\n# changed\n"
        marker.write_text("")
        return data


def test_a_file_changed_during_the_import_is_refused(db_url: str, tmp_path: Path) -> None:
    store = Store.open(db_url)
    try:
        files = folder_of(tmp_path, synthetic=2)
        given = [Changing(files[-2], files[-2].name), *sources(files[:-2])]
        outcomes: list[Imported] = list(import_files(district(store), "U1", given, 1))
        [changed] = [o for o in outcomes if o.source is given[0]]
        assert isinstance(changed.error, Invalid)
        assert "在导入过程中被修改" in changed.error.message
        assert sum(o.stored for o in outcomes) == len(given) - 1
    finally:
        store.close()


def test_a_unit_not_known_stops_before_any_file(db_url: str, tmp_path: Path) -> None:
    from jixiao.service.errors import NotFound

    store = Store.open(db_url)
    try:
        ctx = district(store)
        with pytest.raises((NotFound, Invalid)):
            list(import_files(ctx, "U-NONE", sources(folder_of(tmp_path, 1)), 1))
    finally:
        store.close()
