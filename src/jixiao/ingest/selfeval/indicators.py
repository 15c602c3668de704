"""The indicator rows of a self-evaluation table, whatever the layout.

Columns come from the header row; `alignment` says where each row's cells really are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from jixiao.core.memo import memo
from jixiao.core.model import Indicator
from jixiao.core.numbers import parse_decimal
from jixiao.core.problems import Location, Problem, error, info, warning
from jixiao.ingest.grid import Row
from jixiao.ingest.selfeval import labels as lb
from jixiao.ingest.selfeval.alignment import Columns, kind, level_of, offset
from jixiao.targets import holds_nothing

PLACED = ("target", "actual", "weight", "score")  # the cells a problem can point at


def header_columns(row: Row) -> Columns:
    """Column index per field, exact label matches first, then labels with short suffixes."""
    return _columns(row.filled)


@memo(1024)
def _columns(filled: tuple[tuple[int, str], ...]) -> Columns:
    # memoised: a batch of tables from one template repeats the same header row
    columns: dict[str, int] = {}
    units = lb.INDICATOR_COLUMNS["unit"]
    for slack in (0, 4):
        for i, text in filled:
            if i in columns.values():
                continue
            for key, names in lb.INDICATOR_COLUMNS.items():
                if key not in columns and lb.match_label(text, names, slack):
                    columns[key] = i
                    break
            else:  # Sichuan: 完成值 has a 度量单位 of its own after it
                if (
                    "unit" in columns
                    and i > columns.get("actual", i)
                    and lb.match_label(text, units)
                ):
                    columns.setdefault("actual_unit", i)
    return Columns.of(columns)


def merged_header(rows: list[Row], head: int) -> tuple[Columns, int]:
    """The header's columns, merged with the row above or below when the header spans two
    rows (绩效指标 merged over 一级/二级/三级, the value columns beside it); and the last
    header row's index."""
    cols = header_columns(rows[head])
    last = head
    needed = ("target", "actual", "weight")
    for other in (head - 1, head + 1):
        if all(k in cols for k in needed) or not 0 <= other < len(rows):
            continue
        extra = header_columns(rows[other])
        if not any(k in extra for k in needed):
            continue
        merged = dict(extra.index)
        merged.update(cols.index)
        cols = Columns.of(merged)
        last = max(last, other)
    return cols, last


def is_header(row: Row) -> bool:
    if "一级" not in row.text:  # "一级指标", or wrapped in its cell as "一级\n指标"
        return False
    cols = header_columns(row)
    return "l1" in cols and ("l3" in cols or "target" in cols)


_total_label = lb.matcher(lb.TOTAL_LABELS, 2)


def is_total(row: Row) -> bool:
    filled = row.filled
    return bool(filled) and _total_label(filled[0][1])


_FIELDS = (
    "l1",
    "l2",
    "l3",
    "target",
    "actual",
    "nature",
    "unit",
    "actual_unit",
    "weight",
    "score",
)


class _Plan(NamedTuple):
    """Where one row's fields are, for one column shift and one row width."""

    fields: Callable[[tuple[str, ...]], tuple[str, ...]]  # the row's cells + ("",) → fields
    at_col: dict[str, int]
    placed: tuple[tuple[str, Location | int], ...]
    reason_at: int | None
    reason_end: int  # the column after the reason's (a 备注 beside it is not part of it)
    composed: bool  # Sichuan-style 指标性质 / 计量单位 columns


@memo(1024)
def _plan_for(index: tuple[tuple[str, int], ...], shift: int, width: int) -> _Plan:
    # memoised: the tables of one batch share a few headers, widths and shifts
    at_col = {key: i + shift for key, i in index}
    # a field the header lacks, or shifted off the row, reads the "" appended at `width`
    spots = [at_col.get(key, width) for key in _FIELDS]
    getter = itemgetter(*[i if 0 <= i < width else width for i in spots])
    placed = tuple([(key, at_col[key]) for key in PLACED if key in at_col])
    composed = "nature" in at_col or "unit" in at_col
    reason = at_col.get("reason")
    after = [i for i in at_col.values() if reason is not None and i > reason]
    end = min(after, default=1 << 30)
    return _Plan(getter, at_col, placed, reason, end, composed)


