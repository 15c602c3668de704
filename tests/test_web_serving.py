"""How `jixiao serve` readies a worker's app (web/app.py `settled`), and the headers every
answer carries, whatever answers it: a page, an asset, an error, the API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from jixiao.store.db import Store
from jixiao.web.app import HEADERS, create_app

SETTLE = """
import gc, sys
from jixiao.store.db import Store
from jixiao.web.app import create_app, settled
from jixiao.web.pages.common import templates
app = settled(create_app(Store.open(sys.argv[1])))
names = templates.env.list_templates(extensions=("html",))
cached = sum(1 for key in templates.env.cache.keys() if key[1] in names)
print(gc.get_freeze_count(), gc.get_threshold(), len(names), cached)
"""


def test_a_settled_app_has_its_templates_compiled_and_its_heap_frozen(tmp_path: Path) -> None:
    # in a process of its own: a frozen heap is never collected, and the suite makes many apps
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    out = subprocess.run(
        [sys.executable, "-c", SETTLE, url], capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=1)
    frozen, rest = int(out[0]), out[1]
    assert frozen > 50_000  # modules, routes, policies and templates
    assert rest.startswith("(700, 10, 100)")
    names, cached = map(int, rest.rsplit(")", 1)[1].split())
    assert names > 20 and cached == names


def test_every_kind_of_answer_carries_the_security_headers(store: Store) -> None:
    client = TestClient(create_app(store), base_url="http://127.0.0.1")
    answers = {
        "login page": client.get("/"),
        "asset": client.get("/static/app.css"),
        "missing page": client.get("/no-such-page"),
        "API error": client.get("/api/projects"),
        "API document": client.get("/api/openapi.json"),
    }
    for what, answer in answers.items():
        for name, value in HEADERS.items():
            assert answer.headers.get(name) == value, f"{what}: {name}"
    assert answers["missing page"].status_code == 404
    assert answers["API error"].status_code == 401
