"""Target suggestions from history (财预〔2021〕101号's 历史标准): the library's pure function —
not below the higher of last year's actual and the three-year mean for a “≥” indicator, not
above the lower for a “≤” one, in the target's unit — agreeing with the review rule
target-below-history; and GET /api/projects/{id}/suggestions on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from demo_world import EXAMPLES, ctx
from jixiao import api
from jixiao.core.model import Indicator, Past
from jixiao.scoring.policy import load_policy
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.service.projects import create_project_year, list_projects
from jixiao.service.uploads import upload
from jixiao.store.db import Store
from jixiao.targets import Op
from jixiao.web.app import create_app

POLICY = load_policy()
COUNT = ("产出指标", "数量指标", "举办文化活动场次")


def row(path: tuple[str, ...], target: str) -> Indicator:
    return Indicator(path, target, "", None)


def suggest(path: tuple[str, ...], target: str, *actuals: tuple[int, str]) -> api.Suggestion:
    past = [Past(year, "", actual) for year, actual in actuals]
    return api.suggest_target(row(path, target), past, POLICY)


def test_a_floor_takes_the_higher_of_last_year_and_the_three_year_mean() -> None:
    s = suggest(COUNT, "≥40场", (2021, "10场"), (2022, "40场"), (2023, "44场"), (2024, "46场"))
    assert (s.op, s.last_year, s.last, s.mean, s.mean_years) == (
        Op.GE,
        2024,
        "46场",
        Decimal("43.33"),
        3,
    )  # 2021 is past the three years counted
    assert s.suggested == "≥46场" and s.short
    s = suggest(COUNT, "≥45场", (2022, "50场"), (2023, "44场"), (2024, "40场"))
    assert s.suggested == "≥45场" and s.mean == Decimal("44.67") and not s.short
    assert "不低于两者中的较高者" in s.basis and "近 3 年" in s.basis


def test_a_mean_is_rounded_the_cautious_way_at_the_actuals_precision() -> None:
    s = suggest(COUNT, "≥40场", (2023, "45场"), (2024, "44场"))
    assert s.suggested == "≥45场"  # max(44, 44.5) up to a whole 场, as the actuals are written
    hours = ("产出指标", "时效指标", "平均办理时长")
    s = suggest(hours, "≤0.5小时", (2023, "0.4小时"), (2024, "0.45小时"))
    assert (s.op, s.suggested, s.short) == (Op.LE, "≤0.42小时", True)  # min(0.45, 0.425) down
    assert "越低越好，不高于两者中的较低者" in s.basis


def test_the_target_s_unit_is_the_suggestion_s() -> None:
    people = ("效益指标", "社会效益指标", "居民参与人次")
    s = suggest(people, "≥1.5万人次", (2024, "21000人次"))
    assert (s.suggested, s.mean, s.measure, s.short) == (
        "≥2.1万人次",
        Decimal("2.10"),
        "万人次",
        True,
    )
    cost = ("成本指标", "经济成本指标", "单场活动平均成本")
    s = suggest(cost, "≤5万元", (2023, "4.2万元"), (2024, "48000元"))
    assert (s.suggested, s.short) == ("≤4.5万元", True)


def test_without_a_target_last_year_s_actual_gives_unit_and_direction() -> None:
    s = suggest(("产出指标", "数量指标", "居民参与人次"), "", (2024, "2.1万人次"))
    assert (s.op, s.suggested, s.short) == (Op.GE, "≥2.1万人次", False)
    s = suggest(("产出指标", "时效指标", "平均响应时长"), "", (2024, "2小时"))
    assert s.suggested == "≤2小时"  # a time limit under 时效: the judge's own reading


def test_a_percentage_is_not_suggested_past_100() -> None:
    rate = ("满意度指标", "服务对象满意度指标", "群众满意率")
    s = suggest(rate, "≥95%", (2023, "99.5%"), (2024, "101%"))
    assert s.suggested == "≥100%" and "至多 100%" in s.basis
    s = suggest(rate, "100%", (2024, "100%"))
    assert s.suggested == "≥100%" and not s.short


@pytest.mark.parametrize(
    ("target", "actual", "why"),
    [
        ("有所提升", "有效", "没有可比较的实际完成值"),
        ("≥40场", "2024年12月28日", "没有可比较的实际完成值"),
        ("≥40场", "9小时", "没有可比较的实际完成值"),
        ("0", "0", "没有可比较的实际完成值"),
        ("95%≤N≤100%", "98%", "区间或等值"),
    ],
)
def test_no_suggestion_where_history_sets_no_bound(target: str, actual: str, why: str) -> None:
    s = suggest(COUNT, target, (2024, actual))
    assert s.suggested == "" and not s.short and why in s.basis


def test_no_history_no_suggestion() -> None:
    s = api.suggest_target(row(COUNT, "≥40场"), (), POLICY)
    assert (s.past, s.suggested, s.last_year, s.mean) == ((), "", None, None)


# ---- through the store and the API, on both backends ---------------------------------------


def next_years_targets(store: Store, tmp_path: Path) -> tuple[int, api.Review]:
    """街道文化活动经费's 2025 targets, filed beside its stored 2024 self-evaluation."""
    unit2 = ctx(store, "unit2")
    converted = tmp_path / "表.yaml"
    assert not api.convert(EXAMPLES / "selfeval" / "街道文化活动经费.xlsx", converted)
    text = converted.read_text(encoding="utf-8").replace("year: 2024", "year: 2025")
    text = text.replace("- project:", "- stage: target\n  project:", 1)
    made = create_project_year(unit2, "U-CULTURE", "街道文化活动经费", 2025)
    stored = upload(unit2, made.id, text.encode("utf-8"), "2025目标.yaml")
    return made.id, stored.review


