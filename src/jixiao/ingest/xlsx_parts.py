"""What jixiao reads from an .xlsx's XML itself, around the values calamine reads: which
sheets are worksheets, every sheet's used range (before calamine builds a grid that wide),
and per cell what calamine does not give: a percent number format, an error value (#N/A).

The file is read once. `guard.verify_zip` inflates and checks every member and keeps the XML
parts; a worksheet is then scanned by one regular expression when its XML is the plain kind
every spreadsheet program writes (each cell tag with its own reference, no comments, CDATA or
entities in tags, every value inside a cell the expression saw), and by expat otherwise. Both
scans give the same `SheetScan`; tests hold them to it. Both count cells by their local name,
whatever their namespace prefix, as calamine reads them: a cell calamine would place cannot
escape the used range (calamine aborts the whole process on a grid too large to allocate).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import IO, NamedTuple

from jixiao.core.memo import memo
from jixiao.ingest import guard
from jixiao.ingest.guard import RangeCounter, UsedRange
from jixiao.ingest.text import UnreadableFile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

Cell = guard.Cell


class SheetScan(NamedTuple):
    """One worksheet as its XML describes it."""

    used: UsedRange
    formats: dict[Cell, str]  # number formats with a percent sign, by cell
    errors: dict[Cell, str]  # error values (#DIV/0!, #N/A…), which calamine reads as ""


def read_parts(name: str, data: bytes) -> tuple[SheetScan, ...]:
    """Check the zip, then scan every worksheet; raises `UnreadableFile` / `LimitExceeded`."""
    return scan_parts(name, guard.verify_zip(name, data, wanted), data)


def scan_parts(name: str, parts: dict[str, bytes], data: bytes) -> tuple[SheetScan, ...]:
    """The worksheets, in workbook order, from the parts `guard.verify_zip` kept; a sheet too
    big to have been kept is streamed from the zip (`data`) through expat."""
    main = _main_part(parts)
    sheets = _elements(parts, main, f"{_MAIN} sheet")
    guard.check_sheet_count(name, len(sheets))
    rels = _relationships(parts, main)
    styles = next((t for t, kind in rels.values() if kind.endswith("/styles")), "")
    percent = percent_styles(parts[styles]) if styles in parts else {}
    scans = []
    for sheet in sheets:
        target, kind = rels.get(sheet.get(f"{_OFFICE_REL} id", ""), ("", ""))
        if not kind.endswith("/worksheet"):
            continue
        counter = RangeCounter(name, sheet.get("name", ""))
        xml = parts.get(target)
        if xml is not None:
            scans.append(scan_sheet(xml, target, counter, percent))
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if target not in archive.namelist():
                scans.append(_empty(counter))
                continue
            with archive.open(target) as stream:  # verified already: inflates as declared
                scans.append(scan_sheet_expat(stream, target, counter, percent))
    return tuple(scans)


def wanted(member: str) -> bool:
    """The parts read here: rels, the workbook, styles and worksheets (not shared strings,
    drawings or themes, which only calamine or nobody reads)."""
    if member.endswith(".rels"):
        return True
    return member.endswith(".xml") and not member.endswith(
        ("sharedStrings.xml", "theme1.xml", "[Content_Types].xml")
    )


def _empty(counter: RangeCounter) -> SheetScan:
    return SheetScan(counter.used(), {}, {})


# ---------------------------------------------------------------- workbook and relationships


def _elements(parts: dict[str, bytes], part: str, element: str) -> list[dict[str, str]]:
    """The attributes of every `element` (namespace and local name) in a small part."""
    found: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == element:
            found.append(attrs)

    guard.parse_xml(io.BytesIO(parts[part]), part, {"StartElementHandler": start})
    return found


def _main_part(parts: dict[str, bytes]) -> str:
    if "_rels/.rels" in parts:
        for rel in _elements(parts, "_rels/.rels", f"{_RELS} Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                part = _resolve("", rel.get("Target", ""))
                if part in parts:
                    return part
    if "xl/workbook.xml" in parts:
        return "xl/workbook.xml"
    raise UnreadableFile(f"不是有效的 Excel 工作簿（缺少 xl/workbook.xml）；{guard.SAVE_AS}")


def _relationships(parts: dict[str, bytes], main: str) -> dict[str, tuple[str, str]]:
    """id → (part, type) of the workbook's relationships."""
    folder = posixpath.dirname(main)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    if rels_part not in parts:
        return {}
    return {
        rel.get("Id", ""): (_resolve(folder, rel.get("Target", "")), rel.get("Type", ""))
        for rel in _elements(parts, rels_part, f"{_RELS} Relationship")
    }


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


