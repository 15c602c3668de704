"""Hostile input files, each built in a few seconds at most into a folder a test gives.

Not a test module: tests import it (pytest puts ``tests/`` on ``sys.path``)::

    from hostile import HOSTILE
    path = HOSTILE["far_cell"](tmp_path)

Every generator is a plain function ``(folder) -> path``; ``HOSTILE`` maps a name to each.
The files are what an attacker (or a broken tool) would upload: zip bombs, far cells, entity
tricks, corrupt zips, encrypted workbooks, huge numbers. Big ones are streamed, never built in
memory: the 10⁶-row sheet is written into the zip as it is generated, and the 1.1 GB bomb is
one deflate block repeated (a full flush makes blocks independent and byte-aligned).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
TABLE_XLSX = ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"
TABLE_ODS = ROOT / "tests" / "fixtures" / "街道文化活动经费.ods"
SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

Generator = Callable[[Path], Path]
HOSTILE: dict[str, Generator] = {}


def hostile(function: Generator) -> Generator:
    HOSTILE[function.__name__] = function
    return function


# ---------------------------------------------------------------- building blocks


def _workbook_parts(sheet_names: list[str]) -> dict[str, bytes]:
    """The parts of a minimal xlsx around sheets 1..n (their XML is added by the caller)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheet_names) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheet_names, 1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheet_names) + 1)
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    )
    return {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": root_rels.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/_rels/workbook.xml.rels": workbook_rels.encode(),
    }


def sheet_xml(rows: str, prolog: str = "", dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{dim}<sheetData>{rows}</sheetData>'
        "</worksheet>"
    ).encode()


def write_xlsx(path: Path, sheets: dict[str, bytes | Iterable[bytes]]) -> Path:
    """An xlsx with these sheets (name → XML, or chunks of XML streamed into the zip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part, data in _workbook_parts(list(sheets)).items():
            archive.writestr(part, data)
        for i, xml in enumerate(sheets.values(), 1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as f:
                for chunk in [xml] if isinstance(xml, bytes) else xml:
                    f.write(chunk)
    return path


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip of already deflated members: (name, deflate data, crc, declared size). Lets a
    member claim a size other than what it inflates to."""
    central = b""
    with path.open("wb") as f:
        for name, data, crc, size in members:
            offset = f.tell()
            encoded = name.encode()
            head = struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
            )
            f.write(head + encoded)
            f.write(data)
            central += struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            central += encoded
        start = f.tell()
        f.write(central)
        f.write(
            struct.pack(
                "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
            )
        )
    return path


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def _rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of a zip with each member's content passed through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
    return target


def _table_with(folder: Path, name: str, cell: str, value: object) -> Path:
    """The example self-evaluation workbook with one cell changed."""
    workbook = openpyxl.load_workbook(TABLE_XLSX)
    workbook.worksheets[0][cell] = value
    path = folder / name
    workbook.save(path)
    return path


def _patch_member(path: Path, member: str, patch: Callable[[bytearray, int, int], None]) -> Path:
    """Edit the stored bytes of `member` in place: patch(data, start of its compressed data,
    offset of its local header)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    offset = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
    patch(data, offset + 30 + name_len + extra_len, offset)
    path.write_bytes(bytes(data))
    return path


# ---------------------------------------------------------------- sizes and shapes


@hostile
def far_cell(folder: Path) -> Path:
    """One value at XFD1048576, the last cell Excel has (a 6.8 KB file)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["XFD1048576"] = "远"
    path = folder / "far_cell.xlsx"
    workbook.save(path)
    return path


@hostile
def far_formatting(folder: Path) -> Path:
    """A real table plus an empty but formatted cell at XFD1048576: legitimate, read as usual."""
    workbook = openpyxl.load_workbook(TABLE_XLSX)
    workbook.worksheets[0]["XFD1048576"].font = openpyxl.styles.Font(bold=True)
    path = folder / "far_formatting.xlsx"
    workbook.save(path)
    return path


@hostile
def far_column(folder: Path) -> Path:
    """A value in column XFD of row 1, declared by a dimension of A1:XFD1 (wide, not deep)."""
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c>'
    rows += '<c r="XFD1" t="inlineStr"><is><t>远</t></is></c></row>'
    return write_xlsx(folder / "far_column.xlsx", {"表": sheet_xml(rows, dimension="A1:XFD1")})


def _many_rows(count: int) -> Iterator[bytes]:
    head = sheet_xml("").split(b"<sheetData>")[0]
    yield head + b"<sheetData>"
    batch = []
    for r in range(1, count + 1):
        batch.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1.5</v></c></row>')
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode() + b"</sheetData></worksheet>"


