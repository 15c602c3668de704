"""A document handed in: read → validate → score → review, then stored in one transaction.

A file that cannot be read, or holds no case, or a case of another year, stores nothing and
answers with its located problems. Otherwise the bytes (once, by sha256), the upload, a new
case version in the codec's JSON, the score run (with the hashes of the policy and framework
that made it and the jixiao version), its problems by fingerprint and the indicators' rows
for the year are written together, or not at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from importlib import metadata
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from jixiao import api, codec
from jixiao.core.identity import fingerprint, project_key
from jixiao.core.model import Case, Past
from jixiao.core.problems import Problem, Severity, has_errors
from jixiao.core.results import Result
from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Invalid
from jixiao.service.projects import (
    bump,
    check,
    find_project,
    open_project_year,
    subject_of,
    unit_by_code,
    visible,
)
from jixiao.store.schema import (
    CaseVersion,
    Document,
    Indicator,
    IndicatorYear,
    Project,
    ProjectAlias,
    ProjectYear,
    ScoreRun,
    StoredProblem,
    Upload,
)
from jixiao.workflow import Action, DocumentKind, Stage


@dataclass(frozen=True, slots=True)
class Stored:
    """What an upload became: the project-year, the case version and score run written, the
    result and what reading and reviewing it found."""

    project_year_id: int
    case_version: int  # its sequence number within the project-year
    score_run_id: int
    result: Result
    review: api.Review
    version: int  # the project-year's version after the upload


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def jixiao_version() -> str:
    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "0+unknown"


def read_one(data: bytes, name: str) -> tuple[Case, list[Problem]]:
    """The one case a file for one project-year holds, or Invalid with the problems."""
    cases, problems = api.read(data, name)
    if not cases:
        first = next((p for p in problems if p.severity is Severity.ERROR), None)
        message = first.message if first else "文件中没有找到自评表、目标表或评价案例"
        raise Invalid(f"{name}：{message}", name, problems, code="unreadable")
    if len(cases) > 1:
        raise Invalid(
            f"{name} 中有 {len(cases)} 张表（案例），一个项目一次只能上传一份",
            name,
            problems,
            code="several-cases",
        )
    return cases[0], problems


def _policy(case: Case) -> Any:
    """The policy a case names: built-in only (a path would read a file on the server)."""
    if case.policy not in api.builtin_policies():
        known = "、".join(api.builtin_policies())
        raise Invalid(f"评分口径「{case.policy}」不是内置口径（可用：{known}）", "policy")
    return api.load_policy(case.policy)


def with_history(s: Session, py: ProjectYear, case: Case) -> Case:
    """The case with its indicators' earlier years from the store (by indicator key, oldest
    first), for the review of targets against history; as it was when there are none."""
    keys = set(case.keys)
    if not keys:
        return case
    rows = s.execute(
        select(Indicator.key, IndicatorYear.year, IndicatorYear.target, IndicatorYear.actual)
        .join(IndicatorYear, IndicatorYear.indicator_id == Indicator.id)
        .where(
            Indicator.project_id == py.project_id,
            Indicator.key.in_(keys),
            IndicatorYear.year < py.year,
        )
        .order_by(IndicatorYear.year)
    ).all()
    if not rows:
        return case
    found: dict[str, list[Past]] = {}
    for key, year, target, actual in rows:
        found.setdefault(key, []).append(Past(year, target, actual))
    return replace(case, history={**case.history, **{k: tuple(v) for k, v in found.items()}})


def score_and_review(case: Case, problems: list[Problem]) -> tuple[Result, api.Review, Any]:
    policy = _policy(case)
    result = api.score(case, policy)
    return result, api.review([result], problems), policy


def upload(
    ctx: Context, project_year_id: int, data: bytes, name: str, version: int | None = None
) -> Stored:
    """Store `data` (a file named `name`) as the project-year's newest case; `version`, when
    given, is the project-year's version the client read (409 when it has changed)."""
    case, problems = read_one(data, name)  # before the transaction: reading takes a while
    _policy(case)  # a policy that is no built-in one is refused before anything is locked
    with ctx.store.transaction() as s:
        py, subject = visible(s, ctx, project_year_id, lock=True)
        document = DocumentKind.of(case.kind)
        check(ctx, subject, Action.UPLOAD, document)
        if case.project.year is not None and case.project.year != py.year:
            raise Invalid(
                f"{name} 是 {case.project.year} 年度的，该项目是 {py.year} 年度",
                "year",
                problems,
                code="wrong-year",
            )
        bump(s, ctx, py, version)
        return _store(s, ctx, py, case, problems, data, name, document)


