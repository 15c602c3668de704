"""Many files of one unit at once (`jixiao db import`): read, scored and reviewed over every
core, written a few hundred to a transaction, each file's outcome in the order given.

Worker processes (`jixiao.batch.each`) read, score and review each file with the history the
store held of the unit's projects when the round began. This process, which holds the
database, confirms that history is what the store holds now, files each one under its
project-year (made when new) and checks the actor may file it there. A file whose history
the import itself changed (its project's earlier year, filed from the same folder) is read
again in the next round, with it; in the last round it is reviewed again here.
Files are written PER_TRANSACTION at a time; when anything fails in the database (a
project-year made elsewhere at the same moment), that transaction is rolled back and its
files are written one transaction each, so a file's failure is its own. A file is reported
stored only once its transaction has committed: killed at any moment, every file reported is
in the store whole, and nothing half-written is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao import batch
from jixiao.core import limits
from jixiao.core.identity import project_key
from jixiao.core.problems import Location, Severity
from jixiao.service import writing
from jixiao.service.context import Context
from jixiao.service.errors import Invalid
from jixiao.service.filing import (
    Filing,
    History,
    filing_of,
    history_rows,
    score_and_review,
    stored_history,
)
from jixiao.service.projects import unit_by_code, unit_projects
from jixiao.service.uploads import importable, place, prepare, read_one
from jixiao.store.schema import (
    Adjustment,
    Indicator,
    IndicatorYear,
    Organisation,
    Project,
    ProjectAlias,
    ProjectYear,
)
from jixiao.workflow import DocumentKind
from jixiao.workflow.items import AdjustmentStatus

PER_TRANSACTION = 100  # files written in one transaction, at most
# Rounds of reading: a project's files of several years in one folder need one round per year
# (each year reviewed with the ones before it); past that, files are reviewed again here.
ROUNDS = 4
# Fewer files than this are read here: starting worker processes (about 0.1 s) costs more
# than they save (a file takes 3–5 ms to read, score and review).
POOLED_FROM = 32

# A unit's earlier indicator rows: project key (its aliases too) → (indicator key, year,
# target, actual), oldest first.
UnitHistory = dict[str, tuple[tuple[str, int, str, str], ...]]


@dataclass(frozen=True, slots=True)
class Source:
    """A file to import: where it is, and the name it is filed under (`子目录/表.xlsx`)."""

    path: Path
    name: str

    def read(self) -> bytes:
        size = self.path.stat().st_size
        if size > limits.current().file_bytes:  # said before reading it into memory
            problem = limits.exceeded("file_bytes", size, Location(self.name), "文件太大")
            raise Invalid(problem.message, self.name, (problem,), code="too-large")
        return self.path.read_bytes()


@dataclass(frozen=True, slots=True)
class Ready:
    """A file read, scored and reviewed by a worker: what to write, and from what."""

    sha256: str
    filing: Filing
    document: DocumentKind
    used: History  # the earlier years it was reviewed with, from the store


@dataclass(frozen=True, slots=True)
class Imported:
    """What became of one file: stored (its project-year, version and score as the store
    now holds them), or `error`, the reason it was not."""

    source: Source
    error: BaseException | None = None
    project_year_id: int = 0
    case_version: int = 0
    project: str = ""
    year: int = 0
    stage: str = ""
    total: Decimal | None = None
    weight_total: Decimal | None = None
    grade: str = ""
    found: int = 0  # findings and problems stored
    errors: int = 0  # of which errors

    @property
    def stored(self) -> bool:
        return self.error is None


_history: UnitHistory = {}


def _install(history: UnitHistory) -> None:
    global _history
    _history = history


def _key(name: str, code: str) -> str:
    return project_key(name) or project_key("", code=code)


def _prepare(source: Source) -> Ready | BaseException:
    """One file, in a worker: read, scored and reviewed, or why not (returned, not raised:
    one file's failure never ends the batch)."""
    try:
        data = source.read()
        case, problems, document = importable(data, source.name)
        rows = _history.get(_key(case.project.name, case.project.code), ())
        year = case.project.year or 0
        used = history_rows(r for r in rows if r[0] in set(case.keys) and r[1] < year)
        if used:
            case = replace(case, history={**case.history, **used})
        result, review = score_and_review(case, problems)
        sha = hashlib.sha256(data).hexdigest()
        return Ready(sha, filing_of(case, result, review), document, used)
    except Exception as exc:  # said for this file; the rest go on
        return exc


def unit_history(s: Session, unit: Organisation) -> UnitHistory:
    """Everything the store holds of the unit's projects' indicators, by project key."""
    IY = IndicatorYear
    rows = s.execute(
        select(Project.id, Indicator.key, IY.year, IY.target, IY.actual)
        .join(Indicator, Indicator.project_id == Project.id)
        .join(IY, IY.indicator_id == Indicator.id)
        .where(Project.unit_id == unit.id)
        .order_by(IY.year, Indicator.key)
    ).all()
    by_project: dict[int, list[tuple[str, int, str, str]]] = {}
    for pid, key, year, target, actual in rows:
        by_project.setdefault(pid, []).append((key, year, target, actual))
    keys = list(s.execute(select(Project.key, Project.id).where(Project.unit_id == unit.id)))
    keys += s.execute(
        select(ProjectAlias.key, ProjectAlias.project_id).where(ProjectAlias.unit_id == unit.id)
    ).all()
    return {key: tuple(by_project[pid]) for key, pid in keys if pid in by_project}


def import_files(
    ctx: Context,
    unit_code: str,
    sources: Sequence[Source],
    jobs: int = 1,
    per_transaction: int = PER_TRANSACTION,
) -> Iterator[Imported]:
    """Every file's outcome, each stored one after its transaction has committed: in the
    order given, except that a file whose history the import itself changed (a project's
    earlier year in the same folder) is read again in a later round, with it. A unit that
    does not exist, or the actor may not file for, ends it before any file."""
    with ctx.store.transaction() as s:
        unit = unit_by_code(s, unit_code)
    remaining = list(sources)
    for round_ in range(ROUNDS):
        with ctx.store.transaction() as s:
            history = unit_history(s, unit)
        answers = batch.each(
            _prepare,
            remaining,
            jobs if len(remaining) >= POOLED_FROM else 1,
            weight=lambda src: batch.file_size(src.path),
            setup=(_install, history),
        )
        last = round_ == ROUNDS - 1
        deferred: list[Source] = []
        touched: set[int] = set()  # the projects this round has filed
        pending: list[tuple[Source, Ready | BaseException]] = []
        for source, answer in zip(remaining, answers, strict=True):
            pending.append((source, answer))
            if len(pending) >= per_transaction:
                yield from _commit(ctx, unit.id, pending, deferred, last, touched)
                pending = []
        if pending:
            yield from _commit(ctx, unit.id, pending, deferred, last, touched)
        if not deferred:
            return
        remaining = deferred


def _commit(
    ctx: Context,
    unit_id: int,
    pending: list[tuple[Source, Ready | BaseException]],
    deferred: list[Source],
    last: bool,
    touched: set[int],
) -> list[Imported]:
    """The files in one transaction; if it fails, each file in one of its own. Those to read
    again with the history the store holds now are added to `deferred`."""
    try:
        with ctx.store.transaction() as s:
            tried = set(touched)  # kept only if the transaction commits
            outcomes, later = _write(s, ctx, unit_id, pending, last, tried)
        touched |= tried
        deferred += later
        return outcomes
    except Exception:
        pass  # which file it was is found one at a time
    outcomes = []
    for item in pending:
        try:
            tried = set(touched)
            with ctx.store.transaction() as s:
                done, later = _write(s, ctx, unit_id, [item], last, tried)
            touched |= tried
            outcomes += done
            deferred += later
        except Exception as exc:
            outcomes.append(Imported(item[0], exc))
    return outcomes


def _write(
    s: Session,
    ctx: Context,
    unit_id: int,
    pending: list[tuple[Source, Ready | BaseException]],
    last: bool,
    touched: set[int],
) -> tuple[list[Imported], list[Source]]:
    unit = s.get(Organisation, unit_id)
    assert unit is not None
    known = unit_projects(s, unit.id)
    waiting = set(
        s.scalars(
            select(Adjustment.project_year_id)
            .join(ProjectYear, ProjectYear.id == Adjustment.project_year_id)
            .where(ProjectYear.unit_id == unit.id, Adjustment.status == AdjustmentStatus.PENDING)
        )
    )
    segment: list[tuple[int, Source, writing.Entry]] = []  # where in the outcomes each goes
    outcomes: list[Imported | None] = []
    deferred: list[Source] = []
    for source, answer in pending:
        if isinstance(answer, BaseException):
            outcomes.append(Imported(source, answer))
            continue
        f = answer.filing
        assert f.project_year is not None
        key = _key(f.project_name, f.project_code)
        project = known.get(key)
        if project is not None and any(e.py.project_id == project.id for _, _, e in segment):
            _written(s, ctx, segment, outcomes)  # the same project again: the earlier file
            segment = []  # first, so this one's version and history see it
            for renamed in list(known.values()):  # and a name it was given is known
                known.setdefault(renamed.key, renamed)
        data = source.read()
        if hashlib.sha256(data).hexdigest() != answer.sha256:
            raise Invalid(f"{source.name} 在导入过程中被修改，请重新导入", source.name)
        now = answer.used  # as the round began, unless this round has filed the project
        if project is not None and project.id in touched:
            now = stored_history(s, project.id, f.project_year, f.keys)
        if now != answer.used and not last:
            deferred.append(source)
            continue
        name, year, code, doc = f.project_name, f.project_year, f.project_code, answer.document
        py, first = place(s, ctx, unit, name, year, code, doc, known, waiting)
        if now != answer.used:  # the last round: reviewed again here
            case, problems = read_one(data, source.name)
            f = prepare(s, py, case, problems).filing
        segment.append((len(outcomes), source, writing.Entry(py, f, data, source.name, first)))
        outcomes.append(None)
        touched.add(py.project_id)
    _written(s, ctx, segment, outcomes)
    done = [o for o in outcomes if o is not None]
    assert len(done) + len(deferred) == len(pending)
    return done, deferred


def _written(
    s: Session,
    ctx: Context,
    segment: list[tuple[int, Source, writing.Entry]],
    outcomes: list[Imported | None],
) -> None:
    if not segment:
        return
    written = writing.write(s, ctx, [entry for _, _, entry in segment])
    for (at, source, entry), w in zip(segment, written, strict=True):
        f = entry.filing
        found = len(f.findings) + len(f.problems)
        errors = sum(1 for p, _ in f.findings if p.severity is Severity.ERROR)
        errors += sum(1 for p in f.problems if p.severity is Severity.ERROR)
        outcomes[at] = Imported(
            source,
            None,
            entry.py.id,
            w.case_version,
            f.project_name,
            entry.py.year,
            entry.py.stage.label,
            f.total,
            f.weight_total,
            f.grade,
            found,
            errors,
        )
