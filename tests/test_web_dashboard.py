"""看板 on SQLite and PostgreSQL: GET /api/dashboard and the /dashboard page per role, each
figure equal to what 结果应用 (/api/portfolio, /api/portfolio/projects) and each project-year's
own score and findings say for the same scope; the year over year beside earlier years; a
year with nothing stored, a bad year, a name that is markup; the SVG charts of
web/pages/charts.py (accessible, no style attribute, text never markup)."""

from __future__ import annotations

import html
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from demo_world import EXAMPLES, User, page_client
from jixiao.service.context import Context
from jixiao.service.people import OPERATOR, acting_for, add_org
from jixiao.service.uploads import import_file
from jixiao.store.db import Store
from jixiao.web.pages.charts import Bar, Group, columns, grouped, rows
from jixiao.workflow import OrgKind

ROLES = ("admin", "finance", "department", "unit", "unit2", "evaluator")
CARE = EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml"
CIVIL = "某区民政局"


def file_as(store: Store, unit: str, name: str, year: int = 2024, policy: str = "") -> int:
    """社区居家养老服务补贴's table as another project of `unit`, for `year`."""
    text = CARE.read_text(encoding="utf-8")
    text = text.replace("name: 社区居家养老服务补贴", f"name: {name}", 1)
    text = text.replace("year: 2024", f"year: {year}", 1)
    if policy:
        text += f"policy: {policy}\n"
    ctx = Context(store, acting_for(store, unit), "test")
    return import_file(ctx, unit, text.encode("utf-8"), f"{name}.yaml").project_year_id


@pytest.fixture
def district(store: Store) -> Store:
    """The demo district, with 某区民政局's street filing two tables for 2024 and one for
    2023 (a second department, an earlier year), and the library one for 2023."""
    file_as(store, "U-STREET", "街道助老服务")
    file_as(store, "U-STREET", "街道居家养老补贴", policy="hubei-20")
    file_as(store, "U-STREET", "街道助老服务", year=2023)
    file_as(store, "U-LIBRARY", "智慧图书馆数字资源建设", year=2023)
    return store


def board(user: User, year: int | None = None) -> dict[str, Any]:
    answer = user.get("/api/dashboard", params={} if year is None else {"year": year})
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def band_of(total: float) -> int:
    return sum(1 for bound in (60, 70, 80, 90) if total >= bound)


def rate(executed: Decimal, budget: Decimal) -> float:
    return float((executed / budget * 100).quantize(Decimal("0.01"), ROUND_HALF_UP))


