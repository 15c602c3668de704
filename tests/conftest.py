"""Shared fixtures: the seeds live in ../shared beside the clone (never copied into the repo)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.fail(f"seed {prefix} not found in {SEEDS}: tests need ../shared beside the clone")
    return found[0]


@pytest.fixture
def seed003() -> Path:
    return seed("003")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once on SQLite and once on a real PostgreSQL server."""
    from databases import database_url

    yield from database_url(request.param, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    """The demo district (service/demo.py) on an empty database of each backend."""
    from demo_world import EXAMPLES
    from jixiao.service.demo import seed_demo
    from jixiao.store.db import Store

    store = Store.open(db_url)
    list(seed_demo(store, EXAMPLES))
    yield store
    store.close()
