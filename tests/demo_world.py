"""The demo district on a real database, and its users signed in: what the service and API
tests share (the `store` fixture in conftest.py opens it on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server(
    folder: Path, timeout: float = 120
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real `jixiao serve --demo` in `folder` (the examples linked there), on a free port:
    its base URL once it answers, and its process; stopped (its whole group) after."""
    (folder / "examples").symlink_to(EXAMPLES)
    port = free_port()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("JIXIAO_DB", None)
    proc = subprocess.Popen(
        ["jixiao", "serve", "--demo", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, f"jixiao serve ended ({proc.returncode})"
                assert time.monotonic() < deadline, "jixiao serve did not start"
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def page_client(store: Store, username: str | None = None) -> TestClient:
    """A browser-like client of the pages: signed in through the login form when a name is
    given (the session cookie kept), a visitor otherwise."""
    client = TestClient(create_app(store), base_url="http://testserver")
    if username is not None:
        answer = client.post(
            "/login", data={"username": username, "password": DEMO_PASSWORD}, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/home", answer.text
    return client


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)
