"""整改 page (web/pages/rectify.py) on the demo district, SQLite and PostgreSQL: each role lists
exactly the items its JSON twin gives it, with only the forms the service lets it use; an
overdue item is marked in words as well as colour; progress, 分派, 销号 (confirmed) and
evidence post, redirect and show; every refusal is said beside its form with what was typed
kept and nothing stored; typed text is never markup; a forged token changes nothing; another
unit's item answers as a missing one."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from demo_world import User, csrf_of, ctx, page_client
from jixiao.core import limits
from jixiao.service import rectify
from jixiao.service.transitions import transition
from jixiao.store.db import Store
from jixiao.store.schema import Document, Rectification
from jixiao.workflow import Action
from jixiao.workflow.items import RectificationStatus

ROLES = ("admin", "finance", "department", "unit", "unit2", "evaluator")
MISSING = 10**6


def rows_of(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="item-(\d+)"', html)]


def row_html(html: str, item: int) -> str:
    found = re.search(rf'<tr id="item-{item}".*?</tr>', html, re.S)
    assert found, f"item {item} is not listed"
    return found.group(0)


def stored(store: Store, item: int) -> tuple[Any, ...]:
    with store.transaction() as s:
        r = s.get(Rectification, item)
        assert r is not None
        return (r.version, r.status, r.owner, r.due, r.closing_note, r.evidence_id)


def documents(store: Store) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(Document)) or 0


class Browser:
    """A signed-in browser of the pages, with the token its forms carry."""

    def __init__(self, store: Store, who: str) -> None:
        self.http: TestClient = page_client(store, who)
        self.csrf = csrf_of(self.http.get("/rectifications").text)

    def page(self, query: str = "") -> Any:
        return self.http.get("/rectifications" + query)

    def post(self, item: int, query: str = "", **form: str) -> Any:
        data = {"csrf": self.csrf, **form}
        return self.http.post(f"/rectifications/{item}{query}", data=data, follow_redirects=False)

    def attach(self, item: int, name: str, content: bytes, version: Any, **extra: str) -> Any:
        data = {"csrf": self.csrf, **extra}
        if version is not None:
            data["version"] = str(version)
        files = {"file": (name, content, "application/octet-stream")}
        return self.http.post(
            f"/rectifications/{item}/evidence", data=data, files=files, follow_redirects=False
        )


def first_item(store: Store, who: str = "unit") -> rectify.Item:
    return rectify.items(ctx(store, who))[0]


def test_a_visitor_is_sent_to_the_login_form(store: Store) -> None:
    visitor = page_client(store)
    item = first_item(store).id
    for answer in (
        visitor.get("/rectifications", follow_redirects=False),
        visitor.post(f"/rectifications/{item}", data={"form": "progress"}, follow_redirects=False),
        visitor.post(f"/rectifications/{item}/evidence", follow_redirects=False),
    ):
        assert answer.status_code == 303 and answer.headers["location"] == "/"


@pytest.mark.parametrize("who", ROLES)
def test_each_role_lists_what_its_json_twin_lists_with_its_own_forms(
    store: Store, who: str
) -> None:
    page = page_client(store, who).get("/rectifications")
    assert page.status_code == 200
    twin = User(store, who).get("/api/rectifications").json()["items"]
    assert rows_of(page.text) == [i["id"] for i in twin]
    assert f'<span class="n">{len(twin)}</span><span>项整改事项' in page.text
    for entry in twin:
        row = row_html(page.text, entry["id"])
        assert f'<a href="/projects/{entry["project_year"]}">' in row
        may = entry["permits"]
        assert ("<summary>填报进展</summary>" in row) == (
            bool(may["statuses"]) and not may["assign"]
        )
        assert ("<summary>分派</summary>" in row) == may["assign"]
        assert ("<summary>销号</summary>" in row) == may["assign"]
        assert ("佐证材料</summary>" in row) == may["attach"]
    if who == "unit":
        assert twin and all(i["permits"]["statuses"] == ["in_progress", "done"] for i in twin)
    if who in ("finance", "department"):
        assert twin and all(i["permits"]["assign"] for i in twin)
    if not twin:
        assert "没有符合条件的整改事项" in page.text


def _due(store: Store, item: rectify.Item, when: date, who: str = "finance") -> None:
    rectify.update(ctx(store, who), item.id, item.version, owner="张科长", due=when)


def test_an_overdue_item_is_marked_in_words_and_by_its_row(store: Store) -> None:
    late, later, *_ = rectify.items(ctx(store, "finance"))
    _due(store, late, date.today() - timedelta(days=12))
    _due(store, later, date.today() + timedelta(days=30))
    unit = page_client(store, "unit")
    page = unit.get("/rectifications").text
    row = row_html(page, late.id)
    assert 'class="overdue"' in row and "已逾期 12 天" in row and "张科长" in row
    assert (date.today() - timedelta(days=12)).isoformat() in row
    assert "已逾期" not in row_html(page, later.id)
    assert 'class="overdue"' not in row_html(page, later.id)
    assert '<span class="n">1</span><span>项已逾期</span>' in page
    assert rows_of(unit.get("/rectifications?overdue=1").text) == [late.id]
    twin = User(store, "unit").get("/api/rectifications?overdue=true").json()["items"]
    assert [(i["id"], i["overdue"], i["overdue_days"]) for i in twin] == [(late.id, True, 12)]


def test_the_filters_list_what_the_twin_lists(store: Store) -> None:
    finance = Browser(store, "finance")
    api = User(store, "finance")
    item = first_item(store, "finance")
    finance.post(item.id, form="close", version=str(item.version), note="已整改", confirm="yes")
    for query, twin in (
        ("?open=1", "?open=true"),
        ("?unit=U-LIBRARY", "?unit=U-LIBRARY"),
        ("?unit=U-CULTURE", "?unit=U-CULTURE"),
        ("?open=on&overdue=1", "?open=true&overdue=true"),
        ("", ""),
    ):
        page = finance.page(query)
        wanted = [i["id"] for i in api.get("/api/rectifications" + twin).json()["items"]]
        assert rows_of(page.text) == wanted, query
    assert item.id not in rows_of(finance.page("?open=1").text)
    assert 'name="open" value="1" checked' in finance.page("?open=1").text
    assert 'id="f-unit" name="unit" maxlength="64" size="12" value="U-CULTURE"' in (
        finance.page("?unit=U-CULTURE").text
    )


def test_the_unit_reports_progress_and_the_page_shows_it(store: Store) -> None:
    unit = Browser(store, "unit")
    item = first_item(store)
    answer = unit.post(
        item.id, "?open=1", form="progress", version=str(item.version), status="done", note="已改"
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/rectifications?open=1&done=progress#item-{item.id}"
    version, status, *_, note, _ = stored(store, item.id)
    assert (version, status, note) == (item.version + 1, RectificationStatus.DONE, "已改")
    shown = unit.http.get(answer.headers["location"]).text
    assert "已保存整改进展" in shown and "已整改（待确认）" in row_html(shown, item.id)


def test_typed_progress_text_renders_as_text(store: Store) -> None:
    unit = Browser(store, "unit")
    item = first_item(store)
    typed = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    answer = unit.post(
        item.id, form="progress", version=str(item.version), status="in_progress", note=typed
    )
    assert answer.status_code == 303
    page = unit.page().text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in row_html(page, item.id)
    stale = unit.post(
        item.id, form="progress", version=str(item.version), status="done", note=typed
    )
    assert stale.status_code == 409 and "<script>alert" not in stale.text  # kept, escaped


def test_a_forged_token_is_refused_and_changes_nothing(store: Store) -> None:
    for who, form in (
        ("unit", {"form": "progress", "status": "done", "note": "x"}),
        ("finance", {"form": "close", "confirm": "yes", "note": "x"}),
    ):
        browser = Browser(store, who)
        item = first_item(store, who)
        before = stored(store, item.id)
        browser.csrf = "forged"
        answer = browser.post(item.id, version=str(item.version), **form)
        assert answer.status_code == 403 and "令牌" in answer.text
        evidence = browser.attach(item.id, "佐证.pdf", b"%PDF", item.version)
        assert evidence.status_code == 403
        assert stored(store, item.id) == before
    unit = Browser(store, "unit")
    item = first_item(store)
    crossed = unit.http.post(
        f"/rectifications/{item.id}",
        data={
            "csrf": unit.csrf,
            "form": "progress",
            "version": str(item.version),
            "status": "done",
        },
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert crossed.status_code == 403 and stored(store, item.id)[0] == item.version


def test_a_stale_version_is_said_beside_the_form_with_what_was_typed_kept(store: Store) -> None:
    unit, finance = Browser(store, "unit"), Browser(store, "finance")
    item = first_item(store)
    assert (
        finance.post(
            item.id,
            form="assign",
            version=str(item.version),
            owner="王科长",
            due="2030-06-30",
            status="open",
        ).status_code
        == 303
    )
    answer = unit.post(
        item.id, form="progress", version=str(item.version), status="done", note="我写的进展"
    )
    assert answer.status_code == 409
    row = row_html(answer.text, item.id)
    assert (
        f'role="alert" id="err-{item.id}">该整改事项已被修改（当前版本 {item.version + 1}）' in row
    )
    assert ">我写的进展</textarea>" in row and 'aria-describedby="err-' in row
    assert '<details class="act" open>' in row and "王科长" in row  # the newest, shown
    assert f'name="version" value="{item.version + 1}"' in row  # resubmitting is informed
    assert stored(store, item.id)[1] is RectificationStatus.OPEN
    again = unit.post(
        item.id, form="progress", version=str(item.version + 1), status="done", note="我写的进展"
    )
    assert again.status_code == 303


def test_the_reviewer_assigns_and_closes_only_once_confirmed(store: Store) -> None:
    finance, unit = Browser(store, "finance"), Browser(store, "unit")
    item = first_item(store, "finance")
    assigned = finance.post(
        item.id,
        form="assign",
        version=str(item.version),
        owner=" 李科长 ",
        due="2027-01-15",
        status="in_progress",
    )
    assert assigned.status_code == 303 and "done=assign" in assigned.headers["location"]
    version, status, owner, due, *_ = stored(store, item.id)
    assert (status, owner, due) == (RectificationStatus.IN_PROGRESS, "李科长", date(2027, 1, 15))
    unconfirmed = finance.post(item.id, form="close", version=str(version), note="整改到位")
    assert unconfirmed.status_code == 422 and "请勾选确认后再销号" in row_html(
        unconfirmed.text, item.id
    )
    assert (
        ">整改到位</textarea>" in unconfirmed.text
        and stored(store, item.id)[1] is RectificationStatus.IN_PROGRESS
    )
    closed = finance.post(
        item.id, form="close", version=str(version), note="整改到位", confirm="yes"
    )
    assert closed.status_code == 303 and "done=close" in closed.headers["location"]
    assert stored(store, item.id)[1] is RectificationStatus.CLOSED
    page = finance.http.get(closed.headers["location"]).text
    row = row_html(page, item.id)
    assert "已销号。" in page and 'class=" closed"' in row and "<summary>销号</summary>" not in row
    assert "已销号（不变）" in row and "（重新打开）" in row
    unit_row = row_html(unit.page().text, item.id)
    assert rectify.CLOSED_FOR_UNIT in unit_row and "<form" not in unit_row
    refused = unit.post(
        item.id, form="progress", version=str(version + 1), status="in_progress", note="x"
    )
    assert refused.status_code == 403 and rectify.CLOSED_FOR_UNIT in row_html(refused.text, item.id)
    assert unit.attach(item.id, "a.pdf", b"%PDF", version + 1).status_code == 403
    reopened = finance.post(
        item.id, form="assign", version=str(version + 1), owner="李科长", due="", status="open"
    )
    assert reopened.status_code == 303 and stored(store, item.id)[1] is RectificationStatus.OPEN
    assert stored(store, item.id)[3] == date(2027, 1, 15)  # an empty date changes none


def test_what_a_unit_may_not_do_is_refused_beside_the_form(store: Store) -> None:
    unit = Browser(store, "unit")
    item = first_item(store)
    before = stored(store, item.id)
    assign = unit.post(
        item.id,
        form="assign",
        version=str(item.version),
        owner="我自己",
        due="2027-01-01",
        status="open",
    )
    assert assign.status_code == 403
    assert "整改责任人和期限由主管部门或财政局确定" in row_html(assign.text, item.id)
    close = unit.post(item.id, form="close", version=str(item.version), confirm="yes", note="x")
    assert close.status_code == 403 and "销号由主管部门或财政局办理" in close.text
    opened = unit.post(item.id, form="progress", version=str(item.version), status="open")
    assert opened.status_code == 403
    assert stored(store, item.id) == before


@pytest.mark.parametrize(
    ("form", "message", "kept"),
    [
        (
            {"form": "assign", "due": "2027-13-40"},
            "整改期限「2027-13-40」不是日期",
            'value="2027-13-40"',
        ),
        ({"form": "assign", "due": "明年"}, "整改期限「明年」不是日期", 'value="明年"'),
        ({"form": "assign", "owner": "长" * 201}, "整改责任人最多 200 字", 'value="' + "长" * 201),
        ({"form": "assign", "status": "finished"}, "没有这个整改状态", ""),
        (
            {"form": "close", "confirm": "yes", "note": "长" * 5001},
            "内容过长（最多 5000 字）",
            "长" * 5001 + "</textarea>",
        ),
        ({"form": "close", "note": "整改到位"}, "请勾选确认后再销号", ">整改到位</textarea>"),
        ({"form": "delete"}, "没有这个办理事项", ""),
        ({"form": "assign", "version": ""}, "缺少整改事项的版本号", ""),
        ({"form": "assign", "version": "abc"}, "缺少整改事项的版本号", ""),
    ],
)
def test_a_bad_field_is_said_beside_the_form_and_stores_nothing(
    store: Store, form: dict[str, str], message: str, kept: str
) -> None:
    finance = Browser(store, "finance")
    item = first_item(store, "finance")
    before = stored(store, item.id)
    sent = {"version": str(item.version), "owner": "张科长", "due": "", "status": "open", **form}
    answer = finance.post(item.id, **sent)
    assert answer.status_code == 422
    row = row_html(answer.text, item.id)
    assert f'role="alert" id="err-{item.id}">' in row and message in row
    assert kept in row
    assert stored(store, item.id) == before


def test_evidence_is_uploaded_linked_and_downloaded(store: Store) -> None:
    unit, department = Browser(store, "unit"), Browser(store, "department")
    item = first_item(store)
    answer = unit.attach(
        item.id, "C:\\fakepath\\整改报告<b>.pdf", b"%PDF-1.4 evidence", item.version
    )
    assert answer.status_code == 303 and "done=evidence" in answer.headers["location"]
    page = department.page().text
    row = row_html(page, item.id)
    assert (
        f'<a href="/api/rectifications/{item.id}/evidence" download>整改报告&lt;b&gt;.pdf</a>'
        in row
    )
    assert "<summary>更换佐证材料</summary>" in row
    got = department.http.get(f"/api/rectifications/{item.id}/evidence")
    assert got.status_code == 200 and got.content == b"%PDF-1.4 evidence"
    assert stored(store, item.id)[0] == item.version + 1


def test_a_refused_file_says_why_beside_the_form_and_stores_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit = Browser(store, "unit")
    item = first_item(store)
    before, docs = stored(store, item.id), documents(store)
    empty = unit.attach(item.id, "空.pdf", b"", item.version)
    assert empty.status_code == 422 and "空.pdf 是空文件" in row_html(empty.text, item.id)
    assert "未保存任何内容" in row_html(empty.text, item.id)
    assert '<details class="act" open>' in row_html(empty.text, item.id)
    nameless = unit.http.post(
        f"/rectifications/{item.id}/evidence",
        data={"csrf": unit.csrf, "version": str(item.version)},
        files={"file": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert nameless.status_code == 422 and "请选择要上传的佐证材料" in nameless.text
    stale = unit.attach(item.id, "旧.pdf", b"%PDF", item.version - 1)
    assert stale.status_code == 409 and "已被修改" in row_html(stale.text, item.id)
    versionless = unit.attach(item.id, "无版本.pdf", b"%PDF", None)
    assert versionless.status_code == 422 and "缺少整改事项的版本号" in versionless.text
    monkeypatch.setattr(limits, "current", lambda: limits.Limits(file_bytes=100))
    big = unit.attach(item.id, "大.pdf", b"x" * 101, item.version)
    assert big.status_code == 422 and "大.pdf 超过单个文件的大小上限 100 字节" in big.text
    assert stored(store, item.id) == before and documents(store) == docs
    assert unit.attach(item.id, "刚好.pdf", b"x" * 100, item.version).status_code == 303


def test_another_units_item_answers_as_a_missing_one(store: Store) -> None:
    unit2 = Browser(store, "unit2")
    item = first_item(store)
    before = stored(store, item.id)
    form = {"form": "progress", "version": str(item.version), "status": "done", "note": "x"}
    theirs, missing = unit2.post(item.id, **form), unit2.post(MISSING, **form)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.text == missing.text and "未找到" in theirs.text
    huge = unit2.post(2**63, **form)
    assert huge.status_code == 404 and huge.text == missing.text
    files = (
        unit2.attach(item.id, "a.pdf", b"%PDF", item.version),
        unit2.attach(MISSING, "a.pdf", b"%PDF", item.version),
    )
    assert files[0].status_code == files[1].status_code == 404 and files[0].text == files[1].text
    assert item.id not in rows_of(unit2.page().text)
    assert stored(store, item.id) == before


def test_an_archived_items_forms_are_gone_and_refused(store: Store) -> None:
    item = first_item(store, "finance")
    transition(ctx(store, "finance"), item.project_year_id, Action.ARCHIVE)
    finance, unit = Browser(store, "finance"), Browser(store, "unit")
    row = row_html(finance.page().text, item.id)
    assert "<form" not in row and "不能管理整改事项" in row
    assert "<form" not in row_html(unit.page().text, item.id)
    answer = finance.post(
        item.id, form="assign", version=str(item.version), owner="x", due="", status="open"
    )
    assert answer.status_code == 403 and "不能管理整改事项" in row_html(answer.text, item.id)
    assert unit.attach(item.id, "a.pdf", b"%PDF", item.version).status_code == 403
    assert stored(store, item.id)[0] == item.version
