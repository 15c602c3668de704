"""The score-rate chart: a PNG at report width, with or without a CJK font installed."""

from __future__ import annotations

import struct
import subprocess
import sys
import warnings
from decimal import Decimal

import pytest

from jixiao.report import chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LABELS = ["决策", "过程", "产出", "效益"]
WEIGHTS = [Decimal(15), Decimal(25), Decimal(35), Decimal(25)]
SCORES = [Decimal(14), Decimal("22.5"), Decimal(33), Decimal("21.6")]


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_png_about_15_cm_wide_at_200_dpi() -> None:
    png = chart.score_rate_chart(LABELS, WEIGHTS, SCORES, "各一级指标得分率")
    assert png.startswith(PNG_SIGNATURE)
    width, height = png_size(png)
    assert abs(width - round(15 / 2.54 * 200)) <= 2
    assert 0 < height < width


def test_a_cjk_font_is_found_here() -> None:
    # fonts-noto-cjk is part of the machine set-up; a fresh box without it still works
    # (next test), this one just says which case we are in.
    family = chart.find_cjk_font()
    if family is None:
        pytest.skip("no CJK font installed")
    assert family in chart.CJK_FAMILIES


def test_without_a_cjk_font_warns_once_and_still_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart, "find_cjk_font", lambda: None)
    chart._warn_no_cjk_font.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = chart.score_rate_chart(LABELS, WEIGHTS, SCORES, "得分率")
        second = chart.score_rate_chart(LABELS, WEIGHTS, SCORES, "得分率")
    assert first.startswith(PNG_SIGNATURE) and second.startswith(PNG_SIGNATURE)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "未找到中文字体" in messages[0]
    chart._warn_no_cjk_font.cache_clear()


def test_zero_weight_and_over_100_percent_do_not_break() -> None:
    png = chart.score_rate_chart(
        ["甲", "乙"], [Decimal(0), Decimal(10)], [Decimal(0), Decimal(12)], ""
    )
    assert png.startswith(PNG_SIGNATURE)


def test_importing_the_report_modules_does_not_import_matplotlib() -> None:
    code = (
        "import sys, jixiao.report.chart, jixiao.report.docx, jixiao.report.pdf;"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
