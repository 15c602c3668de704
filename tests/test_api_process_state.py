"""`api` leaves the process as it found it (a threaded web server calls it): no garbage-collector
tuning there; the command line pauses the collector for its batch (cli/collector.py)."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao import api
from jixiao.cli import collector

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"


@pytest.fixture
def gc_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every call to the collector's process-wide switches, by name."""
    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "unfreeze"):
        real = getattr(gc, name)

        def record(real: object = real, name: str = name) -> None:
            calls.append(name)
            real()  # type: ignore[operator]

        monkeypatch.setattr(gc, name, record)
    yield calls


def test_api_batches_leave_the_collector_alone(tmp_path: Path, gc_calls: list[str]) -> None:
    files = [shutil.copy(TABLE, tmp_path / f"{n}.txt") for n in range(2)]
    paths = [Path(f) for f in files]
    assert gc.isenabled()
    assert api.score_paths(paths).results
    assert list(api.score_each(paths))
    assert list(api.score_each_json(paths))
    api.review_paths(paths)
    api.write_report(paths[0], tmp_path / "报告.docx")
    assert gc_calls == []
    assert gc.isenabled()


def test_the_command_line_pauses_the_collector_for_its_batch(gc_calls: list[str]) -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc_calls == ["disable", "freeze", "unfreeze", "enable"]


def test_a_pooled_batch_keeps_the_collector_on_in_this_process(gc_calls: list[str]) -> None:
    with collector.paused(pooled=True):
        assert gc.isenabled()
    assert gc.isenabled()
    assert "disable" not in gc_calls
