"""管理 (web/pages/admin.py, web/admin.py, service/admin.py) on the demo district, SQLite and
PostgreSQL: only the administrator lists, adds and changes users and organisations and reads
the audit log of any object (others 403, a visitor 401 or the login form); a duplicate name
or code is 409 in Chinese; bad input is said beside its field with what was typed kept, the
password never; a forged form changes nothing; every change is audited; a disabled user is
signed out at once; names are text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from demo_world import User, csrf_of, page_client
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.store.db import Store
from jixiao.store.schema import AuditEntry, Organisation
from jixiao.store.schema import User as UserRow

OTHERS = ("finance", "department", "unit", "evaluator")
READS = ("/api/users", "/api/orgs", "/api/admin/audit")
XSS = "<script>alert(1)</script>张三"


def _count(store: Store, table: Any) -> int:
    with store.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _entries(store: Store, object_type: str, object_id: int) -> list[tuple[str, str, Any, Any]]:
    with store.transaction() as s:
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
            .order_by(AuditEntry.id)
        ).all()
        return [(r.action, r.field, r.old, r.new) for r in rows]


def _user_id(store: Store, username: str) -> int:
    with store.transaction() as s:
        found = s.scalar(select(UserRow.id).where(UserRow.username == username))
        assert found is not None
        return found


def _new_user(admin: User, **kw: Any) -> Any:
    body = {
        "username": "zhang",
        "password": "zhang-secret-1",
        "role": "unit",
        "org": "U-LIBRARY",
        "display_name": "张三",
        **kw,
    }
    return admin.post("/api/users", json=body)


# -- the API


def test_only_the_administrator_reads_users_orgs_and_the_audit_log(store: Store) -> None:
    admin = User(store, "admin")
    users = admin.get("/api/users").json()["items"]
    assert {u["username"] for u in users} >= {"admin", "finance", "unit", "unit2", "evaluator"}
    unit = next(u for u in users if u["username"] == "unit")
    assert unit["role_label"] == "预算单位" and unit["org"]["code"] == "U-LIBRARY"
    assert unit["active"] is True and unit["locked"] is False
    assert all("password" not in str(u) and "hash" not in str(u) for u in users)
    orgs = admin.get("/api/orgs").json()["items"]
    codes = [o["code"] for o in orgs]
    assert codes[0] == "FIN" and orgs[0]["parent"] is None and orgs[0]["depth"] == 0
    library = next(o for o in orgs if o["code"] == "U-LIBRARY")
    assert library["kind_label"] == "预算单位" and library["users"] == 1
    assert codes.index(library["parent"]) < codes.index("U-LIBRARY")  # after its parent
    assert admin.get("/api/admin/audit").json()["items"]
    for who in OTHERS:
        client = User(store, who)
        for url in READS:
            answer = client.get(url)
            assert answer.status_code == 403, (who, url)
            assert answer.json()["error"]["code"] == "forbidden"
            assert "只有管理员" in answer.json()["error"]["message"]
        # the object is not even read before the refusal: 403, not 422
        assert client.get("/api/admin/audit", params={"object": "nonsense"}).status_code == 403
    visitor = page_client(store)
    for url in READS:
        answer = visitor.get(url)
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthenticated"


def test_the_administrator_adds_a_user_audited_and_a_duplicate_is_409(store: Store) -> None:
    admin = User(store, "admin")
    made = _new_user(admin)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["username"] == "zhang" and body["org"]["code"] == "U-LIBRARY"
    assert "zhang-secret-1" not in made.text
    assert _entries(store, "user", body["id"]) == [("user.add", "role", None, "unit")]
    page_client(store).post("/login", data={"username": "zhang", "password": "zhang-secret-1"})
    again = _new_user(admin, org="U-CULTURE")
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "conflict",
        "message": "用户名「zhang」已被使用",
        "where": "username",
    }


@pytest.mark.parametrize(
    ("change", "status", "where", "words"),
    [
        ({"password": "short"}, 422, "password", "密码至少 8 个字符"),
        ({"username": "张 三"}, 422, "username", "用户名只能由字母"),
        ({"role": "department"}, 422, "org", "主管部门的用户应属于一个主管部门"),
        ({"role": "admin"}, 422, "org", "管理员不属于任何单位"),
        ({"org": "NO-SUCH"}, 404, "code", "没有代码为「NO-SUCH」的单位或机构"),
    ],
)
def test_a_bad_new_user_is_refused_in_chinese_and_nothing_is_made(
    store: Store, change: dict[str, str], status: int, where: str, words: str
) -> None:
    admin = User(store, "admin")
    before = _count(store, UserRow)
    answer = _new_user(admin, **change)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["where"] == where and words in error["message"]
    assert _count(store, UserRow) == before


def test_the_administrator_adds_an_organisation_audited(store: Store) -> None:
    admin = User(store, "admin")
    made = admin.post(
        "/api/orgs",
        json={"code": "U-MUSEUM", "name": "某区博物馆", "kind": "unit", "parent": "D-CULTURE"},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["parent"] == "D-CULTURE" and body["depth"] == 2 and body["users"] == 0
    assert _entries(store, "organisation", body["id"]) == [("org.add", "code", None, "U-MUSEUM")]
    again = admin.post("/api/orgs", json={"code": "U-MUSEUM", "name": "又一个", "kind": "finance"})
    assert (
        again.status_code == 409 and again.json()["error"]["message"] == "代码「U-MUSEUM」已被使用"
    )
    wrong = admin.post("/api/orgs", json={"code": "U-X", "name": "某单位", "kind": "unit"})
    assert (
        wrong.status_code == 422
        and wrong.json()["error"]["message"] == "预算单位应建在主管部门之下"
    )
    blank = admin.post("/api/orgs", json={"code": "U-Y", "name": "  ", "kind": "finance"})
    assert blank.status_code == 422 and blank.json()["error"]["where"] == "name"
    unit = User(store, "unit")
    refused = unit.post("/api/orgs", json={"code": "U-Z", "name": "某单位", "kind": "finance"})
    assert (
        refused.status_code == 403
        and refused.json()["error"]["message"] == "只有管理员可以管理组织机构"
    )


def test_a_forged_csrf_token_changes_nothing(store: Store) -> None:
    admin = User(store, "admin")
    admin.csrf = "forged"
    users, orgs = _count(store, UserRow), _count(store, Organisation)
    assert _new_user(admin).status_code == 403
    made = admin.post("/api/orgs", json={"code": "F2", "name": "某财政局", "kind": "finance"})
    assert made.status_code == 403 and made.json()["error"]["code"] == "csrf"
    unit = _user_id(store, "unit")
    patch = admin.send("PATCH", f"/api/users/{unit}", json={"version": 1, "active": False})
    assert patch.status_code == 403
    assert (_count(store, UserRow), _count(store, Organisation)) == (users, orgs)
    assert User(store, "unit").get("/api/me").status_code == 200


def test_changing_a_user_is_audited_field_by_field_under_its_version(store: Store) -> None:
    admin = User(store, "admin")
    unit = _user_id(store, "unit")
    moved = admin.send(
        "PATCH",
        f"/api/users/{unit}",
        json={"version": 1, "role": "department", "org": "D-CULTURE", "display_name": XSS},
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["role"] == "department" and body["org"]["code"] == "D-CULTURE"
    assert body["display_name"] == XSS and body["version"] == 2
    assert _entries(store, "user", unit)[-3:] == [
        ("user.change", "role", "unit", "department"),
        ("user.change", "org", "U-LIBRARY", "D-CULTURE"),
        ("user.change", "display_name", "图书馆财务", XSS),
    ]
    stale = admin.send("PATCH", f"/api/users/{unit}", json={"version": 1, "display_name": "x"})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["error"]["message"]
    # the role and the organisation go together
    wrong = admin.send("PATCH", f"/api/users/{unit}", json={"version": 2, "role": "finance"})
    assert wrong.status_code == 422 and wrong.json()["error"]["where"] == "org"
    missing = admin.send("PATCH", "/api/users/999999", json={"version": 1, "active": False})
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "没有这个用户"
    huge = admin.send("PATCH", f"/api/users/{2**63}", json={"version": 1})
    assert huge.status_code == 404


def test_a_disabled_user_is_signed_out_and_cannot_sign_in_until_enabled(store: Store) -> None:
    admin, unit = User(store, "admin"), User(store, "unit")
    uid = _user_id(store, "unit")
    off = admin.send("PATCH", f"/api/users/{uid}", json={"version": 1, "active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert unit.get("/api/me").status_code == 401  # its session ended at once
    login = {"username": "unit", "password": DEMO_PASSWORD}
    assert page_client(store).post("/api/login", json=login).status_code == 401
    assert ("user.change", "active", "True", "False") in _entries(store, "user", uid)
    on = admin.send("PATCH", f"/api/users/{uid}", json={"version": 2, "active": True})
    assert on.status_code == 200
    assert page_client(store).post("/api/login", json=login).status_code == 200


def test_the_administrator_keeps_the_keys(store: Store) -> None:
    admin = User(store, "admin")
    me = _user_id(store, "admin")
    off = admin.send("PATCH", f"/api/users/{me}", json={"version": 1, "active": False})
    assert off.status_code == 422 and off.json()["error"]["message"] == "不能停用自己的账户"
    down = admin.send(
        "PATCH", f"/api/users/{me}", json={"version": 1, "role": "finance", "org": "FIN"}
    )
    assert down.status_code == 422 and down.json()["error"]["message"] == "不能取消自己的管理员角色"
    # a second administrator may be disabled; then the first is the last, and stays
    made = _new_user(admin, username="root2", role="admin", org=None)
    other = made.json()["id"]
    assert (
        admin.send("PATCH", f"/api/users/{other}", json={"version": 1, "active": False}).json()[
            "active"
        ]
        is False
    )
    assert User(store, "admin").get("/api/me").status_code == 200


def test_a_locked_user_is_unlocked(store: Store) -> None:
    visitor = page_client(store)
    for _ in range(5):
        visitor.post("/api/login", json={"username": "unit2", "password": "wrong-password"})
    login = {"username": "unit2", "password": DEMO_PASSWORD}
    assert page_client(store).post("/api/login", json=login).status_code == 429
    admin = User(store, "admin")
    row = next(u for u in admin.get("/api/users").json()["items"] if u["username"] == "unit2")
    assert row["locked"] is True and row["locked_until"]
    done = admin.send("PATCH", f"/api/users/{row['id']}", json={"version": 1, "unlock": True})
    assert done.status_code == 200 and done.json()["locked"] is False
    assert page_client(store).post("/api/login", json=login).status_code == 200
    actions = [a for a, *_ in _entries(store, "user", row["id"])]
    assert actions.count("login.failed") == 5 and actions[-1] == "user.unlock"


def test_the_audit_log_of_any_object_withholds_project_content(store: Store) -> None:
    admin = User(store, "admin")
    unit = _user_id(store, "unit")
    admin.send("PATCH", f"/api/users/{unit}", json={"version": 1, "display_name": "新名字"})
    own = admin.get("/api/admin/audit", params={"object": f"user:{unit}"}).json()["items"]
    assert own[0]["object"] == f"user:{unit}" and own[0]["action_label"] == "修改用户"
    assert (own[0]["old"], own[0]["new"], own[0]["withheld"]) == ("图书馆财务", "新名字", False)
    assert own[0]["by"] == "系统管理员" and own[0]["origin"] == "testclient"
    with store.transaction() as s:
        py = s.scalar(
            select(AuditEntry.object_id).where(
                AuditEntry.object_type == "project_year", AuditEntry.new.is_not(None)
            )
        )
    project = admin.get("/api/admin/audit", params={"object": f"project_year:{py}"}).json()
    assert project["items"] and all(e["object"] == f"project_year:{py}" for e in project["items"])
    assert all(e["old"] is None and e["new"] is None for e in project["items"])
    assert any(e["withheld"] for e in project["items"])
    assert {e["action_label"] for e in project["items"]} >= {"新建项目年度"}
    for bad in ("user", "user:x", "users:3", "user:0", "user:3:4", "user:" + "9" * 31):
        answer = admin.get("/api/admin/audit", params={"object": bad})
        assert answer.status_code == 422, bad
        assert answer.json()["error"]["where"] == "object"
    for none in ("user:999999", f"user:{2**64}"):
        nothing = admin.get("/api/admin/audit", params={"object": none})
        assert nothing.status_code == 200 and nothing.json()["items"] == []


# -- the pages


def test_the_pages_are_the_administrators(store: Store) -> None:
    admin = page_client(store, "admin")
    users = admin.get("/admin")
    assert users.status_code == 200
    assert '<a href="/admin" aria-current="page">管理</a>' in users.text
    listed = {u["username"] for u in User(store, "admin").get("/api/users").json()["items"]}
    shown = set(re.findall(r'<tr(?: class="inactive")?>\s*<td>([^<]+)</td>', users.text))
    assert shown == listed
    orgs = admin.get("/admin/orgs")
    assert orgs.status_code == 200 and "某区图书馆" in orgs.text and "U-LIBRARY" in orgs.text
    audit = admin.get("/admin/audit")
    assert (
        audit.status_code == 200
        and "操作记录" in audit.text
        and "（项目内容，不显示）" in audit.text
    )
    for who in OTHERS:
        client = page_client(store, who)
        for url in ("/admin", "/admin/orgs", "/admin/audit"):
            answer = client.get(url)
            assert answer.status_code == 403, (who, url)
            assert "无权进行此操作" in answer.text and "只有管理员可以" in answer.text
            assert 'href="/admin"' not in answer.text  # not in their menu either
    for url in ("/admin", "/admin/orgs", "/admin/audit"):
        answer = page_client(store).get(url, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/")


def _form(client: Any, url: str = "/admin") -> str:
    return csrf_of(client.get(url).text)


def test_the_add_user_form_keeps_what_was_typed_but_the_password(store: Store) -> None:
    admin = page_client(store, "admin")
    token = _form(admin)
    typed = {
        "csrf": token,
        "username": "li",
        "password": "short-pw",
        "role": "department",
        "org": "U-LIBRARY",
        "display_name": XSS,
    }
    answer = admin.post("/admin/users", data=typed, follow_redirects=False)
    assert answer.status_code == 422
    text = answer.text
    assert "未保存：主管部门的用户应属于一个主管部门" in text  # said at the top, too
    assert 'id="new-org-e">主管部门的用户应属于一个主管部门</p>' in text
    assert 'aria-invalid="true" aria-describedby="new-org-e"' in text
    assert 'value="li"' in text and "short-pw" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;张三" in text and "<script>alert" not in text
    assert re.search(r'<option value="department" selected>', text)
    typed["org"] = "D-CULTURE"
    done = admin.post("/admin/users", data=typed, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/admin?done=user")
    shown = admin.get("/admin?done=user").text
    assert "已新建用户。" in shown and "&lt;script&gt;alert(1)&lt;/script&gt;张三" in shown
    assert "<script>alert" not in shown
    again = admin.post("/admin/users", data=typed, follow_redirects=False)
    assert again.status_code == 409
    assert 'id="new-username-e">用户名「li」已被使用</p>' in again.text
    short = admin.post(
        "/admin/users",
        data={**typed, "username": "wang", "password": "abc"},
        follow_redirects=False,
    )
    assert short.status_code == 422 and 'id="new-password-e">密码至少 8 个字符' in short.text
    no_role = admin.post("/admin/users", data={**typed, "username": "zhao", "role": ""})
    assert no_role.status_code == 422 and 'id="new-role-e">请选择角色' in no_role.text
    no_org = admin.post("/admin/users", data={**typed, "username": "qian", "org": "NOPE"})
    assert no_org.status_code == 422 and 'id="new-org-e">没有代码为「NOPE」' in no_org.text
    li = _user_id(store, "li")
    assert _entries(store, "user", li) == [("user.add", "role", None, "department")]
    # the audit log names its author escaped, too
    page = admin.get("/admin/audit", params={"type": "user", "id": str(li)}).text
    assert "新建用户" in page and "<script>alert" not in page


def test_the_add_org_form(store: Store) -> None:
    admin = page_client(store, "admin")
    token = _form(admin, "/admin/orgs")
    typed = {"csrf": token, "code": "U-MUSEUM", "name": "<b>某区博物馆</b>", "kind": "unit"}
    answer = admin.post("/admin/orgs", data={**typed, "parent": "FIN"}, follow_redirects=False)
    assert answer.status_code == 422
    assert 'id="new-parent-e">预算单位应建在主管部门之下</p>' in answer.text
    assert 'value="U-MUSEUM"' in answer.text and "&lt;b&gt;某区博物馆&lt;/b&gt;" in answer.text
    gone = admin.post("/admin/orgs", data={**typed, "parent": "NOPE"}, follow_redirects=False)
    assert gone.status_code == 422 and 'id="new-parent-e">没有代码为「NOPE」' in gone.text
    bad = admin.post("/admin/orgs", data={**typed, "code": "博物馆", "parent": "D-CULTURE"})
    assert bad.status_code == 422 and 'id="new-code-e">代码只能由字母' in bad.text
    kindless = admin.post("/admin/orgs", data={**typed, "kind": "", "parent": "D-CULTURE"})
    assert kindless.status_code == 422 and 'id="new-kind-e">请选择类别' in kindless.text
    done = admin.post("/admin/orgs", data={**typed, "parent": "D-CULTURE"}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/admin/orgs?done=org")
    listed = admin.get("/admin/orgs?done=org").text
    assert "已新建单位或机构。" in listed and "&lt;b&gt;某区博物馆&lt;/b&gt;" in listed
    again = admin.post("/admin/orgs", data={**typed, "parent": "D-CULTURE"})
    assert again.status_code == 409 and 'id="new-code-e">代码「U-MUSEUM」已被使用' in again.text


def test_the_change_form(store: Store) -> None:
    admin = page_client(store, "admin")
    token = _form(admin)
    unit = _user_id(store, "unit")
    form = {
        "csrf": token,
        "version": "1",
        "role": "finance",
        "org": "U-LIBRARY",
        "display_name": "图书馆财务",
        "active": "yes",
    }
    for who in OTHERS:
        client = page_client(store, who)
        answer = client.post(f"/admin/users/{unit}", data={**form, "csrf": _form(client, "/home")})
        assert answer.status_code == 403 and "只有管理员可以管理用户" in answer.text
    wrong = admin.post(f"/admin/users/{unit}", data=form, follow_redirects=False)
    assert wrong.status_code == 422
    assert f'id="u{unit}-org-e">财政局的用户应属于一个财政局</p>' in wrong.text
    assert re.search(
        rf'<select id="u{unit}-role"[^>]*>\s*(<option[^>]*>[^<]*</option>)*?'
        r'<option value="finance" selected>',
        wrong.text,
    )
    off = admin.post(
        f"/admin/users/{unit}",
        data={**form, "role": "unit", "active": "no"},
        follow_redirects=False,
    )
    assert (off.status_code, off.headers["location"]) == (303, "/admin?done=changed")
    shown = admin.get("/admin?done=changed").text
    assert "已保存对用户的修改。" in shown and "已停用" in shown
    stale = admin.post(f"/admin/users/{unit}", data={**form, "role": "unit"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    me = _user_id(store, "admin")
    mine = {**form, "role": "admin", "org": "", "active": "no"}
    refused = admin.post(f"/admin/users/{me}", data=mine)
    assert refused.status_code == 422 and f'id="u{me}-active-e">不能停用自己的账户' in refused.text
    missing = admin.post("/admin/users/999999", data=form)
    assert missing.status_code == 404 and "没有这个用户" in missing.text


def test_a_forged_form_changes_nothing(store: Store) -> None:
    admin = page_client(store, "admin")
    users, orgs = _count(store, UserRow), _count(store, Organisation)
    unit = _user_id(store, "unit")
    sent = [
        ("/admin/users", {"username": "x1", "password": "long-enough", "role": "admin"}),
        ("/admin/orgs", {"code": "F9", "name": "某财政局", "kind": "finance"}),
        (
            f"/admin/users/{unit}",
            {"version": "1", "role": "unit", "org": "U-LIBRARY", "active": "no"},
        ),
    ]
    for url, form in sent:
        answer = admin.post(url, data={**form, "csrf": "forged"}, follow_redirects=False)
        assert answer.status_code == 403 and "令牌不正确" in answer.text, url
        cross = admin.post(
            url,
            data={**form, "csrf": _form(admin)},
            headers={"Origin": "https://evil.example"},
            follow_redirects=False,
        )
        assert cross.status_code == 403 and "请从本站的页面提交" in cross.text, url
    assert (_count(store, UserRow), _count(store, Organisation)) == (users, orgs)
    assert User(store, "unit").get("/api/me").status_code == 200


def test_the_audit_page(store: Store) -> None:
    admin = page_client(store, "admin")
    unit = _user_id(store, "unit")
    page = admin.get("/admin/audit", params={"type": "user", "id": str(unit)})
    assert page.status_code == 200 and f"「user:{unit}」的操作记录" in page.text
    assert "新建用户" in page.text and re.search(
        r"<td>角色</td>\s*<td>—</td><td>预算单位</td>", page.text
    )
    bad = admin.get("/admin/audit", params={"type": "user", "id": "abc"})
    assert bad.status_code == 422 and 'id="audit-error">对象应写作「类别:编号」' in bad.text
    assert 'aria-describedby="audit-error"' in bad.text
    twin = User(store, "admin").get("/api/admin/audit").json()["items"]
    latest = admin.get("/admin/audit").text
    shown = re.findall(r'<td class="when">', latest)
    assert len(shown) == len(twin)
    assert f'href="/admin/audit?type=user&amp;id={unit}"' in admin.get("/admin").text
