"""Stable keys (core/identity.py): a project's, an indicator's and a finding's identity do not
depend on file positions, years or file forms (issue 12 §3)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from jixiao import api
from jixiao.cli import cli
from jixiao.core.identity import fingerprint, indicator_keys, normal, project_key
from jixiao.core.model import Project
from jixiao.core.results import Result

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed003() -> Path:
    return next(SEEDS.glob("003_*.txt"))


def test_a_project_keeps_its_key_across_years_codes_and_spelling() -> None:
    base = project_key("党政事务", "深圳市罗湖区政务服务数据管理局(本级)")
    assert base and len(base) == 16
    assert project_key("2024年党政事务", "深圳市罗湖区政务服务数据管理局（本级）") == base
    assert project_key("党政事务（2023年度）", "深圳市罗湖区政务服务数据管理局 本级") == base
    assert (
        project_key("440303210301500003219-党政事务", "深圳市罗湖区政务服务数据管理局本级") == base
    )
    assert project_key("党政事务", "另一个单位") != base
    assert project_key("综合管理事务", "深圳市罗湖区政务服务数据管理局(本级)") != base


def test_a_project_without_a_name_is_keyed_by_its_code_and_else_has_no_key() -> None:
    assert project_key("", "单位", "4403032103") == project_key("", "别的单位", "4403032103")
    assert project_key("", "单位", "4403032103") != ""
    assert project_key("", "单位") == ""
    assert Project(name="党政事务", department="某局").key == project_key("党政事务", "某局")


PATHS = [
    ("产出指标", "数量指标", "培训人数"),
    ("产出指标", "质量指标", "验收合格率"),
    ("效益指标", "社会效益指标", "群众知晓率"),
    ("满意度指标", "服务对象满意度指标", "满意度"),
]


def test_indicator_keys_do_not_depend_on_order_or_on_a_sibling_s_name() -> None:
    keys = dict(zip(PATHS, indicator_keys(PATHS), strict=True))
    assert len(set(keys.values())) == len(PATHS)
    reordered = list(reversed(PATHS))
    assert dict(zip(reordered, indicator_keys(reordered), strict=True)) == keys
    renamed = [PATHS[0], ("产出指标", "质量指标", "验收通过率"), *PATHS[2:]]
    again = dict(zip(renamed, indicator_keys(renamed), strict=True))
    assert all(again[p] == keys[p] for p in PATHS if p in again)
    assert again[renamed[1]] != keys[PATHS[1]]
    # a same-named leaf added elsewhere does not re-key this one (today's id/name/path rule did)
    added = [*PATHS, ("效益指标", "经济效益指标", "培训人数")]
    assert indicator_keys(added)[0] == keys[PATHS[0]]


def test_indicator_levels_and_names_are_compared_as_people_write_them() -> None:
    a = indicator_keys([("产出指标", "数量指标", "1.培训人数")])
    b = indicator_keys([("产出", "数量", "培训 人数")])
    assert a == b
    assert indicator_keys([("产出", "数量", "培训人数")], ["D1"]) == indicator_keys(
        [("决策", "依据", "别的名字")], ["D1"]
    )


def test_same_named_indicators_under_one_parent_are_told_apart_by_order() -> None:
    twice = [PATHS[3], PATHS[3]]
    first, second = indicator_keys(twice)
    assert first != second and first == indicator_keys([PATHS[3]])[0]


@given(st.permutations(PATHS))
def test_keys_follow_the_indicator_not_its_row(order: list[tuple[str, ...]]) -> None:
    base = dict(zip(PATHS, indicator_keys(PATHS), strict=True))
    assert dict(zip(order, indicator_keys(order), strict=True)) == base


@given(st.text(max_size=30))
def test_normal_is_idempotent_and_spacing_free(text: str) -> None:
    once = normal(text)
    assert normal(once) == once and " " not in once


def test_fingerprint_ignores_where_a_field_stands() -> None:
    a = fingerprint("score-mismatch", "p", "i", "第 7 条指标 · 实际完成值")
    assert a == fingerprint("score-mismatch", "p", "i", "实际完成值")
    assert a != fingerprint("score-mismatch", "p", "j", "实际完成值")
    assert a != fingerprint("vague-target", "p", "i", "实际完成值")


def _keys(results: list[Result]) -> list[tuple[str, list[str]]]:
    return [(r.case.project.key, [i.key for i in r.indicators]) for r in results]


def _tables(path: Path) -> list[Result]:
    return [r for r in api.score_paths([path]).results if not r.case.evaluation]


def test_keys_survive_reading_the_same_tables_from_text_xlsx_and_yaml(
    seed003: Path, tmp_path: Path
) -> None:
    """Seed 003's seven tables, converted with `jixiao convert` to .xlsx and to YAML, keep every
    project and indicator key; a review of each form gives the same fingerprints."""
    forms = {"txt": seed003}
    for suffix in ("xlsx", "yaml"):
        target = tmp_path / f"003.{suffix}"
        done = CliRunner().invoke(cli, ["convert", str(seed003), "-o", str(target)])
        assert done.exit_code == 0, done.output
        forms[suffix] = target
    keyed = {form: _keys(_tables(path)) for form, path in forms.items()}
    assert len(keyed["txt"]) == 7
    assert all(k and all(keys) for k, keys in keyed["txt"])
    assert keyed["xlsx"] == keyed["txt"] == keyed["yaml"]
    # the text's "#####" score cells are written as numbers by convert: not there in the xlsx
    marks = {
        form: sorted(
            r.fingerprint
            for r in api.review_paths([path]).findings
            if r.finding.code != "excel-artefact"
        )
        for form, path in forms.items()
    }
    assert len(marks["txt"]) > 20 and all(marks["txt"])
    assert marks["xlsx"] == marks["txt"] == marks["yaml"]


def test_keys_survive_reordering_rows_in_the_file(seed003: Path, tmp_path: Path) -> None:
    """The same table with its indicator rows in reverse order: the same keys per indicator."""
    [first, *_] = _tables(seed003)
    table = first.case
    flipped = replace(table, indicators=tuple(reversed(table.indicators)))
    scored = api.score_case(flipped)
    before = {i.path: i.key for i in first.indicators}
    after = {i.path: i.key for i in scored.indicators}
    assert before == after


def test_findings_have_distinct_fingerprints_within_a_table(seed003: Path) -> None:
    """Two different findings on one table never share a fingerprint (storage joins on it)."""
    for seed in sorted(SEEDS.iterdir()):
        if seed.suffix not in (".txt", ".yaml"):
            continue
        found = api.review_paths([seed]).findings
        marks = [(r.table, r.fingerprint) for r in found]
        assert len(set(marks)) == len(marks), seed.name


def test_json_outputs_carry_the_keys(seed003: Path) -> None:
    scored = json.loads(CliRunner().invoke(cli, ["score", str(seed003), "--json"]).stdout)
    for table in scored["tables"]:
        assert len(table["project"]["key"]) == 16
        assert all(len(i["key"]) == 16 for i in table["indicators"])
    reviewed = json.loads(CliRunner().invoke(cli, ["review", str(seed003), "--json"]).stdout)
    assert reviewed["findings"] and all(len(f["fingerprint"]) == 16 for f in reviewed["findings"])


def test_a_year_or_a_code_written_any_way_keeps_the_project_s_key() -> None:
    base = project_key("党政事务", "某局")
    for name in (
        "2023-2024年党政事务",
        "二〇二三年党政事务",
        "2023党政事务",
        "党政事务2023",
        "P2023001-党政事务",
        "440303-党政事务",
    ):
        assert project_key(name, "某局") == base, name
    assert project_key("党政事务经费2023", "某局") == project_key("党政事务经费", "某局") != base


def test_a_decimal_at_the_start_of_a_name_is_not_a_number_label() -> None:
    """ "3.5米宽道路长度" and "4.5米宽道路长度" are two indicators, whatever their order."""
    paths = [("产出", "数量", "3.5米宽道路长度"), ("产出", "数量", "4.5米宽道路长度")]
    forward = dict(zip(paths, indicator_keys(paths), strict=True))
    backward = dict(zip(paths[::-1], indicator_keys(paths[::-1]), strict=True))
    assert forward == backward and len(set(forward.values())) == 2


def test_every_finding_keeps_its_fingerprint_from_text_to_yaml(tmp_path: Path) -> None:
    """Artefacts included: the same findings, the same fingerprints, in either form."""
    example = Path(__file__).resolve().parents[1] / "examples" / "selfeval"
    source = example / "智慧图书馆数字资源建设.txt"
    copy = tmp_path / "copy.yaml"
    assert not [p for p in api.convert(source, copy) if p.severity.value == "error"]
    marks = [sorted(r.fingerprint for r in api.review_paths([p]).findings) for p in (source, copy)]
    assert marks[0] and marks[0] == marks[1]


def test_two_parts_of_one_cell_are_two_findings(tmp_path: Path) -> None:
    """A compound target ("500000;600000" against "50万元;60万元") gives a finding per part,
    each with its own fingerprint; so does a unit mismatch the scorer reports per part."""
    table = tmp_path / "t.txt"
    table.write_text(
        "\n".join(
            [
                "项目支出绩效自评表",
                "项目名称\t测试",
                "项目资金(元)\t年度资金总额\t100\t100\t100\t10\t100\t10",
                "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
                "\t产出指标\t成本指标\t两项经费\t500000;600000\t50万元;60万元\t30\t30",
                "\t产出指标\t数量指标\t两项数量\t≥50份;≥10人\t50斤;10吨\t30\t30",
                "\t效益指标\t社会效益指标\t知晓率\t≥3万;≥3万\t90万;90万\t20\t20",
                "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10",
                "总分\t\t\t\t\t\t100\t100",
            ]
        ),
        encoding="utf-8",
    )
    found = api.review_paths([table]).findings
    marks = [r.fingerprint for r in found]
    assert len(found) >= 6 and len(set(marks)) == len(marks)
