"""Guards a workbook reader calls before any library opens the file: every zip member's size,
ratio and integrity, no DTD in any XML part, and each sheet's used range within the limits.

The checks stream: a member is inflated in chunks and counted (declared sizes are checked
first, then believed only as far as the data bears them out), and a sheet's XML is parsed by
expat without building anything, stopping at the first cell past a limit. A problem is raised
as `UnreadableFile` (a damaged or crafted file) or `LimitExceeded` (the located problem).
The walks of an .xls's records and an .ods's content.xml also note which number cells have a
percent format (`SheetFormats`), which calamine reads past.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, NamedTuple
from xml.parsers import expat

from jixiao.core import limits
from jixiao.core.problems import Location, column_letter
from jixiao.ingest.text import LimitExceeded, UnreadableFile

SAVE_AS = "请用 Excel 或 WPS 打开后另存为 .xlsx"
# What reading a damaged zip can raise besides BadZipFile: offsets past the end (OSError,
# ValueError), a member cut short (EOFError), a broken deflate stream (zlib.error).
_BROKEN = (OSError, ValueError, EOFError, zlib.error)
CHUNK = 1 << 20  # bytes inflated or parsed at a time
KEPT_BYTES = 32 << 20  # a part kept inflated in memory; a bigger one is streamed when read
PROLOG_BYTES = 1 << 16  # an XML part must reach its root element within this
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


class UsedRange(NamedTuple):
    """A sheet and the rows × columns its content needs (trailing empty cells left out)."""

    name: str
    rows: int
    columns: int


Cell = tuple[int, int]  # (row, column), 0-based, as calamine's grid counts
PERCENT = "0%"  # the code of a cell that shows its value times 100 with a percent sign
PERCENT_SIGN = '0"%"'  # the code of a cell that writes a percent sign after its value
BUILTIN_PERCENT = {9: PERCENT, 10: "0.00%"}  # the built-in number formats that show a percent


class SheetFormats(NamedTuple):
    """A sheet's used range and, by cell, the number formats with a percent sign of the cells
    that hold a number (the formats calamine reads but does not apply)."""

    used: UsedRange
    formats: dict[Cell, str]


# ---------------------------------------------------------------- the zip


def verify_zip(
    name: str, data: bytes, keep: Callable[[str], bool] = lambda _: False
) -> dict[str, bytes]:
    """Refuse a zip whose members are too many, too big, inflate too much, or are damaged:
    every member inflated once and checked; the members `keep` names come back inflated, so
    a reader never inflates them a second time (up to KEPT_BYTES each: a reader streams a
    bigger one from the zip)."""
    lim = limits.current()
    raw = io.BytesIO(data)
    try:
        with zipfile.ZipFile(raw) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, *_BROKEN):
        raise UnreadableFile(f"不是有效的 Excel 工作簿（zip 结构已损坏）；{SAVE_AS}") from None
    if len(members) > lim.zip_members:
        raise LimitExceeded(limits.exceeded("zip_members", len(members), Location(name)))
    total = 0
    for info in members:
        where = _part(name, info.filename)
        if info.file_size > lim.zip_member_bytes:
            raise LimitExceeded(limits.exceeded("zip_member_bytes", info.file_size, where))
        ratio = info.file_size // max(info.compress_size, 1)
        if ratio > lim.zip_ratio:
            raise LimitExceeded(limits.exceeded("zip_ratio", ratio, where, "疑似压缩炸弹"))
        total += info.file_size
    if total > lim.zip_total_bytes:
        raise LimitExceeded(limits.exceeded("zip_total_bytes", total, Location(name)))
    kept: dict[str, bytes] = {}
    for info in members:
        chunks = _verify(raw, info, keep(info.filename) and info.file_size <= KEPT_BYTES)
        if chunks is not None and info.filename not in kept:
            kept[info.filename] = b"".join(chunks)
    return kept


def _verify(raw: IO[bytes], info: zipfile.ZipInfo, keep: bool = False) -> list[bytes] | None:
    """Inflate one member, stopping as soon as it passes its declared size; check its CRC and,
    for XML, that no DTD precedes the root element. The inflated chunks when `keep`."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise UnreadableFile(f"工作簿部件「{name}」已加密，无法读取；{SAVE_AS}")
    size = 0
    crc = 0
    head = b""
    xml = name.endswith((".xml", ".rels")) or name == "[Content_Types].xml"
    chunks: list[bytes] | None = [] if keep else None
    try:
        for data in _inflate(raw, info):
            if chunks is not None:
                chunks.append(data)
            size += len(data)
            if size > info.file_size:
                raise _damaged(name, "解压后比记录的大小更大（疑似伪造的压缩包）")
            crc = zlib.crc32(data, crc)
            if xml and len(head) < PROLOG_BYTES:
                head += data[: PROLOG_BYTES - len(head)]
    except zlib.error:
        raise _damaged(name, "压缩数据损坏") from None
    except _BROKEN:  # an offset or a length past the file's end
        raise _damaged(name, "找不到部件数据") from None
    if size != info.file_size:
        raise _damaged(name, "解压后的大小与记录不符")
    if crc != info.CRC:
        raise _damaged(name, "校验和（CRC）不符")
    if xml and head:
        check_prolog(head, name)
    return chunks


