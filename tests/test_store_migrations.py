"""An upgrade never loses data: a database made by the previous migration head, with rows in
every table it had, comes through the upgrade to the newest head with every row intact."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, select

from jixiao.service.demo import seed_demo
from jixiao.store.db import Store, make_engine
from jixiao.store.migrate import config, current, head, upgrade


def _previous_head() -> str:
    script = ScriptDirectory.from_config(config())
    newest = script.get_revision(head())
    assert newest is not None and newest.down_revision, "only one migration: nothing to upgrade"
    down = newest.down_revision
    return down if isinstance(down, str) else down[0]


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as connection:
        return {
            name: [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key))]
            for name, table in meta.tables.items()
            if name != "alembic_version"
        }


def test_the_previous_head_upgrades_without_loss(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, _previous_head())
    assert current(engine) == _previous_head()
    old = Store(engine)  # the previous schema, filled by today's service (its tables only)
    list(seed_demo(old, Path(__file__).resolve().parents[1] / "examples"))
    before = _rows(engine)
    assert sum(map(len, before.values())) > 100
    store = Store.open(db_url)  # what a start does: migrate to the newest head
    try:
        assert current(store.engine) == head()
        after = _rows(store.engine)
        for table, rows in before.items():
            assert after[table] == rows, table
    finally:
        store.close()
        engine.dispose()
