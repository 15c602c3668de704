"""Many files over many processes: answers in input order, a dying worker costs one file,
the limits in force reach the workers, and `score --jobs` gives what one process gives."""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao import api, batch
from jixiao.core import limits

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"


def square(n: int) -> int:
    time.sleep(0.001 * (n % 3))  # answers finish out of order
    return n * n


def dies_on_seven(n: int) -> int:
    if n == 7:
        faulthandler.disable()  # pytest's dump of the dying worker is noise here
        os.abort()  # as a library aborting the process on a hostile file does
    return n


REAL_SCORE_FILE = api.score_file


def dies_on_the_third(path: Path, policy: api.Policy | None = None) -> api.FileScore:
    if path.name == "2.txt":
        faulthandler.disable()
        os.abort()
    return REAL_SCORE_FILE(path, policy)


def cell_limit(_: int) -> int:
    return limits.current().cell_chars


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_answers_come_in_input_order(jobs: int) -> None:
    assert list(batch.each(square, list(range(40)), jobs)) == [n * n for n in range(40)]


def test_a_worker_that_dies_costs_only_its_own_item() -> None:
    answers = list(batch.each(dies_on_seven, list(range(20)), 2, crashed=lambda n: -n))
    assert answers == [-7 if n == 7 else n for n in range(20)]


def test_workers_start_with_the_limits_in_force() -> None:
    with limits.using(limits.current().replace(cell_chars=123)):
        assert set(batch.each(cell_limit, list(range(6)), 2)) == {123}


def test_score_with_jobs_is_what_one_process_gives(tmp_path: Path) -> None:
    sources = [*(ROOT / "examples" / "selfeval").iterdir(), ROOT / "examples" / "problems"]
    for i in range(3):
        for source in sources:
            for f in [source] if source.is_file() else source.iterdir():
                (tmp_path / f"{i}-{f.name}").write_bytes(f.read_bytes())
    one = api.score_paths([tmp_path], jobs=1)
    two = api.score_paths([tmp_path], jobs=2)
    assert one == two and len(one.results) >= 9


def test_a_dying_worker_is_a_located_problem_for_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for i in range(4):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_bytes(TABLE.read_bytes())
    monkeypatch.setattr(api, "score_file", dies_on_the_third)
    scored = list(api.score_each(files, None, jobs=2))
    assert [s.path for s in scored] == files
    assert [len(s.results) for s in scored] == [1, 1, 0, 1]
    [problem] = scored[2].problems
    assert problem.code == "unreadable-file" and problem.where.file == str(files[2])
    assert "意外退出" in problem.message


def _foreground() -> None:
    """Ctrl-C as a terminal's foreground job gets it: a process started with SIGINT ignored
    (a shell's background job, or a parent that ignores it) keeps it ignored across exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_every_worker_and_says_so(tmp_path: Path) -> None:
    for i in range(400):
        (tmp_path / f"{i:03d}.txt").write_bytes(TABLE.read_bytes())
    jixiao = Path(sys.executable).with_name("jixiao")
    proc = subprocess.Popen(
        [str(jixiao), "score", str(tmp_path), "--json", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C reaches the whole group, as in a terminal
        preexec_fn=_foreground,
    )
    assert proc.stdout is not None
    proc.stdout.read(200)  # tables are being written
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    text = err.decode("utf-8")
    assert "已中断" in text and "Traceback" not in text and "KeyboardInterrupt" not in text
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)
    assert left.stdout.strip() == "", "worker processes outlived the command"


def test_the_streamed_json_is_the_documented_shape(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_bytes(TABLE.read_bytes())
    jixiao = Path(sys.executable).with_name("jixiao")
    done = subprocess.run(
        [str(jixiao), "score", str(tmp_path), "--json", "--jobs", "2"],
        capture_output=True,
        check=False,
    )
    data = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(c))
    assert set(data) == {"tables", "problems"} and len(data["tables"]) == 3
    expected = api.score_paths([tmp_path])
    assert [t["total"] for t in data["tables"]] == [float(r.total) for r in expected.results]


def test_a_pool_that_breaks_while_tasks_are_handed_to_it_loses_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pool can be found broken when a task is submitted, not only when an answer is
    awaited: that task is retried like the others."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    class Breaking:
        def __init__(self) -> None:
            self.taken = 0

        def submit(self, fn: object, work: object, chunk: list[int]) -> Future[list[int]]:
            self.taken += 1
            if self.taken > 2:
                raise BrokenProcessPool("gone")
            done: Future[list[int]] = Future()
            done.set_exception(BrokenProcessPool("gone"))
            return done

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    class Working(Breaking):
        def submit(self, fn: object, work: object, chunk: list[int]) -> Future[list[int]]:
            done: Future[list[int]] = Future()
            done.set_result(batch._chunk(square, chunk))
            return done

    pools = iter([Breaking(), Working()])
    monkeypatch.setattr(batch, "_pool", lambda jobs, setup: next(pools))
    monkeypatch.setattr(batch, "_alone", lambda work, item, crashed, setup: work(item))
    assert list(batch.each(square, list(range(30)), 2)) == [n * n for n in range(30)]