def _inflate(raw: IO[bytes], info: zipfile.ZipInfo) -> Iterator[bytes]:
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise _damaged(info.filename, "找不到部件数据")
    name_len, extra_len = struct.unpack_from("<HH", header, 26)
    if raw.read(name_len) != info.orig_filename.encode(
        "utf-8" if info.flag_bits & 0x800 else "cp437"
    ):
        raise _damaged(info.filename, "的名称与目录中的不一致")
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while left:
            data = raw.read(min(left, CHUNK))
            if not data:
                raise _damaged(info.filename, "数据不完整")
            left -= len(data)
            yield data
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _damaged(info.filename, f"使用了 Excel 不用的压缩方式（{info.compress_type}）")
    inflater = zlib.decompressobj(-15)
    while left and not inflater.eof:
        data = raw.read(min(left, CHUNK))
        if not data:
            break
        left -= len(data)
        while data and not inflater.eof:
            yield inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
    if not inflater.eof:
        raise _damaged(info.filename, "压缩数据不完整")


def _damaged(part: str, reason: str) -> UnreadableFile:
    return UnreadableFile(f"工作簿已损坏：部件「{part}」{reason}；{SAVE_AS}")


def _part(file: str, member: str) -> Location:
    return Location(file, field=f"部件 {member}")


