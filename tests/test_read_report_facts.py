"""Facts for the rules read from a report (issue 15, part 2): what the analysis states,
measured (`ingest.report.measure`), else what gives back the published score, said so
(`ingest.report.solve`, `ingest.report.facts`)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import api
from jixiao.core.framework import Node, RuleSpec
from jixiao.ingest.report import measure
from jixiao.ingest.report.facts import derive_facts
from jixiao.ingest.report.standards import recognise
from jixiao.scoring.evaluate import evaluate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seeds"
TIERS = {
    "kind": "tiers",
    "label": "满意度",
    "tiers": [
        {"when": "≥95%", "score": Decimal(6)},
        {"when": "90%-95%", "score": Decimal(4)},
        {"when": "<90%", "score": Decimal(1)},
    ],
}


def test_the_analysis_figures_are_measured() -> None:
    # seed 001's wording, then invented wording of the same figures
    assert measure.stated_rate(
        "“三公”经费控制率 33.51%， “三公”经费控制情况良好", "“三公”经费控制率"
    ) == Decimal("0.3351")
    assert measure.stated_rate("固定资产总体使用率达 100%。", "固定资产利用率") == 1
    assert measure.stated_rate("预算执行率为 99.68%", "满意度") is None
    assert measure.quarters(
        "四季度的预算执行率分别为 32.74%、63.93%、80.12%、99.8%，均超过序时进度"
    ) == [
        Decimal("0.3274"),
        Decimal("0.6393"),
        Decimal("0.8012"),
        Decimal("0.998"),
    ]
    each = "第一季度执行率30%，第二季度执行率55%，第三季度执行率78%，第四季度执行率96%"
    assert measure.quarters(each) == [
        Decimal("0.3"),
        Decimal("0.55"),
        Decimal("0.78"),
        Decimal("0.96"),
    ]
    assert measure.counts("全年完成 24 项，计划 25 项") == (Decimal(24), Decimal(25), "项")
    assert measure.counts("我局预算安排二级项目 25 个") == (None, Decimal(25), "个")
    assert measure.complaints("未对项目进行满意度调查，且全年并未收到任何投诉，视满意度为 90%") == (
        0,
        None,
    )
    assert measure.complaints("开展满意度调查，满意度为 96.5%") == (None, Decimal("0.965"))
    assert measure.complaints("未开展调查，全年收到 3 件群众投诉") == (3, None)


def test_what_falls_short_is_read_from_the_negation() -> None:
    points = {
        "①": "项目有绩效目标",
        "②": "项目绩效目标与实际工作内容具有相关性",
        "③": "与预算确定的项目投资额或资金量相匹配",
    }
    said = "项目绩效目标与预算确定的项目投资额或资金量不相匹配。"
    assert measure.short_of(said, points) == ["③"]
    assert (
        measure.short_of("未发现截留、挤占、挪用情况，资金量相匹配", points) == []
    )  # 未发现 holds
    parts = {"①": "网站运营服务验收合格率", "⑥": "大鹏新区民生诉求热线服务验收合格率"}
    said = "但大鹏新区民生诉求热线服务（2022-2023年）未对项目进行验收"
    assert measure.short_of(said, parts) == ["⑥"]


def test_each_kind_gets_stated_facts_or_back_solved_ones_said_so() -> None:
    stated = derive_facts(TIERS, Decimal(6), Decimal(6), "满意率达99.91%，且未接到投诉", "满意度")
    assert stated.facts == {"value": "99.91%"} and "分析所述" in stated.how
    solved = derive_facts(TIERS, Decimal(6), Decimal(4), "", "满意度")
    assert solved.facts == {"value": "90%"} and "反推" in solved.how and "待评价组" in solved.how
    nothing = derive_facts(TIERS, Decimal(6), Decimal(5), "", "满意度")
    assert not nothing.facts and "不对应" in nothing.how
    failing = {"kind": "checklist", "per_failure": Decimal(1)}
    assert derive_facts(failing, Decimal(5), Decimal(3), "").facts == {
        "failed": ["不符合事项1", "不符合事项2"]
    }
    assert not derive_facts(failing, Decimal(5), Decimal("3.5"), "").facts
    default = {
        "kind": "stated_default",
        "label": "满意度",
        "default": "90%",
        "per_complaint": "0.5%",
    }
    assert derive_facts(default, Decimal(10), Decimal("8.9"), "").facts == {"complaints": 2}
    band = {
        "kind": "band_then_deduct",
        "band": "90%-100%",
        "below": {"per_point": Decimal("0.2")},
        "above": {"zero": True},
    }
    assert derive_facts(band, Decimal(4), Decimal("3.6"), "").facts == {"value": "88%"}
    quarterly = recognise(
        "一季度预算执行率得分=(一季度支出进度/序时进度 25%) × 1 分", Decimal(6)
    ).rule
    assert quarterly is None  # four quarters or none
    external = {"kind": "external", "label": "考核结果"}
    assert derive_facts(external, Decimal(5), Decimal("4.98"), "").facts == {"result": "99.6%"}
    plan = {"kind": "ratio_target"}
    done = derive_facts(plan, Decimal(6), Decimal("5.76"), "预算安排二级项目 25 个")
    assert done.facts == {"actual": "24个", "plan": "25个"} and "反推" in done.how


def test_parts_lay_the_points_lost_on_the_one_part_they_can_belong_to() -> None:
    rule = recognise(
        "①网站运营服务验收合格率；（1分） ②民生诉求热线服务验收合格率；（1分） ③改造工作验收合格率。（1分） "
        "以上评分维度达到100%得相应满分分值，否则按比例得分。",
        Decimal(3),
    ).rule
    assert rule is not None and rule["kind"] == "parts"
    said = "各项工作均已完成验收，但民生诉求热线服务（2022-2023年）未对项目进行验收。"
    derived = derive_facts(rule, Decimal(3), Decimal(2), said)
    names = [p["name"] for p in rule["parts"]]
    assert derived.facts[names[1]] == {"rate": "0%"} and derived.facts[names[0]] == {"rate": "100%"}
    assert not derive_facts(rule, Decimal(3), Decimal(2), "此项扣1分").facts  # which part: not said


def _their_case(seed: str) -> tuple[Any, dict[str, Any]]:
    path = EXAMPLES / f"{seed}.yaml"
    [case], _ = api.read(path.read_bytes(), str(path))
    facts: dict[str, Any] = {}

    def swap(node: Node) -> Node:
        if node.children:
            return dataclasses.replace(node, children=tuple(swap(c) for c in node.children))
        found = recognise(node.standard, node.weight, name=node.name, benchmark=node.benchmark)
        if found.rule is None:
            return node
        note = str((case.facts.get(node.name) or {}).get("note") or "")
        derived = derive_facts(
            found.rule, node.weight, case.published_scores.get(node.name), note, node.name
        )
        if derived.facts:
            facts[node.name] = derived.facts
        params = {k: v for k, v in found.rule.items() if k != "kind"}
        return dataclasses.replace(node, rule=RuleSpec(found.rule["kind"], params))

    framework = case.scored_on
    swapped = dataclasses.replace(framework, nodes=tuple(swap(n) for n in framework.nodes))
    return dataclasses.replace(case, framework=swapped, facts=facts), facts


# seed → leaves whose rule read gets facts that give back the published score (bench figures)
REPRODUCED = {"000": 19, "001": 19, "002": 18, "004": 25}


@pytest.mark.parametrize("seed", sorted(REPRODUCED))
def test_the_facts_derived_give_back_the_published_scores(seed: str) -> None:
    case, facts = _their_case(seed)
    result = evaluate(case)
    same = [
        s.path[-1]
        for s in result.indicators
        if s.path[-1] in facts and s.score == s.published_score
    ]
    assert len(same) == REPRODUCED[seed]
    wrong = [
        s.path[-1]
        for s in result.indicators
        if s.path[-1] in facts and s.score != s.published_score
    ]
    assert not wrong  # a leaf gets facts that reproduce its score, or none (and says why)


money = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="季度分别为完成计划项个未收到投诉满意度调查不相匹配%0123456789.、，", max_size=80
    ),
    money,
    money,
)
def test_facts_derive_without_error_for_any_note_and_score(
    note: str, weight: Decimal, score: Decimal
) -> None:
    for rule in (
        TIERS,
        {"kind": "checklist", "per_failure": Decimal(1)},
        {"kind": "stated_default", "default": "90%", "per_complaint": "0.5%"},
        {"kind": "band_then_deduct", "band": "90%-100%", "below": {"per_point": Decimal("0.2")}},
        {"kind": "external", "label": "考核结果"},
        {"kind": "ratio_target"},
        {
            "kind": "formula",
            "expression": "q1 + q2 + q3 + q4",
            "names": {f"q{i}": "" for i in range(1, 5)},
        },
        {
            "kind": "parts",
            "parts": [
                {"name": "甲", "weight": Decimal(1), "rule": {"kind": "ratio", "label": "甲率"}},
                {"name": "乙", "weight": Decimal(2), "rule": TIERS},
            ],
        },
    ):
        derived = derive_facts(rule, weight, score, note)
        assert derived.facts or derived.how


@pytest.mark.parametrize(
    "unit", ["季度分别为", "未收到投诉", "完成1项计划", "不相匹配，", "满意度9"]
)
def test_a_hostile_analysis_costs_its_length(unit: str) -> None:
    """Every pattern on the analysis is linear and the analysis is read up to a limit."""
    note = unit * (200000 // len(unit))
    for rule in (TIERS, {"kind": "stated_default"}, {"kind": "ratio_target"}):
        derive_facts(rule, Decimal(6), Decimal(4), note, "满意度")
    checklist = {
        "kind": "checklist",
        "points": [{"id": i, "text": "资金量相匹配", "value": 1} for i in "①②③"],
    }
    derive_facts(checklist, Decimal(3), Decimal(2), note)