# ---------------------------------------------------------------- styles


@memo(64)  # the units of a district fill one template: its styles part repeats
def percent_styles(xml: bytes) -> dict[int, str]:
    """Cell style index → number format, for the styles whose format shows a percent sign."""
    codes = dict(guard.BUILTIN_PERCENT)
    xfs: list[int] = []
    depth = {"cellXfs": 0}
    xf_tag, fmt_tag, cell_xfs = f"{_MAIN} xf", f"{_MAIN} numFmt", f"{_MAIN} cellXfs"

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == fmt_tag:
            number = attrs.get("numFmtId", "")
            if number.isdigit() and len(number) < 10:
                codes[int(number)] = attrs.get("formatCode", "")
        elif tag == cell_xfs:
            depth["cellXfs"] += 1
        elif tag == xf_tag and depth["cellXfs"]:
            number = attrs.get("numFmtId", "0")
            xfs.append(int(number) if number.isdigit() and len(number) < 10 else 0)

    def end(tag: str) -> None:
        if tag == cell_xfs:
            depth["cellXfs"] -= 1

    handlers: dict[str, Callable[..., None]] = {
        "StartElementHandler": start,
        "EndElementHandler": end,
    }
    guard.parse_xml(io.BytesIO(xml), "styles.xml", handlers)
    return {i: codes[n] for i, n in enumerate(xfs) if "%" in codes.get(n, "")}


# ---------------------------------------------------------------- worksheets


def scan_sheet(xml: bytes, part: str, counter: RangeCounter, percent: dict[int, str]) -> SheetScan:
    """The fast scan when the XML is plain, else expat; the same result either way."""
    found = _scan_plain(xml, counter, percent)
    return found if found is not None else scan_sheet_expat(xml, part, counter, percent)


# The plain form: each cell's reference its first attribute, every attribute double-quoted
# with no quote, "=", "&" or "<" inside (no reference can hide in another attribute or an
# entity), nothing but an optional formula between a cell's tag and its value, no element
# prefixed. A sheet is read this way only when every cell and value element in it is one the
# plain form accounts for; calamine goes by local names, so prefixed ones count too.
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?([^<>]*?)(/?)>'
    rb"(?:<f(?:\s[^<>]*?)?(?:/>|>[^<]*</f>))?(<(?:v|is)>)?"
)
_TOKEN = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(c|v|is)[\s/>]")
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"[^<>]*?\st="e"[^<>]*>'
    rb"(?:<f(?:\s[^<>]*?)?(?:/>|>[^<]*</f>))?<v>([^<]*)</v>"
)
PLAIN_BYTES = 4 << 20  # ~100,000 cells: bigger sheets stream through expat instead
_SECOND_REF = re.compile(rb"\sr\s*=")
_ODD_SPACE = re.compile(rb"[\t\r\n]|  | =|= ")  # then " s=" and " t=" find every style and type


def _scan_plain(xml: bytes, counter: RangeCounter, percent: dict[int, str]) -> SheetScan | None:
    """None when the XML is not the plain kind, or a limit is passed (expat then decides,
    and says at which cell), or the sheet is big (the expressions list every cell at once)."""
    if len(xml) > PLAIN_BYTES or b"<!" in xml or xml.count(b"<?") > 1:
        return None  # a comment or CDATA could hide a tag from the expressions, or fake one
    tokens = _TOKEN.findall(xml)
    cells = _CELL.findall(xml)
    if len(cells) != tokens.count(b"c") or len(cells) > counter.limits.sheet_cells:
        return None
    attrs = b"".join(c[3] for c in cells)
    if b"&" in attrs or b"'" in attrs or attrs.count(b'"') != 2 * attrs.count(b"="):
        return None
    if _SECOND_REF.search(attrs) or _ODD_SPACE.search(attrs):
        return None
    placed = [(row, letters) for letters, row, _, _, empty, value in cells if value and not empty]
    if len(placed) != tokens.count(b"v") + tokens.count(b"is"):
        return None  # a value the expression did not place in its cell
    rows = max((int(row) for row, _ in placed), default=0)
    columns = max((_column(letters) for _, letters in placed), default=0)
    lim = counter.limits
    if rows > lim.sheet_rows or columns > lim.sheet_columns or rows * columns > lim.sheet_cells:
        return None
    formats: dict[Cell, str] = {}
    if percent:
        for letters, row, style, cell_attrs, empty, value in cells:
            if not value or empty:
                continue
            if not style and (later := _STYLE.search(cell_attrs)):  # after another attribute
                style = later[1]
            if style and (code := percent.get(int(style))) is not None:
                formats[(int(row) - 1, _column(letters) - 1)] = code
    errors: dict[Cell, str] = {}
    if b' t="e"' in xml:
        for letters, row, text in _ERROR_CELL.findall(xml):
            if b"&" in text:
                return None  # an entity: expat decodes it
            errors[(int(row) - 1, _column(letters) - 1)] = text.decode("utf-8", "replace")
    return SheetScan(UsedRange(counter.sheet, rows, columns), formats, errors)


