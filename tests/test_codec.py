"""The one codec: every value jixiao reads or computes goes to JSON and comes back identical
(fields with compare=False and a Decimal's exponent too), documents carry a format and a
version, and bad input is refused in Chinese with the field's path."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import re
import types
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jixiao.monitor.model  # noqa: F401 - registers the monitoring kinds
from jixiao import codec
from jixiao.core.model import Case
from jixiao.core.numbers import in_range
from jixiao.core.problems import Location
from jixiao.export.case import write_yaml
from jixiao.export.evaluation import write_evaluation_json, write_evaluation_yaml
from jixiao.ingest.registry import read_path
from jixiao.monitor.read import read_department

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file())
MONITORING = sorted((ROOT / "examples" / "monitor").glob("*.yaml"))


# --- values of every kind, generated from the codec's own type table ----------------------

# the numbers jixiao reads (core.numbers.in_range): the only ones a decoder lets in
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    in_range
) | st.sampled_from([Decimal("41000.00"), Decimal("7.00"), Decimal("5E+1"), Decimal("-0")])
texts = st.text(max_size=6) | st.sampled_from(["", "≥200人次", "#####", "$decimal", "7.00"])
scalars = st.none() | st.booleans() | st.integers() | texts | decimals | st.dates()
anything = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(texts, inner, max_size=3)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=8,
)


def strategy(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    if tp is Any or tp is object:
        return anything
    if tp is str:
        return texts
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(min_value=-(10**6), max_value=10**6)
    if tp is Decimal:
        return decimals
    if tp is datetime.date:
        return st.dates()
    if tp is type(None):
        return st.none()
    origin, args = get_origin(tp), get_args(tp)
    if origin is Union or origin is types.UnionType:
        return st.one_of(*(strategy(a, depth) for a in args))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if depth >= 2:  # records that hold records (Node) stay small
                return st.just(())
            return st.lists(strategy(args[0], depth + 1), max_size=2).map(tuple)
        return st.tuples(*(strategy(a, depth) for a in args))
    if origin in (dict, Mapping):
        key, value = args
        return st.dictionaries(strategy(key, depth), strategy(value, depth + 1), max_size=2)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or hasattr(tp, "_fields")):
        hints = get_type_hints(tp)
        names = (
            [f.name for f in dataclasses.fields(tp) if f.init]
            if dataclasses.is_dataclass(tp)
            else list(tp._fields)  # type: ignore[attr-defined]
        )
        return st.builds(tp, **{n: strategy(hints[n], depth) for n in names})
    raise AssertionError(f"no strategy for {tp!r}")


def kind_type(kind: str) -> Any:
    return codec._KINDS[kind]


def identical(a: object, b: object, kind: str | None = None) -> bool:
    """Equal, and equal in every field (compare=False ones too) and every exponent: their
    lossless forms are the same."""
    return a == b and codec.encode(a, kind) == codec.encode(b, kind)


def no_floats(text: str) -> object:
    def refuse(number: str) -> float:
        raise AssertionError(f"a float in the codec's JSON: {number}")

    return json.loads(text, parse_float=refuse)


@pytest.mark.parametrize("kind", codec.kinds())
def test_every_kind_round_trips(kind: str) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy(kind_type(kind)))
    def check(value: Any) -> None:
        form = codec.encode(value, kind)
        text = json.dumps(form, ensure_ascii=False, allow_nan=False)
        back = codec.decode(kind, no_floats(text))
        assert back == value
        assert codec.encode(back, kind) == form  # compare=False fields and exponents too
        doc = json.loads(json.dumps(codec.document(value, kind)))
        assert doc["format"] == f"jixiao/{kind}" and doc["version"] == codec.VERSION
        assert codec.from_document(doc) == value

    check()


def test_core_and_monitoring_kinds_are_all_registered() -> None:
    wanted = {
        "project", "funds", "fund_line", "indicator", "case", "framework", "node", "rule_spec",
        "grade_band", "amount", "facts", "narrative", "result", "indicator_score", "budget_score",
        "node_score", "problem", "location", "monitor/department_input",
        "monitor/department_progress",
    }  # fmt: skip
    assert wanted <= set(codec.kinds())


def test_decimals_are_strings_that_keep_their_exponent() -> None:
    from jixiao.core.model import FundLine

    line = FundLine("年度资金总额", Decimal("41000.00"), Decimal("5E+1"), None)
    form = codec.encode(line)
    assert form == {
        "name": "年度资金总额",
        "initial": "41000.00",
        "annual": "5E+1",
        "executed": None,
    }
    back = codec.decode("fund_line", form)
    assert str(back.initial) == "41000.00" and str(back.annual) == "5E+1"


def test_a_default_that_compares_equal_is_still_written() -> None:
    from jixiao.core.model import FundLine, Funds

    funds = Funds(FundLine("合计", None, None, None), weight=Decimal("10.00"))  # default: 10
    assert codec.encode(funds)["weight"] == "10.00"
    assert str(codec.decode("funds", codec.encode(funds)).weight) == "10.00"


def test_compare_false_fields_round_trip() -> None:
    from jixiao.core.model import Indicator

    row = Indicator(("产出指标",), "≥1", "1", None, shifted=True)
    assert codec.decode("indicator", codec.encode(row)).shifted is True


def test_an_unknown_version_is_refused_in_chinese() -> None:
    doc = codec.document(Location("表.yaml", line=3))
    doc["version"] = 2
    with pytest.raises(codec.CodecError) as caught:
        codec.from_document(doc)
    assert caught.value.path == "version"
    assert str(caught.value).startswith("version：不认识的版本 2")


def test_a_document_of_another_kind_is_refused() -> None:
    doc = codec.document(Location("表.yaml"))
    with pytest.raises(codec.CodecError, match="format：应为 jixiao/project"):
        codec.from_document(doc, "project")
    with pytest.raises(codec.CodecError, match="不是 jixiao 的文档"):
        codec.from_document({"format": "other/1", "version": 1})


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda d: d["indicators"][0].update(weight=7.0),
            "indicators[0].weight",
            "应为写成字符串的数",
        ),
        (lambda d: d["indicators"][0].update(colour="红"), "indicators[0].colour", "不认识的字段"),
        (lambda d: d["indicators"][0].pop("target"), "indicators[0].target", "缺少必填字段"),
        (lambda d: d.update(kind="final"), "kind", "以下取值之一"),
        (lambda d: d["project"].update(year="2024"), "project.year", "应为整数"),
        (lambda d: d.update(indicators={}), "indicators", "应为列表"),
    ],
)
def test_a_malformed_field_is_named_by_its_path(change: Any, path: str, words: str) -> None:
    from jixiao.core.model import Indicator, Project

    table = Case(
        Project(name="党政事务", year=2023), None, (Indicator(("产出指标",), "≥1", "1", None),)
    )
    data = json.loads(json.dumps(codec.encode(table)))
    change(data)
    with pytest.raises(codec.CodecError) as caught:
        codec.decode("case", data)
    assert caught.value.path == path
    assert words in str(caught.value) and str(caught.value).startswith(f"{path}：")


def test_tagged_values_in_facts() -> None:
    facts = {"资金到位率": {"value": Decimal("92.17"), "when": datetime.date(2024, 12, 31)}}
    form = codec.encode(facts, "facts")
    assert form == {"资金到位率": {"value": {"$decimal": "92.17"}, "when": {"$date": "2024-12-31"}}}
    assert codec.decode("facts", form) == facts
    with pytest.raises(
        codec.CodecError, match=r"资金到位率\.value\.\$number：不认识的标记「\$number」"
    ):
        codec.decode("facts", {"资金到位率": {"value": {"$number": "1"}}})


# --- every file jixiao reads --------------------------------------------------------------


def read_all(path: Path) -> list[Any]:
    if path in MONITORING:
        department, _ = read_department(path)
        return [department] if department is not None else []
    cases, _ = read_path(path)
    return list(cases)


@pytest.mark.parametrize("path", SEEDS + EXAMPLES, ids=lambda p: p.name)
def test_every_seed_and_example_round_trips_through_the_codec(path: Path) -> None:
    values = read_all(path)
    if path in EXAMPLES and not {"problems", "frameworks"} & set(path.parts):
        assert values, f"nothing read from {path}"
    for value in values:
        text = json.dumps(codec.document(value), ensure_ascii=False)
        assert identical(codec.from_document(no_floats(text)), value)


def placeless(form: Any) -> Any:
    """A lossless form without source places, which differ between two files of one case."""
    if isinstance(form, dict):
        return {k: placeless(v) for k, v in form.items() if k not in ("where", "cells")}
    if isinstance(form, list):
        return [placeless(v) for v in form]
    return form


def same_but_places(a: object, b: object) -> bool:
    return placeless(codec.encode(a)) == placeless(codec.encode(b))


TABLES = [p for p in SEEDS + EXAMPLES if p.suffix in (".txt", ".xlsx", ".yaml")]


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_read_write_yaml_read_gives_the_same_cases(path: Path, tmp_path: Path) -> None:
    """Self-evaluations, target tables and evaluation cases: read, written as YAML, read again
    (and written and read once more: the YAML form is a fixed point)."""
    values = [v for v in read_all(path) if isinstance(v, Case)]
    tables = [v for v in values if not v.evaluation]
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    if tables:
        write_yaml(tables, first)
        again = [v for v in read_all(first) if not v.evaluation]
        # what the case format does not hold: the places, and how a row was read
        assert [_unread(t) for t in again] == [_unread(t) for t in tables]
        write_yaml(again, second)
        assert all(map(same_but_places, read_all(second), again))
    for case in (v for v in values if v.evaluation):
        # a case read from a report: the case file holds the case, not its score tables as
        # printed nor what reading the report said (the review reads both from the report)
        case = dataclasses.replace(case, score_tables=(), problems=())
        write_evaluation_yaml(case, first)
        (again_case,) = read_all(first)
        assert again_case == _same_places(case, again_case)
        assert same_but_places(again_case, case)
        write_evaluation_yaml(again_case, second)
        assert same_but_places(read_all(second)[0], case)
        write_evaluation_json(case, tmp_path / "c.json")  # JSON numbers: equal, exponents aside
        assert placeless(_numbers(codec.encode(read_all(tmp_path / "c.json")[0]))) == placeless(
            _numbers(codec.encode(case))
        )


def _unread(t: Case) -> dict[str, Any]:
    form = placeless(codec.encode(t))
    for row in form.get("indicators", []):
        row.pop("shifted", None)
    if isinstance(form.get("funds"), dict):
        form["funds"].pop("weight_label", None)
    form.pop("total_where", None)
    form.pop("problems", None)  # what reading that file said: each form has its own
    return form


def _same_places(case: Case, like: Case) -> Case:
    rows = tuple(dataclasses.replace(row, where=like.where) for row in case.indicators)
    return dataclasses.replace(case, where=like.where, framework=like.framework, indicators=rows)


def _numbers(form: Any) -> Any:
    """Decimal strings as numbers: what a JSON number keeps of them."""
    if isinstance(form, dict):
        return {k: _numbers(v) for k, v in form.items()}
    if isinstance(form, list):
        return [_numbers(v) for v in form]
    if isinstance(form, str):
        try:
            return Decimal(form).normalize() if form[:1].isdigit() or form[:1] == "-" else form
        except ArithmeticError:
            return form
    return form


@pytest.mark.parametrize(
    "data",
    [
        json.loads("[" * 400 + "]" * 400),  # json.loads takes it; two frames a level here
        {"$tuple": json.loads("[" * 400 + "]" * 400)},
        {"$decimal": "1e9999999999999999999999"},  # Decimal itself refuses the exponent
        {"$decimal": "1e5000"},
        {"$decimal": "1" * 500},
        {"$decimal": "١٢"},  # Arabic-Indic digits are not a number jixiao writes
    ],
    ids=["deep-list", "deep-tuple", "huge-exponent", "large-exponent", "long", "other-digits"],
)
def test_hostile_tagged_values_are_refused_with_a_codec_error(data: object) -> None:
    with pytest.raises(codec.CodecError) as refused:
        codec.decode_any(data)
    assert re.search(r"[\u4e00-\u9fff]", str(refused.value))


@pytest.mark.parametrize("weight", ["1E+999", "1E+15", "1E-9", "1" * 29])
def test_a_decoded_number_jixiao_would_not_read_is_refused_at_its_path(weight: str) -> None:
    """What arrives as JSON (an upload, the HTTP API) meets the readers' range: a weight of
    1E+999 would overflow a score, so it is refused where it stands, never scored."""
    from jixiao.core.model import Indicator, Project

    table = Case(Project(name="p"), None, (Indicator(("产出指标",), "≥1", "1", Decimal(6)),))
    data = json.loads(json.dumps(codec.encode(table)))
    data["indicators"][0]["weight"] = weight
    with pytest.raises(codec.CodecError) as refused:
        codec.decode("case", data)
    assert refused.value.path == "indicators[0].weight"
    assert "范围内" in str(refused.value)


@pytest.mark.parametrize("weight", ["999999999999999", "1E-8", "-0"])
def test_a_decoded_case_at_the_edge_of_the_range_scores(weight: str) -> None:
    from jixiao import api
    from jixiao.core.model import FundLine, Funds, Indicator, Project

    funds = Funds(FundLine("合计", None, Decimal(weight), Decimal(weight)))
    table = Case(Project(name="p"), funds, (Indicator(("产出指标",), "≥1", "1", Decimal(weight)),))
    back = codec.decode("case", json.loads(json.dumps(codec.encode(table))))
    result = api.score(back)  # no overflow, no traceback: a finite total, written as JSON
    assert result.total.is_finite() and json.dumps(codec.encode(result))
