"""Where a line of Chinese text breaks: widths in ems, and balanced breaks for titles.

Word wraps a title wherever the line is full, which can leave one character alone on the
last line (“……部门评价报\n告”). GB/T 9704 wants title lines balanced and whole in meaning,
so the renderer breaks long titles itself, at the place `break_lines` chooses.
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters and digits are about half a CJK character wide; the fonts LibreOffice falls
# back to draw them wider (DejaVu: 0.64 em), so the estimate is on the safe side.
LATIN_EM = 0.64
LATIN_BOLD_EM = 0.7
AUTOSPACE_EM = 0.3  # Word and LibreOffice add space between CJK and Latin runs
_LATIN = re.compile(r"[0-9A-Za-z.,%+\-/:#'()]+")
_NO_LINE_START = set("，。、；：？！）》」』”’%·…—")
_NO_LINE_END = set("（《「『“‘")
# Report titles are [unit] [year] [subject] [项目支出绩效评价报告]: breaking between these
# parts keeps words and names whole. Best: after the unit's name or before the fixed part;
# next: after the year; any other place only when neither fits.
_AFTER_UNIT = ("局", "委员会", "委", "办公室", "中心", "政府", "公司", "集团", "学校", "医院")
_BEFORE_FIXED = ("项目", "部门整体", "部门评价", "绩效", "重点项目", "专项资金", "关于")
_YEAR = re.compile(r"\d{4}\s*年度?$")
SHORTEST_SHARE = 0.3  # no line of a two-line title under 30% of its width


def char_em(ch: str, bold: bool = False) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch == " ":
        return 0.3
    return LATIN_BOLD_EM if bold else LATIN_EM


def text_em(text: str, bold: bool = False) -> float:
    """The width of `text` in ems of its font size, CJK/Latin spacing included."""
    width = 0.0
    previous_wide: bool | None = None  # None: start of text, or after a space
    for ch in text:
        if ch == " ":
            width += char_em(ch)
            previous_wide = None
            continue
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        if previous_wide is not None and wide != previous_wide:
            width += AUTOSPACE_EM
        width += char_em(ch, bold)
        previous_wide = wide
    return width


def longest_token_em(text: str, bold: bool = False) -> float:
    """The widest run that cannot wrap inside (a number such as 95.48 or 100.00%)."""
    return max((text_em(m.group(0), bold) for m in _LATIN.finditer(text)), default=0.0)


def orphan_free_width(text: str, width: float) -> float:
    """The width (ems) a cell of Chinese text needs so that wrapping at `width` leaves no
    single character on the last line: `width` itself when that is already so (or the text
    is not all CJK, whose wrapping cannot be foreseen this simply), else one character more
    per line, as often as needed."""
    if not text or not all(char_em(ch) == 1.0 for ch in text):
        return 0.0
    per_line = max(1, int(width + 0.02))
    n = len(text)
    while n > per_line and n % per_line == 1:
        per_line += 1
    return float(per_line) if per_line * 1.0 > width + 0.02 else 0.0


def break_lines(text: str, capacity: float) -> list[str]:
    """`text` cut into lines no wider than `capacity` ems: as few lines as the title allows
    with words and names whole, balanced in width, never a last line of one character.
    Text that fits is returned as it is."""
    if text_em(text) <= capacity or len(text) < 4:
        return [text]
    fewest = max(2, -int(-text_em(text) // capacity))  # ceiling
    for lines in range(fewest, fewest + 3):
        found = _split(text, capacity, lines)
        if found is not None:
            return found
    # nowhere good to break: fill each line, keeping two characters for the last
    cut = len(text) - 2
    while cut > 1 and text_em(text[:cut]) > capacity:
        cut -= 1
    return [text[:cut], *break_lines(text[cut:], capacity)]


def _split(text: str, capacity: float, lines: int) -> list[str] | None:
    total = text_em(text)
    if total <= capacity:
        return [text]
    if lines <= 1:
        return None
    target = total / lines
    shortest = SHORTEST_SHARE * total * 2 / lines
    candidates = []
    for cut in range(2, len(text) - 1):
        head, tail = text[:cut].rstrip(), text[cut:].lstrip()
        head_em = text_em(head)
        if head_em > capacity or text_em(tail) > capacity * (lines - 1):
            continue
        if not _may_break(text, cut) or min(head_em, text_em(tail) / (lines - 1)) < shortest:
            continue
        candidates.append((-_tier(text, cut), abs(head_em - target), cut))
    for _, _, cut in sorted(candidates):
        rest = _split(text[cut:].lstrip(), capacity, lines - 1)
        if rest is not None:
            return [text[:cut].rstrip(), *rest]
    return None


def _may_break(text: str, cut: int) -> bool:
    before, after = text[cut - 1], text[cut]
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    if before.isdigit() and after in "年月日":  # 2023|年
        return False
    # inside a number or a Latin word
    return not (_LATIN.fullmatch(before) and _LATIN.fullmatch(after))


def _tier(text: str, cut: int) -> int:
    head, tail = text[:cut].rstrip(), text[cut:].lstrip()
    if head.endswith(_AFTER_UNIT) or tail.startswith(_BEFORE_FIXED):
        return 2
    if _YEAR.search(head):
        return 1
    return 0
