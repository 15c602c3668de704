"""Charts for reports: PNG bytes drawn with matplotlib (Agg), Chinese labels in a CJK font.

matplotlib is imported inside the functions: it costs a second at import and only report
rendering needs it. The CJK font is registered from its file: matplotlib's font cache is
built once and does not see a font installed after it (a fresh machine after
`apt-get install fonts-noto-cjk`), so asking it for the family by name is not enough.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from jixiao.core.memo import memo

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
# A font file named by the user wins over everything found on the machine.
FONT_ENV = "JIXIAO_CJK_FONT"
# Font files by name, in the same order of preference, and where systems keep them.
CJK_FILES = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansSC-Regular.otf",
    "NotoSansSC-Regular.ttf",
    "SourceHanSansSC-Regular.otf",
    "SourceHanSansCN-Regular.otf",
    "NotoSerifCJK-Regular.ttc",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "simhei.ttf",
    "msyh.ttc",
    "PingFang.ttc",
    "STHeiti Light.ttc",
    "DroidSansFallbackFull.ttf",
)
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
_CJK_HINT = re.compile(r"CJK|SC|CN|GB|Hei|Song|Kai|Fang|Ming|wqy|Han|Sim|YaHei|PingFang", re.I)
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    "C:/Windows/Fonts",
)
NO_CJK_FONT = (
    "未找到中文字体，图表中的中文会显示为方框。请安装中文字体后重新生成报告："
    "Debian/Ubuntu 运行 sudo apt-get install fonts-noto-cjk（或 make demo，以 root 运行时自动安装）；"
    f"其他系统可设置环境变量 {FONT_ENV}=字体文件路径（如 NotoSansCJK-Regular.ttc、simhei.ttf）。"
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


@memo(None)
def find_cjk_font() -> str | None:
    """The family name of a CJK font, registered with matplotlib from its file; else the
    first of CJK_FAMILIES that matplotlib's font cache knows; else None."""
    _ensure_config_dir()
    from matplotlib import font_manager

    manager = font_manager.fontManager
    for path in _cjk_files():
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable or not a font
            continue
        faces = [entry.name for entry in manager.ttflist if entry.fname == path]
        if faces:  # a collection (.ttc) registers every face: prefer the SC one
            return next((f for f in CJK_FAMILIES if f in faces), faces[0])
    installed = {entry.name for entry in manager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _cjk_files() -> Iterator[str]:
    """Font files that hold Chinese: the user's, then the known ones on disk, then any other
    font file whose name suggests Chinese (NotoSansSC-Bold.otf, SimSun.ttc, …)."""
    named = os.environ.get(FONT_ENV)
    if named and Path(named).expanduser().is_file():
        yield str(Path(named).expanduser())
    known: dict[str, str] = {}
    others: list[str] = []
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                if name in CJK_FILES:
                    known.setdefault(name, str(Path(dirpath) / name))
                elif name.lower().endswith(_FONT_SUFFIXES) and _CJK_HINT.search(name):
                    others.append(str(Path(dirpath) / name))
    candidates = [known[name] for name in CJK_FILES if name in known]
    # regular sans faces first: they suit chart labels
    candidates += sorted(others, key=lambda f: ("Bold" in f or "Serif" in f, "Sans" not in f, f))
    yield from (path for path in candidates if _has_chinese(path))


def _has_chinese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        return bool(FT2Font(path).get_char_index(ord("得")))
    except (OSError, RuntimeError, ValueError):
        return False


@memo(None)
def _warn_no_cjk_font() -> None:
    warnings.warn(NO_CJK_FONT, RuntimeWarning, stacklevel=3)


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
