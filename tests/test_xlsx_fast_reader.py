"""The fast .xlsx reader (calamine for the values, `xlsx_parts` for the used range, percent
formats, error values) against the openpyxl reader it replaced, and its two sheet scans
(`_scan_plain`, the regular expression, and `scan_sheet_expat`) against each other.

The reference reader below is the old one: `openpyxl.load_workbook(data_only=True)`, every
worksheet over its used range (the farthest cell with a `<v>` or `<is>`, read from the sheet
XML), each cell `cell_text(value, number_format)`, the hidden cells of a merged area blank.
Dates are left out: calamine reads the Chinese built-in date formats as dates, openpyxl not.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.cell import coordinate_from_string, get_column_letter

from hostile import MAIN_NS, sheet_xml, write_xlsx
from jixiao.ingest import xlsx_parts
from jixiao.ingest.guard import RangeCounter
from jixiao.ingest.text import LimitExceeded
from jixiao.ingest.xlsx import cell_text, read_workbook_grids

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PERCENT_FORMATS = ["0%", "0.00%", "0.0%"]
NUMBER_FORMATS = ["#,##0.00", "0.00"]
ERRORS = ["#N/A", "#DIV/0!"]
SHEET_NAMES = ["表1", "Sheet 2", "经费 & 指标", "年度目标", "O'Brien"]
FILE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# ---------------------------------------------------------------- generated workbooks

Value = tuple[object, str | None]  # a cell's value and its number format (None: General)
Sheet = tuple[str, dict[tuple[int, int], Value], list[tuple[int, int, int, int]]]

# "_" is left out: calamine reads an "_x000D_" in a string as the escape Excel writes for a
# carriage return, openpyxl writes and reads it as it stands.
ALPHABET = "中文绩效指标完成率 aZ9.,%-\n\t"
texts = st.one_of(
    st.sampled_from(["12.50", "1,234", "0012", "1e5", " ", "\n", "  前后空格  ", "TRUE", "合计"]),
    st.text(alphabet=ALPHABET, min_size=1, max_size=12),
)
# -0.0 is left out: openpyxl writes it "-0", which openpyxl reads as the integer 0 (cell_text
# "0") and calamine as the float -0.0 (cell_text "-0"): the new reader shows "-0" there.
floats = st.floats(-1e12, 1e12, allow_nan=False).map(lambda x: x + 0.0)
numbers = st.one_of(st.integers(-(10**15), 10**15), floats)
values: st.SearchStrategy[Value] = st.one_of(
    texts.map(lambda t: (t, None)),
    numbers.map(lambda n: (n, None)),
    st.booleans().map(lambda b: (b, None)),
    st.tuples(
        st.floats(-10, 10, allow_nan=False).map(lambda x: x + 0.0), st.sampled_from(PERCENT_FORMATS)
    ),
    st.tuples(numbers, st.sampled_from(NUMBER_FORMATS)),
    st.sampled_from(ERRORS).map(lambda e: (e, None)),
    st.just(("=1+1", None)),  # a formula: openpyxl saves no cached value, xlsxwriter 0
    st.sampled_from(PERCENT_FORMATS).map(lambda f: (None, f)),  # formatted, empty
)
sheets: st.SearchStrategy[list[Sheet]] = st.builds(
    lambda names, contents: [(n, *content) for n, content in zip(names, contents, strict=False)],
    st.permutations(SHEET_NAMES),
    st.lists(
        st.tuples(
            st.dictionaries(st.tuples(st.integers(1, 8), st.integers(1, 6)), values, max_size=16),
            st.lists(  # merged areas: top row, left column, height, width
                st.tuples(*[st.integers(1, n) for n in (8, 6, 3, 3)]), max_size=3
            ),
        ),
        min_size=1,
        max_size=3,
    ),
)


def merged_areas(merges: list[tuple[int, int, int, int]]) -> Iterator[str]:
    """The areas (more than one cell) that overlap no earlier one, as "B2:C3"."""
    taken: set[tuple[int, int]] = set()
    for row, column, height, width in merges:
        area = {(r, c) for r in range(row, row + height) for c in range(column, column + width)}
        if len(area) > 1 and not area & taken:
            taken |= area
            last = f"{get_column_letter(column + width - 1)}{row + height - 1}"
            yield f"{get_column_letter(column)}{row}:{last}"


def write_openpyxl(path: Path, spec: list[Sheet]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, cells, merges in spec:
        sheet = workbook.create_sheet(name)
        for (row, column), (value, number_format) in cells.items():
            cell = sheet.cell(row, column)
            cell.value = value
            if number_format:
                cell.number_format = number_format
        for area in merged_areas(merges):
            sheet.merge_cells(area)
    workbook.save(path)
    return path


def write_xlsxwriter(path: Path, spec: list[Sheet]) -> Path:
    """The same sheets as xlsxwriter writes them: shared strings, cached formula values, and
    a merged area whose hidden cells keep what was written into them before it."""
    workbook = xlsxwriter.Workbook(str(path))
    formats: dict[str, Any] = {}
    for name, cells, merges in spec:
        sheet = workbook.add_worksheet(name)
        for (row, column), (value, number_format) in cells.items():
            style = None
            if number_format:
                style = formats.setdefault(
                    number_format, workbook.add_format({"num_format": number_format})
                )
            r, c = row - 1, column - 1
            if value is None:
                sheet.write_blank(r, c, None, style)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value, style)
            elif value in ERRORS:
                sheet.write_formula(r, c, "=NA()" if value == "#N/A" else "=1/0", style, value)
            elif isinstance(value, str) and value.startswith("="):
                sheet.write_formula(r, c, value, style)
            elif isinstance(value, str):
                sheet.write_string(r, c, value, style)
            else:
                assert isinstance(value, int | float)
                sheet.write_number(r, c, value, style)
        for area in merged_areas(merges):
            top = cells.get(_cell_of(area.split(":")[0]), ("", None))[0]
            if isinstance(top, str) and not top.startswith("=") and top not in ERRORS:
                sheet.merge_range(area, top)
            else:  # only a string or nothing can head a merged area xlsxwriter writes
                sheet.merge_range(area, "")
    workbook.close()
    return path


def _cell_of(reference: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(reference)
    return row, openpyxl.utils.column_index_from_string(letters)


# ---------------------------------------------------------------- the reference reader


def worksheet_parts(path: Path) -> list[tuple[str, bytes]]:
    """(sheet name, sheet XML) of every worksheet, in workbook order."""
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{REL_NS}}}Relationship")}
        found = []
        for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
            target = targets[sheet.get(f"{{{DOC_REL_NS}}}id")]
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            found.append((sheet.get("name", ""), archive.read(posixpath.normpath(part))))
        return found


def styles_part(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/styles.xml")


def used_range(xml: bytes) -> tuple[int, int]:
    """Rows and columns up to the farthest cell that holds a `<v>` or an `<is>`."""
    rows = columns = 0
    for cell in ElementTree.fromstring(xml).iter(f"{{{MAIN_NS}}}c"):
        if cell.find(f"{{{MAIN_NS}}}v") is None and cell.find(f"{{{MAIN_NS}}}is") is None:
            continue
        row, column = _cell_of(cell.get("r", ""))
        rows, columns = max(rows, row), max(columns, column)
    return rows, columns


def reference_grids(path: Path) -> list[tuple[str, list[tuple[str, ...]]]]:
    workbook = openpyxl.load_workbook(path, data_only=True)
    used = {name: used_range(xml) for name, xml in worksheet_parts(path)}
    grids = []
    for sheet in workbook.worksheets:
        rows, columns = used[sheet.title]
        grids.append(
            (
                sheet.title,
                [
                    tuple(
                        cell_text(cell.value, cell.number_format or "General")
                        for cell in (sheet.cell(r, c) for c in range(1, columns + 1))
                    )
                    for r in range(1, rows + 1)
                ],
            )
        )
    return grids


def fast_grids(path: Path) -> list[tuple[str, list[tuple[str, ...]]]]:
    grids = read_workbook_grids(path)
    for grid in grids:
        assert grid.where.file == str(path)
        assert [row.line for row in grid.rows] == list(range(1, len(grid.rows) + 1))
        assert not grid.problems
    return [(grid.where.sheet or "", [row.cells for row in grid.rows]) for grid in grids]


# ---------------------------------------------------------------- 1. the same grids


@FILE_SETTINGS
@given(spec=sheets)
def test_the_fast_reader_reads_what_openpyxl_read(tmp_path: Path, spec: list[Sheet]) -> None:
    path = write_openpyxl(tmp_path / "openpyxl.xlsx", spec)
    assert fast_grids(path) == reference_grids(path)


@FILE_SETTINGS
@given(spec=sheets)
def test_the_fast_reader_reads_what_openpyxl_read_from_xlsxwriter(
    tmp_path: Path, spec: list[Sheet]
) -> None:
    path = write_xlsxwriter(tmp_path / "xlsxwriter.xlsx", spec)
    assert fast_grids(path) == reference_grids(path)


# ---------------------------------------------------------------- 2. the two scans agree


def scans(xml: bytes, percent: dict[int, str]) -> tuple[xlsx_parts.SheetScan | None, Any]:
    """(_scan_plain, scan_sheet_expat) of one sheet, each with a fresh counter; the expat
    result is the LimitExceeded it raised when it refused the sheet."""
    plain = xlsx_parts._scan_plain(xml, RangeCounter("表.xlsx", "表"), percent)
    try:
        expat: Any = xlsx_parts.scan_sheet_expat(
            xml, "xl/worksheets/sheet1.xml", RangeCounter("表.xlsx", "表"), percent
        )
    except LimitExceeded as exc:
        expat = exc
    return plain, expat


@FILE_SETTINGS
@given(spec=sheets, writer=st.sampled_from([write_openpyxl, write_xlsxwriter]))
def test_written_sheets_take_the_fast_path_and_agree_with_expat(
    tmp_path: Path, spec: list[Sheet], writer: Any
) -> None:
    path = writer(tmp_path / "written.xlsx", spec)
    percent = xlsx_parts.percent_styles(styles_part(path))
    for _, xml in worksheet_parts(path):
        plain, expat = scans(xml, percent)
        assert plain is not None, xml
        assert plain == expat, xml


# Hand-written sheets: plain ones (as spreadsheet programs write them) and ones with quirks,
# each a way the XML may differ from the plain form: a namespace prefix (x: the main
# namespace, y: another one; both count, as in calamine), single quotes, cells without their
# references or with the reference not first, a comment, an empty <v/>. Left out until the
# scans agree on them: a tab or a newline before t="e" (the plain scan misses the error), a
# space around an attribute's "=" (it misses the style or the error), an entity in an error
# value (it keeps "&#35;N/A"), an inline string in a t="e" cell (expat makes it ""), an
# element nested in a cell's <is> or <f> (a c or row there resets expat's cell; calamine still
# places the cell, beyond the range expat found), and a cell without a reference after one
# with a reference (expat puts it in the row of the cell before it, calamine in the row the
# <row r=...> says, or one past the last row, beyond the range expat found).
HAND_PERCENT = {1: "0%", 2: "0.00%", 4: '0.0"%"'}
NUMBER, ERROR, ANY = [None, "n", "str"], ["e", "str"], [None, "n", "e", "b", "str"]
CONTENTS = {  # a cell's content → the types (t=) that calamine reads it as
    "<{p}v>0.5</{p}v>": NUMBER,
    "<{p}v>12</{p}v>": NUMBER,
    "<{p}v>-3.25E-2</{p}v>": NUMBER,
    "<{p}v>1</{p}v>": ["b", *NUMBER],
    "<{p}v>#N/A</{p}v>": ERROR,
    "<{p}v>#DIV/0!</{p}v>": ERROR,
    "<{p}f>1/0</{p}f><{p}v>#DIV/0!</{p}v>": ERROR,
    '<{p}f t="shared" si="0"/><{p}v>2</{p}v>': NUMBER,
    "<{p}f>A1*2</{p}f>": ANY,
    "<{p}f/>": ANY,
    "<{p}is><{p}t>文字</{p}t></{p}is>": [None, "inlineStr"],
    "<{p}v></{p}v>": ["str"],
    "": ANY,
}
QUIRKS = ["root prefix", "cell prefix", "single quote", "no reference", "reference later"]
QUIRKS += ["double space", "comment", "empty v"]
ROOT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<{{p}}worksheet xmlns="{MAIN_NS}" xmlns:x="{MAIN_NS}" xmlns:y="urn:other">'
    "<{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"
)
references = st.builds(
    lambda column, row: f"{get_column_letter(column)}{row}", st.integers(1, 30), st.integers(1, 40)
)


def sometimes(draw: st.DrawFn, quirk: str, quirks: frozenset[str]) -> bool:
    return quirk in quirks and draw(st.booleans())


@st.composite
def hand_cell(draw: st.DrawFn, quirks: frozenset[str]) -> str:
    prefix = draw(st.sampled_from(["x:", "y:"])) if sometimes(draw, "cell prefix", quirks) else ""
    content = draw(st.sampled_from(sorted(CONTENTS)))
    kinds = CONTENTS[content]
    if "is>" not in content and draw(st.integers(0, 4)) == 0:
        kinds = ANY  # a type calamine refuses the value of: the scans still agree
    if sometimes(draw, "empty v", quirks):
        content = "<{p}v/>"
    attrs = []
    style = draw(st.sampled_from([None, "0", "1", "2", "3", "4", "01"]))
    if style is not None:
        attrs.append(("s", style))
    kind = draw(st.sampled_from(kinds))
    if kind is not None:
        attrs.append(("t", kind))
    if draw(st.booleans()):
        attrs.append(("cm", "1"))
    attrs = draw(st.permutations(attrs))
    if "no reference" not in quirks:
        at = draw(st.integers(0, len(attrs))) if sometimes(draw, "reference later", quirks) else 0
        attrs.insert(at, ("r", draw(references)))
    quote = "'" if sometimes(draw, "single quote", quirks) else '"'
    spaces = [" ", "  "] if "double space" in quirks else [" "]
    first = draw(st.sampled_from(spaces)) if sometimes(draw, "double space", quirks) else " "
    text = "".join(
        f"{draw(st.sampled_from(spaces)) if i else first}{name}={quote}{value}{quote}"
        for i, (name, value) in enumerate(attrs)
    )
    body = content.format(p=prefix)
    if not body and draw(st.booleans()):
        return f"<{prefix}c{text}/>"
    return f"<{prefix}c{text}>{body}</{prefix}c>"


@st.composite
def hand_sheet(draw: st.DrawFn) -> tuple[bytes, frozenset[str]]:
    quirks = frozenset(draw(st.lists(st.sampled_from(QUIRKS), max_size=2)))
    prefix = "x:" if "root prefix" in quirks else ""
    gaps = ["", "", "\n  "]
    if "comment" in quirks:
        gaps += ["<!-- 注释 -->", '<!--<c r="Z99"><v>1</v></c>-->']
    rows = []
    for number in range(1, draw(st.integers(1, 5)) + 1):
        row = draw(st.sampled_from([f' r="{number}"', f' r="{number + 2}"', ""]))
        cells = draw(st.lists(hand_cell(quirks), max_size=5))
        inner = "".join(draw(st.sampled_from(gaps)) + cell for cell in cells)
        rows.append(f"<{prefix}row{row}>{inner}</{prefix}row>")
    return ROOT.format(p=prefix, rows="".join(rows)).encode(), quirks


@settings(max_examples=300, deadline=None)
@given(sheet=hand_sheet())
def test_hand_written_sheets_scan_alike(sheet: tuple[bytes, frozenset[str]]) -> None:
    xml, quirks = sheet
    plain, expat = scans(xml, HAND_PERCENT)
    assert not isinstance(expat, LimitExceeded)
    assert plain is None or plain == expat
    if not quirks:
        assert plain is not None  # the plain form takes the fast path


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sheet=hand_sheet())
def test_calamine_places_no_value_beyond_the_scanned_range(
    tmp_path: Path, sheet: tuple[bytes, frozenset[str]]
) -> None:
    """The used range bounds the grid calamine builds. (Every reference here is within
    AD40, so calamine cannot build a large grid whatever the scan says.)"""
    from python_calamine import CalamineWorkbook

    xml, _ = sheet
    used = xlsx_parts.scan_sheet(xml, "sheet1.xml", RangeCounter("表.xlsx", "表"), {}).used
    path = write_xlsx(tmp_path / "hand.xlsx", {"表": xml})
    try:
        end = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表").end
    except Exception:  # calamine refuses some shapes (the reader says the file is unreadable)
        return
    if end is not None:
        assert end[0] < used.rows and end[1] < used.columns, (end, used)


def test_the_fast_path_reads_hand_written_plain_cells() -> None:
    xml = sheet_xml(
        '<row r="1"><c r="A1" s="1"><v>0.5</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="C1" t="inlineStr"><is><t>文字</t></is></c><c r="E3" s="2"/></row>'
        '<row r="2"><c r="B2" s="4" t="n"><v>7</v></c><c r="D2"><f>A1</f></c></row>'
    )
    plain, expat = scans(xml, HAND_PERCENT)
    assert plain is not None and plain == expat
    assert plain.used == (plain.used.name, 2, 3)
    assert plain.formats == {(0, 0): "0%", (1, 1): '0.0"%"'}
    assert plain.errors == {(0, 1): "#DIV/0!"}


FAR = [
    '<row r="1"><c r="XFD1048576"><v>1</v></c></row>',
    '<row r="1"><c r="A100001"><v>1</v></c></row>',
    '<row r="1"><c r="AMK1"><v>1</v></c></row>',  # column 1,025
    '<row r="1048576"><c><v>1</v></c></row>',
    '<row r="1"><x:c r="XFD1048576" xmlns:x="' + MAIN_NS + '"><x:v>1</x:v></x:c></row>',
    '<row r="1"><y:c r="XFD1048576" xmlns:y="urn:other"><y:v>1</y:v></y:c></row>',
    '<row r="1"><c r="XFD1048576" t="inlineStr"><y:is xmlns:y="urn:other"><y:t>远</y:t></y:is></c></row>',
]


@pytest.mark.parametrize("rows", FAR)
def test_a_far_value_is_refused_by_both_scans(rows: str) -> None:
    plain, expat = scans(sheet_xml(rows), {})
    assert plain is None
    assert isinstance(expat, LimitExceeded)
    assert expat.problem.code == "limit-exceeded"


# ---------------------------------------------------------------- 3. examples


def read_rows(path: Path) -> list[tuple[str, ...]]:
    (grid,) = read_workbook_grids(path)
    return [row.cells for row in grid.rows]


def test_error_values_read_as_their_codes(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet["A1"], sheet["B1"] = "#N/A", "#DIV/0!"
    workbook.save(tmp_path / "openpyxl.xlsx")
    assert read_rows(tmp_path / "openpyxl.xlsx") == [("#N/A", "#DIV/0!")]

    book = xlsxwriter.Workbook(str(tmp_path / "xlsxwriter.xlsx"))
    ws = book.add_worksheet()
    ws.write_formula("A1", "=NA()", None, "#N/A")
    ws.write_formula("B1", "=1/0", None, "#DIV/0!")
    book.close()
    assert read_rows(tmp_path / "xlsxwriter.xlsx") == [("#N/A", "#DIV/0!")]

    xml = sheet_xml(
        '<row r="1"><c r="A1" t="e"><f>NA()</f><v>#N/A</v></c><c r="B1" s="0" t="e">'
        "<v>#DIV/0!</v></c></row>"
    )
    assert read_rows(write_xlsx(tmp_path / "raw.xlsx", {"表": xml})) == [("#N/A", "#DIV/0!")]


def test_a_value_in_a_hidden_cell_of_a_merged_area_reads_blank(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{c}{r}" t="inlineStr"><is><t>{c}{r}</t></is></c>' for c in "ABCD")
        + "</row>"
        for r in (1, 2, 3)
    )
    merges = '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="D2:E9"/></mergeCells>'
    xml = sheet_xml(rows).replace(b"</sheetData>", b"</sheetData>" + merges.encode())
    assert read_rows(write_xlsx(tmp_path / "merged.xlsx", {"表": xml})) == [
        ("A1", "", "C1", "D1"),
        ("", "", "C2", "D2"),
        ("A3", "B3", "C3", ""),
    ]


def test_a_literal_percent_sign_does_not_scale(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    for column, number_format in enumerate(['0.0"%"', "0.0%", '0.0"%"%', "General"], 1):
        sheet.cell(1, column, 0.5).number_format = number_format
    workbook.save(tmp_path / "percent.xlsx")
    assert read_rows(tmp_path / "percent.xlsx") == [("0.5%", "50%", "50%", "0.5")]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="XFD1048576"><v>1</v></c>',
        '<y:c r="XFD1048576" xmlns:y="urn:other"><y:v>1</y:v></y:c>',
    ],
)
def test_a_far_value_is_a_located_limit_problem(tmp_path: Path, cell: str) -> None:
    path = write_xlsx(tmp_path / "far.xlsx", {"表": sheet_xml(f'<row r="1">{cell}</row>')})
    # calamine would build a grid of 2**34 cells: the scan must refuse the file first
    with pytest.raises(LimitExceeded):
        xlsx_parts.read_parts(str(path), path.read_bytes())
    with pytest.raises(LimitExceeded) as raised:
        read_workbook_grids(path)
    problem = raised.value.problem
    assert problem.code == "limit-exceeded"
    assert (problem.where.file, problem.where.sheet) == (str(path), "表")
    assert problem.where.cell == "XFD1048576"
    assert "sheet_rows" in problem.message


def test_a_sheet_in_a_prefixed_namespace_reads_as_plain(tmp_path: Path) -> None:
    plain = '<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c><c r="C2"><v>2</v></c></row>'
    prefixed = re.sub(r"<(/?)(row|c|is|t|v)\b", r"<\1x:\2", plain)
    xml = sheet_xml(prefixed).replace(b"<worksheet ", f'<worksheet xmlns:x="{MAIN_NS}" '.encode())
    assert read_rows(write_xlsx(tmp_path / "x.xlsx", {"表": xml})) == [
        ("甲", "", ""),
        ("", "", "2"),
    ]


def test_every_sheet_name_reads(tmp_path: Path) -> None:
    spec: list[Sheet] = [(name, {(1, 1): (name, None)}, []) for name in SHEET_NAMES]
    path = write_openpyxl(tmp_path / "names.xlsx", spec)
    assert fast_grids(path) == [(name, [(name,)]) for name in SHEET_NAMES]


# ---------------------------------------------------------------- 4. where calamine places cells

PLACED_AS_CALAMINE = [
    # a cell without a reference stands in the row its row element counts to, not in the
    # row of the cell before it
    '<row r="1048576"><c r="AMI1"><v>1</v></c><c><v>2</v></c></row>',
    '<row r="1048576"><c r="A1"><v>1</v></c><c><v>2</v></c></row>',
    # whatever is nested inside a value is not a cell or a row (calamine reads it to its end)
    '<row r="1"><c r="XFD60000" t="inlineStr"><is><t>x</t><c/></is></c></row>',
    '<row r="1"><c r="XFD60000"><f><row r="1"/></f><v>1</v></c></row>',
]


@pytest.mark.parametrize("rows", PLACED_AS_CALAMINE)
def test_a_cell_is_counted_where_calamine_places_it(tmp_path: Path, rows: str) -> None:
    """Each of these once slipped past the scan while calamine built a grid of billions of
    cells and aborted the process. The scan refuses them; calamine is run only in a child
    process with its memory capped, to show it would have placed the value that far."""
    plain, expat = scans(sheet_xml(rows), {})
    assert plain is None and isinstance(expat, LimitExceeded)
    path = write_xlsx(tmp_path / "placed.xlsx", {"表": sheet_xml(rows)})
    with pytest.raises(LimitExceeded):
        read_workbook_grids(path)
    probe = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))\n"
        "from python_calamine import CalamineWorkbook\n"
        "sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('表')\n"
        "print(sheet.end)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=60
    )
    if done.returncode == 0:  # calamine's own extent: past the limits the scan applied
        end = eval(done.stdout)  # a tuple printed by the probe
        assert end[0] + 1 > 100_000 or end[1] + 1 > 1_024


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ('<c r="A1"\tt="e"><v>#N/A</v></c>', "#N/A"),  # a tab before the type
        ('<c r="A1" t = "e"><v>#N/A</v></c>', "#N/A"),  # spaces around "="
        ('<c r="A1" t="e"><v>&#35;N/A</v></c>', "#N/A"),  # an entity in the error
        ('<c r="A1" s = "1"><v>0.5</v></c>', "50%"),  # a style written with spaces
        ('<c r="A1"><v>-0</v></c>', "0"),  # negative zero
    ],
)
def test_unusual_spelling_reads_as_the_plain_kind(tmp_path: Path, cell: str, text: str) -> None:
    xml = sheet_xml(f'<row r="1">{cell}</row>')
    plain, expat = scans(xml, HAND_PERCENT)
    assert plain is None or plain == expat
    path = write_xlsx(tmp_path / "odd.xlsx", {"表": xml})
    with_styles(path)
    assert read_rows(path) == [(text,)]


def with_styles(path: Path) -> None:
    """Give a hostile.write_xlsx workbook a styles part: style 1 is the built-in 0%."""
    rels = "xl/_rels/workbook.xml.rels"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/styles" Target="styles.xml"/></Relationships>',
    )
    parts["xl/styles.xml"] = (
        f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="9"/></cellXfs></styleSheet>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_sheet_too_big_to_keep_in_memory_is_streamed_and_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts over guard.KEPT_BYTES are not held inflated: the sheet is scanned by expat
    straight from the zip, with the same grid."""
    from jixiao.ingest import guard

    cells: dict[tuple[int, int], Any] = {
        (0, 0): ("甲", None),
        (0, 1): (0.5, "0%"),
        (1, 1): (1, None),
        (1, 2): ("乙", None),
    }
    path = write_xlsxwriter(tmp_path / "大.xlsx", [("表", cells, [(0, 0, 0, 0)])])
    kept = fast_grids(path)
    verify = guard.verify_zip

    def sheets_too_big(name: str, data: bytes, keep: Any) -> dict[str, bytes]:
        parts = verify(name, data, keep)
        return {k: v for k, v in parts.items() if "worksheets/" not in k}

    monkeypatch.setattr(guard, "verify_zip", sheets_too_big)
    assert fast_grids(path) == kept
