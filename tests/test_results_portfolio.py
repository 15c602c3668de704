"""结果应用 on SQLite and PostgreSQL: each grade's budget consequence from the policy that gave
it, per department and per project-year (with open and overdue 整改 items), within scope;
and GET /api/portfolio.xlsx, the workbook the finance bureau or a department exports."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

import demo_world
from demo_world import EXAMPLES
from jixiao import api
from jixiao.core.framework import GradeBand
from jixiao.service.context import Context
from jixiao.service.people import acting_for
from jixiao.service.uploads import import_file
from jixiao.store.db import Store
from jixiao.web.app import create_app

SUPPORT = "根据情况予以支持"
REDUCE = "要完善政策、改进管理，根据情况核减预算"


class User(demo_world.User):
    def listing(self, year: int) -> dict[str, dict[str, Any]]:
        answer = self.get(f"/api/portfolio/projects?year={year}")
        assert answer.status_code == 200, answer.text
        return {p["project"]: p for p in answer.json()["items"]}


def file_for_the_street(store: Store, name: str, policy: str) -> int:
    """社区居家养老服务补贴's table, as another project of U-STREET scored by `policy`."""
    text = (EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 社区居家养老服务补贴", f"name: {name}", 1) + f"policy: {policy}\n"
    ctx = Context(store, acting_for(store, "U-STREET"), "test")
    return import_file(ctx, "U-STREET", text.encode("utf-8"), f"{name}.yaml").project_year_id


def test_each_project_year_with_its_grade_s_consequence(store: Store) -> None:
    listed = User(store, "finance").listing(2024)
    assert set(listed) == {
        "街道文化活动经费",
        "智慧图书馆数字资源建设",
        "社区居家养老服务补贴",
        "公益文化艺术培训",  # at 评价实施: graded by the evaluator's case uploaded so far
    }
    care = listed["社区居家养老服务补贴"]
    assert care["unit"] == {"code": "U-LIBRARY", "name": "某区图书馆"}
    assert care["department"] == "某区文化广电旅游体育局"
    assert (care["stage"], care["stage_label"]) == ("results", "结果应用")
    assert (care["total"], care["grade"], care["consequence"]) == (91.41, "优", SUPPORT)
    assert care["open_rectifications"] == 5 and care["overdue_rectifications"] == 0
    assert listed["智慧图书馆数字资源建设"]["grade"] == "良"
    assert listed["智慧图书馆数字资源建设"]["consequence"] == SUPPORT
    targets = User(store, "unit").listing(2025)["社区养老驿站运营补贴"]  # a target table
    assert (targets["total"], targets["grade"], targets["consequence"]) == (None, None, "")
    assert set(User(store, "unit2").listing(2024)) == {"街道文化活动经费", "公益文化艺术培训"}
    evaluated = listed["公益文化艺术培训"]
    assert (evaluated["stage"], evaluated["total"], evaluated["grade"]) == (
        "evaluation",
        84.53,
        "良",
    )
    assert User(store, "admin").listing(2024) == {}
    assert User(store, "finance").listing(2023) == {}


def test_the_consequence_is_the_grading_policy_s(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project-year scored by hubei-20 is told hubei-20's words, the others the default's."""
    hubei = file_for_the_street(store, "街道居家养老补贴", "hubei-20")
    file_for_the_street(store, "街道助老服务", "default")
    real = api.load_policy

    def with_local_words(name: str = "default") -> Any:
        policy = real(name)
        if name != "hubei-20":
            return policy
        local = tuple(
            GradeBand(b.minimum, b.label, f"湖北：{b.label}档另行核定") for b in policy.grades
        )
        return replace(policy, grades=local)

    monkeypatch.setattr(api, "load_policy", with_local_words)
    finance = User(store, "finance")
    listed = finance.listing(2024)
    grade = listed["街道居家养老补贴"]["grade"]
    assert listed["街道居家养老补贴"]["consequence"] == f"湖北：{grade}档另行核定"
    assert listed["街道助老服务"]["consequence"] in (SUPPORT, REDUCE)
    [civil] = [
        d
        for d in finance.get("/api/portfolio?year=2024").json()["items"]
        if "民政" in d["department"]
    ]
    assert civil["projects"] == 2 and sum(civil["grades"].values()) == 2
    said = {(c["consequence"], c["projects"]) for c in civil["consequences"]}
    assert (f"湖北：{grade}档另行核定", 1) in said
    assert listed["街道居家养老补贴"]["id"] == hubei


def test_overdue_items_are_counted(store: Store) -> None:
    department = User(store, "department")
    items = department.get("/api/rectifications?open=true").json()["items"]
    late = (date.today() - timedelta(days=3)).isoformat()
    change = {"version": items[0]["version"], "due": late, "owner": "张科长"}
    assert department.send("PATCH", f"/api/rectifications/{items[0]['id']}", json=change).is_success
    closed = {"version": items[1]["version"], "status": "closed"}
    assert department.send("PATCH", f"/api/rectifications/{items[1]['id']}", json=closed).is_success
    care = department.listing(2024)["社区居家养老服务补贴"]
    assert (care["open_rectifications"], care["overdue_rectifications"]) == (4, 1)


def test_paging_and_bad_years(store: Store) -> None:
    finance = User(store, "finance")
    everything = finance.get("/api/portfolio/projects?year=2024").json()["items"]
    page = finance.get("/api/portfolio/projects?year=2024&limit=2&offset=1").json()["items"]
    assert [p["id"] for p in page] == [p["id"] for p in everything[1:3]]
    for url in (
        "/api/portfolio/projects?year=1899",
        "/api/portfolio/projects?year=abc",
        "/api/portfolio/projects",
        f"/api/portfolio/projects?year=2024&offset={2**63}",
        "/api/portfolio.xlsx?year=2201",
        "/api/portfolio.xlsx",
    ):
        answer = finance.get(url)
        assert answer.status_code == 422, url
        assert answer.json()["error"]["code"] == "invalid"
    assert TestClient(create_app(store)).get("/api/portfolio.xlsx?year=2024").status_code == 401


def workbook(answer: Any) -> Any:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(answer.content))


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_the_finance_bureau_s_workbook(store: Store) -> None:
    file_for_the_street(store, '=HYPERLINK("http://x","点我")', "default")
    answer = User(store, "finance").get("/api/portfolio.xlsx?year=2024")
    assert 'filename="portfolio-2024.xlsx"' in answer.headers["content-disposition"]
    book = workbook(answer)
    assert book.sheetnames == ["按主管部门", "按项目"]
    departments, projects = book["按主管部门"], book["按项目"]
    assert departments["A1"].value == "2024 年度绩效评价结果应用（按主管部门）"
    head = [c.value for c in departments[2]]
    assert head[:4] == ["主管部门", "项目数", "已评定等级", "平均分"]
    assert head[-1] == "未销号整改事项" and "优" in head
    listed = rows(departments)
    culture = next(r for r in listed if r[0] == "某区文化广电旅游体育局")
    assert culture[1:4] == (4, 4, 90.16)  # (91.41 + … + 84.53) / 4, 公益文化艺术培训 included
    total = next(r for r in listed if r[0] == "合计")
    assert total[1] == 5
    mean = departments.cell(row=3, column=4)
    assert mean.data_type == "n" and mean.number_format == "0.00"
    notes = [r[0] for r in listed if isinstance(r[0], str) and "：" in r[0]]
    assert any(SUPPORT in n for n in notes)

    assert [c.value for c in projects[2]] == [
        "项目年度编号",
        "单位代码",
        "单位名称",
        "主管部门",
        "项目名称",
        "阶段",
        "总分",
        "等级",
        "结果应用",
        "未销号整改事项",
        "逾期整改事项",
    ]
    by_name = {r[4]: r for r in rows(projects)}
    care = by_name["社区居家养老服务补贴"]
    assert care[1:4] == ("U-LIBRARY", "某区图书馆", "某区文化广电旅游体育局")
    assert care[5:11] == ("结果应用", 91.41, "优", SUPPORT, 5, 0)
    assert projects.cell(row=3, column=7).number_format == "0.00"
    formula = '=HYPERLINK("http://x","点我")'
    cell = next(c for r in projects.iter_rows(min_row=3) for c in r if c.value == formula)
    assert cell.data_type == "s" and cell.quotePrefix  # shown as written, never a live formula


def test_a_department_exports_its_own_units_only(store: Store) -> None:
    file_for_the_street(store, "街道居家养老补贴", "default")  # 民政局's: not the department's
    book = workbook(User(store, "department").get("/api/portfolio.xlsx?year=2024"))
    assert {r[0] for r in rows(book["按主管部门"]) if r[1] is not None} == {
        "某区文化广电旅游体育局",
        "合计",
    }
    names = {r[4] for r in rows(book["按项目"])}
    assert names == {
        "街道文化活动经费",
        "智慧图书馆数字资源建设",
        "社区居家养老服务补贴",
        "公益文化艺术培训",
    }


@pytest.mark.parametrize("who", ["unit", "unit2", "evaluator", "admin"])
def test_others_may_not_export(store: Store, who: str) -> None:
    answer = User(store, who).get("/api/portfolio.xlsx?year=2024")
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == "只有财政局或主管部门可以导出结果应用"


def test_a_year_without_project_years_is_an_empty_workbook(store: Store) -> None:
    book = workbook(User(store, "finance").get("/api/portfolio.xlsx?year=2030"))
    assert [r[0] for r in rows(book["按项目"])] == ["（无）"]
    assert rows(book["按主管部门"])[0][0] == "（无）"