@pytest.mark.parametrize("who", ROLES)
def test_each_figure_is_what_the_portfolio_and_the_projects_say(district: Store, who: str) -> None:
    user = User(district, who)
    for year in (2023, 2024):
        got = board(user, year)
        assert got["year"] == year
        by_department = {d["department"]: d for d in got["departments"]}
        portfolio = user.get(f"/api/portfolio?year={year}").json()["items"]
        assert set(by_department) == {p["department"] for p in portfolio}
        for p in portfolio:
            d = by_department[p["department"]]
            assert (d["projects"], d["scored"], d["mean"]) == (
                p["projects"],
                p["scored"],
                p["mean"],
            )
            assert {g["grade"]: g["projects"] for g in d["grades"] if g["projects"]} == p["grades"]
        listed = user.get(f"/api/portfolio/projects?year={year}").json()["items"]
        graded = [p for p in listed if p["grade"] is not None]
        assert got["projects"] == len(listed) and got["scored"] == len(graded)
        bands = Counter(band_of(p["total"]) for p in graded)
        assert [b["projects"] for b in got["bands"]] == [bands[i] for i in range(5)]
        grades = Counter(p["grade"] for p in graded)
        assert {g["grade"]: g["projects"] for g in got["grades"] if g["projects"]} == grades
        if graded:
            total = sum(Decimal(str(p["total"])) for p in graded)
            mean = (total / len(graded)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert got["mean"] == float(mean)
        # 预算执行率, findings and deductions: from each project-year's own score and findings
        budget, executed, counted = Counter[str](), Counter[str](), Counter[str]()
        found, reach, lost, hit = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
        for p in listed:
            score = user.get(f"/api/projects/{p['id']}/score").json()
            funds = score.get("budget") or {}
            if funds.get("annual") is not None and funds.get("executed") is not None:
                budget[p["department"]] += Decimal(str(funds["annual"]))
                executed[p["department"]] += Decimal(str(funds["executed"]))
                counted[p["department"]] += 1
            codes = [
                f["code"]
                for f in user.get(f"/api/projects/{p['id']}/findings").json()["items"]
                if f["severity"] in ("error", "warning")
            ]
            found.update(codes)
            reach.update(set(codes))
            documents = user.get(f"/api/projects/{p['id']}").json()["documents"]
            if documents and documents[-1]["kind"] == "evaluation":
                continue  # an evaluation's leaves are no table rows: not among the deductions
            for row in score["indicators"]:
                w, s = row.get("weight"), row.get("score")
                if w is not None and s is not None and s < w:
                    category = row["path"][1] if len(row["path"]) > 1 else "（未分级）"
                    lost[category] += Decimal(str(w)) - Decimal(str(s))
                    hit[category] += 1
        for name, d in by_department.items():
            e = d["execution"]
            assert (e["counted"], e["missing"]) == (counted[name], d["projects"] - counted[name])
            if counted[name]:
                assert e["rate"] == rate(executed[name], budget[name])
                assert (e["budget"], e["executed"]) == (float(budget[name]), float(executed[name]))
            else:
                assert e["rate"] is None and e["budget"] is None
        if counted:
            overall = rate(sum(executed.values(), Decimal(0)), sum(budget.values(), Decimal(0)))
            assert got["execution"]["rate"] == overall
        assert {f["code"]: (f["found"], f["projects"]) for f in got["findings"]} == {
            c: (found[c], reach[c]) for c in found
        }
        assert [f["projects"] for f in got["findings"]] == sorted(
            (f["projects"] for f in got["findings"]), reverse=True
        )
        assert {x["category"]: (x["lost"], x["indicators"]) for x in got["deductions"]} == {
            c: (float(lost[c]), hit[c]) for c in lost
        }


def test_what_each_role_sees(district: Store) -> None:
    finance = board(User(district, "finance"), 2024)
    assert finance["projects"] == 6 and finance["scored"] == 6
    assert [d["department"] for d in finance["departments"]] == [
        CIVIL,  # 91.41 twice — the higher mean first
        "某区文化广电旅游体育局",  # 90.16: 公益文化艺术培训's 84.53 (at 评价实施) among them
    ]
    assert [g["grade"] for g in finance["grades"]] == ["优", "良", "中", "差"]
    department = board(User(district, "department"), 2024)
    assert [d["department"] for d in department["departments"]] == ["某区文化广电旅游体育局"]
    assert department["projects"] == 4 and department["mean"] == 90.16
    unit = board(User(district, "unit"), 2024)
    assert unit["projects"] == 2 and unit["years"] == [2025, 2024, 2023]
    assert board(User(district, "unit2"), 2024)["years"] == [2024]
    got = board(User(district, "admin"), 2024)  # the administrator sees no content
    assert got["projects"] == 0 and got["departments"] == [] and got["findings"] == []
    assert got["years"] == [] and sum(b["projects"] for b in got["bands"]) == 0
    firm = board(User(district, "evaluator"), 2024)  # the one commissioned from it
    assert (firm["projects"], firm["mean"], firm["years"]) == (1, 84.53, [2024])
    assert firm["deductions"] == []  # an evaluation's leaves are no table rows


def test_the_year_over_year_beside_the_year(district: Store) -> None:
    finance = User(district, "finance")
    got = board(finance, 2024)
    assert [y["year"] for y in got["history"]] == [2023, 2024]
    for y in got["history"]:
        portfolio = finance.get(f"/api/portfolio?year={y['year']}").json()["items"]
        assert {d["department"]: (d["scored"], d["mean"]) for d in y["departments"]} == {
            p["department"]: (p["scored"], p["mean"]) for p in portfolio
        }
        grades = Counter[str]()
        for p in portfolio:
            grades.update(p["grades"])
        assert {g["grade"]: g["projects"] for g in y["grades"] if g["projects"]} == grades
    assert board(finance, 2023)["history"][-1]["year"] == 2023
    assert [y["year"] for y in board(finance, 2023)["history"]] == [2023]  # nothing before
    page = page_client(district, "finance").get("/dashboard?year=2024").text
    assert "历年各主管部门平均分" in page and "2023年" in page
    assert (
        "没有 2023 年度以前的数据可对比"
        in page_client(district, "finance").get("/dashboard?year=2023").text
    )


def test_without_a_year_the_newest_graded_year(district: Store) -> None:
    # 2025 holds only a target table (no grade): the newest graded year is 2024
    assert board(User(district, "unit"))["year"] == 2024
    page = page_client(district, "unit").get("/dashboard")
    assert page.status_code == 200 and '<option value="2024" selected>' in page.text
    assert '<option value="2025">' in page.text and '<option value="2023">' in page.text


def test_a_year_with_nothing_stored(district: Store) -> None:
    got = board(User(district, "finance"), 2019)
    assert got["projects"] == 0 and got["mean"] is None and got["departments"] == []
    assert [b["projects"] for b in got["bands"]] == [0, 0, 0, 0, 0]
    assert got["execution"] == {
        "rate": None,
        "budget": None,
        "executed": None,
        "counted": 0,
        "missing": 0,
    }
    page = page_client(district, "finance").get("/dashboard?year=2019")
    assert page.status_code == 200
    assert "2019 年度没有可显示的项目年度。已有数据的年度：2025、2024、2023。" in page.text
    assert '<option value="2019" selected>' in page.text


def test_a_target_table_year_says_the_execution_figures_are_missing(district: Store) -> None:
    got = board(User(district, "finance"), 2025)  # one target table: no 全年执行数
    assert got["projects"] == 1 and got["scored"] == 0
    [d] = got["departments"]
    assert d["execution"] == {
        "rate": None,
        "budget": None,
        "executed": None,
        "counted": 0,
        "missing": 1,
    }
    page = page_client(district, "finance").get("/dashboard?year=2025").text
    assert "1 个项目年度没有资金数据" in page and "未提供" in page
    assert "本年度还没有评定等级的项目年度" in page


@pytest.mark.parametrize("year", ["1899", "2201", "abc", "20x4", "-1", "２０２４"])
def test_a_bad_year(district: Store, year: str) -> None:
    answer = User(district, "finance").get("/api/dashboard", params={"year": year})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid"
    page = page_client(district, "finance").get("/dashboard", params={"year": year})
    assert page.status_code == 200
    assert "年度应为 1900–2200 之间的四位数字，已显示最近一个有评定等级的年度" in page.text
    assert '<option value="2024" selected>' in page.text


def test_a_visitor_is_sent_to_the_login_form(district: Store) -> None:
    visitor = page_client(district)
    answer = visitor.get("/dashboard", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert visitor.get("/api/dashboard").status_code == 401


@pytest.mark.parametrize("who", ROLES)
def test_the_page_shows_what_its_twin_gives(district: Store, who: str) -> None:
    got = board(User(district, who), 2024)
    page = page_client(district, who).get("/dashboard?year=2024")
    assert page.status_code == 200
    text = page.text
    assert 'aria-current="page">看板</a>' in text and 'style="' not in text
    assert "<script>" not in text.split("</head>", 1)[1]
    if who == "admin":
        assert "系统管理员不查看项目内容" in text and "<svg" not in text
        return
    if not got["projects"]:
        assert "2024 年度没有可显示的项目年度" in text and "<svg" not in text
        return
    table = text.split('<table id="departments">', 1)[1].split("</table>", 1)[0]
    body, foot = table.split("<tfoot>", 1)
    line = r'<tr><th scope="row">([^<]*)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>'
    assert re.findall(line, foot) == [("合计", str(got["projects"]), str(got["scored"]))]
    shown = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>'
        r'<td class="num">([^<]*)</td>',
        body,
    )
    wanted = [
        (html.escape(d["department"]), str(d["projects"]), str(d["scored"]), f"{d['mean']:.2f}")
        for d in got["departments"]
    ]
    assert shown == wanted
    for d in got["departments"]:
        e = d["execution"]
        assert (f"{e['rate']:.2f}%" if e["rate"] is not None else "未提供") in table
    for chart in ("bands", "grades", "means", "execution", "findings", "deductions"):
        drawn = f'aria-labelledby="{chart}_title {chart}_desc"' in text
        assert drawn or (chart == "deductions" and not got["deductions"]), chart
    bands = text.split('id="h-bands"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r'<tr><td>([^<]*)</td><td class="num">(\d+)</td></tr>', bands)
    assert cells == [(b["label"], str(b["projects"])) for b in got["bands"]]
    for f in got["findings"]:
        assert f"{f['title']}：{f['projects']} 个项目 · {f['found']} 处" in text


def test_the_year_is_swapped_through_htmx(district: Store) -> None:
    page = page_client(district, "finance").get("/dashboard").text
    form = page.split('<form class="filters"', 1)[1].split("</form>", 1)[0]
    assert 'hx-get="/dashboard"' in form and 'hx-select="#board"' in form
    assert 'hx-target="#board"' in form and '<label for="year">年度</label>' in form
    swapped = page_client(district, "finance").get(
        "/dashboard?year=2023", headers={"HX-Request": "true"}
    )
    assert swapped.status_code == 200 and '<section id="board"' in swapped.text
    assert "2023 年度绩效评价概览" in swapped.text


def test_a_name_that_is_markup_is_shown_as_text(district: Store) -> None:
    evil = '<script>alert("部门")</script>'
    admin = Context(district, OPERATOR, "test")
    add_org(admin, "D-EVIL", evil, OrgKind.DEPARTMENT, "FIN")
    add_org(admin, "U-EVIL", "<img src=x onerror=alert(1)>", OrgKind.UNIT, "D-EVIL")
    file_as(district, "U-EVIL", "某专项")
    assert evil in [d["department"] for d in board(User(district, "finance"), 2024)["departments"]]
    text = page_client(district, "finance").get("/dashboard?year=2024").text
    assert evil not in text and "<img src=x" not in text
    escaped = html.escape(evil, quote=False)
    assert escaped in text.replace("&#34;", '"').replace("&#39;", "'")  # Jinja and markupsafe
    assert text.count("<script") == 1  # htmx, in the head


# -- the charts themselves


def test_a_chart_reads_every_value_and_escapes_every_text() -> None:
    svg = str(
        columns(
            "x<y",
            "标题 <b>",
            [Bar("<i>甲</i>", Decimal(3), "3 个"), Bar("乙", None, "未提供", "poor")],
        )
    )
    assert svg.startswith('<svg class="chart"') and 'role="img"' in svg
    assert 'aria-labelledby="xy_title xy_desc"' in svg  # the id keeps what an id may hold
    assert '<title id="xy_title">标题 &lt;b&gt;</title>' in svg
    assert '<desc id="xy_desc">&lt;i&gt;甲&lt;/i&gt;：3 个；乙：未提供</desc>' in svg
    assert "<i>" not in svg and "style=" not in svg
    assert svg.count("<rect") == 1  # no figure, no bar: only its text
    assert "value none" in svg and "tone_poor" in svg


def test_the_axis_ends_on_a_round_number_and_counts_on_whole_ones() -> None:
    svg = str(columns("c", "t", [Bar("a", Decimal(3), "3")], whole=True))
    ticks = re.findall(r'class="tick"[^>]*>([^<]*)<', svg)
    assert ticks == ["0", "1", "2", "3", "4"]
    svg = str(columns("s", "t", [Bar("a", Decimal("92.03"), "92.03")], top=Decimal(100)))
    assert re.findall(r'class="tick"[^>]*>([^<]*)<', svg) == ["0", "25", "50", "75", "100"]
    svg = str(rows("r", "t", [Bar("a", Decimal(50), "50"), Bar("b", Decimal(100), "100")]))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', svg)]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.15)  # each drawn to a tenth


def test_a_grouped_chart_has_a_legend_and_a_bar_per_series() -> None:
    svg = str(
        grouped(
            "g",
            "历年",
            ["2023年", "2024年"],
            [
                Group("甲", (Bar("2023年", Decimal(80), "80.00"), Bar("2024年", None, "—"))),
                Group(
                    "乙", (Bar("2023年", Decimal(90), "90.00"), Bar("2024年", Decimal(95), "95"))
                ),
            ],
        )
    )
    assert svg.count('class="legend series_') == 2 and "series_1 series_last" in svg
    assert svg.count("<rect") == 2 + 3  # the legend's swatches, three figures
    assert "甲：2023年 80.00，2024年 —；乙：2023年 90.00，2024年 95" in svg
