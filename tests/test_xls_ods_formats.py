""".xls and .ods cells formatted as percentages read as they show, as .xlsx ones do (issue 11).

calamine gives the stored number of such a cell (0.98, or 1 for an integer RK) and not its
format; `guard`'s walk of the file finds the format. The small files are written here record
by record (BIFF8 in a Compound File, content.xml in a zip), one cell of each kind: NUMBER, RK,
MULRK and FORMULA records for .xls, "percentage" and "float" cells for .ods. The whole tables
are written by openpyxl and converted by LibreOffice, as users' old files were made.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import openpyxl
import pytest

from hostile import ods_package
from jixiao import api
from jixiao.ingest import guard
from jixiao.ingest.xlsx import read_workbook_grids
from xlsx_fixtures import build_workbook, seed003_tables

# ---------------------------------------------------------------- .xls, record by record

GENERAL, PERCENT, PERCENT_2, CUSTOM_PERCENT, SIGN, TWO_PLACES = 15, 16, 17, 18, 19, 20
CELL_FORMATS = {  # cell format (XF) index → number format index, after 15 style XFs
    GENERAL: 0,
    PERCENT: 9,  # built in: 0%
    PERCENT_2: 10,  # built in: 0.00%
    CUSTOM_PERCENT: 164,
    SIGN: 165,
    TWO_PLACES: 166,
}
CUSTOM_FORMATS = {164: "0.0%", 165: '0.00"%"', 166: "0.00"}


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _unicode(text: str) -> bytes:  # XLUnicodeString, two bytes a character
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def number(row: int, column: int, xf: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, column, xf, value))


def rk_value(value: float, as_float: bool = False) -> int:
    """The RK form of 1 (an integer), 0.98 (98 ÷ 100) or, `as_float`, of 0.5 (the upper 30
    bits of the float)."""
    if not as_float and value == int(value):
        return int(value) << 2 | 0b10
    if not as_float and value * 100 == int(value * 100):
        return int(value * 100) << 2 | 0b11
    high = struct.unpack("<Q", struct.pack("<d", value))[0] >> 32
    assert high & 0b11 == 0 and value == struct.unpack("<d", struct.pack("<Q", high << 32))[0]
    return high


def rk(row: int, column: int, xf: int, value: float, as_float: bool = False) -> bytes:
    return _record(0x027E, struct.pack("<HHHI", row, column, xf, rk_value(value, as_float)))


def mulrk(row: int, column: int, cells: list[tuple[int, float]]) -> bytes:
    runs = b"".join(struct.pack("<HI", xf, rk_value(value)) for xf, value in cells)
    return _record(
        0x00BD, struct.pack("<HH", row, column) + runs + struct.pack("<H", column + len(cells) - 1)
    )


def formula(row: int, column: int, xf: int, value: float | str) -> bytes:
    """A FORMULA whose cached result is `value` (a string result follows in a STRING record),
    its formula the constant itself."""
    if isinstance(value, str):
        result = b"\x00" * 6 + b"\xff\xff"
        tokens = b"\x17" + struct.pack("<B", len(value)) + b"\x00" + value.encode("latin-1")
    else:
        result = struct.pack("<d", value)
        tokens = b"\x1f" + struct.pack("<d", value)  # ptgNum
    body = struct.pack("<HHH", row, column, xf) + result + struct.pack("<HIH", 0, 0, len(tokens))
    found = _record(0x0006, body + tokens)
    return found + _record(0x0207, _unicode(value)) if isinstance(value, str) else found


def label(row: int, column: int, xf: int, text: str) -> bytes:
    return _record(0x0204, struct.pack("<HHH", row, column, xf) + _unicode(text))


def workbook_stream(
    cells: list[bytes], rows: int, columns: int, after_globals: bytes = b""
) -> bytes:
    """A BIFF8 workbook of one sheet 表 holding `cells` (records); `after_globals` is written
    after the EOF that closes the workbook globals."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)
    globals_ = [_record(0x0809, bof), _record(0x0042, struct.pack("<H", 1200))]
    globals_ += [
        _record(0x041E, struct.pack("<H", i) + _unicode(c)) for i, c in CUSTOM_FORMATS.items()
    ]
    xf_formats = [0] * 15 + list(CELL_FORMATS.values())
    globals_ += [_record(0x00E0, struct.pack("<HH", 0, f) + b"\x00" * 16) for f in xf_formats]
    name = "表"
    sheet_entry = b"\x00\x00" + struct.pack("<BB", len(name), 1) + name.encode("utf-16-le")
    size = sum(map(len, globals_)) + 4 + 4 + len(sheet_entry) + 4  # BOUNDSHEET, then EOF
    size += len(after_globals)
    head = b"".join(globals_) + _record(0x0085, struct.pack("<I", size) + sheet_entry)
    head += _record(0x000A, b"") + after_globals
    assert len(head) == size
    sheet = [
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)),
        _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0)),
        *cells,
        _record(0x000A, b""),
    ]
    return head + b"".join(sheet)


