"""Reports as file contents (bytes), and written to files: evaluation cases to Word (and PDF),
self-evaluations to Word (and PDF) plus the scored xlsx."""

from __future__ import annotations

import io
import tempfile
from dataclasses import replace
from pathlib import Path

from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import Result
from jixiao.export.output import write_content
from jixiao.report.builder import build_evaluation_report
from jixiao.report.chart import score_rate_chart
from jixiao.report.document import Document
from jixiao.report.docx import render_docx
from jixiao.report.pdf import PdfUnavailable, to_pdf
from jixiao.report.selfeval import build_selfeval_report
from jixiao.report.tables import level_one


def level_chart(result: Result) -> bytes:
    labels, weights, values = [], [], []
    for top, node in level_one(result):
        if node is not None:
            labels.append(top.name)
            weights.append(top.weight)
            values.append(node.score)
    return score_rate_chart(labels, weights, values, "一级指标得分率")


def render_evaluation_report(
    result: Result,
    fmt: str = "docx",
    preset: str = "official",
    template: Path | bytes | None = None,
) -> tuple[bytes, list[Problem]]:
    """The evaluation report as the content of a .docx (or .pdf) file, and its warnings; no
    content when the PDF could not be made."""
    document = build_evaluation_report(result, level_chart(result))
    data, problems = _render(document, fmt, preset, template)
    return data, [*document.warnings, *problems]


def render_selfeval_report(
    results: list[Result],
    fmt: str = "docx",
    preset: str = "official",
    template: Path | bytes | None = None,
) -> tuple[bytes, list[Problem]]:
    """The short self-evaluation report of scored tables as the content of a .docx (or .pdf)."""
    return _render(build_selfeval_report(results), fmt, preset, template)


def write_evaluation_report(
    result: Result,
    output: Path,
    fmt: str = "docx",
    preset: str = "official",
    template: Path | None = None,
) -> list[Problem]:
    data, problems = render_evaluation_report(result, fmt, preset, template)
    return _write(data, problems, output)


def write_selfeval_report(
    results: list[Result],
    output: Path,
    fmt: str = "docx",
    preset: str = "official",
    template: Path | None = None,
) -> list[Problem]:
    """The report, and the scored tables as the standard xlsx beside it."""
    from jixiao.export.xlsx_selfeval import results_xlsx

    data, problems = render_selfeval_report(results, fmt, preset, template)
    problems = _write(data, problems, output)
    write_content(companion_xlsx(output), results_xlsx(results))
    return problems


COMPANION = "-评分结果"


def companion_xlsx(output: Path) -> Path:
    """The scored table written beside a self-evaluation report: 自评报告.docx →
    自评报告-评分结果.xlsx, a name of its own so that it never stands in for the input."""
    return output.with_name(f"{output.stem}{COMPANION}.xlsx")


def _write(data: bytes, problems: list[Problem], output: Path) -> list[Problem]:
    """Write what was rendered; a PDF that could not be made is said of `output`."""
    if data:
        write_content(output, data)
    return [
        replace(p, where=Location(str(output))) if p.code == PDF_UNAVAILABLE else p
        for p in problems
    ]


PDF_UNAVAILABLE = "pdf-unavailable"


def _render(
    document: Document, fmt: str, preset: str, template: Path | bytes | None
) -> tuple[bytes, list[Problem]]:
    if fmt not in ("docx", "pdf"):
        raise ValueError(f"unknown report format {fmt!r}")  # the caller checks what users ask
    buffer = io.BytesIO()
    render_docx(document, buffer, preset=preset, template=template)
    if fmt == "docx":
        return buffer.getvalue(), []
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as tmp:
        # LibreOffice converts files: the document goes through a folder of its own
        docx, pdf = Path(tmp) / "report.docx", Path(tmp) / "report.pdf"
        docx.write_bytes(buffer.getvalue())
        try:
            to_pdf(docx, pdf)
        except PdfUnavailable as exc:
            return b"", [Problem(PDF_UNAVAILABLE, Severity.ERROR, Location(), str(exc))]
        return pdf.read_bytes(), []