def check_prolog(head: bytes, part: str) -> None:
    """Refuse an XML part that declares a DTD (entities: billion laughs, external files).
    Excel, WPS and LibreOffice never write one."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    at = 0
    while True:
        while at < len(text) and text[at] in " \t\r\n\ufeff":
            at += 1
        if text.startswith("<?", at):
            end = text.find("?>", at)
        elif text.startswith("<!--", at):
            end = text.find("-->", at)
        elif text.startswith("<!", at):
            raise _dtd(part)
        else:
            return
        if end < 0:
            if len(head) >= PROLOG_BYTES:
                raise _dtd(part)
            return
        at = end + 2


def _dtd(part: str) -> UnreadableFile:
    return UnreadableFile(
        f"工作簿的部件「{part}」含 DTD 声明（实体定义），Excel 和 WPS 不会写出这样的文件，"
        f"为安全起见拒绝读取；{SAVE_AS}"
    )


# ---------------------------------------------------------------- XML, streamed


def parse_xml(stream: IO[bytes], part: str, handlers: dict[str, Callable[..., None]]) -> None:
    """Feed a member through expat with `handlers`; a DTD or malformed XML is unreadable."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise _dtd(part)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    for event, handler in handlers.items():
        setattr(parser, event, handler)
    try:
        while data := stream.read(CHUNK):
            parser.Parse(data, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise UnreadableFile(
            f"工作簿的部件「{part}」不是有效的 XML（第 {exc.lineno} 行：{expat.ErrorString(exc.code)}）；"
            f"{SAVE_AS}",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise _damaged(part, "压缩数据损坏") from None


class RangeCounter:
    """The used range of one sheet, grown cell by cell; refuses the first cell past a limit."""

    def __init__(self, file: str, sheet: str) -> None:
        self.file, self.sheet = file, sheet
        self.limits = limits.current()
        self.rows = self.columns = self.cells = 0

    def record(self) -> None:
        self.cells += 1
        if self.cells > self.limits.sheet_cells:
            self._refuse("sheet_cells", self.cells, None, "记录的单元格太多")

    def content(self, row: int, column: int) -> None:
        """A cell with content at `row`, `column` (1-based, the last of a repeated run)."""
        if row > self.rows:
            self.rows = row
            if row > self.limits.sheet_rows:
                self._refuse("sheet_rows", row, (row, column))
        if column > self.columns:
            self.columns = column
            if column > self.limits.sheet_columns:
                self._refuse("sheet_columns", column, (row, column))
        if self.rows * self.columns > self.limits.sheet_cells:
            self._refuse("sheet_cells", self.rows * self.columns, (row, column))

    def _refuse(self, name: str, found: int, cell: tuple[int, int] | None, what: str = "") -> None:
        where = Location(self.file, self.sheet)
        if cell is not None:
            where = where.with_cell(f"{column_letter(cell[1] - 1)}{cell[0]}")
            what = what or "工作表的内容超出范围（远处的单元格有内容）"
        raise LimitExceeded(limits.exceeded(name, found, where, what))

    def used(self) -> UsedRange:
        return UsedRange(self.sheet, self.rows, self.columns)


def check_sheet_count(file: str, count: int) -> None:
    if count > limits.current().sheets:
        raise LimitExceeded(limits.exceeded("sheets", count, Location(file)))


# ---------------------------------------------------------------- ods


def scan_ods(file: str, package: bytes, parts: dict[str, bytes]) -> list[SheetFormats]:
    """The used range of every table in an .ods (repeated rows and cells expanded by count,
    never by building them) and its percent cells; `parts` are what `verify_zip` kept of
    `package` (content.xml, unless too big to keep: then streamed from the zip).

    calamine reads a cell's `office:value` (0.98) and not how it shows: a cell of value type
    "percentage" (the type OpenDocument gives a value in a percent format; LibreOffice
    writes it for every such cell) shows its value times 100 with a percent sign, and a
    "float" cell whose displayed text (`<text:p>`, comments left out) has a percent sign has
    a format that writes one after the value (0.0"%")."""
    sheets: list[SheetFormats] = []
    table, row_tag = f"{_TABLE} table", f"{_TABLE} table-row"
    cell_tags = {f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"}
    value_type, text_p = f"{_OFFICE} value-type", f"{_TEXT} p"
    annotation = f"{_OFFICE} annotation"
    # kind: 0 not a number, 1 a percentage, 2 a float, 3 a float shown with a percent sign
    state = {"row": 0, "rows": 1, "column": 0, "columns": 1, "value": 0, "depth": 0}
    state |= {"kind": 0, "note": 0}
    counter: list[RangeCounter] = []
    formats: list[dict[Cell, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag in cell_tags and counter:
            counter[-1].record()
            state["column"] += state["columns"]
            state["columns"] = _repeat(attrs.get(f"{_TABLE} number-columns-repeated"))
            kind = attrs.get(value_type)
            state["value"] = int(kind is not None)
            state["kind"] = 1 if kind == "percentage" else 2 if kind == "float" else 0
        elif tag == text_p:
            state["value"] = 1
        elif tag == annotation:
            state["note"] += 1
        elif tag == row_tag:
            state["row"] += state["rows"]
            state["rows"] = _repeat(attrs.get(f"{_TABLE} number-rows-repeated"))
            state["column"], state["columns"] = 0, 1
        elif tag == table:
            state["depth"] += 1
            if state["depth"] == 1:
                check_sheet_count(file, len(sheets) + 1)
                counter.append(RangeCounter(file, attrs.get(f"{_TABLE} name", "")))
                formats.append({})
                state["row"], state["rows"] = 0, 1

    def data(chars: str) -> None:
        if state["kind"] == 2 and not state["note"] and "%" in chars:
            state["kind"] = 3

    def end(tag: str) -> None:
        if tag in cell_tags and state["value"] and counter:
            last_row = state["row"] + state["rows"] - 1
            last_column = state["column"] + state["columns"] - 1
            counter[-1].content(last_row, last_column)  # the run is within the limits
            if state["kind"] & 1:
                code = PERCENT if state["kind"] == 1 else PERCENT_SIGN
                columns = range(state["column"] - 1, last_column)
                found = formats[-1]
                for row in range(state["row"] - 1, last_row):
                    found.update(dict.fromkeys([(row, c) for c in columns], code))
            state["value"] = state["kind"] = 0
        elif tag == annotation:
            state["note"] -= 1
        elif tag == table:
            state["depth"] -= 1
            if state["depth"] == 0 and counter:
                sheets.append(SheetFormats(counter.pop().used(), formats.pop()))

    handlers: dict[str, Callable[..., None]] = {
        "StartElementHandler": start,
        "EndElementHandler": end,
        "CharacterDataHandler": data,
    }
    try:
        if "content.xml" in parts:
            parse_xml(io.BytesIO(parts["content.xml"]), "content.xml", handlers)
            return sheets
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            if "content.xml" not in archive.namelist():
                raise UnreadableFile("不是有效的 OpenDocument 表格（缺少 content.xml）")
            with archive.open("content.xml") as stream:
                parse_xml(stream, "content.xml", handlers)
    except (zipfile.BadZipFile, NotImplementedError, *_BROKEN):
        raise UnreadableFile(f"不是有效的 OpenDocument 表格（zip 结构已损坏）；{SAVE_AS}") from None
    return sheets


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


# ---------------------------------------------------------------- xls (BIFF in a CFB container)

_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_BOUNDSHEET, _DIMENSIONS, _EOF = 0x0085, 0x0200, 0x000A
_FORMAT, _XF = 0x041E, 0x00E0  # a number format (index, code); a cell format (its format at 2)
_XLS_ROWS, _XLS_COLUMNS = 65_536, 256  # the grid of BIFF8, a file format's own bound
_VALUE_RECORDS = {0x0203, 0x00FD, 0x0204, 0x027E, 0x0205, 0x0006, 0x00D6}  # NUMBER … RSTRING
_MULRK, _BLANKS = 0x00BD, {0x0201, 0x00BE}  # MULRK holds a run of cells; BLANK/MULBLANK none
_FORMULA = 0x0006
_NUMBERS = {0x0203, 0x027E, _FORMULA}  # NUMBER, RK and FORMULA: a cell that may hold a number
_NOT_A_NUMBER = b"\xff\xff"  # the last bytes of a FORMULA's result when it is not a number


def scan_xls(file: str, package: bytes) -> list[SheetFormats]:
    """The used range of every worksheet of a .xls, from its cell records, before calamine
    (which builds a dense grid up to the farthest cell) opens it. A sheet is read from the
    offset its BOUNDSHEET record names up to the next sheet's, whatever EOF records say, so a
    damaged stream cannot hide a far cell from this scan that calamine would still find.

    The same walk finds the percent cells: calamine reads a number's cell format (XF) and
    its number format but applies only date formats. As calamine reads them, the workbook's
    FORMAT and XF records are those before its first EOF, and a sheet's cells those before
    the sheet's first EOF."""
    stream = _cfb_stream(package, ("Workbook", "Book"))
    sheets: dict[int, str] = {}
    codes = dict(BUILTIN_PERCENT)
    xfs: list[int] = []
    in_globals = True
    for kind, body in _records(stream, 0, len(stream)):
        if kind == _BOUNDSHEET and len(body) >= 8:
            sheets[struct.unpack_from("<I", body)[0]] = _short_string(body[6:])
            check_sheet_count(file, len(sheets))
        elif not in_globals:
            continue
        elif kind == _FORMAT and len(body) >= 5:
            codes[_u16(body, 0)] = _unicode_string(body[2:])
        elif kind == _XF and len(body) >= 4:
            xfs.append(_u16(body, 2))
        elif kind == _EOF:
            in_globals = False
    percent = {xf: codes[n] for xf, n in enumerate(xfs) if "%" in codes.get(n, "")}
    offsets = sorted(sheets)
    found = []
    for start, end in zip(offsets, [*offsets[1:], len(stream)][: len(offsets)], strict=True):
        counter = RangeCounter(file, sheets[start])
        formats: dict[Cell, str] = {}
        reading = bool(percent)  # cells whose format matters: none without a percent format
        for kind, body in _records(stream, start, end):
            if kind == _DIMENSIONS:
                _check_dimensions(body, sheets[start])
            elif kind == _EOF:
                reading = False
            if len(body) < 4 or not (kind in _VALUE_RECORDS or kind in _BLANKS or kind == _MULRK):
                continue
            counter.record()
            row, column = struct.unpack_from("<HH", body)
            if kind in _VALUE_RECORDS:
                counter.content(row + 1, column + 1)
                if (
                    reading
                    and kind in _NUMBERS
                    and (kind != _FORMULA or body[12:14] != _NOT_A_NUMBER)
                ):
                    _note(formats, (row, column), percent.get(_u16(body, 4)))
            elif kind == _MULRK and len(body) >= 6:
                last = _u16(body, len(body) - 2)
                counter.content(row + 1, last + 1)
                if reading:  # (xf, rk) per cell from `column` to `last`
                    runs = struct.iter_unpack("<H4x", body[4 : 4 + 6 * ((len(body) - 6) // 6)])
                    for at, (xf,) in zip(range(column, last + 1), runs, strict=False):
                        _note(formats, (row, at), percent.get(xf))
        found.append(SheetFormats(counter.used(), formats))
    return found


def _note(formats: dict[Cell, str], cell: Cell, code: str | None) -> None:
    """A number at `cell` with a percent format `code`, or with another (the record of a cell
    read last is the one calamine keeps)."""
    if code is not None:
        formats[cell] = code
    elif formats:
        formats.pop(cell, None)


def _u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "little")


def _check_dimensions(body: bytes, sheet: str) -> None:
    """calamine sizes a sheet by its DIMENSIONS record before reading a cell: one past the
    BIFF8 grid (65,536 × 256) or inverted aborts the whole process, so it is refused here."""
    if len(body) >= 14:
        first_row, end_row, first_column, end_column = struct.unpack_from("<IIHH", body)
    elif len(body) >= 8:
        first_row, end_row, first_column, end_column = struct.unpack_from("<HHHH", body)
    else:
        return
    if not (first_row <= end_row <= _XLS_ROWS and first_column <= end_column <= _XLS_COLUMNS):
        raise UnreadableFile(
            f"不是有效的 Excel 97-2003 工作簿（工作表「{sheet}」记录的范围已损坏）；{SAVE_AS}"
        )


def _records(stream: bytes, start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """(type, body) of every BIFF record from `start` up to `end`."""
    at = start
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4 : at + 4 + length]
        at += 4 + length


def _unicode_string(data: bytes) -> str:
    """A BIFF8 XLUnicodeString: a 16-bit count, a flags byte (bit 0: two bytes a character)."""
    if len(data) < 3:
        return ""
    count, wide = struct.unpack_from("<H", data)[0], data[2] & 1
    raw = data[3 : 3 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", errors="replace")


def _short_string(data: bytes) -> str:
    if len(data) < 2:
        return ""
    count, wide = data[0], data[1] & 1
    raw = data[2 : 2 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", errors="replace")


def _cfb_stream(data: bytes, names: tuple[str, ...]) -> bytes:
    """The first stream called one of `names` in a Compound File (the container of .xls),
    every sector chain bounded by the file's own size so a looping chain cannot hang."""
    try:
        return _cfb_find(data, names)
    except (struct.error, IndexError, ValueError):  # a sector cut short, a table too small
        raise _cfb_damaged() from None


def _cfb_damaged() -> UnreadableFile:
    return UnreadableFile(f"不是有效的 Excel 97-2003 工作簿（复合文档结构已损坏）；{SAVE_AS}")


def _cfb_find(data: bytes, names: tuple[str, ...]) -> bytes:
    bad = _cfb_damaged()
    if len(data) < 512 or not data.startswith(_CFB_MAGIC):
        raise bad
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise bad
    size = 1 << shift
    sectors = (len(data) - 512) // size + 1

    def sector(n: int) -> bytes:
        if not 0 <= n < sectors:
            raise bad
        return data[(n + 1) * size : (n + 2) * size]

    def chain(first: int, table: list[int]) -> list[int]:
        found: list[int] = []
        n = first
        while n not in (_END_OF_CHAIN, _FREE):
            if n >= len(table) or len(found) > len(table):
                raise bad
            found.append(n)
            n = table[n]
        return found

    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_mini_fat, mini_fat_count, first_difat, difat_count = struct.unpack_from(
        "<IIIII", data, 0x38
    )
    difat = list(struct.unpack_from("<109I", data, 0x4C))
    n = first_difat
    for _ in range(min(difat_count, sectors)):
        if n in (_END_OF_CHAIN, _FREE):
            break
        more = struct.unpack(f"<{size // 4}I", sector(n))
        difat.extend(more[:-1])
        n = more[-1]
    fat: list[int] = []
    for n in difat[: min(fat_count, sectors)]:
        if n != _FREE:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))
    directory = b"".join(sector(n) for n in chain(first_dir, fat))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise bad
    root = entries[0]
    for entry in entries:
        name_len = min(struct.unpack_from("<H", entry, 0x40)[0], 64)
        name = entry[: max(name_len - 2, 0)].decode("utf-16-le", errors="replace")
        if entry[0x42] != 2 or name not in names:
            continue
        start, length = struct.unpack_from("<IQ", entry, 0x74)
        if shift == 9:  # version 3 files keep garbage in the high half
            length &= 0xFFFFFFFF
        if length >= cutoff:
            return b"".join(sector(n) for n in chain(start, fat))[:length]
        mini_fat: list[int] = []
        for n in chain(first_mini_fat, fat)[:mini_fat_count]:
            mini_fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))
        root_start = struct.unpack_from("<I", root, 0x74)[0]
        mini = b"".join(sector(n) for n in chain(root_start, fat))
        return b"".join(mini[n * 64 : n * 64 + 64] for n in chain(start, mini_fat))[:length]
    raise UnreadableFile(f"不是有效的 Excel 97-2003 工作簿（找不到工作簿数据）；{SAVE_AS}")


# ---------------------------------------------------------------- any reader


def check_used_range(file: str, used: UsedRange) -> None:
    """Refuse a sheet whose range, however the reader found it (calamine's dimensions for
    .xls), is past a limit."""
    counter = RangeCounter(file, used.name)
    if used.rows and used.columns:
        counter.content(used.rows, used.columns)