@dataclass
class RowReader:
    """Reads the indicator rows of one table, carrying the level-1 and level-2 names down
    from the rows above and collecting the weights declared beside them (产出指标(50分))."""

    cols: Columns
    problems: list[Problem]
    shifts: bool = True  # PDF-extracted text shifts cells row by row; a workbook never does
    declared: dict[tuple[str, ...], Decimal] = field(default_factory=dict)
    l1: str = ""
    l2: str = ""
    _plans: dict[tuple[int, int], _Plan] = field(default_factory=dict)

    def read(self, row: Row) -> Indicator | None:
        cells = row.cells
        shift = offset(row, self.cols) if self.shifts else 0
        plan = self._plans.get((shift, len(cells))) or self._plan(shift, len(cells))
        l1, l2, l3, target, actual, nature, unit, actual_unit, weight_text, score_text = [
            text.strip() for text in plan.fields((*cells, ""))
        ]
        if l1:
            self._see(l1, 1)
        if l2:
            self._see(l2, 2)
        name = lb.tidy(l3)
        if name.startswith("指标"):  # 指标1：…
            name = lb.INDICATOR_PREFIX.sub("", name)
        if plan.composed:
            target, actual = _compose(target, actual, nature, unit, actual_unit)
        if not (name or target or actual or weight_text):
            return None
        if shift:
            self.problems.append(info("column-shift", row.where, _shifted(shift)))
        reason = ""
        if plan.reason_at is not None:
            reason = " ".join([t for i, t in row.filled if plan.reason_at <= i < plan.reason_end])
        weight = parse_decimal(weight_text)
        weight_kind, score_kind = kind(weight_text), kind(score_text)
        if weight is None and weight_kind == "text":
            where = _place(row, plan.at_col, "weight")
            self.problems.append(error("bad-number", where, f"分值「{weight_text}」不是数字"))
        published = parse_decimal(score_text)
        if score_kind in ("text", "artefact"):
            self._bad_score(row, plan, score_text, score_kind)
        if weight is None and weight_kind == "dash" and _na(target) and _na(actual):
            weight = Decimal(0)
        return Indicator(
            (self.l1, self.l2, name),
            lb.tidy(target),
            lb.tidy(actual),
            weight,
            published,
            score_text if published is None else "",
            lb.tidy(reason),
            row.where,
            plan.placed,
            shift != 0,
        )

    def _plan(self, shift: int, width: int) -> _Plan:
        plan = _plan_for(tuple(self.cols.index.items()), shift, width)
        self._plans[(shift, width)] = plan
        return plan

    def _see(self, text: str, column_level: int) -> None:
        name, weight = split_weight(text)
        level = level_of(text) or column_level
        if level == 1:
            self.l1, self.l2 = name, ""
            if weight is not None:
                self.declared[(name,)] = weight
        else:
            self.l2 = name
            if weight is not None:
                self.declared[(self.l1, name)] = weight

    def _bad_score(self, row: Row, plan: _Plan, text: str, score_kind: str) -> None:
        where = _place(row, plan.at_col, "score")
        if score_kind == "text":
            self.problems.append(warning("bad-number", where, f"得分「{text}」不是数字，已忽略"))
        else:
            self.problems.append(artefact("score", where, text))


def artefact(cell: str, where: Location, text: str) -> Problem:
    """A score ("score") or total ("total") cell holding an Excel artefact such as "#####",
    in the same words whichever reader found it."""
    label = "得分" if cell == "score" else "总分"
    at = where if where.field else where.with_field(label)  # the cell, named as every reader does
    return warning(
        "excel-artefact", at, f"{label}单元格为「{text}」（表格显示残留），表内{label}缺失"
    )


@memo(4096)
def split_weight(text: str) -> tuple[str, Decimal | None]:
    """'产出指标(50分)' -> ('产出指标', 50)."""
    t = lb.tidy(text)
    m = lb.WEIGHT_SUFFIX.search(t)
    if m is None:
        return t, None
    return t[: m.start()].strip(), Decimal(m.group(1))


def _place(row: Row, at_col: dict[str, int], key: str) -> Location:
    i = at_col.get(key)
    return row.place(i) if i is not None else row.where


def _shifted(shift: int) -> str:
    side = "右" if shift > 0 else "左"
    return (
        f"此行单元格与表头错开 {abs(shift)} 列（PDF 导出的文本常见），"
        f"已按向{side}错开 {abs(shift)} 列读取；请核对此行的分值和得分"
    )


def _compose(
    target: str, actual: str, nature: str, unit: str, actual_unit: str = ""
) -> tuple[str, str]:
    """Sichuan-style split columns back into one target: ('≥', '95', '%') -> '≥95%'; the
    completion takes its own 度量单位 when it has one, else the target's."""
    if not target or _na(target) or parse_decimal(target) is None:
        return target, actual
    op = lb.NATURE_OPS.get(lb.clean(nature), "")
    unit = "" if _na(unit) else unit.strip()
    done_unit = "" if _na(actual_unit) else actual_unit.strip()
    if parse_decimal(actual) is not None and (done_unit or unit):
        actual = f"{actual}{done_unit or unit}"
    return f"{op}{target}{unit}", actual


def _na(text: str) -> bool:
    return holds_nothing(lb.clean(text))


def read_total(row: Row) -> tuple[Decimal | None, Decimal | None, str]:
    """(weight total, published total, total as printed) from the 总分 row."""
    values = [t.strip() for _, t in row.filled[1:] if not lb.is_dash(t)]
    weight = parse_decimal(values[0]) if values else None
    text = values[1] if len(values) > 1 else ""
    return weight, parse_decimal(text), text
