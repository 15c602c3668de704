"""Text from an input never comes back as a live formula, link or command: not in the scored
xlsx (`convert`, `report`), not in the review list, not in sheet names, not in the .tsv."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from jixiao import api
from jixiao.export.text import safe_cell
from jixiao.export.widths import sheet_name
from jixiao.ingest.text import grid_from_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "selfeval" / "社区居家养老服务补贴.yaml"
INJECTIONS = (
    '=HYPERLINK("http://evil.example/","点我")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "http://evil.example/x",
)


def hostile_case(tmp_path: Path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["project"]["name"] = "=cmd|' /C calc'!A0"
    data["project"]["unit"] = INJECTIONS[0]
    for row, text in zip(data["indicators"], INJECTIONS, strict=False):
        row["deviation"] = text
    data["indicators"][0]["path"][-1] = "@SUM(A1:A2)"
    path = tmp_path / "恶意.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def assert_inert(workbook: Path) -> list[str]:
    """No formula cell holds input text, no hyperlink, formula-like text quote-prefixed;
    the string values found, for the caller to check."""
    wb = openpyxl.load_workbook(workbook)
    strings = []
    for ws in wb.worksheets:
        assert not ws.title.startswith(("=", "+", "-", "@")), ws.title
        assert not ws._hyperlinks
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula = str(cell.value)
                    assert not any(t.lstrip("=\t") in formula for t in INJECTIONS), formula
                elif isinstance(cell.value, str):
                    strings.append(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    return strings


def test_the_scored_table_keeps_formula_text_as_text(tmp_path: Path) -> None:
    out = tmp_path / "表.xlsx"
    assert not [p for p in api.convert(hostile_case(tmp_path), out) if p.code == "cannot-write"]
    strings = assert_inert(out)
    for text in INJECTIONS[1:6]:
        assert text in strings, text  # written exactly as the unit wrote it


def test_the_review_list_keeps_formula_text_as_text(tmp_path: Path) -> None:
    run = api.review_paths([hostile_case(tmp_path)])
    out = tmp_path / "清单.xlsx"
    assert api.write_review(run, out) == []
    strings = assert_inert(out)
    assert any("=cmd|' /C calc'!A0" in s for s in strings)


def test_the_self_evaluation_report_companion_is_inert(tmp_path: Path) -> None:
    api.write_report(hostile_case(tmp_path), tmp_path / "报告.docx")
    assert_inert(tmp_path / "报告-评分结果.xlsx")


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+1", "-x", "@a", "'=a'", "===", ""])
def test_sheet_names_never_start_like_a_formula(name: str) -> None:
    got = sheet_name(name, set(), "自评表")
    assert got and not got.startswith(("=", "+", "-", "@", "'"))


def test_tab_separated_output_keeps_formula_text_inert_and_reads_back() -> None:
    cells = ["=1+1", "+5%", "-3", "@x", "普通", "a\tb", "两\n行"]
    line = "\t".join(map(safe_cell, cells))
    assert "\n" not in line and line.count("\t") == len(cells) - 1
    assert all(not c.startswith(("=", "+", "-", "@")) for c in line.split("\t"))
    [row] = grid_from_text(line, "t.txt").rows
    assert row.cells == ("=1+1", "+5%", "-3", "@x", "普通", "a b", "两 行")
