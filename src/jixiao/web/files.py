"""Files in and out of the API: an upload read within the file limit, a download's
Content-Disposition for any name."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import UploadFile

from jixiao.core import limits
from jixiao.service.errors import Invalid


def read_upload(file: UploadFile) -> tuple[bytes, str]:
    """An uploaded file's bytes, never more than the file limit read. The routes that take a
    file are plain functions: FastAPI runs them in its thread pool, so reading, scoring and
    storing one upload blocks no other request."""
    bound = limits.current().file_bytes
    data = file.file.read(bound + 1)
    name = file.filename or "上传的文件"
    if len(data) > bound:
        raise Invalid(f"{name} 超过单个文件的大小上限 {bound} 字节", name, code="too-large")
    return data, name


def attachment(name: str, plain: str = "") -> dict[str, str]:
    """A download named `name`: as it is when it is plain ASCII (jixiao's own names), else
    the name in UTF-8 (RFC 6266, RFC 5987) with an ASCII stand-in for old clients: `plain`,
    or the name's ASCII part and its suffix."""
    name = "".join(ch for ch in name if ch.isprintable()).replace('"', "'").replace("\\", "_")
    if name.isascii() and name:
        return {"Content-Disposition": f'attachment; filename="{name}"'}
    if not plain:
        stem, dot, suffix = name.rpartition(".")
        if not dot or not suffix.isascii() or not suffix.isalnum():
            stem, dot, suffix = name, "", ""
        kept = "".join(ch for ch in stem if ch.isascii()).strip(" .-_")
        plain = (kept or "download") + dot + suffix
    return {
        "Content-Disposition": f'attachment; filename="{plain}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    }
