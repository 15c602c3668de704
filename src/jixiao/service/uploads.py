"""A document handed in: read → validate → score → review, then stored in one transaction.

A file that cannot be read, or holds no case, or a case of another year, stores nothing and
answers with its located problems. Otherwise the bytes (once, by sha256), the upload, a new
case version in the codec's JSON, the score run (with the hashes of the policy and framework
that made it and the jixiao version), its problems by fingerprint and the indicators' rows
for the year are written together, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from jixiao import api
from jixiao.core.model import Case
from jixiao.core.problems import Problem, Severity
from jixiao.core.results import Result
from jixiao.service import filing, writing
from jixiao.service.context import Context
from jixiao.service.errors import Invalid
from jixiao.service.projects import (
    bump,
    check,
    open_project_year,
    subject_of,
    unit_by_code,
    visible,
)
from jixiao.store.schema import Organisation, Project, ProjectYear
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


@dataclass(frozen=True, slots=True)
class Prepared:
    result: Result
    review: api.Review
    filing: filing.Filing


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


def with_history(s: Session, py: ProjectYear, case: Case) -> Case:
    """The case with its indicators' earlier years from the store (by indicator key, oldest
    first), for the review of targets against history; as it was when there are none."""
    found = filing.stored_history(s, py.project_id, py.year, frozenset(case.keys))
    if not found:
        return case
    return replace(case, history={**case.history, **found})


def prepare(s: Session, py: ProjectYear, case: Case, problems: list[Problem]) -> Prepared:
    """The case with its history, scored and reviewed, and what storing it needs."""
    case = with_history(s, py, case)
    result, review = filing.score_and_review(case, problems)
    return Prepared(result, review, filing.filing_of(case, result, review))


def upload(
    ctx: Context, project_year_id: int, data: bytes, name: str, version: int | None = None
) -> Stored:
    """Store `data` (a file named `name`) as the project-year's newest case; `version`, when
    given, is the project-year's version the client read (409 when it has changed)."""
    case, problems = read_one(data, name)  # before the transaction: reading takes a while
    filing.policy_of(case)  # a policy that is no built-in one is refused before anything is locked
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
        return _store(s, ctx, py, case, problems, data, name)


def _store(
    s: Session,
    ctx: Context,
    py: ProjectYear,
    case: Case,
    problems: list[Problem],
    data: bytes,
    name: str,
    first: bool = False,
) -> Stored:
    """The case scored and reviewed with its history, then kept as the current version."""
    ready = prepare(s, py, case, problems)
    (written,) = writing.write(s, ctx, [writing.Entry(py, ready.filing, data, name, first)])
    return Stored(
        py.id, written.case_version, written.score_run_id, ready.result, ready.review, py.version
    )


# Where a project-year first read from a file starts: the stage at which its unit hands in
# such a document (an evaluation is handed in by the evaluator assigned, never imported).
ENTRY = {
    DocumentKind.TARGETS: Stage.TARGETS_DRAFT,
    DocumentKind.MONITORING: Stage.MONITORING,
    DocumentKind.SELFEVAL: Stage.SELFEVAL_DRAFT,
}


def importable(data: bytes, name: str) -> tuple[Case, list[Problem], DocumentKind]:
    """The case of a file a unit may file by itself, or Invalid: a table or case of a year
    (an evaluation is the evaluator's to hand in), with a built-in policy."""
    case, problems = read_one(data, name)
    document = DocumentKind.of(case.kind)
    if document not in ENTRY:
        raise Invalid(f"{name} 是评价案例，须由受委托的评价机构在评价阶段上传", name, problems)
    if case.project.year is None:
        raise Invalid(f"{name} 中没有写明年度，无法归入项目年度", "year", problems)
    filing.policy_of(case)
    return case, problems, document


def place(
    s: Session,
    ctx: Context,
    unit: Organisation,
    name: str,
    year: int,
    code: str,
    document: DocumentKind,
    known: dict[str, Project] | None = None,
    pending: set[int] | None = None,
) -> tuple[ProjectYear, bool]:
    """The unit's project-year a file naming `name`, `year` is filed under (made when new, at
    the stage such a document is handed in), checked and its version moved on; True if made.
    A caller filing many passes the unit's projects (`known`) and the project-years with a
    目标调整 pending."""
    py, made = open_project_year(s, ctx, unit, name, year, code, known)
    if made:
        py.stage = ENTRY[document]
        s.flush()
    waiting = None if pending is None else py.id in pending
    check(ctx, subject_of(s, py, waiting), Action.UPLOAD, document)
    bump(s, ctx, py, None)
    return py, made


def import_file(ctx: Context, unit_code: str, data: bytes, name: str) -> Stored:
    """A unit's file filed under the project it names: what `jixiao db import` does for every
    file of a folder (see service/importing.py for many at once)."""
    case, problems, document = importable(data, name)
    project = case.project
    assert project.year is not None  # importable refuses a case without one
    with ctx.store.transaction() as s:
        unit = unit_by_code(s, unit_code)
        py, made = place(s, ctx, unit, project.name, project.year, project.code, document)
        return _store(s, ctx, py, case, problems, data, name, first=made)
