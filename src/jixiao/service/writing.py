"""Filings written into project-years in the open transaction, many at once: the bytes once by
sha256, the uploads, new case versions, their score runs, problems by fingerprint and the
year's indicator rows, each table in one multi-row INSERT (a batch import writes hundreds of
files a transaction; an upload is a batch of one). Core statements on the session's
connection: the ORM's unit of work would cost more than the library's reading."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from jixiao.core.identity import fingerprint, project_key
from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.filing import Filing, jixiao_version
from jixiao.service.projects import find_project
from jixiao.store.schema import (
    AuditEntry,
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
from jixiao.workflow import DocumentKind


@dataclass(frozen=True, slots=True)
class Entry:
    """One file to write: into `py` (`first`: a project-year just made, with no versions)."""

    py: ProjectYear
    filing: Filing
    data: bytes
    name: str
    first: bool = False


@dataclass(frozen=True, slots=True)
class Written:
    case_version: int  # its number within the project-year
    case_version_id: int
    score_run_id: int


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _insert(s: Session, model: Any, rows: list[dict[str, Any]], returning: str = "") -> list[Any]:
    """Rows inserted in one statement (or none); the `returning` column of each, in order."""
    if not rows:
        return []
    table = _table(model)
    if not returning:
        s.connection().execute(insert(table), rows)
        return []
    statement = insert(table).returning(table.c[returning], sort_by_parameter_order=True)
    return list(s.connection().execute(statement, rows).scalars())


def document_ids(s: Session, blobs: Sequence[bytes]) -> list[int]:
    """The documents holding these bytes (each stored once, when new), in order."""
    shas = [hashlib.sha256(data).hexdigest() for data in blobs]
    table = _table(Document)
    query = select(table.c.sha256, table.c.id).where(table.c.sha256.in_(set(shas)))
    found: dict[str, int] = {sha: int(i) for sha, i in s.connection().execute(query)}
    new: dict[str, bytes] = {}
    for sha, data in zip(shas, blobs, strict=True):
        if sha not in found:
            new.setdefault(sha, data)
    rows = [{"sha256": sha, "size": len(data), "content": data} for sha, data in new.items()]
    found.update(zip(new, _insert(s, Document, rows, "id"), strict=True))
    return [found[sha] for sha in shas]


def document_id(s: Session, data: bytes) -> int:
    return document_ids(s, [data])[0]


def write(s: Session, ctx: Context, entries: Sequence[Entry]) -> list[Written]:
    """The filings written into their project-years as the current cases, in order (a
    project-year named twice gets two versions, the later one current)."""
    kept = keep(
        s,
        ctx,
        [
            (
                e.py,
                e.data,
                e.name,
                e.filing.document,
                e.filing.case_kind,
                e.filing.case_json,
                e.first,
            )
            for e in entries
        ],
    )
    runs = apply(
        s,
        ctx,
        [(e.py, version_id, e.filing) for e, (_, version_id) in zip(entries, kept, strict=True)],
    )
    _insert(
        s,
        AuditEntry,
        [
            _audit(ctx, "upload", "project_year", e.py.id, "case_version", seq - 1, seq)
            for e, (seq, _) in zip(entries, kept, strict=True)
        ],
    )
    return [Written(seq, vid, run) for (seq, vid), run in zip(kept, runs, strict=True)]


def _audit(
    ctx: Context, action: str, kind: str, oid: int, field: str, old: object, new: object
) -> dict[str, Any]:
    return {
        "actor_id": ctx.user_id,
        "origin": ctx.origin,
        "action": action,
        "object_type": kind,
        "object_id": oid,
        "field": field,
        "old": None if old is None else str(old),
        "new": None if new is None else str(new),
    }


Kept = tuple[ProjectYear, bytes, str, DocumentKind, str, str, bool]


def keep(s: Session, ctx: Context, items: Sequence[Kept]) -> list[tuple[int, int]]:
    """The bytes, the uploads and new case versions (py, data, name, document kind, case kind,
    case JSON, first), not yet current (`apply` makes them that): each version's number and id."""
    documents = document_ids(s, [item[1] for item in items])
    uploads = _insert(
        s,
        Upload,
        [
            {
                "document_id": doc,
                "project_year_id": py.id,
                "kind": kind,
                "original_name": name[:300],
                "uploaded_by": ctx.user_id,
            }
            for (py, _, name, kind, _, _, _), doc in zip(items, documents, strict=True)
        ],
        "id",
    )
    older = {py.id for py, *_, first in items if not first}
    last: dict[int, int] = {}
    if older:
        last = dict(
            s.execute(
                select(CaseVersion.project_year_id, func.max(CaseVersion.seq))
                .where(CaseVersion.project_year_id.in_(older))
                .group_by(CaseVersion.project_year_id)
            ).all()
        )
    seqs = []
    for py, *_ in items:
        last[py.id] = last.get(py.id, 0) + 1
        seqs.append(last[py.id])
    versions = _insert(
        s,
        CaseVersion,
        [
            {
                "project_year_id": py.id,
                "seq": seq,
                "kind": kind,
                "case_kind": case_kind,
                "data": case_json,
                "upload_id": upload,
                "author_id": ctx.user_id,
            }
            for (py, _, _, kind, case_kind, case_json, _), seq, upload in zip(
                items, seqs, uploads, strict=True
            )
        ],
        "id",
    )
    return list(zip(seqs, versions, strict=True))


