"""The indicator rows of a self-evaluation table, whatever the layout.

Columns come from the header row. Text extracted from PDF drops or adds leading empty
cells row by row, so each row is read at the column offset that makes it most
plausible (weight and score numeric, level names where levels belong).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from jixiao.core.model import IndicatorRow
from jixiao.core.numbers import parse_decimal
from jixiao.core.problems import Location, Problem, Severity
from jixiao.ingest.grid import Row
from jixiao.ingest.selfeval import labels as lb

OFFSETS = (0, -1, 1, -2, 2, -3, 3)
PLACED = ("target", "actual", "weight", "score")  # the cells a problem can point at


def header_columns(row: Row) -> dict[str, int]:
    """Column index per field, exact label matches first, then labels with short suffixes."""
    columns: dict[str, int] = {}
    for slack in (0, 4):
        for i, text in row.filled:
            if i in columns.values():
                continue
            for key, names in lb.INDICATOR_COLUMNS.items():
                if key not in columns and lb.match_label(text, names, slack):
                    columns[key] = i
                    break
    return columns


def is_header(row: Row) -> bool:
    if "一级指标" not in row.text:
        return False
    cols = header_columns(row)
    return "l1" in cols and ("l3" in cols or "target" in cols)


def is_total(row: Row) -> bool:
    filled = row.filled
    return bool(filled) and lb.match_label(filled[0][1], lb.TOTAL_LABELS, 2)


@lru_cache(maxsize=16384)
def _kind(text: str) -> str:
    """'number', 'artefact', 'dash', 'empty' or 'text' for a weight or score cell."""
    s = text.strip()
    if not s:
        return "empty"
    if parse_decimal(s) is not None:
        return "number"
    if s.startswith("#"):
        return "artefact"
    if lb.is_dash(s) or s == "无":
        return "dash"
    return "text"


@lru_cache(maxsize=4096)
def level_of(text: str) -> int:
    """1 or 2 when the words say which level this is, 0 when only the column can tell."""
    c = lb.clean(text)
    one, two = lb.LEVEL1.match(c), lb.LEVEL2.match(c)
    if one and (not two or one.group(3)):
        return 1
    if two and not one:
        return 2
    return 0


def _plausibility(row: Row, cols: dict[str, int], k: int) -> float:
    def at(key: str) -> str:
        return row.cell(cols[key] + k) if key in cols else ""

    score = 0.0
    score += {"number": 4, "empty": 0, "dash": -2, "artefact": -6, "text": -10}[_kind(at("weight"))]
    score += {"number": 2, "artefact": 2, "dash": 1, "empty": 0, "text": -5}[_kind(at("score"))]
    if at("l3").strip():
        score += 1
    if "reason" in cols and _kind(at("reason")) == "number":
        score -= 3
    for key, level in (("l1", 1), ("l2", 2)):
        text = at(key)
        if text.strip():
            found = level_of(text)
            score += 1 if found == level else -0.5 if found else 0
    first = min(cols.values()) + k
    last = max(cols.values()) + k
    score -= 3 * sum(1 for i, t in row.filled if i < first or i > last)
    return score


def _aligned(row: Row, cols: dict[str, int]) -> bool:
    """The common case, decided cheaply: every cell sits where the header says it should."""
    if "weight" not in cols or "score" not in cols:
        return True
    weight, score = _kind(row.cell(cols["weight"])), _kind(row.cell(cols["score"]))
    if weight != "number" or score in ("text", "empty"):
        return False
    first, last = min(cols.values()), max(cols.values())
    if any(i < first or i > last for i, _ in row.filled):
        return False
    for key, level in (("l1", 1), ("l2", 2)):
        text = row.cell(cols[key]) if key in cols else ""
        if text and level_of(text) not in (0, level):
            return False
    return True


def _offset(row: Row, cols: dict[str, int]) -> int:
    """0, unless reading the row shifted gives both a numeric weight and a score: a PDF shift.

    A shift must explain the whole row; a bad weight alone ("五十分") stays where it is and is
    reported, rather than being read from the score column.
    """
    if _aligned(row, cols):
        return 0
    best, best_score = 0, _plausibility(row, cols, 0)
    for k in OFFSETS[1:]:
        if "weight" not in cols or "score" not in cols:
            break
        weight, score = row.cell(cols["weight"] + k), row.cell(cols["score"] + k)
        if _kind(weight) != "number" or _kind(score) not in ("number", "artefact", "dash"):
            continue
        candidate = _plausibility(row, cols, k)
        if candidate > best_score:
            best, best_score = k, candidate
    return best


@dataclass
class Levels:
    """The level-1 and level-2 names carried down from the rows above."""

    l1: str = ""
    l2: str = ""

    def see(self, text: str, column_level: int, declared: dict[tuple[str, ...], Decimal]) -> None:
        name, weight = split_weight(text)
        level = level_of(text) or column_level
        if level == 1:
            self.l1, self.l2 = name, ""
            if weight is not None:
                declared[(name,)] = weight
        else:
            self.l2 = name
            if weight is not None:
                declared[(self.l1, name)] = weight


def split_weight(text: str) -> tuple[str, Decimal | None]:
    """'产出指标(50分)' -> ('产出指标', 50)."""
    t = lb.tidy(text)
    m = lb.WEIGHT_SUFFIX.search(t)
    if m is None:
        return t, None
    return t[: m.start()].strip(), Decimal(m.group(1))


def read_row(
    row: Row,
    cols: dict[str, int],
    levels: Levels,
    declared: dict[tuple[str, ...], Decimal],
    problems: list[Problem],
) -> IndicatorRow | None:
    k = _offset(row, cols)
    at_col = {key: i + k for key, i in cols.items()}

    def at(key: str) -> str:
        i = at_col.get(key)
        return row.cell(i).strip() if i is not None else ""

    for key, level in (("l1", 1), ("l2", 2)):
        text = at(key)
        if text:
            levels.see(text, level, declared)
    name = lb.INDICATOR_PREFIX.sub("", lb.tidy(at("l3")))
    target, actual = at("target"), at("actual")
    if "nature" in cols or "unit" in cols:
        target, actual = _compose(target, actual, at("nature"), at("unit"))
    weight_text, score_text = at("weight"), at("score")
    if not (name or target or actual or weight_text):
        return None
    reason_at = at_col.get("reason")
    reason = " ".join(t for i, t in row.filled if i >= reason_at) if reason_at is not None else ""
    weight = parse_decimal(weight_text)
    weight_kind, score_kind = _kind(weight_text), _kind(score_text)
    if weight is None and weight_kind == "text":
        problems.append(
            Problem(
                "bad-number",
                Severity.ERROR,
                _place(row, at_col, "weight"),
                f"分值「{weight_text}」不是数字",
            )
        )
    published = parse_decimal(score_text)
    if score_kind == "text":
        problems.append(
            Problem(
                "bad-number",
                Severity.WARNING,
                _place(row, at_col, "score"),
                f"得分「{score_text}」不是数字，已忽略",
            )
        )
    elif score_kind == "artefact":
        problems.append(
            Problem(
                "excel-artefact",
                Severity.WARNING,
                _place(row, at_col, "score"),
                f"得分单元格为「{score_text}」（表格显示残留），表内得分缺失",
            )
        )
    if weight is None and weight_kind == "dash" and _na(target) and _na(actual):
        weight = Decimal(0)
    return IndicatorRow(
        path=(levels.l1, levels.l2, name),
        target=lb.tidy(target),
        actual=lb.tidy(actual),
        weight=weight,
        published_score=published,
        published_text=score_text if published is None else "",
        deviation=lb.tidy(reason),
        where=row.where,
        cells=tuple((key, at_col[key]) for key in PLACED if key in at_col),
    )


def _place(row: Row, at_col: dict[str, int], key: str) -> Location:
    i = at_col.get(key)
    return row.place(i) if i is not None else row.where


def _compose(target: str, actual: str, nature: str, unit: str) -> tuple[str, str]:
    """Sichuan-style split columns back into one target: ('≥', '95', '%') -> '≥95%'."""
    if not target or _na(target) or parse_decimal(target) is None:
        return target, actual
    op = lb.NATURE_OPS.get(lb.clean(nature), "")
    unit = "" if _na(unit) else unit.strip()
    if parse_decimal(actual) is not None and unit:
        actual = f"{actual}{unit}"
    return f"{op}{target}{unit}", actual


def _na(text: str) -> bool:
    return lb.clean(text) in ("", "无", "不适用", "/", "—", "-")


def read_total(row: Row) -> tuple[Decimal | None, Decimal | None, str, Location]:
    """(weight total, published total, total as printed, where) from the 总分 row."""
    values = [(i, t.strip()) for i, t in row.filled[1:] if not lb.is_dash(t)]
    weight = parse_decimal(values[0][1]) if values else None
    text = values[1][1] if len(values) > 1 else ""
    where = row.place(values[1][0]) if len(values) > 1 else row.where
    return weight, parse_decimal(text), text, where
