"""The store's tables, keyed on the library's stable identities (docs/storage.md).

Append-only by design: case versions, score runs with their problems, transitions and the
audit log are only ever inserted. Rows a user edits (project-years, rectification items,
adjustments, users) carry a `version` for optimistic locking: an update names the version
it read, and one that finds another version changes nothing (the service answers 409).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jixiao.core.problems import Severity
from jixiao.store.types import Money, UTCDateTime, Vocabulary, cents, now
from jixiao.workflow import DocumentKind, OrgKind, Role, Stage
from jixiao.workflow.items import AdjustmentStatus, JobStatus, RectificationStatus

# constraint names fixed, so migrations can name what they alter on every backend
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _id() -> Mapped[int]:
    return mapped_column(Integer, primary_key=True)


def _at() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), default=now, nullable=False)


class Organisation(Base):
    """A finance bureau (the root of a district), a department, a unit or an evaluator.
    `department_id` and `district_id` are the organisation's place, kept on the row so a
    scope is one WHERE."""

    __tablename__ = "organisations"
    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(Vocabulary(OrgKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = _at()


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = _id()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Vocabulary(Role))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = _at()
    version: Mapped[int] = mapped_column(Integer, default=1)


class Session(Base):
    """A signed-in browser or script: the token's hash (the token itself is never stored)."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = _at()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = _at()


class Project(Base):
    """A unit's project across years, by the key of its name (`core.identity.project_key`
    without the unit: the unit is the row's own); earlier names stay as aliases."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("unit_id", "key"),)
    id: Mapped[int] = _id()
    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = _at()


class ProjectAlias(Base):
    __tablename__ = "project_aliases"
    __table_args__ = (UniqueConstraint("unit_id", "key"),)
    id: Mapped[int] = _id()
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    key: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = _at()


class ProjectYear(Base):
    """One project in one budget year: where it stands in the cycle. The unit, department and
    district are copied from the unit's organisation, so every scoped query is one WHERE."""

    __tablename__ = "project_years"
    __table_args__ = (UniqueConstraint("project_id", "year"), *cents(None, "budget", "executed"))
    id: Mapped[int] = _id()
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    stage: Mapped[Stage] = mapped_column(Vocabulary(Stage))
    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    evaluator_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    commissioner: Mapped[Role | None] = mapped_column(Vocabulary(Role))
    budget: Mapped[Decimal | None] = mapped_column(Money())  # 全年预算数, 元
    executed: Mapped[Decimal | None] = mapped_column(Money())  # 全年执行数, 元
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = _at()
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Document(Base):
    """Uploaded bytes, stored once by their sha256."""

    __tablename__ = "documents"
    id: Mapped[int] = _id()
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = _at()


class Upload(Base):
    """A document handed in for a project-year, under the name it had."""

    __tablename__ = "uploads"
    id: Mapped[int] = _id()
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(Vocabulary(DocumentKind))
    original_name: Mapped[str] = mapped_column(String(300))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = _at()


class CaseVersion(Base):
    """One reading of a project-year's case, in the codec's JSON (append-only)."""

    __tablename__ = "case_versions"
    __table_args__ = (UniqueConstraint("project_year_id", "seq"),)
    id: Mapped[int] = _id()
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[DocumentKind] = mapped_column(Vocabulary(DocumentKind))
    case_kind: Mapped[str] = mapped_column(String(32))  # core.model.Kind's value
    data: Mapped[str] = mapped_column(Text)  # codec.document(case) as JSON
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = _at()
    note: Mapped[str] = mapped_column(Text, default="")


