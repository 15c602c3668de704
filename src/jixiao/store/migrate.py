"""Migrations (Alembic, in migrations/): applied at start, never losing data."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("jixiao.store") / "migrations"))
    return cfg


def head() -> str:
    """The newest migration this jixiao knows."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None
    return found


def current(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """The database brought to `revision` (the newest by default), in one transaction."""
    cfg = config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
