"""Charts find a Chinese font from its file, even when matplotlib's font cache predates it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.report import chart


def font_file() -> str:
    found = next(chart._cjk_files(), None)
    if found is None:
        pytest.skip("no Chinese font file on this machine")
    return found


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    chart.find_cjk_font.cache_clear()
    yield
    chart.find_cjk_font.cache_clear()


def test_a_font_installed_after_the_cache_was_built_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    font_file()
    from matplotlib import font_manager

    manager = font_manager.fontManager
    # a cache built before fonts-noto-cjk was installed: no CJK family in it
    stale = [e for e in manager.ttflist if e.name not in chart.CJK_FAMILIES]
    monkeypatch.setattr(manager, "ttflist", stale)
    family = chart.find_cjk_font()
    assert family is not None
    entry = next(e for e in manager.ttflist if e.name == family)
    assert chart._has_chinese(entry.fname)


def test_the_font_named_by_the_environment_comes_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mine = tmp_path / "我的字体.ttc"
    mine.symlink_to(font_file())
    monkeypatch.setenv(chart.FONT_ENV, str(mine))
    assert next(chart._cjk_files()) == str(mine)
    from matplotlib import font_manager

    family = chart.find_cjk_font()
    assert family in {e.name for e in font_manager.fontManager.ttflist if e.fname == str(mine)}


def test_no_font_anywhere_warns_with_a_fix_that_works(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    manager = font_manager.fontManager
    monkeypatch.setattr(chart, "_cjk_files", lambda: iter(()))
    monkeypatch.setattr(manager, "ttflist", [e for e in manager.ttflist if "CJK" not in e.name])
    assert chart.find_cjk_font() is None
    chart._warn_no_cjk_font.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart.score_rate_chart(["决策"], [Decimal(10)], [Decimal(9)], "得分率")
    chart._warn_no_cjk_font.cache_clear()
    [message] = [str(w.message) for w in caught]
    # both fixes work without rebuilding matplotlib's cache: fonts are read from their files
    assert "apt-get install fonts-noto-cjk" in message and chart.FONT_ENV in message
