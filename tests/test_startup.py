"""Start-up stays small: a command imports what it uses. Checked by the modules loaded, not
by timing (the figures are in `make bench`: bench/bench_files.py prints them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"
PROBE = """
import json, sys
sys.argv = ["jixiao", *json.loads(sys.argv[1])]
from jixiao.cli import main
try:
    main()
except SystemExit:
    pass
print("\\nMODULES" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = ("xlsxwriter", "jsonschema", "docx", "matplotlib", "openpyxl", "concurrent.futures")


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return set(json.loads(done.stderr.rpartition("MODULES")[2]))


def test_help_imports_no_reader_rule_or_writer() -> None:
    modules = loaded("--help")
    for prefix in (*HEAVY, "cn2an", "yaml", "jixiao.ingest", "jixiao.scoring", "jixiao.review"):
        assert not [m for m in modules if m == prefix or m.startswith(prefix + ".")], prefix


@pytest.mark.parametrize("path", [TABLE, ROOT / "examples" / "selfeval" / "街道文化活动经费.xlsx"])
def test_scoring_one_file_imports_no_writer_review_or_pool(path: Path) -> None:
    modules = loaded("score", str(path), "--json")
    assert "jixiao.scoring.selfeval" in modules  # it did score
    for prefix in (*HEAVY, "jixiao.review.rules", "jixiao.monitor", "jixiao.report"):
        assert not [m for m in modules if m == prefix or m.startswith(prefix + ".")], prefix
