"""The README's curl tour walks the cycle against a real server: `jixiao serve --demo` started
as a user starts it, then the tour's shell block run as written (only the port differs)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from demo_world import demo_server

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tour() -> str:
    found = re.search(r"<!-- api-tour -->\n```sh\n(.*?)```", README, flags=re.S)
    assert found, "the README has no api-tour block"
    return found.group(1)


def test_the_api_tour_walks_the_cycle(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("JIXIAO_DB", None)
    with demo_server(tmp_path) as (base, _):
        port = base.rpartition(":")[2]
        script = tour().replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert '{"error"' not in output, output  # no error envelope anywhere
    stages = re.findall(r'"stage":"(\w+)"', output)
    assert stages[:5] == [
        "targets_department",
        "targets_draft",
        "targets_department",
        "targets_finance",
        "targets_approved",
    ]
    assert stages[5:] == [
        "selfeval_department",
        "selfeval_finance",
        "evaluation",
        "evaluation_consult",
        "evaluation_final",
        "results",
    ]
    assert '"open_rectifications"' in output and '"status":"open"' in output
    for name in ("自评报告.docx", "自评表.xlsx"):
        assert zipfile.is_zipfile(tmp_path / name), name
    assert not list((ROOT / "examples").rglob("*.cookie"))  # nothing written beside the inputs
