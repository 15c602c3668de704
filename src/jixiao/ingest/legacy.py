"""Old binary Word and WPS documents (.doc, .wps): converted to .docx by LibreOffice in a
private temporary folder, then read by `docx.docx_grids` as a .docx would be.

LibreOffice runs headless with its own throw-away profile (HOME and the user installation in
the temporary folder, never the user's), no window, no restore, under a time limit; the input
is copied into the folder, so nothing is ever written beside it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePath

from jixiao.core import limits
from jixiao.core.problems import Location
from jixiao.ingest.docx import docx_grids
from jixiao.ingest.grid import Grid
from jixiao.ingest.text import LimitExceeded, UnreadableFile

SECONDS = 120  # one conversion; LibreOffice starts in a few seconds and converts in less
SAVE_AS = "请在 Word 或 WPS 中“另存为”.docx 后再提交"
NO_OFFICE = (
    "这是 Word 97-2003 或 WPS 的旧格式文档，读取它需要本机安装 LibreOffice（未找到 soffice）；"
    f"{SAVE_AS}"
)
_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def legacy_grids(data: bytes, name: str) -> list[Grid]:
    """The grids of a .doc or .wps, through its conversion to .docx."""
    program = soffice()
    if program is None:
        raise UnreadableFile(NO_OFFICE)
    if not data.startswith(_CFB_MAGIC):
        if data.startswith(b"PK\x03\x04"):  # a .docx renamed .doc reads as what it is
            return docx_grids(data, name)
        raise UnreadableFile(
            f"不是有效的 Word 97-2003 或 WPS 文档（文件已损坏或格式不符）；{SAVE_AS}"
        )
    suffix = PurePath(name).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="jixiao-legacy-") as folder:
        root = Path(folder)
        source = root / f"input{suffix}"
        source.write_bytes(data)
        converted = _convert(program, source, root)
        size = converted.stat().st_size
        if size > limits.current().file_bytes:
            raise LimitExceeded(
                limits.exceeded("file_bytes", size, Location(name), "转换后的文档太大")
            )
        return docx_grids(converted.read_bytes(), name)


def _convert(program: str, source: Path, root: Path) -> Path:
    home, out = root / "home", root / "out"
    home.mkdir()
    out.mkdir()
    command = [
        program,
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={home.as_uri()}/profile",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    env["TMPDIR"] = str(root)
    process = subprocess.Popen(  # the program found on PATH, fixed arguments
        command,
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a timeout ends all it started
    )
    try:
        process.wait(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableFile(
            f"转换旧格式文档超过 {SECONDS} 秒仍未完成，已停止；{SAVE_AS}"
        ) from None
    converted = out / f"{source.stem}.docx"
    if process.returncode != 0 or not converted.is_file():
        raise UnreadableFile(f"LibreOffice 无法转换此文档（文件可能已损坏或已加密）；{SAVE_AS}")
    return converted
