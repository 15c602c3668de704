"""Each grade band of a policy may name its 结果应用 consequence: read from the YAML, refused
in Chinese when it is not one line of text, and named by every built-in policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jixiao.scoring.policy import (
    PolicyError,
    builtin_policies,
    load_policy,
    policy_from_mapping,
)

POLICIES = Path(__file__).resolve().parents[1] / "src" / "jixiao" / "scoring" / "policies"
SUPPORT = "根据情况予以支持"
REDUCE = "要完善政策、改进管理，根据情况核减预算"


def _default_with(grades: object) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(
        (POLICIES / "default.yaml").read_text(encoding="utf-8")
    )
    data["grades"] = grades
    return data


@pytest.mark.parametrize("name", builtin_policies())
def test_every_builtin_policy_names_the_consequence_of_each_grade(name: str) -> None:
    policy = load_policy(name)
    assert [(b.label, b.consequence) for b in policy.grades] == [
        ("优", SUPPORT),
        ("良", SUPPORT),
        ("中", REDUCE),
        ("差", REDUCE),
    ]
    assert policy.consequence("中") == REDUCE and policy.consequence("—") == ""


@pytest.mark.parametrize("name", builtin_policies())
def test_the_wording_is_marked_as_paraphrased_to_be_checked(name: str) -> None:
    """财预〔2020〕10号's article on result application is not in RULEBOOKS.md: the file says
    the words are not quoted, and quotes nothing of it (no “…” around them)."""
    text = (POLICIES / f"{name}.yaml").read_text(encoding="utf-8")
    comments = "".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    assert "不是逐字引文" in comments and "须与文件原文核对" in comments
    assert not re.search(r"“[^”]*核减预算[^”]*”", comments)


def test_a_consequence_is_optional_and_stripped() -> None:
    policy = policy_from_mapping(
        _default_with(
            [
                {"min": 90, "label": "优", "consequence": "  优先安排  "},
                {"min": 0, "label": "差"},
            ]
        )
    )
    assert [b.consequence for b in policy.grades] == ["优先安排", ""]
    assert policy.consequence("差") == "" and policy.consequence("良") == ""


@pytest.mark.parametrize(
    ("grades", "message"),
    [
        ([{"min": 0, "label": "差", "consequence": 3}], "consequence 应为一段文字"),
        ([{"min": 0, "label": "差", "consequence": ["核减"]}], "consequence 应为一段文字"),
        ([{"min": 0, "label": "差", "consequence": "减" * 501}], "最多 500 字"),
        ([{"min": 60, "label": "中"}, {"min": 0, "label": "中"}], "label 相同"),
        ({"min": 0, "label": "差"}, "应为列表"),
        ([], "缺少「grades」"),
    ],
)
def test_bad_grade_bands_are_refused_in_chinese(grades: object, message: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(message)):
        policy_from_mapping(_default_with(grades))
