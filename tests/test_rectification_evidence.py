"""整改 evidence through the API on SQLite and PostgreSQL: attached by the unit owning the item
or its department or finance bureau (bytes once by sha256, versioned, audited), listed with
the item, downloaded under its own name; stale, empty, oversized, unknown and hidden refused."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import demo_world
from jixiao.core import limits
from jixiao.store.db import Store
from jixiao.store.schema import AuditEntry, Document
from jixiao.web.app import create_app

PDF = b"%PDF-1.4\n% an evidence file\n"


class User(demo_world.User):
    def attach(self, item: int, name: str, data: bytes, version: Any) -> Any:
        form = {} if version is None else {"version": str(version)}
        return self.send(
            "POST", f"/api/rectifications/{item}/evidence", files={"file": (name, data)}, data=form
        )

    def item(self, item: int) -> dict[str, Any]:
        [found] = [i for i in self.get("/api/rectifications").json()["items"] if i["id"] == item]
        return found


def documents(store: Store) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(Document)) or 0


def test_the_unit_attaches_and_everyone_who_sees_it_downloads(store: Store) -> None:
    unit, finance = User(store, "unit"), User(store, "finance")
    first, second = unit.get("/api/rectifications").json()["items"][:2]
    assert first["evidence"] is None
    answer = unit.attach(first["id"], "C:\\fakepath\\整改报告.pdf", PDF, first["version"])
    assert answer.status_code == 201, answer.text
    item = answer.json()
    assert item["version"] == first["version"] + 1
    assert item["evidence"] == {
        "name": "整改报告.pdf",
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }
    assert finance.item(first["id"])["evidence"] == item["evidence"]  # in the listing too
    for who in (unit, finance, User(store, "department")):
        got = who.get(f"/api/rectifications/{first['id']}/evidence")
        assert got.status_code == 200 and got.content == PDF
        assert got.headers["content-type"] == "application/octet-stream"
        assert got.headers["x-content-type-options"] == "nosniff"
        assert got.headers["content-disposition"] == (
            "attachment; filename=\"download.pdf\"; filename*=UTF-8''" + quote("整改报告.pdf")
        )
    stored = documents(store)
    again = finance.attach(second["id"], "report.pdf", PDF, second["version"])
    assert again.status_code == 201 and documents(store) == stored  # the same bytes, once
    plain = unit.get(f"/api/rectifications/{second['id']}/evidence")
    assert plain.headers["content-disposition"] == 'attachment; filename="report.pdf"'


def test_evidence_replaced_is_audited_with_both_names(store: Store) -> None:
    unit, department = User(store, "unit"), User(store, "department")
    item = unit.get("/api/rectifications").json()["items"][0]
    done = unit.attach(item["id"], "初稿.docx", b"first", item["version"]).json()
    again = department.attach(item["id"], "定稿.pdf", b"second", done["version"])
    assert again.status_code == 201 and again.json()["evidence"]["name"] == "定稿.pdf"
    assert unit.get(f"/api/rectifications/{item['id']}/evidence").content == b"second"
    with store.transaction() as s:
        trail = s.execute(
            select(AuditEntry.old, AuditEntry.new, AuditEntry.field)
            .where(
                AuditEntry.object_type == "rectification",
                AuditEntry.object_id == item["id"],
                AuditEntry.action == "rectification.evidence",
            )
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(t) for t in trail] == [
        (None, "初稿.docx", "evidence"),
        ("初稿.docx", "定稿.pdf", "evidence"),
    ]


def test_a_stale_version_is_a_conflict(store: Store) -> None:
    unit, finance = User(store, "unit"), User(store, "finance")
    item = unit.get("/api/rectifications").json()["items"][0]
    assert finance.attach(item["id"], "a.pdf", b"a", item["version"]).status_code == 201
    stale = unit.attach(item["id"], "b.pdf", b"b", item["version"])
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert unit.get(f"/api/rectifications/{item['id']}/evidence").content == b"a"
    missing = unit.attach(item["id"], "b.pdf", b"b", None)
    assert missing.status_code == 422 and missing.json()["error"]["where"].endswith("version")


def test_empty_and_oversized_files_are_refused(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit = User(store, "unit")
    item = unit.get("/api/rectifications").json()["items"][0]
    empty = unit.attach(item["id"], "空.pdf", b"", item["version"])
    assert empty.status_code == 422 and "空文件" in empty.json()["error"]["message"]
    monkeypatch.setattr(limits, "current", lambda: limits.Limits(file_bytes=100))
    big = unit.attach(item["id"], "大.pdf", b"x" * 101, item["version"])
    assert big.status_code == 422
    assert (
        big.json()["error"]["code"] == "too-large" and "100 字节" in big.json()["error"]["message"]
    )
    assert unit.attach(item["id"], "刚好.pdf", b"x" * 100, item["version"]).status_code == 201
    assert unit.item(item["id"])["version"] == item["version"] + 1  # the refused changed nothing


def test_unknown_hidden_and_forbidden(store: Store) -> None:
    unit, unit2, finance = User(store, "unit"), User(store, "unit2"), User(store, "finance")
    item = unit.get("/api/rectifications").json()["items"][0]
    url = f"/api/rectifications/{item['id']}/evidence"
    none_yet = unit.get(url)
    assert (
        none_yet.status_code == 404 and "还没有上传佐证材料" in none_yet.json()["error"]["message"]
    )
    hidden = unit2.attach(item["id"], "x.pdf", b"x", item["version"])
    missing = unit2.attach(10**6, "x.pdf", b"x", 1)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content  # not told the item exists
    assert unit2.get(url).content == unit2.get("/api/rectifications/1000000/evidence").content
    for huge in (2**63, 0):
        assert unit.get(f"/api/rectifications/{huge}/evidence").status_code == 404
        assert unit.attach(huge, "x.pdf", b"x", 1).status_code == 404
    assert TestClient(create_app(store)).get(url).status_code == 401
    no_csrf = unit.http.post(url, files={"file": ("x.pdf", b"x")}, data={"version": "1"})
    assert no_csrf.status_code == 403 and no_csrf.json()["error"]["code"] == "csrf"
    assert unit.attach(item["id"], "x.pdf", b"x", item["version"]).status_code == 201
    py = item["project_year"]
    archived = finance.send("POST", f"/api/projects/{py}/transitions", json={"action": "archive"})
    assert archived.status_code == 200, archived.text
    version = unit.item(item["id"])["version"]
    late = unit.attach(item["id"], "y.pdf", b"y", version)
    assert late.status_code == 403 and "归档" in late.json()["error"]["message"]
    assert finance.attach(item["id"], "y.pdf", b"y", version).status_code == 403
    assert unit.get(url).content == b"x"  # still read after archiving