def apply(s: Session, ctx: Context, items: Sequence[tuple[ProjectYear, int, Filing]]) -> list[int]:
    """Case versions (py, version id, filing) made their project-years' current ones: score
    runs and problems, the years' indicator rows, the projects' names, the funds. The score
    runs' ids, in order."""
    runs = _insert(
        s,
        ScoreRun,
        [
            {
                "project_year_id": py.id,
                "case_version_id": version_id,
                "policy": f.policy,
                "policy_hash": f.policy_hash,
                "framework_hash": f.framework_hash,
                "jixiao_version": jixiao_version(),
                "total": f.total,
                "weight_total": f.weight_total,
                "grade": f.grade,
                "result": f.result_json,
                "created_by": ctx.user_id,
            }
            for py, version_id, f in items
        ],
        "id",
    )
    _problems(s, [(py, run, f) for (py, _, f), run in zip(items, runs, strict=True)])
    _indicators(s, items)
    for py, _, f in items:
        _rename(s, ctx, py, f.project_name)
        if f.funds is not None:
            py.budget, py.executed = f.funds
    return [int(run) for run in runs]


def _problems(s: Session, items: list[tuple[ProjectYear, int, Filing]]) -> None:
    rows = []
    for py, run_id, f in items:
        key = f.project_key
        if not key and f.problems:
            project = s.get(Project, py.project_id)
            key = project.key if project else ""
        marked = [
            *f.findings,
            *((p, fingerprint(p.code, key, p.subject, p.where.field)) for p in f.problems),
        ]
        rows += [
            {
                "score_run_id": run_id,
                "fingerprint": mark,
                "code": problem.code,
                "severity": problem.severity,
                "where": {k: v for k, v in problem.where._asdict().items() if v is not None},
                "message": problem.message,
                "suggestion": problem.suggestion,
                "subject": problem.subject,
            }
            for problem, mark in marked
        ]
    _insert(s, StoredProblem, rows)


def _indicators(s: Session, items: Sequence[tuple[ProjectYear, int, Filing]]) -> None:
    """The year's row of every indicator, by key: the newest case's rows replace the year's
    older ones; of a project-year named twice, the later case's rows stand."""
    newest = {py.id: (py, version_id, f) for py, version_id, f in items}
    s.execute(delete(IndicatorYear).where(IndicatorYear.project_year_id.in_(newest)))
    wanted = {(py.project_id, row.key) for py, _, f in newest.values() for row in f.rows}
    if not wanted:
        return
    projects = {project for project, _ in wanted}
    known = {
        (project, key): iid
        for project, key, iid in s.execute(
            select(Indicator.project_id, Indicator.key, Indicator.id).where(
                Indicator.project_id.in_(projects)
            )
        )
    }
    new = sorted(wanted - known.keys())
    made = _insert(s, Indicator, [{"project_id": p, "key": k} for p, k in new], "id")
    known.update(zip(new, made, strict=True))
    _insert(
        s,
        IndicatorYear,
        [
            {
                "indicator_id": known[py.project_id, row.key],
                "project_year_id": py.id,
                "case_version_id": version_id,
                "year": py.year,
                "path": row.path,
                "name": row.name,
                "category": row.category,
                "target": row.target,
                "actual": row.actual,
                "weight": row.weight,
                "score": row.score,
            }
            for py, version_id, f in newest.values()
            for row in f.rows
        ],
    )


def _rename(s: Session, ctx: Context, py: ProjectYear, name: str) -> None:
    """A case naming the project otherwise: the new name, the old key kept as an alias."""
    project = s.get(Project, py.project_id)
    name = name.strip()
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