@hostile
def million_rows(folder: Path) -> Path:
    """10⁶ rows of two numbers (streamed into the zip, about a second to build)."""
    return write_xlsx(folder / "million_rows.xlsx", {"明细": _many_rows(1_000_000)})


@hostile
def too_many_sheets(folder: Path) -> Path:
    """300 empty sheets (the default limit is 256)."""
    names = [f"表{i}" for i in range(1, 301)]
    return write_xlsx(folder / "too_many_sheets.xlsx", {n: sheet_xml("") for n in names})


@hostile
def long_cell(folder: Path) -> Path:
    """A real table whose 偏差原因 cell holds 40,002 characters (Excel stops at 32,767, and so
    does openpyxl when it writes, so the text goes into the sheet XML directly)."""
    base = _table_with(folder, "base.xlsx", "I14", "LONG-CELL")

    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"LONG-CELL", "场地未落实。".encode() * 6667) if name == SHEET else data

    return _rezip(base, folder / "long_cell.xlsx", change)


# ---------------------------------------------------------------- zip bombs


def _bomb_member(inflated: int) -> tuple[bytes, int, int]:
    """Deflate data that inflates to about `inflated` bytes of a sheet whose body is one XML
    comment; returns the data, its CRC and its true size."""
    head = sheet_xml("").replace(b"</worksheet>", b"<!--")
    tail = b"--></worksheet>"
    chunk = b"a" * (1 << 20)
    repeats = (inflated - len(head) - len(tail)) // len(chunk)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return first + block * repeats + last, crc, len(head) + repeats * len(chunk) + len(tail)


def _bomb(path: Path, declared: int | None) -> Path:
    data, crc, size = _bomb_member(1100 * (1 << 20))
    members = [(n, *_deflated(d)) for n, d in _workbook_parts(["表"]).items()]
    members.append((SHEET, data, crc, size if declared is None else declared))
    return _raw_zip(path, members)


@hostile
def zip_bomb(folder: Path) -> Path:
    """A sheet that inflates about 1000× (1.1 MB → 1.1 GB), its sizes declared honestly."""
    return _bomb(folder / "zip_bomb.xlsx", None)


@hostile
def zip_bomb_lying(folder: Path) -> Path:
    """The same bomb declaring 100 KB uncompressed: only inflating it tells."""
    return _bomb(folder / "zip_bomb_lying.xlsx", 100_000)


@hostile
def ods_zip_bomb(folder: Path) -> Path:
    """An .ods whose content.xml inflates 1000× and declares a small size."""
    with zipfile.ZipFile(TABLE_ODS) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    data, crc, _ = _bomb_member(1100 * (1 << 20))
    members = [(n, *_deflated(d)) for n, d in parts.items() if n != "content.xml"]
    members.append(("content.xml", data, crc, 50_000))
    return _raw_zip(folder / "ods_zip_bomb.ods", members)


@hostile
def ods_far_cell(folder: Path) -> Path:
    """An .ods of a few hundred bytes: 10⁶ repeated empty rows, then one value far right."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="表">'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        '<table:table-cell office:value-type="string"><text:p>远</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    return ods_package(folder / "ods_far_cell.ods", content)


def ods_package(path: Path, content: str) -> Path:
    """An .ods holding `content` as its content.xml, with the mimetype and manifest."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
            '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
    return path


# ---------------------------------------------------------------- numbers


@hostile
def huge_float(folder: Path) -> Path:
    """A real table with 1e18 as its 偏差原因 and 1.7976931348623157e308 as another's."""
    workbook = openpyxl.load_workbook(TABLE_XLSX)
    workbook.worksheets[0]["I14"] = 1e18
    workbook.worksheets[0]["I19"] = 1.7976931348623157e308
    path = folder / "huge_float.xlsx"
    workbook.save(path)
    return path


@hostile
def infinite_float(folder: Path) -> Path:
    """A real table with a 偏差原因 cell stored as <v>1e999</v> (openpyxl reads inf)."""

    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        return re.sub(rb'(<c r="I14"[^>]*>)<v>7</v>', rb"\1<v>1e999</v>", data)

    return _rezip(
        _table_with(folder, "base.xlsx", "I14", 7), folder / "infinite_float.xlsx", change
    )


# ---------------------------------------------------------------- XML and zip corruption

LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


@hostile
def billion_laughs(folder: Path) -> Path:
    """A DTD of nested entities (10⁹ × 哈) used in a cell of the sheet XML."""
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'
    return write_xlsx(folder / "billion_laughs.xlsx", {"表": sheet_xml(rows, LAUGHS)})


