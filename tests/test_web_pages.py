"""The pages (web/pages/) on the demo district, SQLite and PostgreSQL: the login form for a
visitor, errors in Chinese with the name kept, one session with the API, 工作台 and 项目列表
per role showing only what the role sees, text never markup, a strict CSP on every answer,
every asset local."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from demo_world import ctx
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.service.projects import create_project_year, list_projects
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


def rows_of(html: str) -> list[tuple[int, str]]:
    """The project list's rows: each project-year's id (its link) and name, in order."""
    found = re.findall(r'<tr><td>\d{4}</td><td><a href="/projects/(\d+)">([^<]*)</a></td>', html)
    return [(int(i), name) for i, name in found]


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
    assert sorted(name for _, name in rows_of(listed.text)) == api_names  # its JSON twin
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
                assert asset.headers["x-content-type-options"] == "nosniff", url
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


# -- 项目列表: filters, pages, export; 工作台 at many project-years


def _many(store: Store, n: int, year: int = 2026) -> list[int]:
    """`n` new project-years of U-LIBRARY (the unit's, at 目标申报), their ids."""
    unit = ctx(store, "unit")
    return [create_project_year(unit, "U-LIBRARY", f"批量项目{i:03d}", year).id for i in range(n)]


def _api(client: TestClient, **params: object) -> dict[str, Any]:
    answer = client.get("/api/projects", params=params)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


@pytest.mark.parametrize("who", ["finance", "department", "unit"])
def test_the_list_filters_by_department_and_grade_as_its_twin(store: Store, who: str) -> None:
    client = browser(store, who)
    everything = _api(client)["items"]
    grades = sorted({p["grade"] for p in everything if p["grade"]})
    assert grades, "the demo has graded project-years"
    variants: list[dict[str, str]] = [{"department": "D-CULTURE"}, {"department": "D-CIVIL"}]
    variants += [{"grade": g} for g in grades] + [{"department": "D-CULTURE", "grade": grades[0]}]
    for params in variants:
        twin = _api(client, **params)
        ids = sorted(p["id"] for p in twin["items"])
        assert twin["total"] == len(ids)
        page = client.get("/projects", params=params)
        assert page.status_code == 200
        assert sorted(i for i, _ in rows_of(page.text)) == ids, params
        assert f"共 {len(ids)} 个项目年度" in page.text
        for p in twin["items"]:  # the filter kept what it says, and only that
            assert params.get("grade", p["grade"]) == p["grade"]
    units = {"D-CULTURE": {"U-LIBRARY", "U-CULTURE"}, "D-CIVIL": {"U-CIVIL", "U-STREET"}}
    for code, under in units.items():  # the demo's departments, by hand
        wanted = sorted(p["id"] for p in everything if p["unit"]["code"] in under)
        assert sorted(p["id"] for p in _api(client, department=code)["items"]) == wanted
    assert _api(client, department="U-LIBRARY")["total"] == 0  # a unit is no department
    assert _api(client, grade="甲")["total"] == 0
    wrong = client.get("/projects", params={"grade": "<b>甲</b>"})
    assert "没有「&lt;b&gt;甲&lt;/b&gt;」这个等级，已列出全部等级" in wrong.text
    assert len(rows_of(wrong.text)) == len(everything)


def test_the_list_goes_page_by_page_with_the_total(store: Store) -> None:
    made = _many(store, 57)
    client = browser(store, "unit")
    twin = _api(client)
    total = twin["total"]
    assert total == len(twin["items"]) >= 57
    first = client.get("/projects")
    rows = rows_of(first.text)
    assert [i for i, _ in rows] == [p["id"] for p in twin["items"][:50]]  # the twin's order
    assert f"共 {total} 个项目年度，第 1–50 个（第 1/2 页）" in first.text
    assert "上一页</span>" in first.text and 'rel="next"' in first.text
    assert 'href="/projects?page=2"' in first.text
    second = client.get("/projects", params={"page": 2})
    assert [i for i, _ in rows_of(second.text)] == [p["id"] for p in twin["items"][50:]]
    assert f"第 51–{total} 个（第 2/2 页）" in second.text
    assert 'href="/projects?page=1"' in second.text and "下一页</span>" in second.text
    assert set(made) <= {i for i, _ in rows + rows_of(second.text)}
    filtered = client.get("/projects", params={"year": 2026, "page": 2})  # filters kept
    assert 'href="/projects?year=2026&amp;page=1"' in filtered.text
    paged = _api(client, limit=10, offset=50)
    assert paged["total"] == total and [p["id"] for p in paged["items"]] == [
        p["id"] for p in twin["items"][50:60]
    ]


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("abc", "页码「abc」不是正整数，已显示第 1 页"),
        ("0", "页码「0」不是正整数，已显示第 1 页"),
        ("-3", "页码「-3」不是正整数，已显示第 1 页"),
        ("99", "共 2 页，没有第 99 页，已显示第 1 页"),
        ("9" * 12, f"页码「{'9' * 12}」不是正整数，已显示第 1 页"),
    ],
)
def test_a_bad_page_number_shows_the_first_page_and_says_so(
    store: Store, number: str, said: str
) -> None:
    _many(store, 55)
    client = browser(store, "unit")
    first = [i for i, _ in rows_of(client.get("/projects").text)]
    answer = client.get("/projects", params={"page": number})
    assert answer.status_code == 200
    assert said in answer.text and 'role="alert"' in answer.text
    assert [i for i, _ in rows_of(answer.text)] == first
    assert "第 1–50 个（第 1/2 页）" in answer.text


