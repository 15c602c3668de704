"""The text of an evaluation report by its headings: the sections of the standard outline
(财预〔2020〕10号 附件: 基本情况 … 其他需要说明的问题) as `Case.narrative`, the analysis of each
indicator, the title, the year and the total and grade the conclusion states.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.problems import Location
from jixiao.ingest.grid import Grid

# heading numbers, outermost first: 一、 · （一） · 1. · （1）
_HEADINGS = (
    re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*\S"),
    re.compile(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*\S"),
    re.compile(r"^\d{1,2}\s*[.．、]\s*(?!\d)\S"),
    re.compile(r"^[（(]\s*\d{1,2}\s*[)）]\s*\S"),
)
_MAX_HEADING = 40  # a longer line is a paragraph that starts with a number
# section → the words its heading uses, checked in this order (a heading that names two
# sections, 五、主要经验及做法、存在的问题及原因分析, opens the first; its sub-headings the rest)
_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("analysis", ("指标分析", "履职绩效分析")),
    ("other", ("其他需要说明",)),
    ("recommendations", ("建议", "整改措施")),
    ("experience", ("经验", "做法", "成效", "主要效果")),
    ("problems", ("存在的问题", "存在问题", "问题及原因")),
    ("conclusion", ("综合评价", "评价结论", "评分结果", "评价情况")),
    ("process", ("工作过程", "评价过程", "实施过程", "开展过程", "工作开展情况", "开展情况")),
    ("principles", ("原则", "指标体系", "评价方法", "评价标准")),
    ("purpose", ("目的", "对象", "范围")),
    ("goals", ("绩效目标",)),
    ("funds", ("资金", "预算")),
    ("background", ("背景", "立项依据")),
    ("overview", ("基本情况", "概况", "项目内容", "实施情况", "主要内容")),
)
_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE = re.compile(r"(评价报告|自评报告|绩效评价|评价结果)")
_TOTAL = re.compile(
    r"(?:最终|综合|总体)?(?:评分结果|评价得分|综合得分|总得分|得分|评分)\s*(?:为|是|：|:)?\s*"
    r"(\d{1,3}(?:\.\d{1,2})?)\s*分"
)
_GRADE = re.compile(
    r"(?:评价|评定|绩效)?等级\s*(?:为|是|：|:|评定为)?\s*[“\"「]?(优秀|优|良好|良|中|合格|差|不合格)"
)


# sections whose sub-headings open other sections: 一、基本情况 holds 项目背景, 资金 and 目标;
# 二、绩效评价工作开展情况 holds 目的, 原则 and 过程; 五 may hold both 经验 and 存在的问题
_CONTAINERS = frozenset({"", "overview", "process", "experience", "conclusion"})
_MARKDOWN = re.compile(r"^#{1,6}\s*|\*\*")
_ANNEX = re.compile(r"^(?:附件|附表)\s*\d*\s*[:：]?")
# a cover's "项目名称：…" lines, as the case's fields: field → the labels that give it
_COVER_FIELDS = (
    ("project", ("项目名称",)),
    ("unit", ("实施部门", "实施单位", "项目单位", "项目实施单位", "单位名称")),
    ("department", ("主管部门", "部门名称", "预算部门", "主管单位")),
    ("evaluator", ("评价机构", "评价单位", "第三方机构", "受托机构")),
    ("date", ("报告日期", "评价日期", "日期")),
)
_COVER = re.compile(r"^([\u4e00-\u9fff]{2,8})\s*(?:[（(][^）)]{1,6}[）)])?\s*[：:]\s*(\S.{0,60})$")
_COVER_LINES = 40  # a cover is the report's first lines
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    where: Location
    heading: int  # its heading level (0 outermost), -1 for body text
    section: str  # the NARRATIVE_KEYS section (or "analysis") it stands in, "" before any


@dataclass(frozen=True, slots=True)
class Narrative:
    paragraphs: tuple[Paragraph, ...]
    title: str
    year: int | None
    stated_total: Decimal | None
    stated_grade: str
    cover: Mapping[str, str] = field(default_factory=dict)  # _COVER_FIELDS → as written

    def sections(self) -> dict[str, str]:
        """The text of each section of the outline, headings included below the first."""
        out: dict[str, list[str]] = {}
        for p in self.paragraphs:
            if p.section and p.section not in ("analysis", "annex"):
                out.setdefault(p.section, []).append(p.text)
        return {key: "\n".join(lines) for key, lines in out.items()}

    def analysis_of(
        self,
        name: str,
        parent: str = "",
        alone: bool = False,
        *,
        ancestors: Sequence[tuple[str, int]] = (),
        siblings: Sequence[str] = (),
    ) -> str:
        """What the report says of one indicator: the paragraphs of its analysis naming it,
        else those under a heading naming it (or its parent, when it is the parent's only
        leaf). `ancestors`, nearest first, with how many leaves each holds: the block under
        the heading of an ancestor holding this leaf alone is its analysis; so is the block of
        one holding it with `siblings` when the only paragraphs naming it name them too
        ("绩效目标主要涉及绩效目标合理性以及绩效指标明确性两部分", then 一是 … 二是 …).
        Names match whatever their brackets' width and spaces."""
        if not name:
            return ""
        analysis = [p for p in self.paragraphs if p.section in ("analysis", "conclusion")]
        key = _plain(name)
        said = [p.text for p in analysis if p.heading < 0 and key in _plain(p.text)]
        others = [_plain(n) for n in siblings if n and _plain(n) != key]
        shared = bool(said) and all(any(o in _plain(t) for o in others) for t in said)
        if said and not shared:
            return "\n".join(said)
        levels = list(ancestors) or ([(parent, 1 if alone else 2)] if parent else [])
        for wanted, leaves in [(name, 1), *levels]:
            if leaves > 1 and not shared:
                break  # a group's block speaks of its other leaves too
            block = _under_heading(analysis, wanted) if wanted else []
            if block:
                return "\n".join(block)
            if leaves > 1:
                break  # only the nearest group: the one the shared paragraph introduces
        if said:
            return "\n".join(said)
        # a department-wide report analyses some indicators under its funds (一、（四）预算
        # 执行情况 · 1. 政府采购执行率): a heading there naming the indicator, or its stem
        body = [p for p in self.paragraphs if p.section not in ("annex", "analysis", "conclusion")]
        stem = re.sub(r"(情况|性|率)$", "", name)
        for wanted in dict.fromkeys((name, stem if len(stem) >= 4 else name)):
            block = _under_heading(body, wanted)
            if block:
                return "\n".join(block)
        return ""


