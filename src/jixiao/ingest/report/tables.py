"""Score tables in any grid: 附件 评分表, 表 3-1 得分汇总表, 自评指标评分表.

A score table has indicator levels (一级指标 … 四级指标) and weights or scores. Its header may
take several rows (评价指标 over 一级指标 over 名称 / 参考分值), repeats at every page, and the
text a PDF gives loses the blank cells a row starts with. So the reader:

- works out each column's role from the header rows merged (`columns`);
- puts every data row's cells in their columns (`placement.aligned`): numbers in number
  columns, names in name columns, the row's names one run of levels down to the deepest, a
  name at the level the report's other tables put it;
- reads the rows into leaves (`leaves.read_body`): joins what ran over rows or pages, reads
  weights written into names (项目决策 (20分)), the 总分 row and a 评价等级.

The tables of one report print one framework: each table is read knowing the ones before it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.core.report import ScoreRow, ScoreTable, TableRole
from jixiao.ingest.grid import Grid, Row
from jixiao.ingest.report.leaves import Leaf, read_body
from jixiao.ingest.report.placement import POINTS_IN_NAME, Column, Known, aligned, label, number

LEVELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")
_WEIGHT = ("分值", "权重", "参考分值", "指标分值", "标准分", "权重分", "满分")
_SCORE = ("得分", "评价得分", "评分", "实际得分", "自评得分", "评价分值", "得分情况")
_TEXT = {
    "explanation": ("指标解释", "指标内涵", "指标定义"),
    "standard": ("评分标准", "参考评分标准", "评分细则", "评分方法", "计分方法", "评分规则"),
    "note": ("扣分说明", "扣分原因", "评分依据", "得分说明", "扣分理由", "扣分情况"),
    "benchmark": ("标杆值", "目标值", "年度指标值", "指标值", "评价标准"),
    "actual": ("实际完成值", "完成值", "实际值", "实际完成情况"),
    "rate": ("得分率",),
}
_CAPTION = re.compile(r"^(?:附件|附表|表\s*\d+(?:[-－—.]\d+)?)")
_CAPTION_WORDS = ("评分表", "得分表", "汇总表", "指标体系", "评价体系", "打分表")


def _level_of(cell: str) -> int:
    text = label(cell)
    return LEVELS.index(text) if text in LEVELS else -1


def is_header(row: Row) -> bool:
    """A row naming indicator levels: the start (or a page's repeat) of a score table's header."""
    return sum(1 for _, c in row.filled if _level_of(c) >= 0) >= 2 or any(
        _level_of(c) == 0 for _, c in row.filled
    )


def columns(header: Sequence[Row]) -> list[Column] | None:
    """Each column's role from the header rows (top to bottom); None without weights or scores."""
    width = max(len(r.cells) for r in header)
    labels = [[label(r.cell(i)) for r in header] for i in range(width)]
    roles: list[Column] = []
    level = -1
    for stack in labels:
        words = [w for w in stack if w]
        own = words[-1] if words else ""
        found = next((_level_of(w) for w in words if _level_of(w) >= 0), -1)
        if found >= 0 and own not in _WEIGHT:
            level = found
            roles.append(Column("level", found))
        elif own in _WEIGHT and roles and roles[-1].role == "level":
            roles.append(Column("level_weight", roles[-1].level))
        elif own == "名称" and level >= 0:  # 001: 一级指标 over 名称 | 参考分值
            roles.append(Column("level", level))
        elif own in _WEIGHT:
            roles.append(Column("weight"))
        elif own in _SCORE:
            roles.append(Column("score"))
        else:
            role = next((k for k, names in _TEXT.items() if own in names), "")
            if own == "指标说明":  # beside 指标解释 the standard, beside 评分标准 the explanation
                role = (
                    "standard"
                    if any(label(w) in _TEXT["explanation"] for s in labels for w in s)
                    else "explanation"
                )
            roles.append(Column(role or "other"))
    levels = [c for c in roles if c.role == "level"]
    if not levels or not any(c.role in ("weight", "score", "level_weight") for c in roles):
        return None
    # the deepest level's weight column is the leaf's weight (000: 四级指标 | 分值)
    if not any(c.role == "weight" for c in roles):
        deepest = max(c.level for c in levels)
        roles = [
            Column("weight") if c.role == "level_weight" and c.level == deepest else c
            for c in roles
        ]
    return roles


def _caption(rows: Sequence[Row], head: int) -> str:
    for row in reversed(rows[max(0, head - 4) : head]):
        if len(row.filled) == 1:
            text = row.filled[0][1].strip().lstrip("#").strip()
            if _CAPTION.match(text) or any(w in text for w in _CAPTION_WORDS):
                return text
    return ""


def _ends_table(row: Row) -> bool:
    """A heading or a paragraph in the first column: past the table (unless a page repeats it)."""
    return len(row.filled) == 1 and row.filled[0][0] == 0 and number(row.filled[0][1]) is None


def find_tables(grid: Grid, earlier: Sequence[ScoreTable] = ()) -> list[ScoreTable]:
    """The score tables in a grid. `earlier` are the tables the report's other grids printed
    before: with those read here first, they say at what level a name stands (one report
    prints one framework in several tables)."""
    rows = grid.rows
    tables: list[ScoreTable] = []
    seen = Known.of(earlier)
    i = 0
    while i < len(rows):
        if not is_header(rows[i]):
            i += 1
            continue
        while i > 0 and _header_like(rows[i - 1]):  # 评价指标 over the levels
            i -= 1
        start = i
        header, i = _header_rows(rows, i)
        cols = columns(header)
        if cols is None:
            continue
        body: list[Row] = []
        while i < len(rows):
            row = rows[i]
            if row.is_blank:
                i += 1
                continue
            if is_header(row) or (_header_like(row) and len(row.filled) > 1):
                repeat, j = _header_rows(rows, i)
                if columns(repeat) == cols:  # the header again on the next page
                    i = j
                    continue
                break
            if _ends_table(row):
                ahead = [r for r in rows[i + 1 : i + 4] if not r.is_blank]
                if ahead and (is_header(ahead[0]) or _header_like(ahead[0])):
                    i += 1  # a footnote or page furniture between pages
                    continue
                break
            body.append(row)
            i += 1
        table = _table(rows, start, _repeated_level(cols, body), body, seen)
        if table is not None:
            tables.append(table)
            seen.add(table)
    return tables


_HEADER_WORDS = frozenset(
    {"名称", "评价指标", "评分指标", "指标", "指标说明", "序号", "备注", *_WEIGHT, *_SCORE, *LEVELS}
    | {w for ws in _TEXT.values() for w in ws}
)


def _header_like(row: Row) -> bool:
    """Only header words: a 评价指标 row above the levels, a 名称 / 参考分值 row below them."""
    return bool(row.filled) and all(label(c) in _HEADER_WORDS for _, c in row.filled)


def _repeated_level(cols: list[Column], body: Sequence[Row]) -> list[Column]:
    """A header that lost a level: where the deepest level's cells only repeat the level
    above (002's 表 3-1: 项目立项 | 项目立项 | 立项依据充分性 | 充分 under 一级 | 二级 | 三级 |
    标杆值 | 实际完成值), the names go one level deeper and the text columns move right."""
    at = [i for i, c in enumerate(cols) if c.role == "level"]
    if len(at) < 2 or at[-1] + 1 >= len(cols) or cols[at[-1] + 1].role not in _TEXT:
        return cols
    deep, above = at[-1], at[-2]
    both = same = 0
    for row in body:
        cells = aligned(row, cols)
        if cells[deep].strip() and cells[above].strip():
            both += 1
            same += cells[deep].strip() == cells[above].strip()
    if both < 3 or same * 5 < both * 4:
        return cols
    texts = [i for i in range(deep + 1, len(cols)) if cols[i].role in _TEXT]
    run = [i for n, i in enumerate(texts) if i == deep + 1 + n]  # the text columns after it
    fixed = list(cols)
    fixed[deep + 1] = Column("level", cols[deep].level + 1)
    for here, there in itertools.pairwise(run):
        fixed[there] = cols[here]
    return fixed


def _header_rows(rows: Sequence[Row], i: int) -> tuple[list[Row], int]:
    """The header rows from `i`: until the first row with more than header words."""
    header = [rows[i]]
    j = i + 1
    while j < len(rows) and len(header) < 4 and (is_header(rows[j]) or _header_like(rows[j])):
        header.append(rows[j])
        j += 1
    return header, j


def _table(
    rows: Sequence[Row], start: int, cols: list[Column], body: list[Row], known: Known
) -> ScoreTable | None:
    read = read_body(body, cols, known)
    if not read.leaves:
        return None
    role = (
        TableRole.ANNEX
        if any(c.role in ("standard", "explanation") for c in cols)
        else TableRole.SUMMARY
    )
    return ScoreTable(
        caption=_caption(rows, start),
        role=role,
        rows=tuple(_score_rows(read.leaves)),
        total_weight=read.total_weight,
        total_score=read.total_score,
        total_where=read.total_where,
        grade=read.grade,
        where=rows[start].where,
    )


def _score_rows(leaves: list[Leaf]) -> Iterator[ScoreRow]:
    for leaf in leaves:
        path: list[str] = []
        weights: list[Decimal | None] = []
        for name, w in zip(leaf.names, leaf.weights, strict=True):
            if not name:
                continue
            m = POINTS_IN_NAME.search(name)
            if m:
                name, w = name[: m.start()].strip(), w if w is not None else Decimal(m.group(1))
            path.append(_CJK_GAP.sub("", name.replace("\n", "")).rstrip("。；;，,：: "))
            weights.append(w)
        if not path:
            continue
        explanation, standard = _split(
            leaf.text.get("explanation", ""), leaf.text.get("standard", "")
        )
        yield ScoreRow(
            path=tuple(path),
            weight=leaf.weight,
            score=leaf.score,
            weights=tuple(weights[:-1]),
            explanation=explanation,
            standard=standard,
            note=_clean(leaf.text.get("note", "")),
            benchmark=_clean(leaf.text.get("benchmark", "")),
            actual=_clean(leaf.text.get("actual", "")),
            rate=_clean(leaf.text.get("rate", "")),
            where=leaf.where,
        )


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_MARKUP = re.compile(r"</?p>|<br\s*/?>")
# what a PDF converter writes for the signs of a standard: $\geq 95\%$
_TEX = {r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤", r"\%": "%", r"\times": "×", "$": ""}
_TEX_SIGN = re.compile("|".join(re.escape(k) for k in sorted(_TEX, key=len, reverse=True)))
# where a standard starts inside a cell that also holds the explanation
_STANDARD_START = re.compile(r"评价要点|①|[（(]\d+(?:\.\d+)?分[)）]|得分|扣\d|扣分|得满分")


def _clean(text: str) -> str:
    text = _TEX_SIGN.sub(lambda m: _TEX[m.group(0)], _MARKUP.sub(" ", text))
    return _CJK_GAP.sub("", re.sub(r"\s+", " ", text)).strip()  # Chinese has no spaces: a wrap


def _split(explanation: str, standard: str) -> tuple[str, str]:
    """指标解释 and 评分标准, where a PDF ran the two into one cell: the standard begins at the
    first sentence after which the text scores (评价要点, ①, (5分), 得分, 扣分)."""
    explanation, standard = _clean(explanation), _clean(standard)
    if standard or not explanation:
        return explanation, standard
    for m in re.finditer("。", explanation):
        rest = explanation[m.end() :]
        if _STANDARD_START.search(rest) and not _STANDARD_START.search(explanation[: m.end()]):
            return explanation[: m.end()].strip(), rest.strip()
    return explanation, standard