@hostile
def external_entity(folder: Path) -> Path:
    """An external entity naming /etc/passwd in the sheet XML (XXE)."""
    prolog = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>'
    return write_xlsx(folder / "external_entity.xlsx", {"表": sheet_xml(rows, prolog)})


@hostile
def styles_laughs(folder: Path) -> Path:
    """A real table whose styles.xml (not a sheet) carries the billion-laughs DTD."""

    def change(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        head, mark, body = data.partition(b"?>")
        dtd = LAUGHS.replace("worksheet", "styleSheet").encode()
        return head + mark + dtd + body if mark else dtd + data

    return _rezip(TABLE_XLSX, folder / "styles_laughs.xlsx", change)


@hostile
def corrupt_deflate(folder: Path) -> Path:
    """A real table whose sheet's compressed data is overwritten in the middle."""
    path = folder / "corrupt_deflate.xlsx"
    path.write_bytes(TABLE_XLSX.read_bytes())

    def patch(data: bytearray, start: int, _: int) -> None:
        data[start + 40 : start + 72] = b"\xff" * 32

    return _patch_member(path, SHEET, patch)


@hostile
def bad_crc(folder: Path) -> Path:
    """A real table whose sheet's CRC (local header and central directory) is wrong."""
    path = folder / "bad_crc.xlsx"
    path.write_bytes(TABLE_XLSX.read_bytes())
    with zipfile.ZipFile(path) as archive:
        crc = archive.getinfo(SHEET).CRC
    wrong = struct.pack("<I", crc ^ 0xA5A5A5A5)
    data = path.read_bytes().replace(struct.pack("<I", crc), wrong)
    path.write_bytes(data)
    return path


@hostile
def encrypted(folder: Path) -> Path:
    """The example table saved with an opening password (Agile encryption, as Excel does)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    path = folder / "encrypted.xlsx"
    with TABLE_XLSX.open("rb") as plain, path.open("wb") as out:
        OOXMLFile(plain).encrypt("密码123", out)
    return path


TABLE_XLS = TABLE_ODS.with_suffix(".xls")
_CELL_RECORDS = {0x0203, 0x00FD, 0x027E, 0x0204, 0x0006, 0x0205}  # NUMBER LABELSST RK LABEL …


def _records(stream: bytearray) -> Iterator[tuple[int, int]]:
    """(offset, record type) of each BIFF record in a Workbook stream, in order."""
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield at, kind
        at += 4 + length


def _edit_xls(path: Path, edit: Callable[[bytearray], None]) -> Path:
    """The example .xls with its Workbook stream edited in place (the file's size unchanged)."""
    import olefile

    path.write_bytes(TABLE_XLS.read_bytes())
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        edit(stream)
        ole.write_stream("Workbook", bytes(stream))
    return path


def _patch_xls(path: Path, hide_eof: bool) -> Path:
    def far_cell(stream: bytearray) -> None:
        hide = hide_eof
        for at, kind in _records(stream):
            if kind == 0x000A and hide:  # the first EOF, closing the workbook globals
                struct.pack_into("<H", stream, at, 0x0019)
                hide = False
            if kind in _CELL_RECORDS:
                struct.pack_into("<HH", stream, at + 4, 0xFFFF, 0xFF)
                return

    return _edit_xls(path, far_cell)


@hostile
def xls_far_cell(folder: Path) -> Path:
    """The example .xls with one cell moved to IV65536, the last cell of BIFF8 (patched in
    place, the file's size unchanged)."""
    return _patch_xls(folder / "xls_far_cell.xls", hide_eof=False)


@hostile
def xls_hidden_far_cell(folder: Path) -> Path:
    """The same far cell, with the EOF record that closes the workbook globals damaged so a
    scan that walks substreams by their EOF records never reaches the sheet (calamine does)."""
    return _patch_xls(folder / "xls_hidden_far_cell.xls", hide_eof=True)


@hostile
def xls_bad_dimensions(folder: Path) -> Path:
    """The example .xls whose DIMENSIONS record claims 65,536 rows × 65,535 columns (calamine sized its grid
    from it and aborted the process: no exception, no message)."""

    def dimensions(stream: bytearray) -> None:
        for at, kind in _records(stream):
            if kind == 0x0200:
                struct.pack_into("<IIHH", stream, at + 4, 0, 65536, 0, 0xFFFF)
                return

    return _edit_xls(folder / "xls_bad_dimensions.xls", dimensions)