def test_an_empty_list_has_no_pages_and_no_export(store: Store) -> None:
    client = browser(store, "unit")
    answer = client.get("/projects", params={"year": 1999, "page": 3})
    assert "没有符合条件的项目" in answer.text and "共 0 个项目年度" in answer.text
    assert "没有第" not in answer.text and 'aria-label="分页"' not in answer.text
    assert "导出 xlsx" not in answer.text
    nobody = browser(store, "admin").get("/projects")  # the administrator sees no projects
    assert nobody.status_code == 200 and "共 0 个项目年度" in nobody.text


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["项目列表"]
    return [tuple(r) for r in book["项目列表"].iter_rows(values_only=True)]


@pytest.mark.parametrize("who", ["finance", "department", "unit", "unit2"])
def test_the_export_holds_the_listed_projects(store: Store, who: str) -> None:
    _many(store, 3) if who == "unit" else None
    client = browser(store, who)
    for params in ({}, {"department": "D-CULTURE"}, {"year": 2026}, {"stage": "results"}):
        twin = _api(client, **params)
        page = client.get("/projects", params=params).text
        if twin["total"]:
            [link] = re.findall(r'<a href="(/api/projects\.xlsx[^"]*)" download>', page)
            url = link.replace("&amp;", "&")
        else:
            assert "导出 xlsx" not in page
            url = "/api/projects.xlsx"
        answer = client.get(url, params=params if not twin["total"] else None)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert "projects.xlsx" in answer.headers["content-disposition"]
        rows = _sheet(answer.content)
        assert rows[0][0].startswith("项目列表")
        header = rows.index(
            (
                "项目年度编号",
                "年度",
                "项目编码",
                "项目名称",
                "单位代码",
                "预算单位",
                "阶段",
                "总分",
                "等级",
            )
        )
        body = [r for r in rows[header + 1 :] if isinstance(r[0], int)]
        by_id = {p["id"]: p for p in twin["items"]}
        assert [r[0] for r in body] == [p["id"] for p in twin["items"]], params
        for r in body:
            p = by_id[r[0]]
            assert (r[1], r[3], r[4], r[8]) == (
                p["year"],
                p["name"],
                p["unit"]["code"],
                p["grade"] or "—",
            )
            if p["grade"]:
                assert Decimal(str(r[7])) == Decimal(str(p["total"]))
        assert any(
            str(c).startswith(f"共 {twin['total']} 个项目年度") for r in rows for c in r if c
        )


