"""Failures no reader turned into a problem still reach the user as one Chinese sentence:
the machine refusing (files, memory, nesting) exits 1, jixiao's own errors exit 2 with a saved
trace; with --json, standard output is always one strict JSON document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jixiao import api
from jixiao.cli import main

ROOT = Path(__file__).resolve().parents[1]
TABLE = str(ROOT / "examples" / "selfeval" / "智慧图书馆数字资源建设.txt")


def run_main(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    raised: BaseException,
    *args: str,
) -> tuple[int, str, str]:
    def fail(*_: object, **__: object) -> None:
        raise raised

    monkeypatch.setattr(api, "score_each", fail)
    monkeypatch.setattr(api, "score_each_json", fail)
    monkeypatch.setattr("sys.argv", ["jixiao", "score", TABLE, *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return int(exited.value.code or 0), captured.out, captured.err


def test_an_internal_error_is_an_apology_with_a_saved_trace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(monkeypatch, capsys, RuntimeError("boom"))
    assert code == 2
    assert "抱歉，jixiao 内部出错" in err and "internal-error" in err
    match = re.search(r"错误详情已保存到 (\S+\.txt)", err)
    assert match is not None, err
    trace = Path(match.group(1))
    try:
        text = trace.read_text(encoding="utf-8")
        assert "RuntimeError: boom" in text and "Traceback" in text
    finally:
        trace.unlink()


def test_with_json_stdout_is_one_strict_json_document_whatever_happened(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, RuntimeError("boom"), "--json")
    assert code == 2
    data = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-JSON {c}"))
    assert [p["code"] for p in data["problems"]] == ["internal-error"]
    Path(re.findall(r"保存到 (\S+\.txt)", data["problems"][0]["message"])[0]).unlink()


@pytest.mark.parametrize(
    ("raised", "code", "words"),
    [
        (PermissionError(13, "Permission denied", "/srv/材料/表.xlsx"), "os-error", "没有权限"),
        (OSError(28, "No space left on device"), "os-error", "磁盘空间不足"),
        (OSError(27, "File too large", "/tmp/x.xlsx"), "os-error", "超过了系统允许的大小"),
        (MemoryError(), "out-of-memory", "内存不足"),
        (RecursionError(), "too-deep", "嵌套太深"),
    ],
)
def test_what_the_machine_refuses_is_one_chinese_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    raised: BaseException,
    code: str,
    words: str,
) -> None:
    exit_code, _, err = run_main(monkeypatch, capsys, raised)
    assert exit_code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0] and code in lines[0]
    filename = getattr(raised, "filename", None)
    if filename:
        assert filename in lines[0]


def test_json_numbers_are_never_nan_or_infinity() -> None:
    from decimal import Decimal

    text = api.to_json(
        {
            "a": Decimal("NaN"),
            "b": Decimal("Infinity"),
            "c": Decimal("1E+999999"),
            "d": Decimal("10"),
        }
    )
    assert json.loads(text, parse_constant=lambda c: pytest.fail(c)) == {
        "a": None,
        "b": None,
        "c": None,
        "d": 10,
    }


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["score", TABLE, "--json", "--policy", "不存在的口径"], "policy-invalid"),
        (["review", TABLE, "--json", "--config", "{bad}"], "review-config-invalid"),
        (["monitor", TABLE, "--json", "--as-of", "明天"], "monitor-as-of"),
        (["--limits", "{limits}", "score", TABLE, "--json"], "limits-invalid"),
    ],
)
def test_a_bad_setting_with_json_still_prints_one_json_document(
    tmp_path: Path, args: list[str], code: str
) -> None:
    from click.testing import CliRunner

    from jixiao.cli import cli

    bad = tmp_path / "坏.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    limits = tmp_path / "限额.yaml"
    limits.write_text("limits: {sheets: 0}\n", encoding="utf-8")
    args = [a.format(bad=bad, limits=limits) for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    data = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(c))
    assert [p["code"] for p in data["problems"]] == [code]


def test_a_failure_after_tables_were_written_still_ends_one_json_document(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`score --json` streams: a failure at the second file closes the document with the
    first file's table and the failure as its last problem."""
    for name in ("1.txt", "2.txt"):
        (tmp_path / name).write_text(Path(TABLE).read_text(encoding="utf-8"), encoding="utf-8")
    real = api.score_file

    def second_fails(path: Path, policy: object = None) -> api.FileScore:
        if path.name == "2.txt":
            raise RuntimeError("boom")
        return real(path, policy)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "score_file", second_fails)
    monkeypatch.setattr("sys.argv", ["jixiao", "score", str(tmp_path), "--json", "--jobs", "1"])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert exited.value.code == 2 and "Traceback" not in captured.out + captured.err
    data = json.loads(captured.out, parse_constant=lambda c: pytest.fail(c))
    assert [t["source"] for t in data["tables"]] == [str(tmp_path / "1.txt")]
    assert data["problems"][-1]["code"] == "internal-error"
    Path(re.findall(r"保存到 (\S+\.txt)", data["problems"][-1]["message"])[0]).unlink()
