"""在线填报 (web/pages/editor.py, web/editing.py, service/editing.py) on the demo district,
SQLite and PostgreSQL: the table the user may fill now, its findings beside each row while
typing (the review fragment swaps only the findings, scores and sum), a number that is not
one said beside its cell and nothing stored, rows added, moved and deleted, saving storing the
very document the preview read; only who may upload that table may edit it; the CSRF token;
text never markup; the JSON twin agrees with the page."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from demo_world import User, csrf_of, ctx, page_client
from jixiao.service import reading
from jixiao.service.projects import list_projects
from jixiao.service.transitions import transition
from jixiao.store.db import Store
from jixiao.workflow import Action

SELFEVAL = "街道文化活动经费"  # U-CULTURE (unit2), 单位自评; row 2 published 10, computed 7.50
TARGETS = "社区养老驿站运营补贴"  # U-LIBRARY (unit), with the department


def project_id(store: Store, name: str) -> int:
    return next(p.id for p in list_projects(ctx(store, "finance")) if p.name == name)


def fields(page: str) -> dict[str, list[str]]:
    """The editor form's fields as a browser would post them, in order."""
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input name="(\w+)" value="([^"]*)"', page):
        found.setdefault(name, []).append(value)
    for name, value in re.findall(r'<textarea name="(\w+)"[^>]*>([^<]*)</textarea>', page):
        found.setdefault(name, []).append(value)
    for key in ("initial", "annual", "executed"):
        money = re.search(rf'name="{key}"[^>]*value="([^"]*)"', page)
        if money:
            found[key] = [money.group(1)]
    return found


