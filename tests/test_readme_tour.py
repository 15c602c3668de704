"""The README tour runs as shown on a fresh clone: every `$ ` command of its console blocks, in
order, in a folder laid out like the clone (examples/, src/, ../shared/), the way a new user
would paste them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tour() -> list[tuple[str, list[str]]]:
    """(command, lines shown under it) for every `$ ` line of the README's console blocks."""
    runs: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for line in block.rstrip("\n").split("\n"):
            if line.startswith("$ "):
                runs.append((line[2:], []))
            elif runs:
                runs[-1][1].append(line)
    return runs


def test_the_tour_has_commands() -> None:
    assert len(tour()) >= 10


def test_every_tour_command_runs_as_shown(tmp_path: Path) -> None:
    clone = tmp_path / "main"
    clone.mkdir()
    for name in ("examples", "src"):  # read only: every output goes to the current folder
        (clone / name).symlink_to(ROOT / name)
    (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100"}
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "examples").rglob("*") if p.is_file()}
    for command, shown in tour():
        done = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=300
        )
        output = done.stdout + done.stderr
        assert "Traceback" not in output, (command, output)
        assert done.returncode in (0, 1), (command, done.returncode, output)  # 1: it found errors
        assert "not-found" not in output and "No such file" not in output, (command, output)
        lines = {line.rstrip() for line in output.splitlines()}
        for line in shown:
            if line.strip() and line.strip() != "…":
                assert line.rstrip() in lines, (command, line, output)
    after = {p: p.stat().st_mtime_ns for p in (ROOT / "examples").rglob("*") if p.is_file()}
    assert after == before  # the tour wrote nothing into the examples