_STYLE = re.compile(rb'\ss="([0-9]{1,9})"')


def _column(letters: bytes) -> int:
    column = 0
    for ch in letters:
        column = column * 26 + ch - 64
    return column


def scan_sheet_expat(
    xml: bytes | IO[bytes], part: str, counter: RangeCounter, percent: dict[int, str]
) -> SheetScan:
    """Every cell placed where calamine places it: by its reference, else at the row its row
    element counts to and one past the cell before; only a value (`<v>` or inline `<is>`)
    directly in a cell grows the used range, formatted empty cells are only counted, and
    whatever is nested deeper (calamine reads a value element to its end) is not a cell.
    Elements go by local name (see the module's note)."""
    state = {"row": 0, "column": 0, "depth": 0, "value": 0, "style": -1, "error": 0, "text": 0}
    at = [0, 0]  # (row, column) of the cell being read, 0-based
    formats: dict[Cell, str] = {}
    errors: dict[Cell, str] = {}
    text: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        if state["depth"]:  # inside a cell
            state["depth"] += 1
            if state["depth"] == 2 and local in ("v", "is"):
                state["value"] = 1
                state["text"] = int(local == "v" and state["error"] >= 1)
                state["error"] = 2 if local == "v" and state["error"] else state["error"]
            return
        if local == "c":
            counter.record()
            ref = attrs.get("r")
            if ref is not None:
                column, row = _strict(ref, counter, letters=True)
                at[0], at[1] = row - 1, column - 1
                state["column"] = column - 1
            else:
                at[0], at[1] = state["row"], state["column"]
            style = attrs.get("s", "")
            state["style"] = int(style) if _digits(style) else -1
            state["error"] = int(attrs.get("t") == "e")
            state["value"] = 0
            state["depth"] = 1
            text.clear()
        elif local == "row" and (ref := attrs.get("r")) is not None:
            state["row"] = _strict(ref, counter, letters=False)[1] - 1

    def data(chars: str) -> None:
        if state["text"]:
            text.append(chars)

    def end(tag: str) -> None:
        if state["depth"]:
            state["depth"] -= 1
            state["text"] = 0
            if state["depth"] == 0:  # the cell itself
                state["column"] += 1
                if state["value"]:
                    cell = (at[0], at[1])
                    counter.content(cell[0] + 1, cell[1] + 1)
                    if state["style"] in percent:
                        formats[cell] = percent[state["style"]]
                    if state["error"] == 2:
                        errors[cell] = "".join(text)
        elif tag.rpartition(" ")[2] == "row":
            state["row"] += 1
            state["column"] = 0

    handlers: dict[str, Callable[..., None]] = {
        "StartElementHandler": start,
        "EndElementHandler": end,
        "CharacterDataHandler": data,
    }
    guard.parse_xml(io.BytesIO(xml) if isinstance(xml, bytes) else xml, part, handlers)
    return SheetScan(counter.used(), formats, errors)


_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) < 10


def _strict(ref: str, counter: RangeCounter, letters: bool) -> tuple[int, int]:
    """(column, row), 1-based, of a cell's (or, without letters, a row's) reference as calamine
    reads it; one calamine refuses (no row, no column, another character) is refused here."""
    found = _REFERENCE.fullmatch(ref) if ref.isascii() else None
    column, row = reference(ref) if found else (0, 0)
    if found is None or row < 1 or (letters and column < 1):
        raise UnreadableFile(
            f"工作表「{counter.sheet}」中有无效的{'单元格' if letters else '行'}引用"
            f"「{ref[:20]}」；{guard.SAVE_AS}"
        )
    return column, row


def reference(ref: str) -> tuple[int, int]:
    """(column, row) of a reference like "XFD1048576", 1-based; 0 for a part it lacks."""
    column = 0
    at = 0
    for at, ch in enumerate(ref):  # noqa: B007 (`at` is where the letters end)
        if "A" <= ch <= "Z":
            column = column * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            column = column * 26 + ord(ch) - 96
        else:
            break
    else:
        at = len(ref)
    digits = ref[at:]
    # past 16 digits a row is beyond any limit already; int() of a long run would be slow
    return column, int(digits[:16]) if digits.isdigit() else 0
