"""Opening the store: an engine for a URL, migrations applied, one transaction at a time.

With no URL the store is an SQLite file in `jixiao-data/` of the working directory, made on
first start. SQLite runs in WAL mode with foreign keys on and a busy timeout, so several
worker processes can share the file; PostgreSQL (`postgresql://…`, driven by psycopg 3) is
for many users and several machines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.migrate import upgrade

DATA_DIR = Path("jixiao-data")
DB_FILE = "jixiao.db"


class StoreError(Exception):
    """A store that cannot be opened or used, in Chinese for the person starting it."""


def default_url(folder: Path = DATA_DIR) -> str:
    return f"sqlite:///{folder / DB_FILE}"


def normal_url(url: str) -> str:
    """`url` with the driver jixiao uses: postgresql:// means psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"数据库地址无法识别：{url}") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"不支持的数据库：{parsed.get_backend_name()}（可用 SQLite 或 PostgreSQL）"
        )
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    url = normal_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """The database of one deployment: `with store.transaction() as s:` is all-or-nothing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        engine = make_engine(url or default_url())
        try:
            if migrate:
                upgrade(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The URL it was opened with, password included (for processes working beside it)."""
        return self.engine.url.render_as_string(hide_password=False)

    def describe(self) -> str:
        """The database as a person is shown it: the URL without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    def has_organisations(self) -> bool:
        """Whether anything has been set up yet (the demo fills only an empty store)."""
        from jixiao.store.schema import Organisation

        with self.transaction() as s:
            return s.scalar(select(Organisation.id).limit(1)) is not None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
