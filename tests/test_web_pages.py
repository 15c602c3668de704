"""The pages (web/pages/) on the demo district, SQLite and PostgreSQL: the login form for a
visitor, errors in Chinese with the name kept, one session with the API, 工作台 and 项目列表
per role showing only what the role sees, text never markup, a strict CSP on every answer,
every asset local."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from demo_world import ctx
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.service.projects import create_project_year
from jixiao.store.db import Store
from jixiao.web.app import create_app

ROLES = ("admin", "finance", "department", "unit", "unit2", "evaluator")


def browser(store: Store, username: str | None = None) -> TestClient:
    client = TestClient(create_app(store), base_url="http://testserver")
    if username is not None:
        answer = client.post(
            "/login", data={"username": username, "password": DEMO_PASSWORD}, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/home", answer.text
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_visitor_gets_the_login_form_and_the_pages_send_them_there(store: Store) -> None:
    visitor = browser(store)
    front = visitor.get("/")
    assert front.status_code == 200 and '<form method="post" action="/login">' in front.text
    assert '<label for="username">用户名</label>' in front.text
    for page in ("/home", "/projects"):
        answer = visitor.get(page, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_a_wrong_password_is_said_in_chinese_and_the_name_is_kept(store: Store) -> None:
    answer = browser(store).post("/login", data={"username": "unit", "password": "wrong"})
    assert answer.status_code == 401
    assert "用户名或密码不正确" in answer.text and 'value="unit"' in answer.text
    assert "wrong" not in answer.text  # the password is never echoed


def test_a_login_form_posted_from_another_site_is_refused(store: Store) -> None:
    answer = browser(store).post(
        "/login",
        data={"username": "unit", "password": DEMO_PASSWORD},
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert answer.status_code == 403 and "jixiao_session" not in answer.headers.get(
        "set-cookie", ""
    )


def test_pages_and_the_api_share_one_session(store: Store) -> None:
    client = TestClient(create_app(store), base_url="http://testserver")
    answer = client.post("/api/login", json={"username": "unit", "password": DEMO_PASSWORD})
    assert answer.status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"] == "/home"
    assert "工作台" in client.get("/home").text
    page = browser(store, "unit")
    assert page.get("/api/me").json()["user"]["username"] == "unit"


@pytest.mark.parametrize("who", ROLES)
def test_each_role_sees_its_workbench_and_its_projects_only(store: Store, who: str) -> None:
    client = browser(store, who)
    home = client.get("/home")
    assert home.status_code == 200 and "待我办理" in home.text
    listed = client.get("/projects")
    assert listed.status_code == 200
    api_names = sorted(p["name"] for p in client.get("/api/projects").json()["items"])
    rows = re.findall(r"<tr><td>(\d{4})</td><td>([^<]*)</td>", listed.text)
    assert sorted(name for _, name in rows) == api_names  # the page is its JSON twin
    assert f"共 {len(api_names)} 个项目年度" in listed.text


def test_the_workbench_counts_what_waits(store: Store) -> None:
    text = text_of(browser(store, "unit2").get("/home").text)
    assert "街道文化活动经费" in text and "提交主管部门审核" in text
    assert re.search(r"(\d+) 个项目待我办理", text)


def test_the_list_filters_and_htmx_gets_the_same_page(store: Store) -> None:
    client = browser(store, "finance")
    by_stage = client.get("/projects", params={"stage": "results"})
    assert "社区居家养老服务补贴" in by_stage.text and "街道文化活动经费" not in by_stage.text
    assert client.get("/projects", params={"year": 1999}).text.count("没有符合条件的项目") == 1
    wrong = client.get("/projects", params={"year": 3000})
    assert wrong.status_code == 200 and "年度应为 1900–2200 之间的四位数字" in wrong.text
    assert client.get("/projects", params={"year": ""}).status_code == 200  # an empty filter
    unknown = client.get("/projects", params={"stage": "<b>"})
    assert unknown.status_code == 200 and "<b>" not in unknown.text  # not a stage: all of them
    swapped = client.get("/projects", params={"stage": "results"}, headers={"HX-Request": "true"})
    assert 'id="listing"' in swapped.text


def test_names_are_shown_as_text_never_as_markup(store: Store) -> None:
    evil = "<script>alert('绩效')</script><img src=x onerror=alert(1)>"
    unit = browser(store, "unit")
    create_project_year(ctx(store, "unit"), "U-LIBRARY", evil, 2026)
    html = unit.get("/projects").text + unit.get("/home").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;绩效&#39;)&lt;/script&gt;" in html


def _assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href|action)="([^"]*)"', html)


@pytest.mark.parametrize("who", [None, *ROLES])
def test_every_answer_is_strict_and_every_asset_local(store: Store, who: str | None) -> None:
    client = browser(store, who)
    pages = ["/"] if who is None else ["/home", "/projects"]
    for page in pages:
        answer = client.get(page)
        csp = answer.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in answer.text and " style=" not in answer.text  # no inline
        for url in _assets(answer.text):
            assert url.startswith(("/", "#")), f"{page} as {who}: {url} is not local"
            if url.startswith("/static/"):
                asset = client.get(url)
                assert asset.status_code == 200, url
                kind = asset.headers["content-type"].split(";")[0]
                assert kind in ("text/css", "text/javascript", "image/svg+xml"), url


def test_logout_needs_the_forms_token(store: Store) -> None:
    client = browser(store, "unit")
    [token] = re.findall(r'name="csrf" value="([^"]+)"', client.get("/home").text)
    cookie = str(client.cookies.get("jixiao_session"))
    client.post("/logout", data={"csrf": "forged"})  # the cookie goes, the session stays
    client.cookies.set("jixiao_session", cookie)
    assert client.get("/home", follow_redirects=False).status_code == 200
    client.post("/logout", data={"csrf": token})  # closed for good
    client.cookies.set("jixiao_session", cookie)
    assert client.get("/home", follow_redirects=False).status_code == 303


def test_every_vendored_asset_is_recorded_with_its_hash() -> None:
    import hashlib
    from pathlib import Path

    static = Path(__file__).resolve().parents[1] / "src" / "jixiao" / "web" / "static"
    record = (static / "VENDORED.md").read_text(encoding="utf-8")
    for asset in sorted((static / "vendor").glob("*.js")):
        digest = hashlib.sha256(asset.read_bytes()).hexdigest()
        assert f"`vendor/{asset.name}`" in record and digest in record, asset.name