class Indicator(Base):
    """An indicator of a project across years, by its stable key."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("project_id", "key"),)
    id: Mapped[int] = _id()
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    key: Mapped[str] = mapped_column(String(32))


class IndicatorYear(Base):
    """What an indicator was in one year, by the project-year's latest case: path, target,
    actual, weight, score; what history and the indicator library read."""

    __tablename__ = "indicator_years"
    __table_args__ = (
        UniqueConstraint("indicator_id", "project_year_id"),
        *cents(None, "weight", "score"),
    )
    id: Mapped[int] = _id()
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"), index=True)
    case_version_id: Mapped[int] = mapped_column(ForeignKey("case_versions.id"))
    year: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)  # levels joined by " / "
    name: Mapped[str] = mapped_column(String(300), index=True)
    category: Mapped[str] = mapped_column(String(100), index=True)  # 二级指标
    target: Mapped[str] = mapped_column(Text, default="")
    actual: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[Decimal | None] = mapped_column(Money())
    score: Mapped[Decimal | None] = mapped_column(Money())


class ScoreRun(Base):
    """A case version scored: by which policy and framework (content hashes) and which
    jixiao, so any score can be reproduced; the result in the codec's JSON."""

    __tablename__ = "score_runs"
    __table_args__ = tuple(cents(None, "total", "weight_total"))
    id: Mapped[int] = _id()
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"), index=True)
    case_version_id: Mapped[int] = mapped_column(ForeignKey("case_versions.id"))
    policy: Mapped[str] = mapped_column(String(64))
    policy_hash: Mapped[str] = mapped_column(String(64))
    framework_hash: Mapped[str] = mapped_column(String(64), default="")
    jixiao_version: Mapped[str] = mapped_column(String(32))
    total: Mapped[Decimal] = mapped_column(Money())
    weight_total: Mapped[Decimal] = mapped_column(Money())
    grade: Mapped[str] = mapped_column(String(16))
    result: Mapped[str] = mapped_column(Text)  # codec.document(result) as JSON
    created_at: Mapped[datetime] = _at()
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class StoredProblem(Base):
    """A problem found reading, scoring or reviewing a case version, by fingerprint."""

    __tablename__ = "problems"
    id: Mapped[int] = _id()
    score_run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[Severity] = mapped_column(Vocabulary(Severity))
    where: Mapped[dict[str, object]] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")  # indicator key(s) it is about


class Rectification(Base):
    """A 整改 item: an error or warning finding to correct, keyed by the finding's
    fingerprint so it survives re-scoring."""

    __tablename__ = "rectifications"
    __table_args__ = (UniqueConstraint("project_year_id", "fingerprint"),)
    id: Mapped[int] = _id()
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(64))
    severity: Mapped[Severity] = mapped_column(Vocabulary(Severity))
    message: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RectificationStatus] = mapped_column(Vocabulary(RectificationStatus))
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    closing_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = _at()
    updated_at: Mapped[datetime] = _at()


class TransitionRecord(Base):
    """A step of the cycle taken: who, when, why (退回意见 on every return)."""

    __tablename__ = "transitions"
    id: Mapped[int] = _id()
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    source: Mapped[Stage] = mapped_column(Vocabulary(Stage))
    target: Mapped[Stage] = mapped_column(Vocabulary(Stage))
    reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = _at()


class Adjustment(Base):
    """A 目标调整 request: new targets for an approved project-year, decided by finance."""

    __tablename__ = "adjustments"
    id: Mapped[int] = _id()
    project_year_id: Mapped[int] = mapped_column(ForeignKey("project_years.id"), index=True)
    case_version_id: Mapped[int] = mapped_column(ForeignKey("case_versions.id"))
    status: Mapped[AdjustmentStatus] = mapped_column(Vocabulary(AdjustmentStatus))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = _at()
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class AuditEntry(Base):
    """Who did what, when, from where: old value → new value (append-only)."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)
    id: Mapped[int] = _id()
    at: Mapped[datetime] = _at()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    origin: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64), default="")
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """A deployment's own values, made at first start (the session secret): shared by every
    worker and machine on the database, never in the repository."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _at()


class Job(Base):
    """A long job (a batch of files to import, a report to render as PDF), run by the
    queue's worker outside any request; its progress and outcome kept here, so any web
    worker, on any machine sharing the database, answers for it."""

    __tablename__ = "jobs"
    id: Mapped[int] = _id()
    kind: Mapped[str] = mapped_column(String(32))  # service/jobs.py KINDS
    status: Mapped[JobStatus] = mapped_column(Vocabulary(JobStatus))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    project_year_id: Mapped[int | None] = mapped_column(ForeignKey("project_years.id"))
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[list[object]] = mapped_column(JSON, default=list)  # one line per file
    message: Mapped[str] = mapped_column(Text, default="")
    result_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # a PDF made
    runner: Mapped[str] = mapped_column(String(100), default="")  # host:pid of its worker
    created_at: Mapped[datetime] = _at()
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JobFile(Base):
    """A file handed in for a job, by position (its bytes stored once, in documents)."""

    __tablename__ = "job_files"
    __table_args__ = (UniqueConstraint("job_id", "position"),)
    id: Mapped[int] = _id()
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
    position: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    name: Mapped[str] = mapped_column(String(300))


class LoginFailure(Base):
    """A failed sign-in from an address (any user name, known or not): an address that fails
    too often is refused for a while, by every worker (service/people.py)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_address_at", "address", "at"),)
    id: Mapped[int] = _id()
    address: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = _at()
