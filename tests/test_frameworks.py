"""Frameworks: the built-ins, extends + patch, load errors, check_framework and its CLI."""

from __future__ import annotations

import json
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import cli
from jixiao.core.framework import Framework
from jixiao.core.problems import Problem, Severity
from jixiao.ingest.framework import FrameworkError, builtin_ids, load_framework, read_framework
from jixiao.scoring.rules import kinds
from jixiao.validate.framework import check_framework

UNTOUCHED_B = {"乙": 40, "乙/乙一": 40, "乙/乙一/乙一一": 20, "乙/乙一/乙一二": 20}
ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")

BASE = """\
id: base
title: 基础框架
grades:
  - {min: 90, label: 优}
  - {min: 0, label: 差}
indicators:
  - name: 甲
    weight: 60
    children:
      - {name: 甲一, weight: 30, explanation: 原解释, rule: {kind: judgement}}
      - {name: 甲二, weight: 30, rule: {kind: judgement}}
  - name: 乙
    weight: 40
    children:
      - name: 乙一
        weight: 40
        children:
          - {name: 乙一一, weight: 20, rule: {kind: judgement}}
          - {name: 乙一二, weight: 20, rule: {kind: judgement}}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def child(tmp_path: Path, patch: str) -> Framework:
    """A framework extending BASE with the given patch list (YAML, indented as a list)."""
    write(tmp_path, "base.yaml", BASE)
    text = f"extends: base.yaml\nid: child\npatch:\n{textwrap.dedent(patch)}"
    return load_framework(str(write(tmp_path, "child.yaml", text)))


def tree(fw: Framework) -> dict[str, Decimal]:
    return {"/".join(path): node.weight for path, node in fw.walk()}


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


# Built-in frameworks ---------------------------------------------------------------------


def test_builtins_are_listed() -> None:
    assert set(builtin_ids()) >= {"project-reference", "department-whole", "self-evaluation"}


@pytest.mark.parametrize("ref", builtin_ids())
def test_builtin_loads_and_checks_clean(ref: str) -> None:
    fw = load_framework(ref)
    assert check_framework(fw) == []
    assert sum(n.weight for n in fw.nodes) == fw.total
    for path, node in fw.walk():
        if node.children:
            assert sum(c.weight for c in node.children) == node.weight, path
        else:
            assert node.rule is not None and node.rule.kind in kinds(), path
    assert fw.grade(Decimal(0)) != ""


@pytest.mark.parametrize("index", [0, 1])
def test_docs_examples_check_clean(tmp_path: Path, index: int) -> None:
    text = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    block = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)[index]
    fw, problems = read_framework(str(write(tmp_path, "fw.yaml", block)))
    assert fw is not None
    assert problems + check_framework(fw) == []


def test_docs_extends_example_tree(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S) if "extends" in b)
    weights = tree(load_framework(str(write(tmp_path, "fw.yaml", block))))
    assert [k for k in weights if "/" not in k] == ["项目决策", "项目管理", "项目产出", "项目效益"]
    assert weights["项目产出/产出数量/巡检次数"] == 5
    assert weights["项目效益"] == 20
    assert [k for k in weights if k.startswith("项目效益/") and k.count("/") == 1] == [
        "项目效益/社会效益",
        "项目效益/满意度",
    ]


# extends + patch -------------------------------------------------------------------------


def test_extends_without_patch_inherits_everything(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    path = write(tmp_path, "child.yaml", "extends: base.yaml\nid: child\ntitle: 子框架\n")
    fw = load_framework(str(path))
    assert (fw.id, fw.title) == ("child", "子框架")
    assert tree(fw) == tree(load_framework(str(tmp_path / "base.yaml")))
    assert [b.label for b in fw.grades] == ["优", "差"]


def test_replace_recomputes_the_parent(tmp_path: Path) -> None:
    fw = child(
        tmp_path,
        """\
        - replace: [甲, 甲二]
          with: {name: 甲贰, weight: 10, rule: {kind: external}}
        """,
    )
    assert tree(fw) == {**{"甲": 40, "甲/甲一": 30, "甲/甲贰": 10}, **UNTOUCHED_B}
    node = dict(fw.walk())[("甲", "甲贰")]
    assert node.rule is not None and node.rule.kind == "external"
    assert node.where.file.endswith("child.yaml") and node.where.line == 5


def test_update_renames_and_changes_weight_and_rule(tmp_path: Path) -> None:
    fw = child(
        tmp_path,
        """\
        - update: [甲, 甲一]
          set: {name: 甲壹, weight: 20, rule: {kind: ratio, label: 到位率}}
        - update: [乙]
          set: {name: 丙}
        - update: [丙, 乙一]
          set: {benchmark: 100%}
        """,
    )
    nodes = dict(fw.walk())
    leaf = nodes[("甲", "甲壹")]
    assert leaf.weight == 20 and leaf.explanation == "原解释"
    assert leaf.rule is not None and (leaf.rule.kind, leaf.rule.params) == (
        "ratio",
        {"label": "到位率"},
    )
    assert nodes[("甲",)].weight == 50  # recomputed from its children
    assert nodes[("丙",)].weight == 40 and nodes[("丙", "乙一")].benchmark == "100%"
    assert ("乙",) not in nodes


def test_remove_recomputes_every_ancestor(tmp_path: Path) -> None:
    fw = child(tmp_path, "- remove: [乙, 乙一, 乙一二]\n")
    assert tree(fw)["乙"] == 20 and tree(fw)["乙/乙一"] == 20
    assert "乙/乙一/乙一二" not in tree(fw)


def test_add_at_the_end_and_before(tmp_path: Path) -> None:
    fw = child(
        tmp_path,
        """\
        - add: [乙, 乙一]
          node: {name: 尾, weight: 5, rule: {kind: judgement}}
        - add: [乙, 乙一]
          before: 乙一一
          node: {name: 头, weight: 5, rule: {kind: judgement}}
        - add: []
          node: {name: 丁, weight: 1, rule: {kind: judgement}}
        """,
    )
    weights = tree(fw)
    assert [k for k in weights if k.startswith("乙/乙一/")] == [
        "乙/乙一/头",
        "乙/乙一/乙一一",
        "乙/乙一/乙一二",
        "乙/乙一/尾",
    ]
    assert weights["乙/乙一"] == 50 and weights["乙"] == 50
    assert list(weights)[-1] == "丁"


def test_keep_weight_true_keeps_the_parent(tmp_path: Path) -> None:
    fw = child(tmp_path, "- update: [甲, 甲一]\n  keep_weight: true\n  set: {weight: 20}\n")
    assert tree(fw)["甲"] == 60
    assert "weight-sum" in [p.code for p in check_framework(fw)]


def test_keep_weight_false_recomputes(tmp_path: Path) -> None:
    fw = child(tmp_path, "- update: [甲, 甲一]\n  keep_weight: false\n  set: {weight: 20}\n")
    assert tree(fw)["甲"] == 50


@pytest.mark.parametrize(
    ("patch", "fragment"),
    [
        ("- update: [甲, 不存在]\n  set: {name: x}\n", "patch 找不到指标「甲/不存在」"),
        ("- remove: [丁]\n", "patch 找不到指标「丁」"),
        ("- add: [甲, 无此]\n  node: {name: x, weight: 1}\n", "找不到指标「甲/无此」"),
        ("- remove: [甲]\n  add: [乙]\n", "恰好包含"),
    ],
)
def test_bad_patch_is_located(tmp_path: Path, patch: str, fragment: str) -> None:
    write(tmp_path, "base.yaml", BASE)
    path = write(tmp_path, "child.yaml", f"extends: base.yaml\npatch:\n{patch}")
    _, problems = read_framework(str(path))
    found = [p for p in problems if fragment in p.message]
    assert found and found[0].code == "framework-invalid"
    assert found[0].where.file == str(path) and found[0].where.line == 3
    with pytest.raises(FrameworkError):
        load_framework(str(path))


# Load errors -----------------------------------------------------------------------------


def test_cyclic_extends_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\nid: a\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\nid: b\n")
    write(tmp_path, "self.yaml", "extends: self.yaml\n")
    for name in ("a.yaml", "self.yaml"):
        fw, problems = read_framework(str(tmp_path / name))
        assert fw is None
        assert [p.code for p in problems] == ["framework-invalid"]
        assert "循环继承" in problems[0].message
        assert problems[0].where.line == 1


def test_unknown_base_lists_builtins(tmp_path: Path) -> None:
    path = write(tmp_path, "fw.yaml", "extends: no-such-framework\n")
    with pytest.raises(FrameworkError) as info:
        load_framework(str(path))
    (problem,) = info.value.problems
    assert problem.code == "framework-not-found"
    assert "no-such-framework" in problem.message
    assert all(ref in problem.message for ref in builtin_ids())


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "fw.yaml", "id: x\nindicators:\n  - name: [甲\n    weight: 1\n")
    fw, problems = read_framework(str(path))
    assert fw is None
    (problem,) = problems
    assert problem.code == "unreadable-file"
    assert problem.where.file == str(path) and problem.where.line == 4
    assert "YAML" in problem.message and CJK.search(problem.message)


# check_framework -------------------------------------------------------------------------

TEMPLATE = """\
id: t
title: 测试
grades:
  - {min: 60, label: 合格}
  - {min: 0, label: 不合格}
