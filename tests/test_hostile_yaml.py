"""Hostile YAML and JSON (alias bombs, recursive aliases, deep nesting, unreadable numbers): each
is refused within 10 s and 1 GB, with a located Chinese problem, never a traceback."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import api
from jixiao.core.problems import Severity
from jixiao.source.reader import load
from jixiao.source.values import NotANumber, read_number

ROW = '{path: [产出指标, 数量指标, 培训人次], target: "≥2000人次", actual: "1850人次", weight: 10}'


def laughs() -> str:
    """The 'billion laughs': nine levels of nine aliases, 9⁹ strings once expanded."""
    lines = [
        "format: jixiao-evaluation/1",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join([*lines, "title: *i", ""])


def fan_out() -> str:
    """11 KB: a thousand tables of a thousand indicator rows, by aliases."""
    rows = "[&row " + ROW + ", " + ", ".join(["*row"] * 999) + "]"
    table = "{project: {name: 测试}, indicators: " + rows + "}"
    return (
        "format: jixiao-selfeval/1\ntables: [&t " + table + ", " + ", ".join(["*t"] * 999) + "]\n"
    )


def chained_depth() -> str:
    """Each level shallow, but aliases stack them 60 deep twenty times over."""
    lines = ["format: jixiao-evaluation/1", "a0: &a0 " + "[" * 60 + "]" * 60]
    for n in range(1, 20):
        lines.append(f"a{n}: &a{n} " + "[" * 50 + f"*a{n - 1}" + "]" * 50)
    return "\n".join([*lines, "title: *a19", ""])


HOSTILE = {
    "laughs.yaml": (laughs(), "limit-exceeded"),
    "fanout.yaml": (fan_out(), "limit-exceeded"),
    "recursive.yaml": ("format: jixiao-evaluation/1\ntitle: &a [*a]\n", "unreadable-file"),
    "recursive_map.yaml": ("project: &p {name: x, p: *p}\nindicators: []\n", "unreadable-file"),
    "deep.yaml": (
        "format: jixiao-evaluation/1\ntitle: " + "[" * 5000 + "]" * 5000 + "\n",
        "limit-exceeded",
    ),
    "chained.yaml": (chained_depth(), "limit-exceeded"),
    "deep.json": ('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "limit-exceeded"),
    "nan.json": (
        '{"project": {"name": "x"},\n "indicators": [{"path": ["a"], "target": "1",'
        ' "actual": "1", "weight": NaN}]}\n',
        "unreadable-file",
    ),
    "huge_int.json": (
        '{"project": {"name": "x",\n "year": ' + "9" * 5000 + '},\n "indicators": []}\n',
        "case-invalid",
    ),
    "complex_key.yaml": ("? [a, b]\n: 1\nproject: {name: x}\n", "unreadable-file"),
    # PyYAML's scanner calls chr() on these escapes: OverflowError, ValueError
    "escape_overflow.yaml": ('project: {name: "\\UFFFFFFFF"}\n', "unreadable-file"),
    "escape_past_unicode.yaml": ('project:\n  name: "\\U00110000"\n', "unreadable-file"),
}

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from jixiao import api
start = time.perf_counter()
cases, problems = api.read_path(Path(sys.argv[1]))
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cases": len(cases),
    "problems": [[p.code, p.where.line or p.where.field, p.message] for p in problems],
}, ensure_ascii=False))
"""