def _store(
    s: Session,
    ctx: Context,
    py: ProjectYear,
    case: Case,
    problems: list[Problem],
    data: bytes,
    name: str,
    document: DocumentKind,
) -> Stored:
    """The case scored and reviewed with its history, then kept as the current version."""
    case = with_history(s, py, case)
    result, review, policy = score_and_review(case, problems)
    version = keep(s, ctx, py, case, data, name, document)
    run = apply(s, ctx, py, version, case, result, review, policy)
    audit.record(
        s, ctx, "upload", "project_year", py.id, "case_version", version.seq - 1, version.seq
    )
    return Stored(py.id, version.seq, run.id, result, review, py.version)


def keep(
    s: Session,
    ctx: Context,
    py: ProjectYear,
    case: Case,
    data: bytes,
    name: str,
    document: DocumentKind,
) -> CaseVersion:
    """The bytes, the upload and a new case version of the project-year (not yet its
    current one: `apply` makes it that)."""
    doc = _document(s, data)
    up = Upload(
        document_id=doc.id,
        project_year_id=py.id,
        kind=document,
        original_name=name[:300],
        uploaded_by=ctx.user_id,
    )
    s.add(up)
    s.flush()
    seq = (
        s.scalar(select(func.max(CaseVersion.seq)).where(CaseVersion.project_year_id == py.id)) or 0
    ) + 1
    version = CaseVersion(
        project_year_id=py.id,
        seq=seq,
        kind=document,
        case_kind=case.kind.value,
        data=_json(codec.document(case)),
        upload_id=up.id,
        author_id=ctx.user_id,
    )
    s.add(version)
    s.flush()
    return version


def apply(
    s: Session,
    ctx: Context,
    py: ProjectYear,
    version: CaseVersion,
    case: Case,
    result: Result,
    review: api.Review,
    policy: Any,
) -> ScoreRun:
    """The case version made the project-year's current one: its score run and problems,
    the year's indicator rows, the project's name, the funds."""
    run = _score_run(s, ctx, py, version, case, result, policy)
    _problems(s, run, py, case, review)
    _indicators(s, py, version, result)
    _rename(s, ctx, py, case)
    if case.funds is not None:
        py.budget, py.executed = case.funds.total.annual, case.funds.total.executed
    return run


def _document(s: Session, data: bytes) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    doc = s.scalar(select(Document).where(Document.sha256 == sha))
    if doc is None:
        doc = Document(sha256=sha, size=len(data), content=data)
        s.add(doc)
        s.flush()
    return doc


def _score_run(
    s: Session,
    ctx: Context,
    py: ProjectYear,
    version: CaseVersion,
    case: Case,
    result: Result,
    policy: Any,
) -> ScoreRun:
    framework = "" if case.framework is None else _sha(_json(codec.encode(case.framework)))
    run = ScoreRun(
        project_year_id=py.id,
        case_version_id=version.id,
        policy=policy.name,
        policy_hash=_sha(repr(policy)),
        framework_hash=framework,
        jixiao_version=jixiao_version(),
        total=result.total,
        weight_total=result.weight_total,
        grade=result.grade,
        result=_json(codec.document(result)),
        created_by=ctx.user_id,
    )
    s.add(run)
    s.flush()
    return run


def _problems(s: Session, run: ScoreRun, py: ProjectYear, case: Case, review: api.Review) -> None:
    project = s.get(Project, py.project_id)
    key = project.key if project else ""
    rows = [(r.finding, r.fingerprint) for r in review.findings]
    rows += [
        (p, fingerprint(p.code, case.project.key or key, p.subject, p.where.field))
        for p in review.problems
    ]
    if not rows:
        return
    s.execute(
        insert(StoredProblem),
        [
            {
                "score_run_id": run.id,
                "fingerprint": mark,
                "code": problem.code,
                "severity": problem.severity,
                "where": {k: v for k, v in problem.where._asdict().items() if v is not None},
                "message": problem.message,
                "suggestion": problem.suggestion,
                "subject": problem.subject,
            }
            for problem, mark in rows
        ],
    )


