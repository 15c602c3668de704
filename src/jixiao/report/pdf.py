"""PDF output: convert a rendered .docx with LibreOffice in headless mode.

Each run gets its own throw-away LibreOffice profile, so conversions neither share state
with a desktop LibreOffice nor block each other on the profile lock.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

EXECUTABLES = ("soffice", "libreoffice")
# Installs that are usually not on PATH.
KNOWN_LOCATIONS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/opt/libreoffice/program/soffice",
)
NOT_INSTALLED = (
    "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer 或改用 --format docx"
)


class PdfUnavailable(Exception):
    """LibreOffice is missing, failed or timed out; the message is for the user."""


def find_soffice() -> str | None:
    for name in EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_LOCATIONS if Path(p).is_file()), None)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    # soffice is a launcher script: kill its whole process group, not just the script.
    if sys.platform != "win32":
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()
    proc.communicate()


def to_pdf(docx: Path, pdf: Path, timeout: float = 120) -> None:
    """Convert `docx` to `pdf`; raise PdfUnavailable with a Chinese message on any failure."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        work = Path(tmp)
        outdir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(docx.resolve()),
        ]
        try:
            proc = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                start_new_session=sys.platform != "win32",
            )
        except OSError as exc:
            raise PdfUnavailable(f"无法启动 LibreOffice（{soffice}）：{exc}") from exc
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            message = f"LibreOffice 转换 PDF 超时（超过 {timeout:g} 秒）：{docx}"
            raise PdfUnavailable(message) from None
        produced = outdir / f"{docx.stem}.pdf"
        if proc.returncode != 0 or not produced.is_file():
            reason = stderr.decode(errors="replace").strip()[-500:] or f"退出码 {proc.returncode}"
            raise PdfUnavailable(f"LibreOffice 转换 PDF 失败：{reason}")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(produced, pdf)
