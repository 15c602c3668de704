"""Score tables in any grid: 附件 评分表, 表 3-1 得分汇总表, 自评指标评分表.

A score table has indicator levels (一级指标 … 四级指标) and weights or scores. Its header may
take several rows (评价指标 over 一级指标 over 名称 / 参考分值), repeats at every page, and the
text a PDF gives loses the blank cells a row starts with. So the reader:

- works out each column's role from the header rows merged (`columns`);
- puts every data row where its cells fit the roles best: numbers in number columns, names
  in name columns (`_aligned`);
- joins what ran over rows or pages: a row with only text is the rest of the row above when
  that row's text is unfinished, else the start of the row below (a leaf whose name sits in
  the middle of its cell); a name cut in two joins the name above it;
- reads weights written into names (项目决策 (20分)), the 总分 row and a 评价等级.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.problems import Location
from jixiao.core.report import ScoreRow, ScoreTable, TableRole
from jixiao.ingest.grid import Grid, Row
from jixiao.source.values import read_number

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
_NUMERIC = frozenset({"weight", "score", "level_weight"})
_TOTAL = ("总计", "总分", "合计", "总得分", "综合得分", "评价得分")
_GRADE = ("评价等级", "评定等级", "绩效等级", "等级")
# a weight written into a name: 项目决策 (20分), 产出数量（16分）
_POINTS_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_CAPTION = re.compile(r"^(?:附件|附表|表\s*\d+(?:[-－—.]\d+)?)")
_CAPTION_WORDS = ("评分表", "得分表", "汇总表", "指标体系", "评价体系", "打分表")
_UNFINISHED_END = "。"  # text that ends otherwise goes on in the next row
_MAX_SHIFT = 4


@dataclass(frozen=True, slots=True)
class Column:
    role: str  # level, level_weight, weight, score, explanation, standard, note, …, other
    level: int = -1  # for level and level_weight columns


@dataclass(slots=True)
class _Leaf:
    names: list[str]
    set_here: list[bool]  # which level names this row printed itself (not inherited)
    weights: list[Decimal | None]
    weight: Decimal | None = None
    score: Decimal | None = None
    text: dict[str, str] = field(default_factory=dict)
    where: Location = field(default_factory=Location)


def _label(cell: str) -> str:
    return (
        re.sub(r"[\s（(][^）)]*[）)]\s*$", "", cell.strip()).replace(" ", "").replace("\u3000", "")
    )


def _level_of(cell: str) -> int:
    text = _label(cell)
    return LEVELS.index(text) if text in LEVELS else -1


def is_header(row: Row) -> bool:
    """A row naming indicator levels: the start (or a page's repeat) of a score table's header."""
    return sum(1 for _, c in row.filled if _level_of(c) >= 0) >= 2 or any(
        _level_of(c) == 0 for _, c in row.filled
    )


def columns(header: Sequence[Row]) -> list[Column] | None:
    """Each column's role from the header rows (top to bottom); None without weights or scores."""
    width = max(len(r.cells) for r in header)
    labels = [[_label(r.cell(i)) for r in header] for i in range(width)]
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
                    if any(_label(w) in _TEXT["explanation"] for s in labels for w in s)
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


def _number(cell: str) -> Decimal | None:
    number, _ = read_number(cell.strip())
    return number if number is not None and number.is_finite() else None


def _fit(cell: str, col: Column) -> float:
    """How well one cell sits in one column: numbers in number columns, names in name ones."""
    if not cell.strip():
        return 0.0
    numeric = _number(cell) is not None
    if col.role in _NUMERIC:
        return 2.0 if numeric else -3.0
    if col.role == "level":
        return -2.0 if numeric else 1.0
    if col.role == "rate":
        return 1.0 if cell.strip().endswith("%") else -0.5
    return -2.0 if numeric and col.role in ("explanation", "standard", "note") else 0.8


_MOVED = 0.3  # the cost of a cell standing one column away from where the text put it


def _aligned(row: Row, cols: Sequence[Column]) -> list[str]:
    """The row's cells in the columns they belong to: the order-keeping placement of its
    filled cells that fits best (numbers in number columns, names in name columns), moving
    cells as little as it can. A PDF's text drops the blank cells a row starts with, and at
    times puts a cell one column off."""
    items = [(i, c) for i, c in row.filled if i < len(cols) + _MAX_SHIFT]
    n, m = len(items), len(cols)
    if not items:
        return [""] * m
    if n > m:
        return [row.cell(i) for i in range(m)]
    minus = float("-inf")
    # best[i][j]: the best placement of items[:i] with item i-1 in column j-1
    best = [[minus] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        at, cell = items[i - 1]
        for j in range(i, m - (n - i) + 1):
            value = _fit(cell, cols[j - 1]) - _MOVED * abs(j - 1 - at)
            prior = max(best[i - 1][:j])
            if prior == minus:
                continue
            if prior + value > best[i][j]:
                best[i][j] = prior + value
                back[i][j] = max(range(j), key=lambda k: best[i - 1][k])
    j = max(range(n, m + 1), key=lambda c: best[n][c])
    out = [""] * m
    for i in range(n, 0, -1):
        out[j - 1] = items[i - 1][1]
        j = back[i][j]
    return out


def _caption(rows: Sequence[Row], head: int) -> str:
    for row in reversed(rows[max(0, head - 4) : head]):
        if len(row.filled) == 1:
            text = row.filled[0][1].strip().lstrip("#").strip()
            if _CAPTION.match(text) or any(w in text for w in _CAPTION_WORDS):
                return text
    return ""


def _is_total(cells: Sequence[str]) -> bool:
    first = next((c.strip() for c in cells if c.strip()), "")
    return _label(first) in _TOTAL or _label(first) in _GRADE


def _ends_table(row: Row) -> bool:
    """A heading or a paragraph in the first column: past the table (unless a page repeats it)."""
    return len(row.filled) == 1 and row.filled[0][0] == 0 and _number(row.filled[0][1]) is None


def find_tables(grid: Grid) -> list[ScoreTable]:
    rows = grid.rows
    tables: list[ScoreTable] = []
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
        table = _table(rows, start, _repeated_level(cols, body), body, grid)
        if table is not None:
            tables.append(table)
    return tables


_HEADER_WORDS = frozenset(
    {"名称", "评价指标", "评分指标", "指标", "指标说明", "序号", "备注", *_WEIGHT, *_SCORE, *LEVELS}
    | {w for ws in _TEXT.values() for w in ws}
)


def _header_like(row: Row) -> bool:
    """Only header words: a 评价指标 row above the levels, a 名称 / 参考分值 row below them."""
    return bool(row.filled) and all(_label(c) in _HEADER_WORDS for _, c in row.filled)


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
        cells = _aligned(row, cols)
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
    rows: Sequence[Row], start: int, cols: list[Column], body: list[Row], grid: Grid
) -> ScoreTable | None:
    depth = max(c.level for c in cols if c.role == "level") + 1
    leaves: list[_Leaf] = []
    names: list[str] = [""] * depth
    weights: list[Decimal | None] = [None] * depth
    pending: dict[str, str] = {}
    total: tuple[Decimal | None, Decimal | None, Location | None] = (None, None, None)
    grade = ""
    for row in body:
        cells = _aligned(row, cols)
        if _is_total(cells):
            grade = grade or _grade_in(cells)
            w, s = _total_numbers(cells, cols)
            if w is not None or s is not None:
                total = (
                    w if w is not None else total[0],
                    s if s is not None else total[1],
                    row.where,
                )
            continue
        here = [""] * depth
        level_w: list[Decimal | None] = [None] * depth
        weight = score = None
        text: dict[str, str] = {}
        for col, cell in zip(cols, cells, strict=True):
            cell = cell.strip()
            if not cell:
                continue
            if col.role == "level":
                here[col.level] = cell
            elif col.role == "level_weight":
                level_w[col.level] = _number(cell)
            elif col.role == "weight":
                weight = _number(cell)
            elif col.role == "score":
                score = _number(cell)
            elif col.role in _TEXT:
                text[col.role] = cell
        if weight is None and score is None:
            _continuation(leaves, names, weights, here, level_w, text, pending)
            continue
        for k in range(depth):
            if here[k]:
                names[k], weights[k] = here[k], level_w[k]
                for deeper in range(k + 1, depth):
                    names[deeper], weights[deeper] = "", None
            elif level_w[k] is not None:
                weights[k] = level_w[k]
        for key, value in pending.items():
            text[key] = value + text.get(key, "")
        pending = {}
        leaves.append(
            _Leaf(
                list(names), [bool(h) for h in here], list(weights), weight, score, text, row.where
            )
        )
    for key, value in pending.items():  # text after the last leaf is its own
        if leaves:
            leaves[-1].text[key] = leaves[-1].text.get(key, "") + value
    if not leaves:
        return None
    role = (
        TableRole.ANNEX
        if any(c.role in ("standard", "explanation") for c in cols)
        else TableRole.SUMMARY
    )
    return ScoreTable(
        caption=_caption(rows, start),
        role=role,
        rows=tuple(_score_rows(leaves)),
        total_weight=total[0],
        total_score=total[1],
        total_where=total[2],
        grade=grade,
        where=rows[start].where,
    )


def _continuation(
    leaves: list[_Leaf],
    names: list[str],
    weights: list[Decimal | None],
    here: list[str],
    level_w: list[Decimal | None],
    text: dict[str, str],
    pending: dict[str, str],
) -> None:
    """A row without weight or score: the rest of the row above, a name cut in two, a group's
    name over the leaves below, or the start of the next leaf's text."""
    last = leaves[-1] if leaves else None
    for k, name in enumerate(here):
        if not name:
            continue
        if last is not None and last.set_here[k] and not pending:
            last.names[k] += name  # the name ran over two rows
            names[k] = last.names[k]
            if level_w[k] is not None:
                last.weights[k] = weights[k] = level_w[k]
        else:  # a group's name over the leaves that follow
            names[k], weights[k] = name, level_w[k]
            for deeper in range(k + 1, len(names)):
                names[deeper], weights[deeper] = "", None
    if not text:
        return
    if last is not None and not pending and len(text) == 1:
        # a PDF puts the rest of a cell in the first blank column: the unfinished one it is
        [(key, value)] = text.items()
        open_keys = [
            k for k, v in last.text.items() if v and not v.rstrip().endswith(_UNFINISHED_END)
        ]
        if last.text.get(key, "").rstrip().endswith(_UNFINISHED_END) and len(open_keys) == 1:
            text = {open_keys[0]: value}
    unfinished = (
        last is not None
        and not pending
        and any(not last.text.get(key, "").rstrip().endswith(_UNFINISHED_END) for key in text)
    )
    if unfinished and last is not None:
        for key, value in text.items():
            last.text[key] = last.text.get(key, "") + value
    else:
        for key, value in text.items():
            pending[key] = pending.get(key, "") + value


def _score_rows(leaves: list[_Leaf]) -> Iterator[ScoreRow]:
    for leaf in leaves:
        path: list[str] = []
        weights: list[Decimal | None] = []
        for name, w in zip(leaf.names, leaf.weights, strict=True):
            if not name:
                continue
            m = _POINTS_IN_NAME.search(name)
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


def _grade_in(cells: Sequence[str]) -> str:
    for i, cell in enumerate(cells):
        if _label(cell) in _GRADE:
            return next(
                (
                    c.strip()
                    for c in cells[i + 1 :]
                    if c.strip() and _number(c) is None and _label(c) not in _TOTAL
                ),
                "",
            )
    return ""


def _total_numbers(
    cells: Sequence[str], cols: Sequence[Column]
) -> tuple[Decimal | None, Decimal | None]:
    weight = score = None
    for col, cell in zip(cols, cells, strict=True):
        if col.role == "weight":
            weight = _number(cell) if weight is None else weight
        elif col.role == "score":
            score = _number(cell)
    if score is None:  # 002: 评价等级 优秀 评价得分 98, the number in the last filled cell
        numbers = [_number(c) for c in cells if c.strip()]
        score = numbers[-1] if numbers and numbers[-1] is not None else None
    return weight, score
