"""The command line speaks Chinese, click's own words included, and Ctrl-C is 已中断 (130)."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from jixiao.cli import cli, zh

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("Usage:", "Options:", "Error:", "Missing", "Try '", "Show this", "Aborted", "Invalid")


def click_messages() -> set[tuple[str, ...]]:
    """Every message click passes through gettext: `_("…")` and `ngettext("…", "…", n)`."""
    found: set[tuple[str, ...]] = set()
    for source in sorted(Path(click.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = tuple(
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
            if node.func.id == "_" and texts:
                found.add(texts[:1])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                found.add(texts[:2])
    return found


def test_every_message_of_the_installed_click_has_a_chinese_form() -> None:
    messages = click_messages()
    assert len(messages) > 50  # the scan found click's catalog
    missing = sorted(
        m for m in messages if (m[0] not in zh.MESSAGES if len(m) == 1 else m not in zh.PLURALS)
    )
    assert not missing, f"add to jixiao/cli/zh.py: {missing}"


def test_the_chinese_forms_keep_their_placeholders_usable() -> None:
    """A Chinese form may drop a placeholder but never invent one click does not pass."""
    import string

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for english, chinese in zh.MESSAGES.items():
        assert names(chinese) <= names(english), english
    for (one, many), (zh_one, zh_many) in zh.PLURALS.items():
        assert names(zh_one) <= names(one) | names(many)
        assert names(zh_many) <= names(one) | names(many)


def chinese_only(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, f"{word!r} in {text!r}"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["score"],
        ["report", "x.yaml"],
        ["report", "x.yaml", "-o"],
        ["report", "x.yaml", "-o", "y.docx", "--preset", "foo"],
        ["review", "x", "--config", "不存在.yaml"],
        ["nope"],
        ["score", "--bogus", "x"],
        ["framework"],
        ["framework", "check"],
        ["monitor"],
    ],
)
def test_usage_errors_are_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "用法：" in result.output or "错误：" in result.output
    chinese_only(result.output)


@pytest.mark.parametrize(
    "command", [[], ["score"], ["convert"], ["report"], ["review"], ["monitor"], ["framework"]]
)
def test_help_pages_are_chinese(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "用法：" in result.output and "选项" in result.output
    assert "显示本帮助并退出" in result.output
    assert "[OPTIONS]" not in result.output and "PATH" not in result.output
    chinese_only(result.output)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["score"], "错误：缺少参数「路径...」。"),
        (["report", "x.yaml"], "错误：缺少选项「-o」/「--output」。"),
        (["report", "x", "-o", "y.docx", "--preset", "z"], "错误：「--preset」的值不对："),
    ],
)
def test_usage_errors_use_chinese_punctuation(args: list[str], line: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert line in result.output, result.output


def test_help_headings_end_with_a_chinese_colon() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "选项：" in result.output and "命令：" in result.output


def test_a_missing_file_named_by_an_option_is_chinese() -> None:
    result = CliRunner().invoke(cli, ["review", "x", "--config", "不存在.yaml"])
    assert "「不存在.yaml」不存在" in result.output


def jixiao() -> list[str]:
    script = Path(sys.executable).with_name("jixiao")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jixiao.cli"]


def test_ctrl_c_exits_130_with_yi_zhong_duan_and_leaves_no_partial_file(tmp_path: Path) -> None:
    """A long review interrupted: 已中断, exit 130, no list and no temporary file left."""
    folder = tmp_path / "材料"
    folder.mkdir()
    table = ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt"
    for n in range(4000):
        shutil.copy(table, folder / f"{n:04}.txt")
    listing = tmp_path / "清单.xlsx"
    proc = subprocess.Popen(
        [*jixiao(), "review", str(folder), "-o", str(listing)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "100"},
        # as a terminal's foreground job: SIGINT not left ignored by whatever started pytest
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(3)  # imports done, reviewing
    assert proc.poll() is None, "the review ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    text = stderr.decode()
    assert proc.returncode == 130, text
    assert "已中断" in text and "Traceback" not in text and "Aborted" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["材料"]
