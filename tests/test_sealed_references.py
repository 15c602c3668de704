"""Content that arrives as bytes names no file on the machine reading it: an uploaded
evaluation case may use a built-in framework or write its framework inline, never
`framework: some/path.yaml` or `extends: /etc/...`; the same case read from disk finds its
framework file beside it, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import api

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seeds" / "004.yaml"
FRAMEWORK = ROOT / "examples" / "frameworks" / "信息化运维项目.yaml"


def _case(framework: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    head, _, rest = text.partition("framework:\n")
    # the seed's inline framework runs until the next top-level key
    lines = rest.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if line[:1] not in (" ", "\n", "#"))
    return head + framework + "".join(lines[end:])


def test_an_upload_uses_its_inline_framework() -> None:
    cases, problems = api.read(SEED.read_bytes(), "004.yaml")
    assert [c.project.name for c in cases] == ["信息化项目运维服务费"]
    assert api.score(cases[0]).total > 0, problems


@pytest.mark.parametrize(
    "framework",
    [
        f"framework: {FRAMEWORK}\n",
        "framework: ../frameworks/信息化运维项目.yaml\n",
        f"framework:\n  extends: {FRAMEWORK}\n  id: x\n",
        "framework:\n  extends: /etc/passwd\n",
    ],
)
def test_an_upload_may_not_name_a_file(framework: str, tmp_path: Path) -> None:
    cases, problems = api.read(_case(framework).encode("utf-8"), "案例.yaml")
    assert cases == []
    assert [p.code for p in problems] == ["framework-not-found"]
    assert "上传的内容只能使用内置框架" in problems[0].message


def test_a_file_on_disk_finds_its_framework_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / FRAMEWORK.name).write_bytes(FRAMEWORK.read_bytes())
    case = folder / "案例.yaml"
    case.write_text(_case(f"framework: ../frameworks/{FRAMEWORK.name}\n"), encoding="utf-8")
    [scored] = api.score_paths([case]).results
    assert scored.case.framework is not None
    # and the same bytes as an upload are refused: the folder belongs to the file, not the bytes
    assert api.read(case.read_bytes(), str(case))[0] == []


def test_a_builtin_framework_by_id_is_fine_in_an_upload() -> None:
    cases, problems = api.read(_case("framework: project-reference\n").encode(), "案例.yaml")
    assert len(cases) == 1, problems
