"""在线填报: a project-year's 绩效目标表 (or 自评表) edited on its page, row by row.

The draft is what the form holds: rows of text as typed (a weight that is not a number is said
beside its cell, never guessed). Previewing reads the draft exactly as an upload of it would be
read — the draft written as a case (YAML, docs/case-format.md), read back, scored and reviewed
with the project-year's history — and stores nothing; saving uploads that same document as the
project-year's newest case version. So what the page shows while typing is what saving stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from jixiao import api
from jixiao.core.model import Case, FundLine, Funds, Indicator, Kind, Project
from jixiao.core.numbers import ZERO, parse_decimal
from jixiao.core.problems import Problem
from jixiao.core.results import IndicatorScore
from jixiao.service import reading, uploads
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Invalid
from jixiao.service.projects import ProjectSummary, summary_of, visible
from jixiao.service.reading import Finding
from jixiao.service.sheet import Sheet, sheet_of
from jixiao.workflow import DocumentKind

MAX_ROWS = 200  # rows one table may hold on the page
FIELDS = ("level1", "level2", "name", "target", "weight", "actual", "score", "deviation")
MONEY = ("initial", "annual", "executed")  # 年初预算数, 全年预算数, 全年执行数 (元)
SAVED_AS = "在线填报.yaml"  # the document an edited table is stored as
LEVELS = "／"  # between the levels under 一级 that one cell of the form holds
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")  # the 一级指标 the forms print
LEVEL2 = (  # the 二级指标 the forms print (成本指标 is also a 一级指标 in newer forms)
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "其他满意度指标",
)


@dataclass(frozen=True, slots=True)
class Row:
    """One indicator row as typed."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    weight: str = ""
    actual: str = ""  # 实际完成值 (自评表)
    score: str = ""  # 自评得分, as the unit gives it (自评表)
    deviation: str = ""  # 偏差原因分析及改进措施 (自评表)

    @property
    def blank(self) -> bool:
        return not any(getattr(self, f).strip() for f in FIELDS)


@dataclass(frozen=True, slots=True)
class Draft:
    kind: Kind  # Kind.TARGET or Kind.SELFEVAL
    rows: tuple[Row, ...]
    money: tuple[str, str, str] = ("", "", "")  # MONEY, as typed (自评表)

    @property
    def selfeval(self) -> bool:
        return self.kind is Kind.SELFEVAL


@dataclass(frozen=True, slots=True)
class Edited:
    """The draft checked: the case it makes, and each problem of the form by (row, field);
    row -1 is the funds block."""

    draft: Draft
    case: Case | None
    errors: Mapping[tuple[int, str], str]


@dataclass(frozen=True, slots=True)
class Preview:
    """The draft read, scored and reviewed as saving it would: the sheet, and for each draft
    row the findings about it (by position)."""

    edited: Edited
    sheet: Sheet | None
    by_row: Mapping[int, tuple[Finding, ...]]
    weights: Decimal  # the rows' 分值 summed
    scores: Mapping[int, IndicatorScore] = field(default_factory=dict)  # 自评表: by row


@dataclass(frozen=True, slots=True)
class Editing:
    project: ProjectSummary
    draft: Draft


def _kind_for(kinds: Sequence[DocumentKind]) -> Kind:
    if DocumentKind.TARGETS in kinds:
        return Kind.TARGET
    if DocumentKind.SELFEVAL in kinds:
        return Kind.SELFEVAL
    raise Forbidden("当前阶段不能在线填报绩效目标表或自评表")


def editing(ctx: Context, project_year_id: int) -> Editing:
    """The table the user may fill now, as its newest case holds it (empty rows to start)."""
    kind = _kind_for(reading.uploadable(ctx, project_year_id))
    summary = summary_of(ctx, project_year_id)
    scored = reading.newest(ctx, project_year_id)
    case = scored.result.case if scored else None
    rows = tuple(_row_of(i) for i in case.indicators) if case else ()
    money = ("", "", "")
    if case and case.funds:
        total = case.funds.total
        money = (_plain(total.initial), _plain(total.annual), _plain(total.executed))
    if kind is Kind.TARGET and case and case.kind is not Kind.TARGET:
        rows = tuple(replace(r, actual="", score="", deviation="") for r in rows)
    return Editing(summary, Draft(kind, rows or (Row(),), money))


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _row_of(i: Indicator) -> Row:
    """A row of the form: 一级, 二级 (deeper levels joined by ／) and the name."""
    middle = i.path[1:-1]
    return Row(
        i.path[0] if len(i.path) > 1 else "",
        LEVELS.join(middle),
        i.name,
        i.target,
        _plain(i.weight),
        i.actual,
        _plain(i.published_score),
        i.deviation,
    )


def draft_from(kind: Kind, form: Mapping[str, Sequence[str]]) -> Draft:
    """The draft a submitted form holds: each field a list, one entry per row."""
    if kind not in (Kind.TARGET, Kind.SELFEVAL):
        raise Invalid("只能在线填报绩效目标表或自评表", "kind")
    columns = {f: list(form.get(f, ())) for f in FIELDS}
    count = max((len(v) for v in columns.values()), default=0)
    if count > MAX_ROWS:
        raise Invalid(f"一张表至多 {MAX_ROWS} 行指标（收到 {count} 行）", "rows")
    rows = tuple(
        Row(**{f: (columns[f][n] if n < len(columns[f]) else "")[:2000] for f in FIELDS})
        for n in range(count)
    )
    money = tuple((list(form.get(m, ())) or [""])[0][:64] for m in MONEY)
    return Draft(kind, rows or (Row(),), (money[0], money[1], money[2]))


