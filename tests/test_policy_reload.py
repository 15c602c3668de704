"""A policy file edited while the process runs (a server) is the one scored by on the next
load; an unchanged file and a built-in policy are parsed once."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from jixiao import api

DEFAULT = (resources.files("jixiao.scoring") / "policies" / "default.yaml").read_text("utf-8")


def test_an_edited_policy_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "我的口径.yaml"
    path.write_text(DEFAULT.replace("name: default", "name: mine"), encoding="utf-8")
    first = api.load_policy(str(path))
    assert first.name == "mine"
    assert first.budget_weight == Decimal(10)
    # same size, same second: only the text tells the edit apart
    path.write_text(
        DEFAULT.replace("name: default", "name: ours").replace("weight: 10 ", "weight: 20 "),
        encoding="utf-8",
    )
    second = api.load_policy(str(path))
    assert (second.name, second.budget_weight) == ("ours", Decimal(20))
    assert api.load_policy(str(path)) is second  # unchanged since: not parsed again


def test_a_builtin_policy_is_parsed_once() -> None:
    assert api.load_policy("default") is api.load_policy("default")


def test_a_policy_file_that_is_no_text_or_a_folder_is_refused_in_chinese(tmp_path: Path) -> None:
    """Never a traceback: a binary file, or a folder named like a policy file."""
    from jixiao.scoring.policy import PolicyError, load_policy

    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x00\x01\x02\xff" * 64)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path in (binary, folder):
        with pytest.raises(PolicyError, match="评分口径文件"):
            load_policy(str(path))
