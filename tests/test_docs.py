"""The docs are checked: what they show is what the code does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli
from jixiao.ingest.case import schema
from xlsx_fixtures import build_workbook, seed003_tables

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def console_runs(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each `$ jixiao …` in console blocks."""
    runs = []
    for block in blocks(text, "console"):
        lines = block.rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("$ jixiao "):
                out = []
                for follow in lines[i + 1 :]:
                    if follow.startswith("$ "):
                        break
                    out.append(follow)
                runs.append((line[2:], out))
    return runs


def test_readme_starts_with_the_two_commands() -> None:
    first = blocks(README, "sh")[0]
    assert README.index("```sh") < README.index("\n## ")
    assert [line.split()[:2] for line in first.strip().splitlines()] == [
        ["make", "demo"],
        ["make", "test"],
    ]


def test_readme_tour_output_is_real() -> None:
    command, expected = console_runs(README)[0]
    args = command.split()[1:]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "100"})
    got = [line.rstrip() for line in result.output.splitlines()]
    for line in expected:
        assert line.rstrip() in got, line


def test_readme_problem_example_is_real() -> None:
    """The tour's problem table ships in examples/problems/; the lines shown are what it prints."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        output = CliRunner().invoke(cli, ["score", "examples/problems/有问题的自评表.xlsx"]).output
    shown = [
        line
        for line in blocks(README, "console")[2].splitlines()
        if line.startswith(("错误", "警告"))
    ]
    assert len(shown) == 2
    for line in shown:
        assert line in output, (line, output)


def test_the_shipped_problem_table_is_the_fixture_it_was_made_from(tmp_path: Path) -> None:
    """examples/problems/有问题的自评表.xlsx: seed 003's first table, one weight blanked and one
    target made unreadable, in the Shenzhen layout (rebuilt here, compared by content)."""
    table = seed003_tables()[0]
    table["indicators"][0]["weight"] = None
    table["indicators"][1]["target"] = "见附件"
    build_workbook(
        tmp_path / "表.xlsx", [table], layout="shenzhen", sheet_name="Sheet1", stack="one_sheet"
    )
    from jixiao.ingest.xlsx import read_workbook_grids

    shipped = read_workbook_grids(ROOT / "examples" / "problems" / "有问题的自评表.xlsx")
    rebuilt = read_workbook_grids(tmp_path / "表.xlsx")
    assert [[r.cells for r in g.rows] for g in shipped] == [
        [r.cells for r in g.rows] for g in rebuilt
    ]


def test_every_command_is_documented_with_an_example() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert isinstance(cli.commands, dict)
    for name in cli.commands:
        assert f"## `jixiao {name}" in text, name
        help_text = CliRunner().invoke(cli, [name, "--help"]).output
        assert "示例" in help_text, name


# code-like literals that are names, not codes: the data folder and the demo users' password
_OWN_NAMES = {"jixiao-data", "jixiao-demo", "same-origin", "project-reference"}  # names, a header


def test_every_problem_code_is_documented() -> None:
    text = (DOCS / "problems.md").read_text(encoding="utf-8")
    text += (DOCS / "review-rules.md").read_text(encoding="utf-8")  # review finding codes
    text += (DOCS / "api.md").read_text(encoding="utf-8")  # the web API's error codes
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    codes = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) - _OWN_NAMES
    assert codes, "no problem codes found"
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert not missing


def test_every_policy_key_is_documented() -> None:
    text = (DOCS / "scoring.md").read_text(encoding="utf-8")
    path = ROOT / "src" / "jixiao" / "scoring" / "policies" / "default.yaml"
    policy = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in policy.items():
        if key in ("name", "title"):
            continue
        if isinstance(value, dict):
            for sub in value:
                assert f"{key}.{sub}" in text or f"`{sub}`" in text, f"{key}.{sub}"
        else:
            assert f"`{key}`" in text, key


def test_schema_in_docs_is_the_one_the_code_uses() -> None:
    docs_schema = json.loads((DOCS / "case-format.schema.json").read_text(encoding="utf-8"))
    assert docs_schema == schema()


def test_case_format_examples_are_valid_cases(tmp_path: Path) -> None:
    examples = blocks((DOCS / "case-format.md").read_text(encoding="utf-8"), "yaml")
    assert len(examples) == 2
    for i, text in enumerate(examples):
        path = tmp_path / f"example{i}.yaml"
        path.write_text(text, encoding="utf-8")
        tables, problems = api.read_path(path)
        assert tables and not problems, problems


def test_case_format_error_example_is_real(tmp_path: Path) -> None:
    text = (DOCS / "case-format.md").read_text(encoding="utf-8")
    shown = blocks(text, "text")[0].strip()
    minimal = blocks(text, "yaml")[0].replace("    weight: 40\n", "", 1)
    path = tmp_path / "表.yaml"
    path.write_text(minimal, encoding="utf-8")
    _, problems = api.read_path(path)
    assert str(problems[0]).replace(str(path), "表.yaml") == shown


def test_every_subcommand_has_an_example() -> None:
    import click

    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            for sub in command.commands:
                help_text = CliRunner().invoke(cli, [name, sub, "--help"]).output
                assert "示例" in help_text, f"{name} {sub}"


def test_rules_reference_is_generated_from_the_registry() -> None:
    from jixiao.scoring.rules.reference import render_reference

    assert (DOCS / "rules.md").read_text(encoding="utf-8") == render_reference(), (
        "docs/rules.md is stale: regenerate it with render_reference()"
    )


def test_evaluation_schema_in_docs_is_the_one_the_code_uses() -> None:
    from jixiao.ingest.evaluation import evaluation_schema

    text = (DOCS / "evaluation-format.schema.json").read_text(encoding="utf-8")
    assert json.loads(text) == evaluation_schema()


def test_framework_examples_load_and_check_clean(tmp_path: Path) -> None:
    from jixiao.ingest.framework import load_yaml
    from jixiao.validate.framework import check_framework

    examples = blocks((DOCS / "frameworks.md").read_text(encoding="utf-8"), "yaml")
    assert len(examples) == 2
    for i, text in enumerate(examples):
        path = tmp_path / f"fw{i}.yaml"
        path.write_text(text, encoding="utf-8")
        framework, problems = api.check_framework(str(path))
        assert framework is not None and not problems, problems
        assert load_yaml(text, "x")  # and it is plain YAML
        assert not check_framework(framework)


def test_evaluation_example_scores_cleanly(tmp_path: Path) -> None:
    text = blocks((DOCS / "evaluation-format.md").read_text(encoding="utf-8"), "yaml")[0]
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    run = api.score_paths([path])
    assert [(str(r.total), r.grade) for r in run.results] == [("89.89", "良")]
    assert not [p for p in run.problems if p.severity.value == "error"]


def test_problems_reference_is_generated_from_the_registry() -> None:
    from jixiao.core.codes import render_reference

    assert (DOCS / "problems.md").read_text(encoding="utf-8") == render_reference(), (
        "docs/problems.md is stale: regenerate it with jixiao.core.codes.render_reference()"
    )


def test_every_code_the_source_reports_is_registered() -> None:
    """One registry of codes: each code-like literal in the source is a problem code of
    core/codes.py or a review rule's code, and each registered code has a Chinese title."""
    import jixiao.review.rules  # noqa: F401
    from jixiao.core.codes import CODES
    from jixiao.review.finding import review_rules

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    found = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source))
    assert len(found) > 80
    from jixiao.service.errors import ERRORS  # the web API's error codes: their own registry

    others = set(ERRORS) | _OWN_NAMES
    assert sorted(found - set(CODES) - set(review_rules()) - others) == []
    assert all(re.search(r"[\u4e00-\u9fff]", c.title) and c.severities for c in CODES.values())


def test_review_reference_is_generated_from_the_registry() -> None:
    from jixiao.review.reference import render_review_reference

    assert (DOCS / "review-rules.md").read_text(encoding="utf-8") == render_review_reference()


def test_the_readme_counts_the_review_rules_there_are() -> None:
    from jixiao.review.finding import review_rules

    count = re.search(r"(\d+) 条有编号、有文档的审核规则", README)
    assert count is not None and int(count.group(1)) == len(review_rules())


def test_every_option_of_every_command_is_documented() -> None:
    import click

    from jixiao.cli import cli

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = [cmd for cmd in cli.commands.values() if not isinstance(cmd, click.Group)]
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(o in text for o in param.opts), (command.name, param.opts)
