"""Charts for reports: PNG bytes drawn with matplotlib (Agg), Chinese labels in a CJK font.

matplotlib is imported inside the functions: it costs a second at import and only report
rendering needs it.
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import warnings
from decimal import Decimal
from pathlib import Path

# Family names in order of preference; the first one matplotlib knows is used.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Noto Serif CJK JP",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Droid Sans Fallback",
)
_WIDTH_IN = 15 / 2.54  # 15 cm, the report's text width less a margin
_DPI = 200
_BAR_COLOR = "#4472C4"


def _ensure_config_dir() -> None:
    """Point MPLCONFIGDIR at a temp dir when the home config dir cannot be written."""
    if "MPLCONFIGDIR" in os.environ:
        return
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    target = Path(base) / "matplotlib"
    probe = target
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="jixiao-mpl-")


@functools.cache
def find_cjk_font() -> str | None:
    """The first installed family from CJK_FAMILIES, or None."""
    _ensure_config_dir()
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


@functools.cache
def _warn_no_cjk_font() -> None:
    warnings.warn(
        "未找到中文字体（如 Noto Sans CJK SC），图表中的中文可能无法显示；请安装 fonts-noto-cjk。",
        RuntimeWarning,
        stacklevel=3,
    )


def score_rate_chart(
    labels: list[str], weights: list[Decimal], scores: list[Decimal], title: str
) -> bytes:
    """A horizontal bar chart of 得分率 (score / weight, %) per level-1 indicator, as PNG."""
    _ensure_config_dir()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    rates = [
        float(score / weight * 100) if weight else 0.0
        for score, weight in zip(scores, weights, strict=True)
    ]
    family = find_cjk_font()
    if family is None:
        _warn_no_cjk_font()
    fonts = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]

    height = 1.2 + 0.5 * max(len(labels), 1)
    fig = Figure(figsize=(_WIDTH_IN, height), dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]  # first indicator on top
    bars = ax.barh(positions, rates, height=0.55, color=_BAR_COLOR)
    ax.set_yticks(positions, labels, fontfamily=fonts, fontsize=10)
    ax.set_xlim(0, max(100.0, *rates, 0.0) * 1.12)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("得分率", fontfamily=fonts, fontsize=10)
    ax.set_title(title, fontfamily=fonts, fontsize=12)
    for bar, rate in zip(bars, rates, strict=True):
        ax.annotate(
            f"{rate:.1f}%",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.axvline(100, color="#999999", linewidth=0.8, linestyle="--")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Without a CJK font every label glyph would warn; the one warning above suffices.
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.tight_layout()
        fig.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()
