"""Tables generated from data: funds, targets, framework summary, score summary, annex."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.core.framework import Framework, Node
from jixiao.core.model import Case
from jixiao.core.numbers import HUNDRED, fmt, fmt_plain, in_unit
from jixiao.core.results import IndicatorScore, NodeScore, Result
from jixiao.report.document import Align, Cell, Table


def header_cell(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan, rowspan, Align.CENTER, True)


def _c(text: str, align: Align = Align.CENTER, rowspan: int = 1) -> Cell:
    return Cell(text, 1, rowspan, align)


def num(value: Decimal | None) -> str:
    """Scores as the seeds print them: 4, 5.76, 95.48 (no trailing zeros)."""
    if value is None:
        return ""
    return (
        fmt_plain(value.quantize(Decimal("0.01")).normalize())
        if value % 1
        else fmt_plain(value.quantize(Decimal(1)))
    )


def rate(score: Decimal, weight: Decimal) -> str:
    return f"{fmt(score / weight * HUNDRED)}%" if weight else "—"


def funds_table(case: Case, caption: str) -> Table | None:
    funds = case.funds
    if funds is None or not funds.lines:
        return None
    rows: list[tuple[Cell, ...]] = [
        (header_cell("项目"), header_cell(f"金额（{funds.money_unit}）"), header_cell("说明"))
    ]
    rows += [
        (
            _c(a.name, Align.LEFT),
            _c(
                num(shown) if (shown := in_unit(a.value, funds.money_unit)) is not None else "",
                Align.RIGHT,
            ),
            _c(a.note, Align.LEFT),
        )
        for a in funds.lines
    ]
    return Table(caption, tuple(rows), 1, (3, 2, 4))


def grouped_rows(paths: Sequence[tuple[str, ...]], levels: int) -> list[list[tuple[str, int]]]:
    """For each row, the first `levels` path names with their rowspans (0 = covered)."""
    spans: list[list[tuple[str, int]]] = [[("", 1)] * levels for _ in paths]
    for level in range(levels):
        i = 0
        while i < len(paths):
            key = paths[i][: level + 1]
            j = i
            while j < len(paths) and paths[j][: level + 1] == key:
                j += 1
            name = paths[i][level] if len(paths[i]) > level else ""
            spans[i][level] = (name, j - i)
            for k in range(i + 1, j):
                spans[k][level] = ("", 0)
            i = j
    return spans


def targets_table(case: Case, caption: str) -> Table | None:
    if not case.indicators:
        return None
    paths = [t.path for t in case.indicators]
    depth = max(len(p) for p in paths)
    names = ("一级指标", "二级指标", "三级指标", "四级指标")[:depth]
    rows: list[tuple[Cell, ...]] = [
        tuple(header_cell(n) for n in (*names, "年度指标值", "实际完成值"))
    ]
    spans = grouped_rows(paths, depth - 1)
    for target, row_spans in zip(case.indicators, spans, strict=True):
        cells = [_c(name, rowspan=span) for name, span in row_spans if span]
        cells.append(_c(target.path[-1], Align.LEFT))
        cells += [_c(target.target), _c(target.actual)]
        rows.append(tuple(cells))
    widths = (2,) * (depth - 1) + (5, 2, 2)
    return Table(caption, tuple(rows), 1, widths)


def framework_table(fw: Framework, caption: str) -> Table:
    """The indicator system: level-1 and level-2 indicators with weights and leaf counts."""
    rows: list[tuple[Cell, ...]] = [
        (
            header_cell("一级指标"),
            header_cell("权重"),
            header_cell("二级指标"),
            header_cell("权重"),
            header_cell("末级指标数"),
        )
    ]
    for top in fw.nodes:
        children = top.children or (top,)
        for i, child in enumerate(children):
            cells = []
            if i == 0:
                cells += [
                    _c(top.name, rowspan=len(children)),
                    _c(num(top.weight), rowspan=len(children)),
                ]
            leaves = len(_leaves(child))
            cells += [_c(child.name), _c(num(child.weight)), _c(str(leaves))]
            rows.append(tuple(cells))
    rows.append(
        (
            header_cell("合计"),
            header_cell(num(fw.total)),
            header_cell(""),
            header_cell(""),
            header_cell(str(len(fw.leaves()))),
        )
    )
    return Table(caption, tuple(rows), 1, (3, 1.2, 4, 1.2, 1.6))


def _leaves(node: Node) -> list[Node]:
    if not node.children:
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def level_one(result: Result) -> list[tuple[Node, NodeScore | IndicatorScore | None]]:
    """Each level-1 indicator of the framework with its score (a subtotal, or the score of a
    level-1 leaf), in framework order."""
    nodes = {n.path: n for n in result.nodes if len(n.path) == 1}
    leaves = {s.path: s for s in result.indicators if len(s.path) == 1}
    return [
        (top, nodes.get((top.name,)) or leaves.get((top.name,)))
        for top in result.case.scored_on.nodes
    ]


def summary_table(result: Result, caption: str) -> Table:
    """Score summary: each level-1 indicator and its level-2 children, weight, score, rate."""
    nodes = {n.path: n for n in result.nodes}
    scores = {s.path: s for s in result.indicators}
    rows: list[tuple[Cell, ...]] = [
        (
            header_cell("一级指标"),
            header_cell("二级指标"),
            header_cell("权重"),
            header_cell("得分"),
            header_cell("得分率"),
        )
    ]
    for top in result.case.scored_on.nodes:
        children = top.children or (top,)
        for i, child in enumerate(children):
            path = (top.name, child.name) if top.children else (top.name,)
            node = nodes.get(path) or _as_node(scores.get(path))
            weight, score = (node.weight, node.score) if node else (child.weight, Decimal(0))
            cells = [_c(top.name, rowspan=len(children))] if i == 0 else []
            cells += [
                _c(child.name if top.children else "—"),
                _c(num(weight)),
                _c(num(score)),
                _c(rate(score, weight)),
            ]
            rows.append(tuple(cells))
    rows.append(
        (
            header_cell("合计"),
            header_cell(""),
            header_cell(num(result.weight_total)),
            header_cell(num(result.total)),
            header_cell(rate(result.total, result.weight_total)),
        )
    )
    return Table(caption, tuple(rows), 1, (3, 4, 1.2, 1.2, 1.4))


def _as_node(score: IndicatorScore | None) -> NodeScore | None:
    return None if score is None else NodeScore(score.path, score.weight, score.score)


def annex_table(result: Result, caption: str) -> Table:
    """The annex: every indicator with 权重 / 指标解释 / 评分标准 / 得分 / 扣分说明."""
    fw = result.case.scored_on
    depth = fw.depth
    level_names = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")[:depth]
    header = (
        *(header_cell(n) for n in level_names),
        header_cell("权重"),
        header_cell("指标解释"),
        header_cell("评分标准"),
        header_cell("得分"),
        header_cell("扣分说明"),
    )
    leaves = fw.leaves()
    scores = {s.path: s for s in result.indicators}
    padded = [path + ("",) * (depth - len(path)) for path, _ in leaves]
    spans = grouped_rows(padded, depth - 1)
    rows: list[tuple[Cell, ...]] = [header]
    for (path, node), row_spans in zip(leaves, spans, strict=True):
        score = scores[path]
        cells = [_c(name, rowspan=span) for name, span in row_spans if span]
        cells.append(_c(node.name, Align.LEFT))
        lost = score.lost
        cells += [
            _c(num(node.weight)),
            _c(node.explanation, Align.LEFT),
            _c(node.standard, Align.LEFT),
            _c(num(score.score)),
            _c(_deduction(score) if lost > 0 else "", Align.LEFT),
        ]
        rows.append(tuple(cells))
    rows.append(
        (
            Cell("合计", depth, 1, Align.CENTER, True),
            header_cell(num(result.weight_total)),
            header_cell(""),
            header_cell(""),
            header_cell(num(result.total)),
            header_cell(""),
        )
    )
    widths = (1.4,) * (depth - 1) + (2.6, 1.1, 3.4, 6.4, 1.1, 3.4)
    return Table(caption, tuple(rows), 1, widths, font_size=9, landscape=True)


def _deduction(score: IndicatorScore) -> str:
    """The reason points were lost: the sentence's 扣分原因 if it has one, else the sentence."""
    text = score.explanation
    marker = "扣分原因："
    return text[text.index(marker) + len(marker) :] if marker in text else text