def change(draft: Draft, op: str) -> Draft:
    """A row added after, deleted, or moved up or down (`add:3`, `delete:3`, `up:3`, …)."""
    verb, _, at = op.partition(":")
    rows = list(draft.rows)
    n = int(at) if at.isascii() and at.isdigit() and int(at) < len(rows) else None
    if verb == "add" and len(rows) < MAX_ROWS:
        rows.insert(
            len(rows) if n is None else n + 1,
            Row(rows[n].level1, rows[n].level2) if n is not None else Row(),
        )
    elif n is not None and verb == "delete":
        del rows[n]
    elif n is not None and verb == "up" and n > 0:
        rows[n - 1], rows[n] = rows[n], rows[n - 1]
    elif n is not None and verb == "down" and n + 1 < len(rows):
        rows[n + 1], rows[n] = rows[n], rows[n + 1]
    return replace(draft, rows=tuple(rows) or (Row(),))


def check(project: ProjectSummary, draft: Draft, base: Case | None = None) -> Edited:
    """The case the draft makes, or the form's problems beside their cells."""
    errors: dict[tuple[int, str], str] = {}
    indicators = []
    for n, row in enumerate(draft.rows):
        if row.blank:
            continue
        if not row.name.strip():
            errors[(n, "name")] = "请填写指标名称"
        if not row.level1.strip():
            errors[(n, "level1")] = "请填写一级指标"
        weight = _number(row.weight, n, "weight", errors, "分值")
        score = _number(row.score, n, "score", errors, "得分") if draft.selfeval else None
        levels = [row.level1.strip(), *(x.strip() for x in row.level2.split(LEVELS))]
        levels = [x for x in levels if x]
        indicators.append(
            Indicator(
                (*levels, row.name.strip()),
                row.target.strip(),
                row.actual.strip() if draft.selfeval else "",
                weight,
                published_score=score,
                deviation=row.deviation.strip() if draft.selfeval else "",
            )
        )
    funds = None
    if draft.selfeval:
        amounts = [
            _number(v, -1, m, errors, "金额") for v, m in zip(draft.money, MONEY, strict=True)
        ]
        line = FundLine("年度资金总额", amounts[0], amounts[1], amounts[2])
        kept = base.funds if base is not None and base.funds is not None else Funds()
        funds = replace(kept, total=line, sources=(), published_rate=None, published_score=None)
    if errors:
        return Edited(draft, None, errors)
    start = base if base is not None else Case(Project())
    case = replace(
        start,
        project=Project(
            project.code, project.name, project.year, project.unit_name, start.project.department
        ),
        indicators=tuple(indicators),
        kind=draft.kind,
        funds=funds,
        published_total=None,
        published_total_text="",
        declared_weights={} if draft.kind is Kind.SELFEVAL else start.declared_weights,
    )
    return Edited(draft, case, {})


def _number(
    text: str, row: int, field: str, errors: dict[tuple[int, str], str], label: str
) -> Decimal | None:
    if not text.strip():
        return None
    value = parse_decimal(text)
    if value is None or value < ZERO:
        errors[(row, field)] = f"{label}应为不小于 0 的数字（填的是「{text.strip()[:20]}」）"
    return value


def document(edited: Edited) -> bytes:
    assert edited.case is not None
    return api.to_yaml([edited.case]).encode("utf-8")


def preview(ctx: Context, project_year_id: int, draft: Draft) -> Preview:
    """The draft as saving it would store it: read back, scored and reviewed; nothing stored."""
    found = editing(ctx, project_year_id)  # may the user fill it now, and what it was
    edited = check(
        found.project, replace(draft, kind=found.draft.kind), _base(ctx, project_year_id)
    )
    weights = sum(
        (v for r in draft.rows if (v := parse_decimal(r.weight)) is not None and v >= 0), ZERO
    )
    if edited.case is None:
        return Preview(edited, None, {}, weights)
    case, problems = uploads.read_one(document(edited), SAVED_AS)
    with ctx.store.transaction() as s:
        py, _ = visible(s, ctx, project_year_id)
        prepared = uploads.prepare(s, py, case, problems)
    findings = [
        Finding(p.code, p.severity, p.where, p.message, p.suggestion, p.subject)
        for p in _all(prepared)
    ]
    # the draft's non-blank rows are the case's rows, in order: each one's findings by its key
    keys = prepared.result.case.keys
    filled = [n for n, r in enumerate(draft.rows) if not r.blank]
    by_row: dict[int, tuple[Finding, ...]] = {}
    scores: dict[int, IndicatorScore] = {}
    scored = {s.key: s for s in prepared.result.indicators}
    if len(keys) == len(filled):
        for n, key in zip(filled, keys, strict=True):
            by_row[n] = tuple(f for f in findings if f.subject.partition("|")[0] == key)
            if key in scored:
                scores[n] = scored[key]
    return Preview(edited, sheet_of(prepared.result, findings), by_row, weights, scores)


def _all(prepared: uploads.Prepared) -> list[Problem]:
    return [*prepared.result.problems, *(r.finding for r in prepared.review.findings)]


def _base(ctx: Context, project_year_id: int) -> Case | None:
    scored = reading.newest(ctx, project_year_id)
    return scored.result.case if scored else None


def save(
    ctx: Context, project_year_id: int, draft: Draft, version: int | None
) -> uploads.Stored | Edited:
    """The draft stored as the project-year's newest case version (the Edited with its
    problems when the form has any: nothing is stored then)."""
    found = editing(ctx, project_year_id)
    edited = check(
        found.project, replace(draft, kind=found.draft.kind), _base(ctx, project_year_id)
    )
    if edited.case is None:
        return edited
    return uploads.upload(ctx, project_year_id, document(edited), SAVED_AS, version)
