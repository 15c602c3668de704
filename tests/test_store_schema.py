"""The store opens on SQLite and on PostgreSQL, migrates itself, and its migrations make
exactly the tables store/schema.py declares; money is exact on both."""

from __future__ import annotations

from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from jixiao.store.db import Store
from jixiao.store.migrate import current, head
from jixiao.store.schema import Base, Organisation, Project, ProjectYear
from jixiao.workflow import OrgKind, Stage


def _project_year(store: Store, **money: Decimal | None) -> int:
    with store.transaction() as s:
        unit = Organisation(code="U1", name="某单位", kind=OrgKind.UNIT)
        s.add(unit)
        s.flush()
        project = Project(unit_id=unit.id, key="k", name="某项目")
        s.add(project)
        s.flush()
        py = ProjectYear(
            project_id=project.id, year=2024, stage=Stage.TARGETS_DRAFT, unit_id=unit.id, **money
        )
        s.add(py)
        s.flush()
        return py.id


def test_open_migrates_an_empty_database(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        assert current(store.engine) == head()
        Store.open(db_url).close()  # a second start migrates nothing and loses nothing
        assert current(store.engine) == head()
    finally:
        store.close()


def test_the_migrations_make_the_declared_schema(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        store.close()


def test_money_is_exact_and_two_places(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        py = _project_year(store, budget=Decimal("1234.5"), executed=Decimal("0.005"))
        with store.transaction() as s:
            row = s.get(ProjectYear, py)
            assert row is not None
            assert (row.budget, row.executed) == (Decimal("1234.50"), Decimal("0.01"))
            assert str(row.budget) == "1234.50"
        with store.engine.connect() as connection:
            raw = connection.execute(text("SELECT budget FROM project_years")).scalar_one()
        if store.backend == "sqlite":
            assert raw == 123450  # an integer of 分, never a float
        else:
            assert raw == Decimal("1234.50")
    finally:
        store.close()


@pytest.mark.parametrize("bad", [1.5, Decimal("NaN"), Decimal("Infinity"), Decimal("1E+20")])
def test_money_refuses_floats_and_non_numbers(db_url: str, bad: object) -> None:
    store = Store.open(db_url)
    try:
        with pytest.raises(StatementError, match="金额或分数必须是有限的精确小数"):
            _project_year(store, budget=bad)  # type: ignore[arg-type]
        with store.transaction() as s:  # and the transaction left nothing behind
            assert s.scalars(select(Organisation)).all() == []
    finally:
        store.close()


def test_sqlite_refuses_a_float_written_around_the_type(tmp_path: object) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/j.db")
    try:
        _project_year(store, budget=Decimal(1))
        with (
            pytest.raises(Exception, match="CHECK constraint failed"),
            store.engine.begin() as connection,
        ):
            connection.execute(text("UPDATE project_years SET budget = 1.5"))
    finally:
        store.close()