def _indicators(s: Session, py: ProjectYear, version: CaseVersion, result: Result) -> None:
    """The year's row of every indicator, by key: the newest case's rows replace the year's
    older ones (written in bulk: a table has dozens of indicators, a batch thousands)."""
    keyed = list(zip(result.case.indicators, result.case.keys, strict=True))
    if not keyed:
        s.execute(delete(IndicatorYear).where(IndicatorYear.project_year_id == py.id))
        return
    scores = {score.key: score.score for score in result.indicators}
    known = dict(
        s.execute(
            select(Indicator.key, Indicator.id).where(Indicator.project_id == py.project_id)
        ).all()
    )
    new = sorted({key for _, key in keyed} - known.keys())
    if new:
        made = s.execute(
            insert(Indicator).returning(Indicator.key, Indicator.id),
            [{"project_id": py.project_id, "key": key} for key in new],
        )
        known.update(dict(made.all()))
    s.execute(delete(IndicatorYear).where(IndicatorYear.project_year_id == py.id))
    s.execute(
        insert(IndicatorYear),
        [
            {
                "indicator_id": known[key],
                "project_year_id": py.id,
                "case_version_id": version.id,
                "year": py.year,
                "path": " / ".join(row.path),
                "name": (row.path[-1] if row.path else "")[:300],
                "category": (row.path[1] if len(row.path) > 1 else "")[:100],
                "target": row.target,
                "actual": row.actual,
                "weight": row.weight,
                "score": scores.get(key),
            }
            for row, key in keyed
        ],
    )


def _rename(s: Session, ctx: Context, py: ProjectYear, case: Case) -> None:
    """A case naming the project otherwise: the new name, the old key kept as an alias."""
    project = s.get(Project, py.project_id)
    name = case.project.name.strip()
    key = project_key(name)
    if project is None or not key or key == project.key:
        return
    if find_project(s, project.unit_id, key) not in (None, project):
        return  # another project of the unit has that name: leave both as they are
    aliases = {
        a.key: a
        for a in s.scalars(select(ProjectAlias).where(ProjectAlias.project_id == project.id))
    }
    if key in aliases:  # renamed back to a name it had
        s.delete(aliases.pop(key))
        s.flush()
    if project.key not in aliases:
        s.add(
            ProjectAlias(
                project_id=project.id, unit_id=project.unit_id, key=project.key, name=project.name
            )
        )
    audit.record(s, ctx, "project.rename", "project", project.id, "name", project.name, name)
    project.key, project.name = key, name[:300]
    s.flush()


def problems_of(review: api.Review) -> list[Problem]:
    return [r.finding for r in review.findings] + list(review.problems)


def failed(review: api.Review) -> bool:
    return has_errors(problems_of(review))


# Where a project-year first read from a file starts: the stage at which its unit hands in
# such a document (an evaluation is handed in by the evaluator assigned, never imported).
ENTRY = {
    DocumentKind.TARGETS: Stage.TARGETS_DRAFT,
    DocumentKind.MONITORING: Stage.MONITORING,
    DocumentKind.SELFEVAL: Stage.SELFEVAL_DRAFT,
}


def import_file(ctx: Context, unit_code: str, data: bytes, name: str) -> Stored:
    """A unit's file filed under the project it names (made when new, at the stage such a
    document is handed in): what `jixiao db import` does for every file of a folder."""
    case, problems = read_one(data, name)
    document = DocumentKind.of(case.kind)
    if document not in ENTRY:
        raise Invalid(f"{name} 是评价案例，须由受委托的评价机构在评价阶段上传", name, problems)
    if case.project.year is None:
        raise Invalid(f"{name} 中没有写明年度，无法归入项目年度", "year", problems)
    _policy(case)
    with ctx.store.transaction() as s:
        unit = unit_by_code(s, unit_code)
        py, made = open_project_year(
            s, ctx, unit, case.project.name, case.project.year, case.project.code
        )
        if made:
            py.stage = ENTRY[document]
            s.flush()
        check(ctx, subject_of(s, py), Action.UPLOAD, document)
        bump(s, ctx, py, None)
        return _store(s, ctx, py, case, problems, data, name, document)
