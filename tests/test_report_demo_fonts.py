"""`make demo` gets a Chinese font where it can (fonts-noto-cjk, as root on Debian/Ubuntu)
and otherwise says in Chinese how to get one; the demo goes on either way."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def run_fonts(
    tmp_path: Path, *, font: bool, root: bool, apt_works: bool
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    fake(bin_dir, "python", f"exit {0 if font else 1}")  # the chart's own font search
    fake(bin_dir, "id", f"echo {0 if root else 1000}")
    fake(bin_dir, "apt-get", f'echo "$*" >> {log}\nexit {0 if apt_works else 100}')
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        # -o: the venv counts as installed, whatever pyproject.toml's date
        ["make", "-s", "-o", ".venv/.installed", "fonts", f"BIN={bin_dir}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return done, calls


def test_root_without_a_font_installs_fonts_noto_cjk(tmp_path: Path) -> None:
    done, calls = run_fonts(tmp_path, font=False, root=True, apt_works=True)
    assert done.returncode == 0, done.stderr
    assert calls and "install" in calls[0] and "fonts-noto-cjk" in calls[0]
    assert "已安装 fonts-noto-cjk" in done.stdout


def test_a_failed_install_is_a_message_not_a_failure(tmp_path: Path) -> None:
    done, calls = run_fonts(tmp_path, font=False, root=True, apt_works=False)
    assert done.returncode == 0
    assert any("update" in c for c in calls)  # retried after refreshing the package lists
    assert "未能安装 fonts-noto-cjk" in done.stdout and "方框" in done.stdout


def test_not_root_says_how(tmp_path: Path) -> None:
    done, calls = run_fonts(tmp_path, font=False, root=False, apt_works=True)
    assert done.returncode == 0 and not calls
    assert "sudo apt-get install fonts-noto-cjk" in done.stdout
    assert "JIXIAO_CJK_FONT" in done.stdout


def test_nothing_happens_when_a_font_is_there(tmp_path: Path) -> None:
    done, calls = run_fonts(tmp_path, font=True, root=True, apt_works=True)
    assert done.returncode == 0 and not calls and not done.stdout.strip()
