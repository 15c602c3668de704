"""PDF through LibreOffice: a clear Chinese error without it, a real PDF with it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from jixiao.report import pdf
from jixiao.report.document import Document, Heading, Paragraph
from jixiao.report.docx import render_docx

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses a shell-script stand-in")


@pytest.fixture
def small_docx(tmp_path: Path) -> Path:
    path = tmp_path / "报告.docx"
    doc = Document("绩效评价报告", blocks=(Heading(1, "一、基本情况"), Paragraph("正文。")))
    render_docx(doc, path)
    return path


def test_missing_libreoffice_raises_with_the_chinese_message(
    monkeypatch: pytest.MonkeyPatch, small_docx: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "KNOWN_LOCATIONS", ())
    with pytest.raises(pdf.PdfUnavailable) as raised:
        pdf.to_pdf(small_docx, tmp_path / "out.pdf")
    assert str(raised.value) == (
        "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer 或改用 --format docx"
    )


def fake_soffice(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))


@posix_only
def test_failed_conversion_reports_the_reason(
    monkeypatch: pytest.MonkeyPatch, small_docx: Path, tmp_path: Path
) -> None:
    fake_soffice(tmp_path, "echo 'source file could not be loaded' >&2; exit 1", monkeypatch)
    with pytest.raises(pdf.PdfUnavailable, match="转换 PDF 失败：source file could not be loaded"):
        pdf.to_pdf(small_docx, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@posix_only
def test_a_hung_conversion_times_out(
    monkeypatch: pytest.MonkeyPatch, small_docx: Path, tmp_path: Path
) -> None:
    fake_soffice(tmp_path, "sleep 30", monkeypatch)
    with pytest.raises(pdf.PdfUnavailable, match="超时"):
        pdf.to_pdf(small_docx, tmp_path / "out.pdf", timeout=0.5)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_writes_a_pdf(small_docx: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "报告.pdf"
    pdf.to_pdf(small_docx, out)
    assert out.read_bytes().startswith(b"%PDF")
