"""Real databases for the store's tests: an SQLite file, and a PostgreSQL database made for
the test on the server `JIXIAO_TEST_PG` names (`.ci/run` installs and starts one).

Without JIXIAO_TEST_PG the PostgreSQL half is skipped, and says so; with JIXIAO_REQUIRE_PG
set (CI) it fails instead, so CI never passes without having run it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from jixiao.store.db import normal_url

BACKENDS = ("sqlite", "postgresql")


def postgres_base() -> str:
    url = os.environ.get("JIXIAO_TEST_PG", "")
    if not url:
        if os.environ.get("JIXIAO_REQUIRE_PG"):
            pytest.fail("JIXIAO_REQUIRE_PG is set but JIXIAO_TEST_PG names no PostgreSQL server")
        pytest.skip("JIXIAO_TEST_PG not set: PostgreSQL half not run (.ci/postgres.sh starts one)")
    return normal_url(url)


def database_url(backend: str, folder: Path) -> Iterator[str]:
    """A new, empty database on `backend`, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'jixiao.db'}"
        return
    base = postgres_base()
    name = f"jixiao_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
        for attempt in range(20):  # an autovacuum worker in it cannot be ended by us: wait
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except ProgrammingError:
                if attempt == 19:
                    raise
                time.sleep(0.5)
    finally:
        admin.dispose()
