"""Stable keys: what storage and year-over-year comparison join on, never file positions.

* A project's key is its unit (实施单位, else 主管部门) and its name, both normalised, the name
  without year marks ("2023年度") or a leading project code ("440303…-党政事务"): the same
  project keeps its key from year to year and from the .xlsx to the .txt or YAML of it. A
  project with no name is keyed by its code; with neither it has no key ("").
* An indicator's key is its path, every level normalised ("产出指标" and "产出" are one level;
  "1.培训人数" and "培训人数" one name), or the framework's own id for a leaf that has one. Its
  position in the table plays no part: reordering rows or renaming a sibling keeps every other
  key. Only same-named indicators under the same parents are told apart by their order (the
  second is "#2").
* A finding's fingerprint is its code, the project's key, the indicator's key and the field
  it is about: the same finding on the same table is the same fingerprint however the file is
  laid out.

Keys are 16 hex digits of BLAKE2b over the normalised text (never shown to users as text).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from jixiao.core.memo import memo

_NOISE = re.compile(r"[\W_]+")  # spaces, punctuation, brackets: what people type either way
# "1." "（二）" "①" before a name; not the "3." of "3.5米宽道路"
_NUMBERING = re.compile(r"^\s*(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）.、．](?![0-9])|[①-⑳])\s*")
_YEAR = re.compile(
    r"(?:19|20)[0-9]{2}(?:\s*[-—–~至]\s*(?:19|20)?[0-9]{2})?\s*年度?"  # 2023年度, 2023-2024年
    r"|[(（]\s*(?:19|20)[0-9]{2}\s*[)）]"  # （2023）
    r"|^(?:19|20)[0-9]{2}(?![0-9])|(?<![0-9])(?:19|20)[0-9]{2}$"  # a bare year at either end
    r"|[〇零一二][〇零一二三四五六七八九]{3}年度?"  # 二〇二三年
)
# a project code before the name: 440303210301500003219-党政事务, P2023001：…
_CODE_PREFIX = re.compile(r"^\s*(?=[0-9A-Za-z]*[0-9]{4})[0-9A-Za-z]{6,}\s*[-－_—:：]\s*")
_LEVEL_SUFFIX = "指标"


def normal(text: str) -> str:
    """`text` as compared for identity: NFKC, no spaces or punctuation, Latin lower-cased."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


# cached: a district's tables repeat their indicators, so most keys are hits; keying a
# 15-indicator table of repeated names took 60 µs, 19 µs with this (timeit, this machine)
@memo(16384)
def digest(basis: str) -> str:
    return hashlib.blake2b(basis.encode("utf-8"), digest_size=8).hexdigest()


def project_key(name: str, unit: str = "", code: str = "") -> str:
    """The key of a project named `name` of `unit` (see the module's note)."""
    stem = _YEAR.sub("", _CODE_PREFIX.sub("", name)) if name else ""
    if normal(stem):
        return digest(f"project|{normal(unit)}|{normal(stem)}")
    if code.strip():
        return digest(f"project-code|{normal(code)}")
    return ""


@memo(4096)  # a few dozen level names recur in every table
def _level(name: str) -> str:
    text = normal(_NUMBERING.sub("", name))
    return text.removesuffix(_LEVEL_SUFFIX) or text


# cached: the units of a district fill one template, names recur; keying a 15-indicator
# table took 108 µs uncached, 60 µs cached (timeit, this machine)
@memo(16384)
def _leaf(name: str) -> str:
    return normal(_NUMBERING.sub("", name))


def indicator_keys(paths: Sequence[tuple[str, ...]], ids: Sequence[str] = ()) -> tuple[str, ...]:
    """The key of every indicator of one case, in the order given; `ids[i]`, when given and
    not empty, is the framework's id of indicator i."""
    seen: dict[str, int] = {}
    keys = []
    for i, path in enumerate(paths):
        own = ids[i].strip() if i < len(ids) else ""
        if own:
            basis = f"id|{normal(own)}"
        elif path:
            basis = "path|" + "/".join(map(_level, path[:-1])) + "/" + _leaf(path[-1])
        else:
            basis = "path|"
        count = seen[basis] = seen.get(basis, 0) + 1
        keys.append(digest(basis if count == 1 else f"{basis}#{count}"))
    return tuple(keys)


def node_key(path: tuple[str, ...]) -> str:
    """The key of a node of the indicator tree (产出指标, 产出指标/数量指标), as its levels
    are normalised for indicator keys."""
    return digest("node|" + "/".join(_level(p) for p in path))


def text_key(text: str) -> str:
    """The key of a sentence a finding is about (a claim in the narrative)."""
    return digest("text|" + normal(text))


def fingerprint(code: str, project: str, subject: str = "", field: str | None = None) -> str:
    """A finding's fingerprint: `code` about the indicator `subject` (a key, or "" for the
    case as a whole) of the project keyed `project`, on `field` (年度指标值, 得分…). A field
    named by its place ("第 7 条指标 · 实际完成值") counts by its last part only."""
    aspect = (field or "").rpartition(" · ")[2]
    return digest(f"finding|{code}|{project}|{subject}|{normal(aspect)}")
