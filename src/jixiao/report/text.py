"""Narrative text to blocks: one paragraph per line; short numbered lines become sub-headings."""

from __future__ import annotations

import re

from jixiao.report.document import Block, Heading, Paragraph

_SUBHEADING = re.compile(r"^\d+[.．、]\s*\S")
_CN_NUMBERS = "一二三四五六七八九十"
_HEADING_CHARS = 40
_SENTENCE_ENDS = ("。", "；", "！", "？", "…", "：", ".", ";")


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (chapter and section numbers)."""
    if n <= 10:
        return _CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        ("" if tens == 1 else _CN_NUMBERS[tens - 1])
        + "十"
        + (_CN_NUMBERS[ones - 1] if ones else "")
    )


def narrative_blocks(text: str) -> list[Block]:
    """The blocks of a narrative text; none for an empty one (the caller decides what then)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        short = len(line) <= _HEADING_CHARS and not line.endswith(_SENTENCE_ENDS)
        if _SUBHEADING.match(line) and len(line) <= 24 and not line.endswith(("。", "；")):
            blocks.append(Heading(3, line))
        else:
            # a short line that ends no sentence heads the text after it: （四）强化指标执行
            blocks.append(Paragraph(line, keep=short and i < len(lines) - 1))
    return blocks
