"""Narrative text to blocks: one paragraph per line; a short numbered line is a heading, renumbered
to sit below the heading the narrative is placed under."""

from __future__ import annotations

import re

from jixiao.report.document import Block, Heading, Paragraph

_CN_NUMBERS = "一二三四五六七八九十"
_HEADING_CHARS = 40
_SENTENCE_ENDS = ("。", "；", "！", "？", "…", "：", ".", ";")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# The numbering styles of GB/T 9704 and of the published reports, highest rank first:
# 一、 / （一） or (一) / 1. 1． 1、 / （1） or (1) / ①. "2.0 版" is no number.
_NUMBERED = (
    re.compile(r"^[一二三四五六七八九十]+、\s*"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*"),
    re.compile(r"^\d+(?:[.．](?!\d)|、)\s*"),
    re.compile(r"^[（(]\d+[）)]\s*"),
    re.compile(f"^[{_CIRCLED}]\\s*"),
)


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


def heading_number(level: int, n: int) -> str:
    """The number of the n-th heading at `level`: 一、 （一） 1. （1） ①."""
    if level <= 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}. "
    if level == 4 or n > len(_CIRCLED):
        return f"（{n}）"
    return f"{_CIRCLED[n - 1]} "


def _numbered_heading(line: str) -> tuple[int, str] | None:
    """(rank of its numbering style, title) for a line that is a numbered heading: short, no
    sentence in it. A long numbered line is a list item of the text, not a heading."""
    if len(line) > _HEADING_CHARS or line.endswith(_SENTENCE_ENDS) or "。" in line:
        return None
    for rank, pattern in enumerate(_NUMBERED):
        match = pattern.match(line)
        if match and line[match.end() :].strip():
            return rank, line[match.end() :].strip()
    return None


def narrative_blocks(text: str, level: int = 3) -> list[Block]:
    """The blocks of a narrative text placed under a heading of level `level - 1`; none for an
    empty one (the caller decides what then).

    The narrative's own headings keep their nesting but not their numbers: the highest
    numbering style present becomes `level`, each deeper one the next level, and every
    heading is numbered in order under its parent. So a transcription that starts at 2. (its
    1. became a generated section) or at （三） (the source's chapter ran on) still reads
    1. 2. … below the generated heading; a heading that skips a level is counted where it
    stands."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    blocks: list[Block] = []
    open_ranks: list[int] = []  # the numbering styles of the headings enclosing this line
    counts: list[int] = []  # headings seen so far at each depth under the current parents
    for i, line in enumerate(lines):
        found = _numbered_heading(line)
        if found is None:
            short = len(line) <= _HEADING_CHARS and not line.endswith(_SENTENCE_ENDS)
            # a short line that ends no sentence heads the text after it
            blocks.append(Paragraph(line, keep=short and i < len(lines) - 1))
            continue
        rank, title = found
        while open_ranks and open_ranks[-1] >= rank:
            open_ranks.pop()
        depth = len(open_ranks)
        open_ranks.append(rank)
        del counts[depth + 1 :]
        if len(counts) == depth:
            counts.append(0)
        counts[depth] += 1
        blocks.append(Heading(level + depth, heading_number(level + depth, counts[depth]) + title))
    return blocks
