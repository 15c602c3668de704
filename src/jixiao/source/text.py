"""A source file's text, in whichever common encoding it is in; a binary file handed in as
text (a workbook, a PDF) is named for what it is."""

from __future__ import annotations

from pathlib import Path

from jixiao.source.errors import UnreadableFile

ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


# What a binary file handed in as text really is, by its first bytes.
_DISGUISES = (
    (b"PK\x03\x04", "是压缩格式的文件（多半是 .xlsx 工作簿或 .docx 文档），扩展名却是文本"),
    (bytes.fromhex("d0cf11e0a1b11ae1"), "是旧版 Office 文件（多半是 .xls 工作簿），扩展名却是文本"),
    (b"%PDF", "是 PDF 文件，不是文本；请先导出为文本或 Excel"),
)


def decode(data: bytes) -> str:
    for magic, what in _DISGUISES:
        if data.startswith(magic):
            raise UnreadableFile(f"{what}；请改回正确的扩展名")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("不是文本文件（含二进制内容）")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别文件编码（试过 UTF-8、GB18030、UTF-16）")


def read_text(path: Path) -> str:
    """A text file's content in whichever common encoding it is in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件（{exc.strerror}）") from None
    return decode(data)