def test_the_export_refuses_a_visitor_and_a_bad_filter(store: Store) -> None:
    assert browser(store).get("/api/projects.xlsx").status_code == 401
    client = browser(store, "finance")
    assert client.get("/api/projects.xlsx", params={"year": 3000}).status_code == 422
    assert client.get("/api/projects.xlsx", params={"stage": "nope"}).status_code == 422
    assert client.get("/api/projects", params={"grade": "x" * 17}).status_code == 422
    evil = "<script>alert(1)</script>"
    create_project_year(ctx(store, "unit"), "U-LIBRARY", evil, 2026)
    rows = _sheet(client.get("/api/projects.xlsx", params={"year": 2026}).content)
    assert any(evil in r for r in rows)  # text stays text


def test_the_workbench_lists_the_first_waiting_and_counts_them_all(store: Store) -> None:
    from jixiao.service.workbench import SHOWN, workbench

    before = workbench(ctx(store, "unit"))
    made = _many(store, SHOWN + 7)
    bench = workbench(ctx(store, "unit"))
    assert bench.waiting_total == before.waiting_total + SHOWN + 7
    assert len(bench.waiting) == SHOWN
    assert sum(n for _, n in bench.by_stage) == bench.waiting_total
    assert bench.by_step["提交主管部门审核"] >= SHOWN + 7
    listed = [p.id for p in list_projects(ctx(store, "unit"))]
    waiting = [w.project.id for w in bench.waiting]
    assert waiting == [i for i in listed if i in set(waiting)]  # the list's order
    assert set(made) & set(waiting)
    text = text_of(browser(store, "unit").get("/home").text)
    assert f"{bench.waiting_total} 个项目待我办理" in text
    assert f"共 {bench.waiting_total} 个，这里列出前 {SHOWN} 个" in text
    html = browser(store, "unit").get("/home").text
    assert '<a href="/projects?stage=targets_draft">目标申报' in html.replace("（", "（")
    assert html.count('<a href="/projects/') == SHOWN


def test_the_workbench_asks_a_constant_number_of_queries(store: Store) -> None:
    from sqlalchemy import event

    from jixiao.service.workbench import workbench

    contexts = {who: ctx(store, who) for who in ROLES}

    def queries(who: str) -> int:
        count = 0

        def seen(*_: object) -> None:
            nonlocal count
            count += 1

        event.listen(store.engine, "before_cursor_execute", seen)
        try:
            workbench(contexts[who])
        finally:
            event.remove(store.engine, "before_cursor_execute", seen)
        return count

    _many(store, 1, 2027)  # something waits for the unit too
    few = {who: queries(who) for who in ROLES}
    _many(store, 40)
    assert {who: queries(who) for who in ROLES} == few
    assert max(few.values()) <= 4, few  # places, pending 目标调整, the first rows, 整改 counts


def test_the_list_offers_a_table_only_for_what_was_scored_as_a_table(store: Store) -> None:
    # an evaluation has a report but no 自评表 (table.xlsx answers 422 for it): no link to it
    html = browser(store, "finance").get("/projects").text
    seen = set()
    for row in re.findall(r"<tr><td>\d{4}</td>.*?</tr>", html, flags=re.S):
        project = int(re.search(r'href="/projects/(\d+)"', row).group(1))  # type: ignore[union-attr]
        table = f"/api/projects/{project}/table.xlsx" in row
        answer = browser(store, "finance").get(f"/api/projects/{project}/table.xlsx")
        if "report.docx" in row:
            assert table == (answer.status_code == 200), (row, answer.status_code)
            seen.add(table)
    assert seen == {True, False}  # the demo has both: tables scored, and an evaluation
