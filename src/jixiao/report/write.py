"""Writing reports to files: evaluation cases to Word (and PDF), self-evaluations to Word + xlsx."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from jixiao.core.problems import Location, Problem, Severity
from jixiao.core.results import EvaluationResult, TableResult
from jixiao.export.output import write_atomically
from jixiao.report.builder import build_evaluation_report
from jixiao.report.chart import score_rate_chart
from jixiao.report.docx import render_docx
from jixiao.report.pdf import PdfUnavailable, to_pdf
from jixiao.report.selfeval import build_selfeval_report
from jixiao.report.tables import level_one


def level_chart(result: EvaluationResult) -> bytes:
    labels, weights, values = [], [], []
    for top, node in level_one(result):
        if node is not None:
            labels.append(top.name)
            weights.append(top.weight)
            values.append(node.score)
    return score_rate_chart(labels, weights, values, "一级指标得分率")


def write_evaluation_report(
    result: EvaluationResult,
    output: Path,
    fmt: str = "docx",
    preset: str = "official",
    template: Path | None = None,
) -> list[Problem]:
    document = build_evaluation_report(result, level_chart(result))
    problems = _write(
        lambda path: render_docx(document, path, preset=preset, template=template), output, fmt
    )
    return [*document.warnings, *problems]


def write_selfeval_report(
    results: list[TableResult],
    output: Path,
    fmt: str = "docx",
    preset: str = "official",
    template: Path | None = None,
) -> list[Problem]:
    from jixiao.export.xlsx_selfeval import write_results_xlsx

    document = build_selfeval_report(results)
    problems = _write(
        lambda path: render_docx(document, path, preset=preset, template=template), output, fmt
    )
    write_atomically(companion_xlsx(output), lambda path: write_results_xlsx(results, path))
    return problems


COMPANION = "-评分结果"


def companion_xlsx(output: Path) -> Path:
    """The scored table written beside a self-evaluation report: 自评报告.docx →
    自评报告-评分结果.xlsx, a name of its own so that it never stands in for the input."""
    return output.with_name(f"{output.stem}{COMPANION}.xlsx")


def _write(render: Callable[[Path], None], output: Path, fmt: str) -> list[Problem]:
    if fmt == "docx":
        write_atomically(output, render)
        return []
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as tmp:
        # the stem names the PDF's title where the document sets none; a stem at the length
        # limit has no room for the longer suffix
        stem = output.stem if len(os.fsencode(output.stem)) < 200 else "report"
        docx = Path(tmp) / f"{stem}.docx"
        render(docx)
        try:
            write_atomically(output, lambda path: to_pdf(docx, path))
        except PdfUnavailable as exc:
            return [Problem("pdf-unavailable", Severity.ERROR, Location(str(output)), str(exc))]
    return []