def client(store: Store, username: str) -> TestClient:
    c = TestClient(create_app(store), base_url="http://testserver")
    assert c.post("/api/login", json={"username": username, "password": DEMO_PASSWORD}).is_success
    return c


def test_suggestions_through_the_api(store: Store, tmp_path: Path) -> None:
    py, review = next_years_targets(store, tmp_path)
    answer = client(store, "unit2").get(f"/api/projects/{py}/suggestions")
    assert answer.status_code == 200, answer.text
    items = {i["name"]: i for i in answer.json()["items"]}
    count = items["举办文化活动场次"]
    assert count["history"] == [{"year": 2024, "target": "≥40场", "actual": "46场"}]
    assert count["last_year"] == {"year": 2024, "actual": "46场"}
    assert count["average"] == {"years": 1, "value": 46, "unit": "场"}
    assert (count["target"], count["direction"], count["suggested"]) == ("≥40场", "≥", "≥46场")
    assert count["short_of_history"] and count["basis"].startswith(
        "上年（2024 年）实际完成「46场」"
    )
    assert items["居民参与人次"]["suggested"] == "≥2.1万人次"
    assert items["单场活动平均成本"]["suggested"] == "≤1.92万元"
    assert items["新组建社区文艺队伍"]["suggested"] == "≥6支"
    assert not items["新组建社区文艺队伍"]["short_of_history"]  # 8支 is above last year's 6
    assert items["年度活动完成时间"]["suggested"] is None
    assert items["年度活动完成时间"]["history"][0]["actual"] == "2024年12月28日"
    # the review rule and the suggestion agree on every floor: one arithmetic, not two
    flagged = {
        r.finding.message.split("」", 1)[0][1:]
        for r in review.findings
        if r.finding.code == "target-below-history"
    }
    floors = {name for name, i in items.items() if i["direction"] == "≥"}
    assert flagged == {n for n in floors if items[n]["short_of_history"]}
    assert flagged == {"举办文化活动场次", "居民参与人次"}


def test_suggestions_of_a_first_year_have_no_history(store: Store) -> None:
    [py] = [p.id for p in list_projects(ctx(store, "unit2")) if p.name == "街道文化活动经费"]
    items = client(store, "unit2").get(f"/api/projects/{py}/suggestions").json()["items"]
    assert items and all(i["history"] == [] and i["suggested"] is None for i in items)


def test_suggestions_refused_as_for_any_project(store: Store) -> None:
    made = create_project_year(ctx(store, "unit2"), "U-CULTURE", "新项目", 2026)
    unit2, unit = client(store, "unit2"), client(store, "unit")
    assert unit2.get(f"/api/projects/{made.id}/suggestions").json() == {"items": []}
    hidden = unit.get(f"/api/projects/{made.id}/suggestions")
    missing = unit.get("/api/projects/999999/suggestions")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert unit.get(f"/api/projects/{2**63}/suggestions").status_code == 404
    assert unit.get("/api/projects/x/suggestions").status_code == 422
    assert TestClient(create_app(store)).get("/api/projects/1/suggestions").status_code == 401
