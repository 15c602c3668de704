"""The JSON API over a real database (SQLite and PostgreSQL): signing in, the success and
error envelopes, CSRF on every state-changing request, an upload answered with its result,
the newest score in `score --json`'s shape, the cycle walked, the documents downloaded."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fastapi.testclient import TestClient

import demo_world
from demo_world import EXAMPLES
from jixiao.store.db import Store
from jixiao.web.app import create_app


class User(demo_world.User):
    def project(self, name: str) -> dict[str, Any]:
        [found] = [p for p in self.get("/api/projects").json()["items"] if p["name"] == name]
        return found


def error_of(answer: Any) -> dict[str, Any]:
    body = answer.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "where"} <= set(body["error"])
    error: dict[str, Any] = body["error"]
    return error


def test_login_me_logout(store: Store) -> None:
    unit = User(store, "unit")
    me = unit.get("/api/me").json()
    assert me["user"]["username"] == "unit" and me["user"]["role"] == "unit"
    cookie = unit.http.cookies.get("jixiao_session")
    assert cookie
    assert unit.post("/api/logout").status_code == 200
    unit.http.cookies.set("jixiao_session", cookie)  # the old cookie opens nothing now
    gone = unit.get("/api/me")
    assert gone.status_code == 401 and error_of(gone)["code"] == "unauthenticated"


def test_wrong_password_and_no_session(store: Store) -> None:
    client = TestClient(create_app(store))
    wrong = client.post("/api/login", json={"username": "unit", "password": "nope-nope"})
    assert wrong.status_code == 401 and error_of(wrong)["message"] == "用户名或密码不正确"
    assert client.get("/api/projects").status_code == 401
    bad = client.post("/api/login", json={"username": "unit"})
    assert bad.status_code == 422 and "password" in error_of(bad)["where"]
    assert error_of(client.get("/api/nowhere"))["code"] == "not-found"


def test_state_changes_need_the_csrf_token(store: Store) -> None:
    unit = User(store, "unit")
    py = unit.project("智慧图书馆数字资源建设")["id"]
    url = f"/api/projects/{py}/transitions"
    refused = unit.http.post(url, json={"action": "submit"})  # no X-CSRF-Token
    assert refused.status_code == 403 and error_of(refused)["code"] == "csrf"
    forged = unit.http.post(url, json={"action": "submit"}, headers={"X-CSRF-Token": "x"})
    assert forged.status_code == 403


def test_upload_score_and_downloads(store: Store) -> None:
    unit2 = User(store, "unit2")
    py = unit2.project("街道文化活动经费")
    path = EXAMPLES / "selfeval" / "街道文化活动经费.xlsx"
    with path.open("rb") as f:
        answer = unit2.post(
            f"/api/projects/{py['id']}/documents",
            files={"file": (path.name, f, "application/octet-stream")},
            data={"version": str(py["version"])},
        )
    assert answer.status_code == 201, answer.text
    stored = answer.json()
    assert stored["case_version"] == 2 and stored["version"] == py["version"] + 1
    assert isinstance(stored["result"]["total"], float | int)
    assert all(len(f["fingerprint"]) == 16 for f in stored["findings"])
    score = unit2.get(f"/api/projects/{py['id']}/score").json()
    assert score["total"] == stored["result"]["total"]
    assert score["project"]["key"] and all(i["key"] for i in score["indicators"])
    assert len(score["run"]["policy_hash"]) == 64
    for name in ("report.docx", "table.xlsx"):
        got = unit2.get(f"/api/projects/{py['id']}/{name}")
        assert got.status_code == 200, got.text
        assert zipfile.is_zipfile(io.BytesIO(got.content))
    stale = unit2.post(
        f"/api/projects/{py['id']}/documents",
        files={"file": (path.name, path.read_bytes())},
        data={"version": str(py["version"])},  # the version before the upload above
    )
    assert stale.status_code == 409 and "图书馆财务" not in error_of(stale)["message"]


def test_a_bad_upload_answers_with_located_problems(store: Store) -> None:
    unit2 = User(store, "unit2")
    py = unit2.project("街道文化活动经费")["id"]
    answer = unit2.post(
        f"/api/projects/{py}/documents", files={"file": ("坏.xlsx", b"PK\x03\x04garbage")}
    )
    assert answer.status_code == 422
    error = error_of(answer)
    assert error["code"] == "unreadable" and error["problems"][0]["where"].startswith("坏.xlsx")


def test_the_cycle_through_the_api(store: Store) -> None:
    unit, department = User(store, "unit"), User(store, "department")
    py = department.project("智慧图书馆数字资源建设")
    labels = [
        t["action"] for t in department.get(f"/api/projects/{py['id']}").json()["transitions"]
    ]
    assert "approve" in labels and "return" in labels
    url = f"/api/projects/{py['id']}/transitions"
    no_reason = department.post(url, json={"action": "return", "version": py["version"]})
    assert no_reason.status_code == 422 and "退回意见" in error_of(no_reason)["message"]
    back = department.post(url, json={"action": "return", "reason": "请补充偏差原因"})
    assert back.status_code == 200 and back.json()["stage"] == "selfeval_draft"
    forbidden = department.post(url, json={"action": "submit"})
    assert forbidden.status_code == 403 and "预算单位" in error_of(forbidden)["message"]
    assert unit.post(url, json={"action": "submit"}).json()["stage"] == "selfeval_department"
    detail = unit.get(f"/api/projects/{py['id']}").json()
    assert [s["reason"] for s in detail["steps"] if s["action"] == "return"] == ["请补充偏差原因"]
    audit = unit.get(f"/api/projects/{py['id']}/audit").json()["items"]
    assert any(a["action"] == "return" and a["new"] == "selfeval_draft" for a in audit)


def test_another_units_project_is_not_found(store: Store) -> None:
    unit, unit2 = User(store, "unit"), User(store, "unit2")
    theirs = unit.project("社区居家养老服务补贴")["id"]
    for url in ("", "/score", "/report.docx", "/table.xlsx", "/audit"):
        answer = unit2.get(f"/api/projects/{theirs}{url}")
        assert answer.status_code == 404, url
        assert error_of(answer)["message"] == "未找到该项目"


def test_the_openapi_document(store: Store) -> None:
    spec = TestClient(create_app(store)).get("/api/openapi.json").json()
    for path in ("/api/login", "/api/projects", "/api/projects/{project_id}/documents"):
        assert path in spec["paths"]


def test_rectification_items_through_the_api(store: Store) -> None:
    unit, finance = User(store, "unit"), User(store, "finance")
    items = finance.get("/api/rectifications?open=true").json()["items"]
    assert items and {i["project"] for i in items} == {"社区居家养老服务补贴"}
    assert User(store, "unit2").get("/api/rectifications").json()["items"] == []
    first = items[0]
    url = f"/api/rectifications/{first['id']}"
    done = unit.http.patch(
        url,
        json={"version": first["version"], "status": "done", "note": "已补充偏差原因"},
        headers={"X-CSRF-Token": unit.csrf},
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    close = {"version": done.json()["version"], "status": "closed"}
    refused = unit.http.patch(url, json=close, headers={"X-CSRF-Token": unit.csrf})
    assert refused.status_code == 403 and "销号" in error_of(refused)["message"]
    stale = finance.http.patch(
        url, json={**close, "version": first["version"]}, headers={"X-CSRF-Token": finance.csrf}
    )
    assert stale.status_code == 409
    closed = finance.http.patch(url, json=close, headers={"X-CSRF-Token": finance.csrf})
    assert closed.json()["status"] == "closed"
    still_open = finance.get("/api/rectifications?open=true").json()["items"]
    assert first["id"] not in [i["id"] for i in still_open]


def test_the_indicator_library(store: Store) -> None:
    found = User(store, "unit2").get("/api/indicators?q=满意度").json()["items"]
    assert found and all("满意度" in e["name"] or "满意度" in e["category"] for e in found)
    assert all(e["uses"] >= 1 and e["years"] for e in found)
    assert User(store, "admin").get("/api/indicators?q=满意度").json()["items"] == []


def test_audit_by_object(store: Store) -> None:
    unit = User(store, "unit")
    py = unit.project("社区居家养老服务补贴")["id"]
    items = unit.get(f"/api/audit?object=project_year:{py}").json()["items"]
    assert [a["action"] for a in items][-1] == "project_year.add"
    bad = unit.get("/api/audit?object=nonsense")
    assert bad.status_code == 422 and error_of(bad)["where"] == "object"


def test_approved_targets_change_only_through_an_adjustment(store: Store) -> None:
    unit, department, finance = (User(store, u) for u in ("unit", "department", "finance"))
    py = unit.project("社区养老驿站运营补贴")["id"]
    url = f"/api/projects/{py}/transitions"
    assert department.post(url, json={"action": "approve"}).status_code == 200
    assert finance.post(url, json={"action": "approve"}).json()["stage"] == "targets_approved"
    path = EXAMPLES / "targets" / "社区养老驿站运营补贴.yaml"
    locked = unit.post(
        f"/api/projects/{py}/documents", files={"file": (path.name, path.read_bytes())}
    )
    assert locked.status_code == 403  # approved targets are not uploaded again
    changed = path.read_text(encoding="utf-8").replace("≥3万人次", "≥2.5万人次").encode()
    files = {"file": (path.name, changed)}
    no_reason = unit.post(f"/api/projects/{py}/adjustments", files=files, data={"reason": " "})
    assert no_reason.status_code == 422
    asked = unit.post(
        f"/api/projects/{py}/adjustments", files=files, data={"reason": "场地改造推迟"}
    )
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "pending"
    assert finance.post(url, json={"action": "start_monitoring"}).status_code == 200
    assert finance.post(url, json={"action": "start_selfeval"}).status_code == 200
    blocked = unit.post(url, json={"action": "submit"})  # would leave the adjustable stages
    assert blocked.status_code == 403 and "目标调整" in error_of(blocked)["message"]
    again = unit.post(f"/api/projects/{py}/adjustments", files=files, data={"reason": "再申请"})
    assert again.status_code == 403
    decision = f"/api/adjustments/{request['id']}/decision"
    assert unit.post(decision, json={"approve": True}).status_code == 403
    approved = finance.post(decision, json={"approve": True, "version": request["version"]})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    [entry] = unit.get("/api/indicators?q=助餐服务人次").json()["items"]
    assert [t["text"] for t in entry["targets"]] == ["≥2.5万人次"]  # the year's target now
    assert unit.post(url, json={"action": "submit"}).status_code == 200


def test_out_of_range_numbers_are_refused_not_crashed(store: Store) -> None:
    finance = User(store, "finance")
    huge = 2**63
    assert (
        finance.http.patch(
            f"/api/rectifications/{huge}",
            json={"version": 1},
            headers={"X-CSRF-Token": finance.csrf},
        ).status_code
        == 404
    )
    assert (
        finance.post(f"/api/adjustments/{huge}/decision", json={"approve": True}).status_code == 404
    )
    for url in (
        f"/api/projects?year={huge}",
        f"/api/projects?offset={huge}",
        f"/api/portfolio?year={huge}",
    ):
        answer = finance.get(url)
        assert answer.status_code == 422, url
        assert error_of(answer)["code"] == "invalid"
    odd = finance.get("/api/audit?object=project_year:²")  # a digit to str.isdigit, not to int
    assert odd.status_code == 422 and error_of(odd)["where"] == "object"


def test_a_decided_adjustment_is_not_decided_again(store: Store) -> None:
    unit, department, finance = (User(store, u) for u in ("unit", "department", "finance"))
    py = unit.project("社区养老驿站运营补贴")["id"]
    url = f"/api/projects/{py}/transitions"
    department.post(url, json={"action": "approve"})
    finance.post(url, json={"action": "approve"})
    path = EXAMPLES / "targets" / "社区养老驿站运营补贴.yaml"
    files = {"file": (path.name, path.read_bytes())}
    first = unit.post(f"/api/projects/{py}/adjustments", files=files, data={"reason": "一"}).json()
    decided = finance.post(f"/api/adjustments/{first['id']}/decision", json={"approve": True})
    assert decided.status_code == 200
    unit.post(f"/api/projects/{py}/adjustments", files=files, data={"reason": "二"})  # pending
    again = finance.post(
        f"/api/adjustments/{first['id']}/decision", json={"approve": False, "note": "改判"}
    )
    assert again.status_code == 409 and "已批准" in error_of(again)["message"]