def _post(client: object, url: str, form: dict[str, list[str]], **extra: str) -> object:
    data = [(k, v) for k, values in form.items() for v in values] + list(extra.items())
    return client.post(  # type: ignore[attr-defined]
        url,
        content=urlencode(data),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def test_the_self_evaluation_opens_as_stored_with_its_computed_scores(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    page = page_client(store, "unit2").get(f"/projects/{py}/edit")
    assert page.status_code == 200 and "项目支出绩效自评表" in page.text
    form = fields(page.text)
    stored = reading.latest(ctx(store, "unit2"), py).result
    assert form["name"] == [s.path[-1] for s in stored.indicators]
    assert re.search(r'<span id="s-1">7\.50</span>', page.text)  # computed beside the typed 10
    assert "表内得分 10.00，按评分规则应为 7.50" in page.text


def test_the_live_review_swaps_findings_scores_and_the_sum(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}/edit").text
    form = fields(page)
    form["actual"][1] = "8支"  # now complete: 10 points, as the unit wrote
    form["weight"][0] = "20"
    answer = _post(client, f"/projects/{py}/edit/review", form, csrf=csrf_of(page))
    fragment = answer.text  # type: ignore[attr-defined]
    assert answer.status_code == 200 and "<html" not in fragment  # type: ignore[attr-defined]
    row = re.search(r'<div id="f-1" hx-swap-oob="true">(.*?)</div>', fragment, re.S)
    assert row is not None and "按评分规则应为" not in row.group(1)
    assert '<span id="s-1" hx-swap-oob="true">10.00</span>' in fragment
    assert '<span id="weights" hx-swap-oob="true">95.00</span>' in fragment
    assert len(reading.uploads(ctx(store, "unit2"), py)) == 1  # nothing stored


def test_a_weight_that_is_no_number_is_said_beside_its_cell(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}/edit").text
    form = fields(page)
    form["weight"][2] = "十分"
    answer = _post(client, f"/projects/{py}/edit", form, csrf=csrf_of(page), op="save")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert '<p class="error" id="e-2-weight">分值应为不小于 0 的数字（填的是「十分」）</p>' in text
    assert 'value="十分"' in text  # what was typed is kept
    assert len(reading.uploads(ctx(store, "unit2"), py)) == 1


def test_rows_are_added_moved_and_deleted(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}/edit").text
    form, token = fields(page), csrf_of(page)
    names = form["name"]
    added = fields(_post(client, f"/projects/{py}/edit", form, csrf=token, op="add:0").text)  # type: ignore[attr-defined]
    assert added["name"] == [names[0], "", *names[1:]]
    assert added["level1"][1] == form["level1"][0]  # the new row under the same 一级
    moved = fields(_post(client, f"/projects/{py}/edit", form, csrf=token, op="down:0").text)  # type: ignore[attr-defined]
    assert moved["name"] == [names[1], names[0], *names[2:]]
    gone = fields(_post(client, f"/projects/{py}/edit", form, csrf=token, op="delete:1").text)  # type: ignore[attr-defined]
    assert gone["name"] == [names[0], *names[2:]]
    assert len(reading.uploads(ctx(store, "unit2"), py)) == 1


def test_saving_stores_what_the_preview_showed(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}/edit").text
    form = fields(page)
    form["actual"][1] = "8支"
    preview = _post(client, f"/projects/{py}/edit/review", form, csrf=csrf_of(page))
    total = re.search(r'<span class="n">([\d.]+)</span><span>计算总分', preview.text)  # type: ignore[attr-defined]
    answer = _post(client, f"/projects/{py}/edit", form, csrf=csrf_of(page), op="save")
    assert answer.status_code == 303  # type: ignore[attr-defined]
    newest = reading.latest(ctx(store, "unit2"), py).result
    assert total is not None and f"{newest.total:.2f}" == total.group(1)
    assert [u.name for u in reading.uploads(ctx(store, "unit2"), py)][-1] == "在线填报.yaml"


def test_the_target_table_is_edited_by_its_unit_in_the_draft_stage_only(store: Store) -> None:
    py = project_id(store, TARGETS)
    assert page_client(store, "unit").get(f"/projects/{py}/edit").status_code == 403
    assert page_client(store, "department").get(f"/projects/{py}/edit").status_code == 403
    assert page_client(store, "unit2").get(f"/projects/{py}/edit").status_code == 404
    transition(ctx(store, "department"), py, Action.RETURN, reason="目标须量化")
    client = page_client(store, "unit")
    page = client.get(f"/projects/{py}/edit").text
    assert "项目支出绩效目标表" in page and "实际完成值" not in page
    form = fields(page)
    at = form["name"].index("服务质量")
    before = _post(client, f"/projects/{py}/edit/review", form, csrf=csrf_of(page))
    assert "年度指标值却是「有所提升」" in before.text  # type: ignore[attr-defined]
    form["target"][at] = "≥95%"
    after = _post(client, f"/projects/{py}/edit/review", form, csrf=csrf_of(page))
    cell = re.search(rf'<div id="f-{at}" hx-swap-oob="true">(.*?)</div>', after.text, re.S)  # type: ignore[attr-defined]
    assert cell is not None and "有所提升" not in cell.group(1)


def test_without_the_csrf_token_nothing_is_read_or_stored(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    form = fields(client.get(f"/projects/{py}/edit").text)
    for url in (f"/projects/{py}/edit", f"/projects/{py}/edit/review"):
        assert _post(client, url, form, csrf="forged", op="save").status_code == 403  # type: ignore[attr-defined]
    assert len(reading.uploads(ctx(store, "unit2"), py)) == 1


def test_a_table_of_too_many_rows_is_refused(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}/edit").text
    form = {"name": ["x"] * 201}
    answer = _post(client, f"/projects/{py}/edit/review", form, csrf=csrf_of(page))
    assert answer.status_code == 422 and "至多 200 行" in answer.text  # type: ignore[attr-defined]


def test_what_is_typed_is_text_never_markup(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}/edit").text
    form = fields(page)
    form["name"][0] = "<script>alert(1)</script>"
    form["target"][0] = '"><img src=x>'
    answer = _post(client, f"/projects/{py}/edit", form, csrf=csrf_of(page), op="add:0")
    text = answer.text  # type: ignore[attr-defined]
    assert "<script>alert(1)" not in text and "<img src=x>" not in text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in text


@pytest.mark.parametrize("route", ["page", "api"])
def test_the_json_twin_agrees_with_the_page(store: Store, route: str) -> None:
    py = project_id(store, SELFEVAL)
    api = User(store, "unit2")
    draft = api.get(f"/api/projects/{py}/editor").json()
    assert draft["kind"] == "selfeval" and len(draft["rows"]) == 7
    draft["rows"][1]["actual"] = "8支"
    review = api.post(f"/api/projects/{py}/editor/review", json=draft).json()
    assert review["errors"] == [] and review["rows"][1]["score"] == 10
    assert review["weights"] == 90
    if route == "api":
        stored = api.post(f"/api/projects/{py}/editor", json=draft)
        assert stored.status_code == 201, stored.text
        assert stored.json()["result"]["total"] == review["total"]
    draft["rows"][0]["weight"] = "abc"
    bad = api.post(f"/api/projects/{py}/editor", json=draft)
    assert bad.status_code == 422 and bad.json()["error"]["where"] == "rows.0.weight"