def _cap() -> None:  # a runaway child dies at 2 GB of address space instead of eating the machine
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_bounded(path: Path) -> dict[str, object]:
    """api.read_path(path) in a child process: its time, peak RSS and problems."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_cap,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_bounded_and_located(tmp_path: Path, name: str) -> None:
    text, code = HOSTILE[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_bounded(path)
    assert result["seconds"] < 10  # type: ignore[operator]
    assert result["rss_mb"] < 1024  # type: ignore[operator]
    assert result["cases"] == 0
    problems = result["problems"]
    assert problems, name
    first = problems[0]  # type: ignore[index]
    assert first[0] == code, problems
    assert first[1] is not None, problems  # located: a line (JSON: a field)
    assert all(len(p[2]) < 300 for p in problems), problems  # type: ignore[union-attr]
    assert "lol" not in json.dumps(problems)  # never the expanded document


def test_the_limit_message_names_the_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs(), encoding="utf-8")
    [problem] = api.read_path(path)[1]
    assert problem.code == "limit-exceeded" and problem.severity is Severity.ERROR
    assert "yaml_nodes" in problem.message and "docs/limits.md" in problem.message


def test_aliases_within_the_limits_still_work(tmp_path: Path) -> None:
    path = tmp_path / "表.yaml"
    path.write_text(
        "project: {name: 测试}\nindicators:\n  - &r "
        + ROW
        + "\n  - *r\n  - <<: *r\n    weight: 5\n",
        encoding="utf-8",
    )
    [table], _ = api.read_path(path)
    assert [r.weight for r in table.indicators] == [10, 10, 5]  # type: ignore[attr-defined]


# Numbers: finite or refused where they are read, saying what is wrong.

BAD_WEIGHTS = {
    "'1.2.3'": "不是数字",
    "'Infinity'": "不是有限的数字",
    ".nan": "NaN",
    ".inf": "不是有限的数字",
    "-.inf": "不是有限的数字",
    "1.0e+999999": "超出可读的范围",
    "1.0E-999999": "超出可读的范围",
    "'1e999999'": "超出可读的范围",
    "99999999999999999999999": "超出可读的范围",
}


@pytest.mark.parametrize("weight", sorted(BAD_WEIGHTS))
def test_a_weight_that_is_no_number_is_a_located_problem(tmp_path: Path, weight: str) -> None:
    path = tmp_path / "表.yaml"
    path.write_text(
        "project: {name: 测试}\nindicators:\n  - path: [产出指标, 数量指标, 培训人次]\n"
        f"    target: 10\n    actual: 10\n    weight: {weight}\n",
        encoding="utf-8",
    )
    tables, problems = api.read_path(path)
    assert tables == []
    [problem] = problems
    assert problem.severity is Severity.ERROR
    assert problem.where.line == 6 and problem.where.field == "indicators[0].weight"
    assert BAD_WEIGHTS[weight] in problem.message and "为空或为 0" not in problem.message


def test_json_numbers_are_finite_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "表.json"
    case = {
        "project": {"name": "测试"},
        "indicators": [{"path": ["a", "b", "c"], "target": "1", "actual": "1", "weight": 1}],
    }
    text = json.dumps(case).replace('"weight": 1', '"weight": 1e999999')
    path.write_text(text, encoding="utf-8")
    tables, problems = api.read_path(path)
    assert tables == [] and "超出可读的范围" in problems[0].message
    path.write_text(text.replace("1e999999", "Infinity"), encoding="utf-8")
    [problem] = api.read_path(path)[1]
    assert problem.code == "unreadable-file" and "Infinity" in problem.message


def test_the_loader_never_yields_a_number_out_of_range() -> None:
    data = load("a: .nan\nb: 1.0e+400\nc: 7.00\nd: 0x10\ne: 1_000\n", "x")
    assert data == {"a": ".nan", "b": "1.0e+400", "c": Decimal("7.00"), "d": 16, "e": 1000}
    assert isinstance(data["a"], NotANumber) and isinstance(data["b"], NotANumber)
    assert read_number(data["c"]) == (Decimal("7.00"), None)
    assert read_number(None) == (None, None)


# Every other YAML reader: monitoring cases, frameworks, evaluation cases, policies, review config.


def test_a_monitoring_case_bomb_and_its_unreadable_amounts(tmp_path: Path) -> None:
    from jixiao.monitor.read import read_department

    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs().replace("jixiao-evaluation/1", "jixiao-monitor/1"), encoding="utf-8")
    assert run_bounded_monitor(bomb)
    case = tmp_path / "m.yaml"
    case.write_text(
        "format: jixiao-monitor/1\ndepartment: 某局\nyear: 2024\nunit: 万元\nprojects:\n"
        "  - name: 项目甲\n    budget: .nan\n    monthly: {1: 1.0e+999999, 2: -5}\n",
        encoding="utf-8",
    )
    _, problems = read_department(case)
    found = {(p.where.line, p.message) for p in problems}
    assert (7, "预算数「.nan」不是数字（NaN）") in found
    assert any(line == 8 and "超出可读的范围" in m for line, m in found), found
    assert any(line == 8 and "为负数" in m for line, m in found), found


def run_bounded_monitor(path: Path) -> list[object]:
    from jixiao.monitor.read import read_department

    _, problems = read_department(path)
    assert [p.code for p in problems] == ["limit-exceeded"]
    assert problems[0].where.line is not None
    return list(problems)


EVALUATION = """format: jixiao-evaluation/1
title: 评价
project: {{name: 项目}}
framework:
  id: f
  indicators:
    - {{name: 决策, weight: {weight}}}
    - {{name: 产出, weight: 50}}
funds:
  lines:
    - {{name: 年初预算, value: {value}}}
facts: {{}}
published: {{total: {total}}}
"""


@pytest.mark.parametrize(
    ("weight", "value", "total", "expected"),
    [
        (".inf", "1", "90", ("framework-invalid", 7, "不是有限的数字")),
        ("-10", "1", "90", ("framework-invalid", 7, "为负数")),
        ("50", ".nan", "90", ("case-invalid", 11, "NaN")),
        ("50", "-300", "90", ("negative-amount", 11, "为负数")),
        ("50", "1", "1.0e+999999", ("case-invalid", 13, "超出可读的范围")),
    ],
)
def test_evaluation_case_numbers_are_finite_and_not_negative(
    tmp_path: Path, weight: str, value: str, total: str, expected: tuple[str, int, str]
) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(EVALUATION.format(weight=weight, value=value, total=total), encoding="utf-8")
    _, problems = api.read_path(path)
    code, line, text = expected
    assert any(p.code == code and p.where.line == line and text in p.message for p in problems), (
        problems
    )


def test_a_policy_with_nan_or_negative_shares_is_refused(tmp_path: Path) -> None:
    from jixiao.scoring.policy import PolicyError, load_policy

    source = (
        Path(__file__).resolve().parents[1] / "src/jixiao/scoring/policies/default.yaml"
    ).read_text(encoding="utf-8")
    for bad, why in ((".nan", "NaN"), ("-0.5", "负数"), ("'Infinity'", "有限")):
        path = tmp_path / f"p{len(why)}.yaml"
        path.write_text(
            re.sub(r"(\n\s+met:) [^\n]+", rf"\1 {bad}", source, count=1), encoding="utf-8"
        )
        with pytest.raises(PolicyError, match=why):
            load_policy(str(path))
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs(), encoding="utf-8")
    with pytest.raises(PolicyError, match="yaml_nodes"):
        load_policy(str(bomb))


def test_a_review_config_with_unreadable_thresholds_is_refused(tmp_path: Path) -> None:
    from jixiao.review.finding import ReviewConfigError, load_config

    path = tmp_path / "审核.yaml"
    code = next(iter(load_config()))
    path.write_text(f"rules:\n  {code}:\n    limit: .inf\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="不是有限的数字"):
        load_config(path)
    path.write_text(laughs(), encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="yaml_nodes"):
        load_config(path)