_WIDTHS = str.maketrans("（）【】［］：；，", "()[][]:;,")


@functools.lru_cache(maxsize=1 << 16)
def _plain(text: str) -> str:
    """A name as matched in prose: brackets and colons of either width, no spaces (each
    paragraph's made once, however many leaves look for their names in it)."""
    return "".join(text.translate(_WIDTHS).split())


def _under_heading(paragraphs: Sequence[Paragraph], name: str) -> list[str]:
    key = _plain(name)
    for i, p in enumerate(paragraphs):
        if p.heading >= 0 and key in _plain(p.text):
            block = []
            for q in paragraphs[i + 1 :]:
                if 0 <= q.heading <= p.heading:
                    break
                if q.heading < 0:
                    block.append(q.text)
            return block
    return []


def heading_level(text: str) -> int:
    if len(text) > _MAX_HEADING:
        return -1
    return next((level for level, pattern in enumerate(_HEADINGS) if pattern.match(text)), -1)


def _section_of(text: str) -> str:
    return next((key for key, words in _SECTIONS if any(w in text for w in words)), "")


def read_narrative(lines: Iterable[tuple[str, Location]]) -> Narrative:
    """`lines`: the report's prose, one paragraph each, in reading order (a table's rows
    excluded). A table of contents (headings followed by page numbers) is left out by the
    caller, as it is a table of two columns."""
    paragraphs: list[Paragraph] = []
    open_sections: list[tuple[int, str]] = []  # the headings above, with the section each opens
    title = ""
    for text, where in lines:
        text = _MARKDOWN.sub("", text).strip()
        if not text:
            continue
        level = heading_level(text)
        if level < 0 and _ANNEX.match(text):
            level = 0  # 附件 ends the outline: what follows is tables and their notes
        if level >= 0:
            while open_sections and open_sections[-1][0] >= level:
                open_sections.pop()
            inherited = open_sections[-1][1] if open_sections else ""
            own = "annex" if _ANNEX.match(text) else _section_of(text)
            if level > 0 and inherited not in _CONTAINERS:
                own = inherited  # （一）进一步加强预算… under 六、有关建议 is a recommendation
            open_sections.append((level, own or inherited))
        elif not title and not paragraphs and _TITLE.search(text) and len(text) <= 80:
            title = text
        section = open_sections[-1][1] if open_sections else ""
        paragraphs.append(Paragraph(text, where, level, section))
    if not title:  # a title spread over lines, or after a cover: the first line naming a report
        title = next(
            (p.text for p in paragraphs[:30] if _TITLE.search(p.text) and len(p.text) <= 80), ""
        )
    title = _CJK_GAP.sub("", title)  # a PDF's line break inside the title: 支出部门 评价报告
    year_match = _YEAR.search(title)
    year = int(year_match.group(1)) if year_match else _usual_year(paragraphs)
    conclusion = [p.text for p in paragraphs if p.section == "conclusion"]
    total = grade = None
    for text in conclusion or [p.text for p in paragraphs]:
        if total is None and (m := _TOTAL.search(text)):
            total = Decimal(m.group(1))
        if grade is None and (g := _GRADE.search(text)):
            grade = g.group(1)
    return Narrative(
        tuple(paragraphs),
        title,
        year,
        total,
        grade or "",
        _cover(paragraphs[:_COVER_LINES]),
    )


