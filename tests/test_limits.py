"""Limits are data: defaults, a `limits` file, a located problem when one is exceeded."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli
from jixiao.core import limits
from jixiao.ingest.limits import load_limits

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"


def test_every_limit_has_a_chinese_label_and_is_documented() -> None:
    names = [f.name for f in dataclasses.fields(limits.Limits)]
    assert sorted(names) == sorted(limits.LABELS)
    doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(limits.Limits):
        row = re.search(rf"^\| `{f.name}` \| (.+?) \| (.+?) \|$", doc, flags=re.M)
        assert row is not None, f.name
        assert row.group(1) == limits.LABELS[f.name]
        assert row.group(2).replace(",", "") == str(f.default)


def test_a_limits_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "限额.yaml"
    path.write_text("limits:\n  sheet_rows: 500000\n  formula_seconds: 2.5\n", encoding="utf-8")
    chosen, problems = load_limits(path)
    assert problems == []
    assert chosen == limits.Limits().replace(sheet_rows=500000, formula_seconds=2.5)


def test_wrong_limits_are_located_problems_and_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "限额.yaml"
    path.write_text(
        "sheet_rows: -1\nfoo: 3\nsheets: 1.5\nfile_bytes: .inf\ncell_chars: true\n",
        encoding="utf-8",
    )
    chosen, problems = load_limits(path)
    assert chosen == limits.Limits()
    fields = sorted(str(p.where.field) for p in problems)
    assert fields == ["cell_chars", "file_bytes", "foo", "sheet_rows", "sheets"]
    assert {p.code for p in problems} == {"limits-invalid"}


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    small = limits.Limits().replace(file_bytes=100)
    with limits.using(small):
        cases, problems = api.read_path(TABLE)
    assert cases == []
    [problem] = problems
    assert problem.code == "limit-exceeded" and "file_bytes" in problem.message
    assert "上限 100" in problem.message and "docs/limits.md" in problem.message
    assert api.read_path(TABLE)[0]  # the defaults are back outside the block


def test_the_cli_takes_limits_from_a_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("limits: {file_bytes: 100}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--limits", str(good), "score", str(TABLE)])
    assert result.exit_code == 1 and "limit-exceeded" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("limits: {file_bytes: 0}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--limits", str(bad), "score", str(TABLE)])
    assert result.exit_code == 2 and "limits-invalid" in result.output
    result = CliRunner().invoke(cli, ["score", str(TABLE)], env={"JIXIAO_LIMITS": str(good)})
    assert result.exit_code == 1 and "limit-exceeded" in result.output


def test_a_workbook_with_more_tables_than_a_reader_takes_is_not_written(tmp_path: Path) -> None:
    """jixiao never writes a workbook it would refuse to read: more tables than the `sheets`
    limit is a located limit problem, and no file."""
    from jixiao.core.problems import Severity, has_errors

    source = tmp_path / "三张.txt"
    source.write_text("\n\n".join([TABLE.read_text(encoding="utf-8")] * 3), encoding="utf-8")
    assert len(api.read_path(source)[0]) == 3
    target = tmp_path / "三张.xlsx"
    with limits.using(limits.Limits().replace(sheets=2)):
        problems = api.convert(source, target)
    [refused] = [p for p in problems if p.severity is Severity.ERROR]
    assert refused.code == "limit-exceeded" and refused.where.file == str(target)
    assert "实际 3，上限 2" in refused.message and "sheets" in refused.message
    assert not target.exists()
    assert not has_errors(api.convert(source, target))  # within the limit: written, read back
    assert len(api.read_path(target)[0]) == 3
