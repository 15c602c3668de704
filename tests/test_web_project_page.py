"""The 项目 page (web/pages/project.py) on the demo district, SQLite and PostgreSQL: what each
role sees of a project-year (the same numbers as its JSON twins), the self-evaluation's
computed scores beside the table's own with the differences marked and the findings beside
their rows, the target table's rows, and the forms: a step needs the CSRF token, a confirmation
and (to return) a reason, a bad upload stores nothing and says where; text is never markup."""

from __future__ import annotations

import html
import re

import pytest

from demo_world import EXAMPLES, csrf_of, ctx, page_client
from jixiao.service.projects import create_project_year, list_projects
from jixiao.service.reading import uploads
from jixiao.store.db import Store
from jixiao.workflow import Stage


def project_id(store: Store, name: str) -> int:
    found = [p.id for p in list_projects(ctx(store, "finance")) if p.name == name]
    assert len(found) == 1, found
    return found[0]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


SELFEVAL = "街道文化活动经费"  # U-CULTURE (unit2), 单位自评
TARGETS = "社区养老驿站运营补贴"  # U-LIBRARY (unit), 主管部门审核（目标）


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("finance", True),
        ("department", True),
        ("unit2", True),
        ("unit", False),
        ("evaluator", False),
        ("admin", False),
    ],
)
def test_who_sees_a_project_page(store: Store, who: str, sees: bool) -> None:
    py = project_id(store, SELFEVAL)
    answer = page_client(store, who).get(f"/projects/{py}")
    missing = page_client(store, who).get("/projects/999999")
    assert missing.status_code == 404 and "找不到" in missing.text
    if sees:
        assert answer.status_code == 200 and SELFEVAL in answer.text
    else:  # another unit's project is answered as a missing one, word for word
        assert answer.status_code == 404 and SELFEVAL not in answer.text
        assert text_of(answer.text) == text_of(missing.text)