def _cover(paragraphs: Sequence[Paragraph]) -> dict[str, str]:
    """What a cover states: 项目名称：…, 主管部门：…, 部门名称（公章）：…, 评价机构：…"""
    found: dict[str, str] = {}
    for p in paragraphs:
        m = _COVER.match(p.text)
        if m is None:
            continue
        label, value = m.group(1), m.group(2).strip()
        for key, labels in _COVER_FIELDS:
            if label in labels and key not in found:
                found[key] = value
    return found


_YEAR_OF_WORK = re.compile(r"(20\d{2})\s*年度")


def _usual_year(paragraphs: Sequence[Paragraph]) -> int | None:
    """The year a report without one in its title speaks of: its most frequent 20xx 年度 in
    the basic information (a cover may give only the project's name)."""
    counts: dict[int, int] = {}
    for p in paragraphs:
        if p.section in ("overview", "background", "funds", "goals", "purpose", ""):
            for m in _YEAR_OF_WORK.finditer(p.text):
                counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def prose(grids: Iterable[Grid]) -> Iterator[tuple[str, Location]]:
    """The paragraphs of a document: one-cell rows in the first column (a table's
    continuation rows start further right; a Word table is a grid of its own). Text
    extracted from a PDF breaks a paragraph at each line's end: a long line that ends
    mid-sentence goes on in the next prose line (`_wrapped`), located at its first line."""
    for grid in grids:
        if grid.where.sheet is not None and grid.where.sheet.startswith("表格"):
            continue
        held: tuple[str, Location] | None = None
        for row in grid.rows:
            if row.is_blank:
                continue
            if not (len(row.filled) == 1 and row.filled[0][0] == 0):
                if held is not None:  # a table's row: the paragraph before it has ended
                    yield held
                    held = None
                continue
            text = row.filled[0][1]
            if held is not None and _wrapped(held[0], text):
                held = (held[0] + text.strip(), held[1])
                continue
            if held is not None:
                yield held
            held = (text, row.where)
        if held is not None:
            yield held


_ENDS = tuple("。！？；：…”」』）)!?;:")
_WRAP_LEAST = 25  # a wrapped line fills the page's width: a short line ends its paragraph


def _wrapped(line: str, after: str) -> bool:
    """Whether `after` goes on from `line`: `line` long, ending mid-sentence (no 。；：…),
    and `after` no heading, annex, caption, numbered item or cover field of its own."""
    line, after = line.strip(), after.strip()
    if len(line) < _WRAP_LEAST or line.endswith(_ENDS):
        return False
    if heading_level(line) >= 0 and len(line) <= _MAX_HEADING:
        return False
    return not (
        heading_level(after) >= 0
        or _ANNEX.match(after)
        or _STARTS.match(after)
        or _COVER.match(after)  # 项目名称：… under a title
    )


# what starts a paragraph of its own: a caption (表 1-2, 图 1), an item (①, （1）), a note (注：)
_STARTS = re.compile(r"(?:表|图)\s*[0-9一二三四五六七八九十]|[①-⑳⑴-⒇]|[（(]\s*\d|注\s*[:：]|#")