indicators:
  - name: 甲
    weight: 100
    children:
      - {name: 好, id: G1, weight: 50, rule: {kind: judgement}}
      - %s
"""
LEAF_LINE = 11


def checked(tmp_path: Path, text: str) -> tuple[Path, list[Problem]]:
    path = write(tmp_path, "fw.yaml", text)
    fw, problems = read_framework(str(path))
    assert fw is not None, problems
    return path, problems + check_framework(fw)


def test_the_template_is_clean(tmp_path: Path) -> None:
    leaf = "{name: 坏, weight: 50, rule: {kind: judgement}}"
    assert checked(tmp_path, TEMPLATE % leaf)[1] == []


@pytest.mark.parametrize(
    ("leaf", "code", "fragment"),
    [
        ("{name: 坏, weight: 50}", "framework-invalid", "没有规则"),
        ("{name: 坏, weight: 50, rule: {kind: magic}}", "unknown-rule", "「magic」不存在"),
        (
            "{name: 坏, weight: 50, rule: {kind: deduct_per_point, per_point: 1}}",
            "rule-param",
            "缺少参数「threshold」",
        ),
        (
            "{name: 坏, weight: 50, rule: {kind: deduct_per_point, threshold: ≥98%, per_point: 很多}}",
            "rule-param",
            "「per_point」应为数字",
        ),
        (
            "{name: 坏, weight: 50, rule: {kind: graded, levels: [好, 坏]}}",
            "rule-param",
            "应为映射",
        ),
        ("{name: 坏, weight: 50, rule: {kind: checklist}}", "rule-param", "需要 points"),
        (
            "{name: 坏, weight: 50, rule: {kind: checklist, points: [{id: ①, text: 制度健全, 执行有效, value: 50}]}}",
            "rule-param",
            "不认识的字段：执行有效",
        ),
        (
            "{name: 坏, weight: 50, rule: {kind: checklist, gate: [⑨], points: [{id: ①, text: 甲, value: 50}]}}",
            "rule-param",
            "前提要点 ⑨ 不在评价要点中",
        ),
        (
            "{name: 坏, weight: 50, rule: {kind: tiers, tiers: [{score: 1}]}}",
            "rule-param",
            "第 1 档缺少 when",
        ),
        (
            "{name: 坏, weight: 50, rule: {kind: tiers, tiers: [{when: ≥90%}]}}",
            "rule-param",
            "第 1 档缺少 score",
        ),
        (
            "{name: 坏, weight: 50, rule: {kind: deduct_per_point, threshold: 很高, per_point: 1}}",
            "rule-param",
            "条件「很高」",
        ),
        ("{name: 坏, weight: 50, rule: {kind: formula, expression: '1 +'}}", "rule-param", "公式"),
        (
            "{name: 好, weight: 50, rule: {kind: judgement}}",
            "framework-invalid",
            "两个同名指标「好」",
        ),
        (
            "{name: 坏, id: G1, weight: 50, rule: {kind: judgement}}",
            "framework-invalid",
            "标识 id「G1」重复",
        ),
    ],
)
def test_leaf_problems(tmp_path: Path, leaf: str, code: str, fragment: str) -> None:
    path, problems = checked(tmp_path, TEMPLATE % leaf)
    found = [p for p in problems if fragment in p.message]
    assert found, [str(p) for p in problems]
    problem = found[0]
    assert (problem.code, problem.severity) == (code, Severity.ERROR)
    assert problem.where.file == str(path) and problem.where.line == LEAF_LINE
    assert CJK.search(problem.message)


def test_unknown_rule_lists_the_kinds(tmp_path: Path) -> None:
    _, problems = checked(tmp_path, TEMPLATE % "{name: 坏, weight: 50, rule: {kind: magic}}")
    (problem,) = problems
    assert all(name in problem.message for name in kinds())


def test_unknown_param_is_a_warning(tmp_path: Path) -> None:
    leaf = "{name: 坏, weight: 50, rule: {kind: judgement, colour: 红}}"
    _, problems = checked(tmp_path, TEMPLATE % leaf)
    assert [(p.code, p.severity) for p in problems] == [("rule-param", Severity.WARNING)]


def test_branch_and_top_weight_sums(tmp_path: Path) -> None:
    path, problems = checked(tmp_path, TEMPLATE % "{name: 坏, weight: 40, rule: {kind: judgement}}")
    sums = [p for p in problems if p.code == "weight-sum"]
    assert len(sums) == 1 and "「甲」权重 100.00，下级合计 90.00" in sums[0].message
    assert sums[0].where.file == str(path) and sums[0].where.line == 7
    top = (
        TEMPLATE.replace("weight: 100", "weight: 90")
        % "{name: 坏, weight: 40, rule: {kind: judgement}}"
    )
    path, problems = checked(tmp_path, top)
    (problem,) = problems
    assert problem.code == "weight-sum" and "一级指标权重合计 90.00，应为 100.00" in problem.message
    assert problem.where.file == str(path) and problem.where.line == 1


@pytest.mark.parametrize(
    ("grades", "fragment"),
    [
        ("  - {min: 60, label: 合格}\n  - {min: 30, label: 不合格}\n", "最低一档的下限应为 0"),
        ("  - {min: 120, label: 合格}\n  - {min: 0, label: 不合格}\n", "超过总分"),
        ("  - {min: 0, label: 合格}\n  - {min: 0, label: 不合格}\n", "下限相同"),
    ],
)
def test_grade_bands(tmp_path: Path, grades: str, fragment: str) -> None:
    leaf = "{name: 坏, weight: 50, rule: {kind: judgement}}"
    text = (TEMPLATE % leaf).replace(
        "  - {min: 60, label: 合格}\n  - {min: 0, label: 不合格}\n", grades
    )
    path, problems = checked(tmp_path, text)
    (problem,) = problems
    assert problem.code == "grade-bands" and fragment in problem.message
    assert problem.where.file == str(path) and problem.where.line == 1


# CLI -------------------------------------------------------------------------------------


def test_cli_check_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    good = write(
        tmp_path, "good.yaml", TEMPLATE % "{name: 坏, weight: 50, rule: {kind: judgement}}"
    )
    result = runner.invoke(cli, ["framework", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output
    bad = write(tmp_path, "bad.yaml", TEMPLATE % "{name: 坏, weight: 50, rule: {kind: magic}}")
    result = runner.invoke(cli, ["framework", "check", str(bad)])
    assert result.exit_code == 1
    assert "unknown-rule" in result.output
    result = runner.invoke(cli, ["framework", "check", "--json", str(bad)])
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.output)["problems"]] == ["unknown-rule"]
    assert runner.invoke(cli, ["framework", "check", "project-reference"]).exit_code == 0


def test_cli_check_on_an_evaluation_case() -> None:
    result = CliRunner().invoke(
        cli, ["framework", "check", str(ROOT / "examples" / "seeds" / "004.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "信息化项目运维服务费项目绩效评价指标体系" in result.output
