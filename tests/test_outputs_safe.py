"""No command writes to one of its inputs, replaces a file silently or fails with a traceback:
every writing command with -o equal to, beside and inside its inputs, and onto bad paths."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli
from jixiao.export.output import OutputError, write_atomically

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"
CASE = ROOT / "examples" / "seeds" / "004.yaml"


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below `folder` with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "自评表.xlsx"
    shutil.copy(EXAMPLE, path)
    return path


def test_report_never_overwrites_the_table_it_reads(table: Path) -> None:
    before = table.read_bytes()
    code, output = run("report", table, "-o", table.with_suffix(".docx"))
    assert code == 0
    assert table.read_bytes() == before
    companion = table.with_name("自评表-评分结果.xlsx")
    assert companion.is_file() and table.with_suffix(".docx").is_file()
    assert f"已写入 {table.with_suffix('.docx')}" in output
    assert f"已写入 {companion}" in output


def test_report_says_which_files_it_replaced(table: Path) -> None:
    out = table.with_name("报告.docx")
    run("report", table, "-o", out)
    code, output = run("report", table, "-o", out)
    assert code == 0
    assert f"已覆盖 {out}" in output and f"已覆盖 {table.with_name('报告-评分结果.xlsx')}" in output


def test_report_refuses_when_its_companion_table_would_be_the_input(tmp_path: Path) -> None:
    source = tmp_path / "表-评分结果.xlsx"
    shutil.copy(EXAMPLE, source)
    before = fingerprint(tmp_path)
    code, output = run("report", source, "-o", tmp_path / "表.docx")
    assert code == 1
    assert "output-is-input" in output and "不会覆盖输入" in output
    assert fingerprint(tmp_path) == before  # not even the report was written


def test_convert_refuses_its_own_input_by_path_link_and_dots(table: Path) -> None:
    link = table.with_name("链接.xlsx")
    link.symlink_to(table)
    hard = table.with_name("硬链接.xlsx")
    os.link(table, hard)
    before = fingerprint(table.parent)
    for target in (table, link, hard, table.parent / "子目录" / ".." / table.name):
        code, output = run("convert", table, "-o", target)
        assert code == 1 and "output-is-input" in output, target
    assert fingerprint(table.parent) == before


def test_convert_beside_and_inside_its_input(table: Path) -> None:
    before = table.read_bytes()
    code, _ = run("convert", table, "-o", table.with_name("自评表2.xlsx"))
    assert code == 0 and table.with_name("自评表2.xlsx").is_file()
    code, output = run("convert", table, "-o", table / "内部.yaml")
    assert code == 1 and f"上级路径「{table}」是文件，不是文件夹" in output
    assert "Traceback" not in output
    assert table.read_bytes() == before


def test_review_list_refuses_to_replace_a_file_it_reviews(table: Path) -> None:
    before = table.read_bytes()
    code, output = run("review", table, "-o", table)
    assert code == 1 and "output-is-input" in output
    assert table.read_bytes() == before


def test_review_list_inside_the_folder_reviewed_is_not_reviewed_next_time(table: Path) -> None:
    folder = table.parent
    listing = folder / "审核清单.xlsx"
    run("review", folder, "-o", listing)
    assert listing.is_file()
    code, output = run("review", folder, "-o", listing)  # the list from the first run is there
    assert "no-table" not in output and "output-is-input" not in output
    assert f"已覆盖 {listing}" in output
    assert code == 1  # the example's own score errors, as on the first run


def test_review_of_a_missing_path_writes_nothing(tmp_path: Path) -> None:
    listing = tmp_path / "清单.xlsx"
    code, output = run("review", tmp_path / "不存在.xlsx", "-o", listing)
    assert code == 1
    assert "未发现问题" not in output
    assert "nothing-read" in output and "file-not-found" in output
    assert not listing.exists()


READ_ONLY_REASONS = ("没有写入权限", "所在位置只读，不能写入", "的权限，或该位置只读")


@contextlib.contextmanager
def read_only_folder(base: Path) -> Iterator[Path]:
    """A folder nobody may write into, root included: a read-only mount where root can make
    one, else permissions (which bind everyone but root)."""
    folder = base / "只读"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root here: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


BAD_OUTPUTS = {
    "an existing folder": lambda tmp: (tmp / "文件夹.xlsx", "是一个已有的文件夹"),
    "a name over 255 bytes": lambda tmp: (tmp / ("长" * 90 + ".xlsx"), "文件名太长"),
    "a parent that is a file": lambda tmp: (tmp / "自评表.xlsx" / "x.xlsx", "是文件，不是文件夹"),
}


@pytest.mark.parametrize("case", sorted(BAD_OUTPUTS))
@pytest.mark.parametrize("command", ["convert", "review", "report"])
def test_bad_output_paths_get_one_located_chinese_line(
    table: Path, case: str, command: str
) -> None:
    (table.parent / "文件夹.xlsx").mkdir()
    output, reason = BAD_OUTPUTS[case](table.parent)
    if command == "report":
        output = output.with_suffix(".docx")
        if case == "an existing folder":
            output.mkdir()
    before = fingerprint(table.parent)
    code, text = run(command, table, "-o", output)
    assert code == 1
    lines = [line for line in text.splitlines() if "错误" in line and "cannot-write" in line]
    assert len(lines) == 1 and reason in lines[0] and str(output) in lines[0], text
    assert "Traceback" not in text and "Error" not in text
    assert fingerprint(table.parent) == before


@pytest.mark.parametrize("command", ["convert", "review", "report"])
def test_a_read_only_folder_is_one_chinese_line(table: Path, command: str) -> None:
    with read_only_folder(table.parent) as folder:
        output = folder / ("报告.docx" if command == "report" else "结果.xlsx")
        code, text = run(command, table, "-o", output)
        assert code == 1
        assert any(reason in text for reason in READ_ONLY_REASONS), text
        assert str(output) in text and "Traceback" not in text
        assert not output.exists()


def test_an_interrupted_write_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    path = tmp_path / "结果.xlsx"
    path.write_bytes(b"old")

    def half_then_interrupt(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, half_then_interrupt)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["结果.xlsx"]


def test_a_written_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    write_atomically(path, lambda tmp: tmp.write_text("x"))
    plain = tmp_path / "b.txt"
    plain.write_text("x")
    assert path.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_an_os_failure_is_an_output_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "文件" / "x.txt"
    (tmp_path / "文件").write_text("")
    with pytest.raises(OutputError) as raised:
        write_atomically(target, lambda tmp: tmp.write_text("x"))
    assert raised.value.path == target and "是文件，不是文件夹" in str(raised.value)


@pytest.mark.parametrize("suffix", [".odt", ".doc", ".html", ""])
def test_report_refuses_formats_it_does_not_write(tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"报告{suffix}"
    problems = api.write_report(CASE, output)
    assert [p.code for p in problems] == ["unsupported-output"]
    assert not output.exists() and list(tmp_path.iterdir()) == []


def test_report_format_and_suffix_must_agree(tmp_path: Path) -> None:
    problems = api.write_report(CASE, tmp_path / "报告.docx", "pdf")
    assert [p.code for p in problems] == ["unsupported-output"]
    assert "「.pdf」" in problems[0].message


def test_review_of_a_folder_never_replaces_a_table_inside_it(tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    folder.mkdir()
    table = folder / "表.xlsx"
    shutil.copy(EXAMPLE, table)
    before = fingerprint(folder)
    code, output = run("review", folder, "-o", table)
    assert code == 1 and "output-is-input" in output
    assert fingerprint(folder) == before


def test_a_review_list_left_in_a_folder_is_skipped_not_read_as_a_table(table: Path) -> None:
    folder = table.parent
    run("review", folder, "-o", folder / "旧清单.xlsx")
    _, output = run("review", folder, "-o", folder / "新清单.html")
    assert "no-indicators" not in output and "no-table" not in output
    assert "是 jixiao 写出的审核清单" in output


def test_a_missing_folder_is_not_an_unsupported_file_type(tmp_path: Path) -> None:
    code, output = run("score", tmp_path / "没有这个文件夹")
    assert code == 1 and "file-not-found" in output and "unsupported-file" not in output


def test_a_read_only_destination_is_refused_before_the_review(table: Path) -> None:
    with read_only_folder(table.parent) as folder:
        code, output = run("review", table.parent, "-o", folder / "清单.xlsx")
        assert code == 1 and "审核发现" not in output  # refused before reviewing
        assert any(reason in output for reason in READ_ONLY_REASONS)


def test_the_written_paths_are_the_files_written_not_guesses_from_timestamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An evaluation report writes no companion table: even when another process changes a
    file of that name meanwhile, the command names only the report."""
    out = tmp_path / "同.docx"
    companion = tmp_path / "同-评分结果.xlsx"
    from jixiao.report import write as report_write

    real = report_write.write_evaluation_report

    def meanwhile(*args: object, **kwargs: object) -> object:
        companion.write_bytes(b"another process")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report_write, "write_evaluation_report", meanwhile)
    code, output = run("report", CASE, "-o", out)
    assert code == 0
    assert f"已写入 {out}" in output and str(companion) not in output