def compound_file(stream: bytes) -> bytes:
    """A version 3 Compound File holding one stream `Workbook`: header, one FAT sector, one
    directory sector, then the stream (padded after its last EOF to the mini-stream cutoff,
    so it is kept in ordinary sectors)."""
    stream = stream.ljust(4096, b"\x00")
    count = -(-len(stream) // 512)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [n + 1 for n in range(2, count + 1)] + [0xFFFFFFFE]
    assert len(fat) <= 128
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 16
    header += struct.pack("<HHHHH6xIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096)
    header += struct.pack("<IIII", 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT, no more DIFAT
    header += struct.pack("<109I", 0, *[0xFFFFFFFF] * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\x00" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry(
        "Workbook", 2, 0xFFFFFFFF, 2, len(stream)
    )
    directory += entry("", 0, 0xFFFFFFFF, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream.ljust(count * 512, b"\x00")


# Each row: the cells' records, and what each cell reads.
XLS_ROWS = [
    (
        [
            number(0, 0, PERCENT, 0.98),
            number(0, 1, PERCENT_2, 0.5),
            number(0, 2, GENERAL, 0.98),
            number(0, 3, PERCENT, 1.0),
        ],
        ["98%", "50%", "0.98", "100%"],
    ),
    (
        [
            rk(1, 0, PERCENT, 0.98),
            rk(1, 1, PERCENT_2, 0.5, as_float=True),
            rk(1, 2, GENERAL, 0.98),
            rk(1, 3, PERCENT, 1),
        ],
        ["98%", "50%", "0.98", "100%"],
    ),
    (
        [mulrk(2, 0, [(PERCENT, 0.98), (PERCENT_2, 0.5), (GENERAL, 0.98), (PERCENT, 1)])],
        ["98%", "50%", "0.98", "100%"],
    ),
    (
        [
            formula(3, 0, PERCENT, 0.98),
            formula(3, 1, PERCENT_2, 0.5),
            formula(3, 2, GENERAL, 0.98),
            formula(3, 3, PERCENT, "abc"),
        ],
        ["98%", "50%", "0.98", "abc"],
    ),
    (
        [
            number(4, 0, CUSTOM_PERCENT, 0.9532),
            number(4, 1, SIGN, 0.5),
            number(4, 2, TWO_PLACES, 0.98),
            label(4, 3, PERCENT, "完成率"),
        ],
        ["95.32%", "0.5%", "0.98", "完成率"],
    ),
]


def write_xls(path: Path, cells: list[bytes], rows: int = 5, columns: int = 4) -> Path:
    path.write_bytes(compound_file(workbook_stream(cells, rows, columns)))
    return path


def texts(path: Path) -> list[list[str]]:
    [grid] = read_workbook_grids(path)
    return [list(row.cells) for row in grid.rows]


def test_xls_percent_cells_of_every_record_kind(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "rates.xls", [c for cells, _ in XLS_ROWS for c in cells])
    assert texts(path) == [shown for _, shown in XLS_ROWS]


@pytest.mark.parametrize("row", range(len(XLS_ROWS)))
def test_xls_each_record_kind_alone(tmp_path: Path, row: int) -> None:
    cells, shown = XLS_ROWS[row]
    path = write_xls(tmp_path / "rates.xls", cells)
    assert texts(path)[row] == shown


def test_xls_scan_finds_the_formats_and_the_range(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "rates.xls", [c for cells, _ in XLS_ROWS for c in cells])
    [found] = guard.scan_xls(str(path), path.read_bytes())
    assert found.used == guard.UsedRange("表", 5, 4)
    assert found.formats[(2, 0)] == "0%" and found.formats[(2, 1)] == "0.00%"
    assert found.formats[(4, 1)] == '0.00"%"'
    assert (2, 2) not in found.formats  # general
    assert (3, 3) not in found.formats  # a formula whose result is a string
    assert (4, 3) not in found.formats  # a string cell


def test_xls_the_last_record_of_a_cell_decides(tmp_path: Path) -> None:
    cells = [number(0, 0, PERCENT, 0.98), number(0, 0, GENERAL, 0.98), rk(0, 1, GENERAL, 0.98)]
    cells += [mulrk(0, 1, [(PERCENT, 0.98)])]
    assert texts(write_xls(tmp_path / "rates.xls", cells, 1, 2)) == [["0.98", "98%"]]


def test_xls_formats_are_those_of_the_workbook_globals(tmp_path: Path) -> None:
    """An XF record after the globals' EOF is no cell format (calamine stops there too)."""
    stray = _record(0x00E0, struct.pack("<HH", 0, 9) + b"\x00" * 16)  # would be XF 21
    stream = workbook_stream([number(0, 0, 21, 0.98), number(0, 1, PERCENT, 0.98)], 1, 2, stray)
    (tmp_path / "rates.xls").write_bytes(compound_file(stream))
    assert texts(tmp_path / "rates.xls") == [["0.98", "98%"]]


# ---------------------------------------------------------------- .ods, content.xml by hand

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
STYLES = (  # as LibreOffice writes them (the cells below name them; the scan reads the type)
    '<office:automatic-styles><number:percentage-style style:name="N10"><number:number'
    ' number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text>'
    '</number:percentage-style><number:percentage-style style:name="N11"><number:number'
    ' number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text>'
    '</number:percentage-style><number:number-style style:name="N12"><number:number'
    ' number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text>'
    '</number:number-style><style:style style:name="ce1" style:family="table-cell"'
    ' style:data-style-name="N10"/><style:style style:name="ce2" style:family="table-cell"'
    ' style:data-style-name="N11"/><style:style style:name="ce3" style:family="table-cell"'
    ' style:data-style-name="N12"/></office:automatic-styles>'
)


def ods_cell(
    value: float, shown: str, kind: str = "percentage", style: str = "ce1", extra: str = ""
) -> str:
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="{kind}"'
        f' office:value="{value}"{extra}><text:p>{shown}</text:p></table:table-cell>'
    )


def write_ods(path: Path, rows: list[str], row_attributes: str = "") -> Path:
    body = "".join(f"<table:table-row{row_attributes}>{row}</table:table-row>" for row in rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}'
        f' office:version="1.2">{STYLES}<office:body><office:spreadsheet>'
        f'<table:table table:name="表">{body}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    return ods_package(path, content)


NOTE = "<office:annotation><text:p>约 5%</text:p></office:annotation>"
ODS_ROWS = [
    (
        ods_cell(0.98, "98%")
        + ods_cell(0.5, "50.00%", style="ce2")
        + ods_cell(0.98, "0.98", kind="float", style="Default")
        + ods_cell(1, "100%"),
        ["98%", "50%", "0.98", "100%"],
    ),
    (  # a formula's result; a literal percent sign; a comment that mentions one
        ods_cell(0.98, "98%", extra=' table:formula="of:=0.98"')
        + ods_cell(0.5, "0.50%", kind="float", style="ce3")
        + f'<table:table-cell office:value-type="float" office:value="0.98">{NOTE}'
        "<text:p>0.98</text:p></table:table-cell>"
        + '<table:table-cell office:value-type="string"><text:p>完成率</text:p></table:table-cell>',
        ["98%", "0.5%", "0.98", "完成率"],
    ),
    (  # one cell repeated over three columns
        ods_cell(0.9532, "95.32%", style="ce2", extra=' table:number-columns-repeated="3"')
        + ods_cell(0.98, "0.98", kind="float", style="Default"),
        ["95.32%", "95.32%", "95.32%", "0.98"],
    ),
]


def test_ods_percent_cells(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "rates.ods", [row for row, _ in ODS_ROWS])
    assert texts(path) == [shown for _, shown in ODS_ROWS]
    [found] = guard.scan_ods(str(path), path.read_bytes(), {})
    assert found.used == guard.UsedRange("表", 3, 4)
    assert found.formats[(0, 0)] == "0%" and found.formats[(1, 1)] == '0"%"'
    assert (1, 2) not in found.formats and (2, 3) not in found.formats


def test_ods_repeated_rows_of_percent_cells(tmp_path: Path) -> None:
    row = ods_cell(0.07, "7%", extra=' table:number-columns-repeated="2"')
    path = write_ods(tmp_path / "rates.ods", [row], ' table:number-rows-repeated="3"')
    assert texts(path) == [["7%", "7%"]] * 3
    [found] = guard.scan_ods(str(path), path.read_bytes(), {})
    assert found.formats == {(r, c): "0%" for r in range(3) for c in range(2)}


# ---------------------------------------------------------------- whole tables, as users have them

PERCENT_TEXT = re.compile(r"([0-9]+(?:\.[0-9]+)?)%")


def numbers_as_percents(path: Path) -> int:
    """Every percent written as text ("88%", "100.00%") made a number with a percent format,
    as a unit's own Excel holds them; the count of percent-formatted cells."""
    workbook = openpyxl.load_workbook(path)
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    found := PERCENT_TEXT.fullmatch(cell.value.strip())
                ):
                    cell.value = float(found[1]) / 100
                    cell.number_format = "0.00%" if "." in found[1] else "0%"
                if "%" in str(cell.number_format):
                    count += 1
    workbook.save(path)
    return count


def soffice_convert(source: Path, suffix: str, folder: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            suffix,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = folder / f"{source.stem}.{suffix}"
    assert converted.is_file()
    return converted


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tables")
    source = build_workbook(folder / "自评表.xlsx", seed003_tables(), numbers="number")
    assert numbers_as_percents(source) > 40
    return {
        "xlsx": source,
        "xls": soffice_convert(source, "xls", folder),
        "ods": soffice_convert(source, "ods", folder),
    }


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_tables_score_as_the_xlsx(tables: dict[str, Path], suffix: str) -> None:
    xlsx, other = api.score_paths([tables["xlsx"]]), api.score_paths([tables[suffix]])
    assert [str(r.total) for r in other.results] == [str(r.total) for r in xlsx.results]
    assert [p.code for p in other.problems] == [p.code for p in xlsx.problems]
    assert len(xlsx.results) == 7


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_tables_read_as_the_xlsx(tables: dict[str, Path], suffix: str) -> None:
    def filled(path: Path) -> list[list[tuple[tuple[int, str], ...]]]:
        return [
            [row.filled for row in grid.rows if row.filled] for grid in read_workbook_grids(path)
        ]

    assert filled(tables[suffix]) == filled(tables["xlsx"])
    assert any("%" in text for sheet in filled(tables[suffix]) for row in sheet for _, text in row)
