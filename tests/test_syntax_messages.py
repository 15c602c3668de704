"""A YAML or JSON syntax error reads as Chinese with its line and column, never as the
parser's English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao import api

BROKEN = {
    "y.yaml": [
        "a: [",
        "a: b: c",
        "x: {a: 1",
        "a:\n\tb: 1",
        'a: "x\\q"',
        "a: *nope",
        "a: @x",
        "a: 'x",
    ],
    "j.json": ['{"a": 1,}', '{"a": }', '{"a" 1}', '{"a": "x', "[1] 2", '{"a": "\\x"}'],
}
CASES = [(name, text) for name, texts in BROKEN.items() for text in texts]


@pytest.mark.parametrize(("name", "text"), CASES)
def test_syntax_errors_are_chinese_and_located(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    _, problems = api.read_path(path)
    [problem] = problems
    assert problem.code == "unreadable-file"
    assert problem.where.line is not None
    assert (
        re.search(r"[A-Za-z]{3,}", problem.message.replace("YAML", "").replace("JSON", "")) is None
    ), problem.message
