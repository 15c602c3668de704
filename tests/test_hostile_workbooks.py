"""Hostile workbooks (tests/hostile.py) end in a located Chinese message, in bounded time and
memory: `jixiao score` runs in a child process under a 2 GB address-space cap, and must exit
within 10 s of CPU, under 1 GB peak RSS, without a traceback and without writing anything."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile import HOSTILE, TABLE_ODS, TABLE_XLSX, sheet_xml, write_xlsx
from jixiao import api
from jixiao.core import limits
from jixiao.ingest.xlsx import cell_text, read_workbook_grids

EXTRA_ENV: dict[str, str] = {}
JIXIAO = Path(sys.executable).with_name("jixiao")
ADDRESS_SPACE = 2 << 30
CPU_SECONDS = 10.0
PEAK_RSS_KB = 1 << 20  # ru_maxrss is in KiB on Linux
TABLE_TOTAL = "96.58"  # the example table's score


@dataclass(frozen=True)
class Run:
    code: int
    output: str
    cpu: float
    peak_kb: int


def run_score(path: Path, cwd: Path, *args: str) -> Run:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    log = cwd.parent / f"{path.name}.log"
    with log.open("wb") as out:
        child = subprocess.Popen(
            [str(JIXIAO), *args, "score", str(path)],
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=cap,
            env={**os.environ, **EXTRA_ENV, "COLUMNS": "200", "NO_COLOR": "1"},
        )
        deadline = time.monotonic() + 60
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(child.pid, signal.SIGKILL)
            time.sleep(0.02)
    child.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    return Run(child.returncode, text, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


# name → (exit code, problem code, text the message must hold)
EXPECTED = {
    "far_cell": (1, "limit-exceeded", "sheet_rows"),
    "far_formatting": (0, None, TABLE_TOTAL),
    "far_column": (1, "limit-exceeded", "sheet_columns"),
    "million_rows": (1, "limit-exceeded", "sheet_rows"),
    "too_many_sheets": (1, "limit-exceeded", "sheets"),
    "long_cell": (0, "limit-exceeded", "单元格 I14"),
    "zip_bomb": (1, "limit-exceeded", "zip_"),
    "zip_bomb_lying": (1, "unreadable-file", "sheet1.xml"),
    "ods_zip_bomb": (1, "unreadable-file", "content.xml"),
    "ods_far_cell": (1, "limit-exceeded", "sheet_rows"),
    "huge_float": (0, None, TABLE_TOTAL),
    "infinite_float": (0, None, TABLE_TOTAL),
    "billion_laughs": (1, "unreadable-file", "DTD"),
    "external_entity": (1, "unreadable-file", "DTD"),
    "styles_laughs": (1, "unreadable-file", "DTD"),
    "corrupt_deflate": (1, "unreadable-file", "sheet1.xml"),
    "bad_crc": (1, "unreadable-file", "sheet1.xml"),
    "encrypted": (1, "unreadable-file", "密码"),
    "xls_far_cell": (1, "limit-exceeded", "sheet_cells"),
    "xls_hidden_far_cell": (1, "limit-exceeded", "sheet_cells"),
    "xls_bad_dimensions": (1, "unreadable-file", "范围已损坏"),
}


def test_every_hostile_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(HOSTILE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_workbook_is_bounded_located_and_quiet(tmp_path: Path, name: str) -> None:
    inputs, cwd = tmp_path / "in", tmp_path / "cwd"
    inputs.mkdir()
    cwd.mkdir()
    path = HOSTILE[name](inputs)
    for extra in inputs.iterdir():  # generators may leave a base file beside theirs
        if extra != path:
            extra.unlink()
    run = run_score(path, cwd)
    exit_code, code, needle = EXPECTED[name]
    report = (
        f"{name}: exit {run.code}, {run.cpu:.2f} s CPU, {run.peak_kb // 1024} MiB\n{run.output}"
    )
    assert "Traceback" not in run.output, report
    assert run.code == exit_code, report
    assert run.cpu < CPU_SECONDS and run.peak_kb < PEAK_RSS_KB, report
    assert needle in run.output, report
    if code is not None:
        line = next((x for x in run.output.splitlines() if f"({code})" in x), "")
        assert path.name in line, report  # located: the file, and the sheet or cell or part
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line), report
    assert [p.name for p in inputs.iterdir()] == [path.name], report
    assert not list(cwd.iterdir()), report
    print(report.splitlines()[0])


def test_a_far_formatted_cell_changes_no_grid(tmp_path: Path) -> None:
    far = HOSTILE["far_formatting"](tmp_path)
    assert read_workbook_grids(far)[0].rows == _renamed(read_workbook_grids(TABLE_XLSX), far)


def _renamed(grids: list, path: Path) -> tuple:
    return tuple(r._replace(file=str(path)) for r in grids[0].rows)


@pytest.mark.parametrize("source", [TABLE_XLSX, TABLE_ODS, TABLE_ODS.with_suffix(".xls")])
def test_sheet_limits_hold_for_every_workbook_format(tmp_path: Path, source: Path) -> None:
    path = tmp_path / source.name
    shutil.copy(source, path)
    for name, value in (("sheet_rows", 10), ("sheet_columns", 5), ("sheet_cells", 100)):
        chosen = tmp_path / f"{name}.yaml"
        chosen.write_text(f"limits: {{{name}: {value}}}\n", encoding="utf-8")
        run = run_score(path, tmp_path, "--limits", str(chosen))
        assert run.code == 1 and "(limit-exceeded)" in run.output, run.output
        assert name in run.output and "工作表" in run.output, run.output


def test_a_long_cell_is_cut_to_the_limit() -> None:
    with limits.using(limits.Limits().replace(cell_chars=5)):
        grids = read_workbook_grids(TABLE_XLSX)
    cells = [c for g in grids for r in g.rows for c in r.cells]
    assert "项目支出绩效自评表"[:5] in cells and max(len(c) for c in cells) == 5
    assert any(
        p.where.cell == "A1" and p.code == "limit-exceeded" for g in grids for p in g.problems
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e18, "1000000000000000000"),
        (1.5e30, "1500000000000000000000000000000"),
        (0.1 + 0.2, "0.3"),
        (float("inf"), "#NUM!"),
        (float("-inf"), "#NUM!"),
        (float("nan"), "#NUM!"),
        (10**40, "1" + "0" * 40),
    ],
)
def test_any_number_becomes_its_text(value: float, text: str) -> None:
    assert cell_text(value) == text
    assert cell_text(value, "0.00%").endswith("%") or text == "#NUM!"


REFS = ["A1", "B2", "ZZZ9", "XFD1", "A0", "", "1A", "a1", "AAAA1", "A99999999999", "Z1048577"]
VALUES = ["1", "1e999", "-1e999", "NaN", "inf", "1" * 5000, "-0", "0x10", "", "1.5", "99", "甲"]
TYPES = [None, "n", "s", "str", "b", "e", "inlineStr", "d"]


def _cell(ref: str, value: str, kind: str | None) -> str:
    r = f' r="{ref}"' if ref else ""
    t = f' t="{kind}"' if kind else ""
    body = f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
    return f"<c{r}{t}>{body}</c>"


cells = st.lists(
    st.builds(_cell, st.sampled_from(REFS), st.sampled_from(VALUES), st.sampled_from(TYPES)),
    min_size=1,
    max_size=6,
)
row_refs = st.sampled_from(["1", "2", "", "0", "-5", "1048577", "x"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(row_refs, cells), min_size=1, max_size=4))
def test_any_sheet_xml_reads_or_is_a_located_problem(rows: list[tuple[str, list[str]]]) -> None:
    xml = "".join(
        f"<row{f' r={chr(34)}{r}{chr(34)}' if r else ''}>{''.join(c)}</row>" for r, c in rows
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "随机.xlsx", {"表": sheet_xml(xml)})
        _, problems = api.read_path(path)
    assert all(p.where.file == str(path) for p in problems)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([TABLE_XLSX, TABLE_ODS, TABLE_ODS.with_suffix(".xls")]),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_any_damaged_workbook_reads_or_is_a_located_problem(
    source: Path, changes: list[tuple[float, int]], cut: float | None
) -> None:
    data = bytearray(source.read_bytes())
    for where, byte in changes:
        data[int(where * len(data))] = byte
    if cut is not None:
        data = data[: max(1, int(cut * len(data)))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        path.write_bytes(bytes(data))
        _, problems = api.read_path(path)
    assert all(p.where.file == str(path) for p in problems)