def test_a_visitor_is_sent_to_the_login_form(store: Store) -> None:
    answer = page_client(store).get(
        f"/projects/{project_id(store, SELFEVAL)}", follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_the_self_evaluation_shows_computed_beside_published_with_differences(
    store: Store,
) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}").text
    score = client.get(f"/api/projects/{py}/score").json()
    shown = text_of(page)
    assert f"{score['total']:.2f}" in shown and score["grade"] in shown
    rows = re.findall(r"<tr( class=\"differs\")?>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)
    assert len(rows) == len(score["indicators"])
    for (differs, cells), ind in zip(rows, score["indicators"], strict=True):
        computed = f"{ind['score']:.2f}"
        assert computed in cells and html.escape(ind["path"][-1]) in cells
        published = ind.get("published_score")
        marked = published is not None and published != ind["score"]
        assert bool(differs) == marked, ind["path"]
        if marked:  # the difference, signed, beside the published score
            assert f"≠ 差 {ind['score'] - published:.2f}" in cells
    findings = client.get(f"/api/projects/{py}/findings").json()["items"]
    assert findings and all(html.escape(f["message"]) in page for f in findings)
    assert f"{len(findings)}</span><span>条审核意见" in page


def test_the_target_table_lists_its_rows_and_weights(store: Store) -> None:
    py = project_id(store, TARGETS)
    page = page_client(store, "department").get(f"/projects/{py}").text
    assert "绩效目标表" in page and "分值合计" in page and "得分（计算）" not in page
    assert "服务质量" in page and "有所提升" in page
    # the department may approve or return it: each behind a confirmation
    assert page.count('name="confirm" value="yes" required') == 2
    assert "审核通过，报财政审核" in page and "退回单位修改" in page


def _move(store: Store, who: str, py: int, **form: str) -> tuple[int, str]:
    client = page_client(store, who)
    page = client.get(f"/projects/{py}").text
    version = re.search(r'name="version" value="(\d+)"', page)
    data = {"csrf": csrf_of(page), "version": version.group(1) if version else "", **form}
    answer = client.post(f"/projects/{py}/move", data=data, follow_redirects=False)
    return answer.status_code, answer.text


def _stage(store: Store, py: int) -> Stage:
    return next(p.stage for p in list_projects(ctx(store, "finance")) if p.id == py)


def test_a_step_needs_confirmation_then_moves_the_project(store: Store) -> None:
    py = project_id(store, TARGETS)
    status, text = _move(store, "department", py, action="approve")
    assert status == 422 and "请勾选确认后再办理" in text
    assert _stage(store, py) is Stage.TARGETS_DEPARTMENT
    status, _ = _move(store, "department", py, action="approve", confirm="yes")
    assert status == 303 and _stage(store, py) is Stage.TARGETS_FINANCE


def test_a_return_without_reason_is_refused_beside_the_form(store: Store) -> None:
    py = project_id(store, TARGETS)
    status, text = _move(store, "department", py, action="return", confirm="yes", reason="  ")
    assert status == 422 and "须填写退回意见" in text
    assert _stage(store, py) is Stage.TARGETS_DEPARTMENT
    status, _ = _move(
        store, "department", py, action="return", confirm="yes", reason="服务质量目标须量化"
    )
    assert status == 303 and _stage(store, py) is Stage.TARGETS_DRAFT
    steps = page_client(store, "unit").get(f"/projects/{py}").text
    assert "服务质量目标须量化" in steps  # the unit reads the 退回意见 in 流转记录


def test_a_step_refused_by_the_service_keeps_what_was_typed(store: Store) -> None:
    py = project_id(store, TARGETS)
    status, text = _move(
        store, "department", py, action="return", confirm="yes", reason="写明理由", version="1"
    )
    assert status == 409 and "写明理由" in text  # someone else moved it first: typed text kept
    assert _stage(store, py) is Stage.TARGETS_DEPARTMENT


def test_a_step_without_the_csrf_token_or_from_elsewhere_changes_nothing(store: Store) -> None:
    py = project_id(store, TARGETS)
    client = page_client(store, "department")
    form = {"action": "approve", "confirm": "yes", "csrf": "forged"}
    assert client.post(f"/projects/{py}/move", data=form).status_code == 403
    form["csrf"] = csrf_of(client.get(f"/projects/{py}").text)
    away = client.post(f"/projects/{py}/move", data=form, headers={"Origin": "http://evil.example"})
    assert away.status_code == 403
    assert _stage(store, py) is Stage.TARGETS_DEPARTMENT


def test_a_unit_may_not_take_the_department_step(store: Store) -> None:
    py = project_id(store, TARGETS)
    status, _ = _move(store, "unit", py, action="approve", confirm="yes")
    assert status == 403 and _stage(store, py) is Stage.TARGETS_DEPARTMENT


def test_a_bad_upload_stores_nothing_and_says_where(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}").text
    before = uploads(ctx(store, "unit2"), py)
    bad = b"not: [a, table"
    answer = client.post(
        f"/projects/{py}/upload",
        data={"csrf": csrf_of(page)},
        files={"file": ("坏文件.yaml", bad, "application/x-yaml")},
    )
    assert answer.status_code == 422 and "未保存任何内容" in answer.text
    assert "坏文件.yaml" in answer.text  # located: the file, and its line
    assert uploads(ctx(store, "unit2"), py) == before


def test_an_upload_is_scored_and_shown(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    page = client.get(f"/projects/{py}").text
    data = (EXAMPLES / "selfeval" / f"{SELFEVAL}.xlsx").read_bytes()
    answer = client.post(
        f"/projects/{py}/upload",
        data={"csrf": csrf_of(page)},
        files={"file": (f"{SELFEVAL}.xlsx", data, "application/octet-stream")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    shown = client.get(answer.headers["location"]).text
    assert "已上传，已重新评分和审核" in shown
    assert len(uploads(ctx(store, "unit2"), py)) == 2


def test_names_are_text_never_markup(store: Store) -> None:
    made = create_project_year(
        ctx(store, "unit"), "U-LIBRARY", "<script>alert(1)</script>项目", 2026
    )
    page = page_client(store, "unit").get(f"/projects/{made.id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;项目" in page
    assert "还没有上传表格" in page


def test_an_upload_without_a_file_is_said_beside_the_form(store: Store) -> None:
    py = project_id(store, SELFEVAL)
    client = page_client(store, "unit2")
    token = csrf_of(client.get(f"/projects/{py}").text)
    body = (  # what a browser sends for a file input left empty
        f'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
        '--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n"
    )
    answer = client.post(
        f"/projects/{py}/upload",
        content=body.encode(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert answer.status_code == 422 and "请选择要上传的文件" in answer.text
