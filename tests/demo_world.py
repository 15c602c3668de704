"""The demo district on a real database, and its users signed in: what the service and API
tests share (the `store` fixture in conftest.py opens it on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from jixiao.service.context import Context
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.service.people import authenticate
from jixiao.store.db import Store
from jixiao.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def ctx(store: Store, username: str) -> Context:
    """A demo user's context, signed in with the demo password."""
    return Context(store, authenticate(store, username, DEMO_PASSWORD), "test")


class User:
    """A demo user signed in to the API: its cookie jar and CSRF token."""

    def __init__(self, store: Store, username: str) -> None:
        self.http = TestClient(create_app(store), base_url="http://testserver")
        answer = self.http.post(
            "/api/login", json={"username": username, "password": DEMO_PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        self.csrf = answer.json()["csrf"]

    def get(self, url: str, **kw: Any) -> Any:
        return self.http.get(url, **kw)

    def send(self, method: str, url: str, **kw: Any) -> Any:
        return self.http.request(method, url, headers={"X-CSRF-Token": self.csrf}, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.send("POST", url, **kw)
