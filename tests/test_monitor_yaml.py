"""Cases round-trip through YAML: a monitoring case read, written (`monitor.write`) and read
again is the same case, and its text a fixed point; generated monitoring cases and generated
self-evaluation, target and completion tables (`export.case`) come back as they were written."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao import codec
from jixiao.core.model import Case, FundLine, Funds, Indicator, Kind, Project
from jixiao.core.numbers import in_range
from jixiao.core.problems import Location
from jixiao.export.case import to_yaml
from jixiao.ingest.registry import read_bytes
from jixiao.monitor.fields import UNITS
from jixiao.monitor.model import DepartmentInput, Figure, FigureKind, ProjectInput, Thresholds
from jixiao.monitor.read import read_department
from jixiao.monitor.write import department_to_mapping, department_to_yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "monitor").glob("*.yaml"))
PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def placeless(form: Any) -> Any:
    """A codec form without source places (and what reading reported), which differ between
    two files of one case."""
    if isinstance(form, dict):
        return {
            k: placeless(v)
            for k, v in form.items()
            if k not in ("where", "cells", "as_of_where", "problems")
        }
    if isinstance(form, list):
        return [placeless(v) for v in form]
    return form


def same_but_places(a: object, b: object) -> bool:
    """Equal in the codec's form, which keeps every Decimal's exponent (7.00 is not 7)."""
    return bool(placeless(codec.encode(a)) == placeless(codec.encode(b)))


def read_text(text: str) -> DepartmentInput:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "监控.yaml"
        path.write_text(text, encoding="utf-8")
        department, problems = read_department(path)
    assert [p for p in problems if p.code != "monitor-overspend"] == [], problems
    assert department is not None
    return department


# --- the examples -------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_example_read_written_and_read_is_the_same_case(path: Path) -> None:
    first, problems = read_department(path)
    assert first is not None and problems == []
    text = department_to_yaml(first)
    again = read_text(text)
    assert same_but_places(again, first)
    assert department_to_yaml(again) == text  # a fixed point


def test_the_written_case_keeps_the_documented_order_and_unit() -> None:
    culture = next(p for p in EXAMPLES if "文化" in p.name)
    department, _ = read_department(culture)
    assert department is not None
    data = department_to_mapping(department)
    assert list(data) == ["format", "department", "year", "as_of", "unit", "projects"]
    first = data["projects"][0]
    assert list(first) == ["name", "code", "budget", "monthly", "indicators"]
    assert first["budget"] == Decimal("860.00")  # 万元, as the file wrote it
    assert str(first["monthly"][1]) == "42.30"
    text = department_to_yaml(department)
    assert "budget: 860.00\n" in text and "  - name: 公共文化服务体系建设\n" in text
    # an indicator's actual written as a number (112) is text in the inputs: quoted back
    assert "actual: '112'" in text


def test_cumulative_false_is_written_as_the_cumulative_figures() -> None:
    street = next(p for p in EXAMPLES if "季度" in p.name)
    department, _ = read_department(street)
    assert department is not None
    data = department_to_mapping(department)
    sanitation = next(p for p in data["projects"] if p["name"] == "辖区环境卫生整治")
    assert "cumulative" not in sanitation
    assert sanitation["quarterly"] == {1: 300000, 2: 680000, 3: 1070000, 4: 1480000}
    assert "unit: 元\n" in department_to_yaml(department)


def test_thresholds_are_written_only_where_they_differ() -> None:
    own = Thresholds(red_below=Decimal("0.5"), score_weight=Decimal("8"))
    project = ProjectInput(
        "项目",
        "",
        Decimal("1000000"),
        "万元",
        FigureKind.MONTHLY,
        (Figure(1, Decimal("100000.00"), Location()),),
        (),
        (),
        replace_thresholds(own, far_above=Decimal("3")),
        Location(),
    )
    department = DepartmentInput("测试局", 2024, None, "万元", (project,), own, Location("x"))
    data = department_to_mapping(department)
    assert data["thresholds"] == {"red_below": "50.0%", "score_weight": Decimal(8)}
    assert data["projects"][0]["thresholds"] == {"far_above": Decimal(3)}
    again = read_text(department_to_yaml(department))
    assert same_but_places(again, department)


def replace_thresholds(base: Thresholds, **changes: Decimal) -> Thresholds:
    values = {k: getattr(base, k) for k in Thresholds.__dataclass_fields__}
    return Thresholds(**{**values, **changes})


# --- generated monitoring cases -----------------------------------------------------------

# texts the formats hold: no control characters (a newline only where a text may span lines)
LETTERS = st.characters(blacklist_categories=("Cc", "Cs"))
names = st.text(LETTERS, min_size=1, max_size=10).map(str.strip).filter(bool) | st.sampled_from(
    ["公共文化服务体系建设", "2024", "7.00", "true", "null", "- x", "a: b", "#1", "'q'"]
)
MEASURES = ("人次", "场", "处", "万元", "%", "个", "")


def cents(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2)


@st.composite
def targets(draw: st.DrawFn) -> str:
    written = draw(
        st.sampled_from(["≥200人次", "≤5万元", "全年突破21万", "≥95%", "100%", "有所提升"])
    )
    number = draw(st.integers(1, 100000))
    made = f"{draw(st.sampled_from(['≥', '≤', '>', '']))}{number}{draw(st.sampled_from(MEASURES))}"
    return draw(st.sampled_from([written, made]))


actuals = (
    st.just("")
    | st.builds(lambda n, m: f"{n}{m}", cents("0", "99999"), st.sampled_from(MEASURES))
    | st.integers(0, 1000).map(str)
)


@st.composite
def series(draw: st.DrawFn, kind: FigureKind, factor: Decimal) -> tuple[Figure, ...]:
    """Cumulative amounts (元) at the months reported, non-decreasing, exact in the unit."""
    months = range(1, 13) if kind is FigureKind.MONTHLY else (3, 6, 9, 12)
    chosen = sorted(draw(st.sets(st.sampled_from(months), min_size=1)))
    total, points = Decimal("0.00"), []
    for month in chosen:
        total += draw(cents("0", "5000"))
        points.append(Figure(month, total * factor, Location()))
    return tuple(points)


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    red = draw(st.integers(1, 150))
    green = draw(st.integers(red + 1, 200))
    return Thresholds(
        red_below=Decimal(red) / 100,
        green_from=draw(st.sampled_from([Decimal(green) / 100, Decimal(green).scaleb(-2)])),
        far_above=draw(cents("1.01", "10")),
        score_weight=draw(cents("0.5", "20")),
    )


@st.composite
def projects(draw: st.DrawFn, base: Thresholds) -> ProjectInput:
    unit = draw(st.sampled_from(sorted(UNITS)))
    factor = UNITS[unit]
    kind = draw(st.sampled_from(list(FigureKind)))
    history = draw(
        st.lists(st.tuples(st.integers(2000, 2100), series(FigureKind.MONTHLY, factor)), max_size=2)
    )
    rows = draw(st.lists(st.tuples(names, targets(), actuals), max_size=3))
    return ProjectInput(
        name=draw(names),
        code=draw(st.just("") | names),
        budget=draw(cents("0.01", "99999999")) * factor,
        money_unit=unit,
        kind=kind,
        figures=draw(series(kind, factor)),
        history=tuple(history),
        indicators=tuple(Indicator((n,), t, a) for n, t, a in rows),
        thresholds=draw(st.just(base) | thresholds()),
        where=Location(),
        scaled=tuple(draw(st.none() | st.booleans()) for _ in rows),
    )


@st.composite
def departments(draw: st.DrawFn) -> DepartmentInput:
    year = draw(st.integers(2000, 2100))
    base = draw(st.just(Thresholds()) | thresholds())
    return DepartmentInput(
        name=draw(names),
        year=year,
        as_of=draw(st.none() | st.dates(date(year, 1, 1), date(year, 12, 31))),
        money_unit=draw(st.sampled_from(sorted(UNITS))),
        projects=tuple(draw(st.lists(projects(base), min_size=1, max_size=3))),
        thresholds=base,
        where=Location("x"),
    )


@PROPERTIES
@given(departments())
def test_a_generated_monitoring_case_comes_back_as_written(department: DepartmentInput) -> None:
    text = department_to_yaml(department)
    again = read_text(text)
    assert same_but_places(again, department), text
    assert department_to_yaml(again) == text


# --- generated self-evaluation, target and completion tables ------------------------------

texts = st.text(LETTERS | st.just("\n") | st.just(" "), max_size=12) | st.sampled_from(
    ["", "≥200人次", "7.00", "null", "~", "无偏差", "  两端有空格 ", "多行\n说明\n", "'", '"']
)
numbers = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("999999"), places=2, allow_nan=False
) | st.sampled_from([Decimal("0"), Decimal("7.00"), Decimal("100"), Decimal("0.5")])
# what a table printed instead of a number (docs/case-format.md): kept as text
PRINTED = st.sampled_from(["#####", "#DIV/0!", "—", "/", "无"])


@st.composite
def scored(draw: st.DrawFn) -> tuple[Decimal | None, str]:
    """A printed score: a number, what the table printed instead, or nothing."""
    return draw(
        st.tuples(numbers, st.just(""))
        | st.tuples(st.none(), PRINTED)
        | st.tuples(st.none(), st.just(""))
    )


@st.composite
def fund_lines(draw: st.DrawFn, factor: Decimal) -> FundLine:
    amounts = [draw(st.none() | numbers.map(lambda v: v * factor)) for _ in range(3)]
    return FundLine(draw(texts), *amounts)


@st.composite
def funds(draw: st.DrawFn) -> Funds:
    unit = draw(st.sampled_from(sorted(UNITS)))
    score, printed = draw(scored())
    return Funds(
        total=draw(fund_lines(UNITS[unit])),
        sources=tuple(draw(st.lists(fund_lines(UNITS[unit]), max_size=3))),
        weight=draw(st.none() | numbers),
        money_unit=unit,
        published_rate=draw(st.none() | numbers),
        published_score=score,
        published_text=printed,
    )


@st.composite
def rows(draw: st.DrawFn, kind: Kind) -> Indicator:
    score, printed = draw(scored()) if kind is Kind.SELFEVAL else (None, "")
    return Indicator(
        path=tuple(draw(st.lists(texts, min_size=1, max_size=3))),
        target=draw(texts),
        actual="" if kind is Kind.TARGET else draw(texts),
        weight=draw(numbers) if kind is Kind.SELFEVAL else draw(st.none() | numbers),
        published_score=score,
        published_text=printed,
        deviation=draw(texts),
    )


@st.composite
def tables(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from([Kind.SELFEVAL, Kind.TARGET, Kind.COMPLETION]))
    total, printed = draw(scored())
    levels = st.lists(texts, max_size=2).map(tuple)
    return Case(
        project=Project(
            draw(texts),
            draw(texts),
            draw(st.none() | st.integers(2000, 2100)),
            draw(texts),
            draw(texts),
        ),
        funds=draw(st.none() | funds()),
        indicators=tuple(draw(st.lists(rows(kind), min_size=1, max_size=4))),
        kind=kind,
        goal_expected=draw(texts),
        goal_achieved=draw(texts),
        declared_weights=draw(st.dictionaries(levels, numbers, max_size=3)),
        published_total=total,
        published_total_text=printed,
        published_weight_total=draw(st.none() | numbers),
        policy=draw(st.sampled_from(["default", "hubei-20", "central-2021"])),
    )


@PROPERTIES
@given(st.lists(tables(), min_size=1, max_size=2))
def test_a_generated_table_comes_back_as_written(written: list[Case]) -> None:
    assert all(in_range(v) for c in written for r in c.indicators if (v := r.weight) is not None)
    text = to_yaml(written)
    again, problems = read_bytes(text.encode("utf-8"), "x.yaml")
    assert [p for p in problems if p.code != "excel-artefact"] == [], (problems, text)
    assert len(again) == len(written)
    for a, b in zip(again, written, strict=True):
        assert same_but_places(a, b), text
    assert to_yaml(again) == text
