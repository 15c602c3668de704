"""The storing step every upload and import shares: a case the library has read, scored and
reviewed, as plain values (a `Filing`, made here or in a worker process), written into a
project-year in the open transaction — the bytes once by sha256, the upload, a new case
version, its score run with the policy's and framework's hashes and the jixiao version, its
problems by fingerprint and the year's indicator rows — with Core inserts, as many in a
row as the tables allow (a batch import files thousands)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import metadata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao import api, codec
from jixiao.core.model import Case, Past
from jixiao.core.problems import Problem
from jixiao.core.results import Result
from jixiao.service.errors import Invalid
from jixiao.store.schema import (
    Indicator,
    IndicatorYear,
)
from jixiao.workflow import DocumentKind

IY = IndicatorYear

History = dict[str, tuple[Past, ...]]


@dataclass(frozen=True, slots=True)
class Row:
    """An indicator's row for the year, as `indicator_years` keeps it."""

    key: str
    path: str
    name: str
    category: str
    target: str
    actual: str
    weight: Decimal | None
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class Filing:
    """What storing a case needs, computed by the library: small and picklable, so a worker
    process can make it and the process holding the transaction only writes it."""

    document: DocumentKind
    case_kind: str
    project_name: str
    project_year: int | None
    project_code: str
    project_key: str  # the case's own key ("" when it names none)
    policy: str
    policy_hash: str
    framework_hash: str
    case_json: str
    result_json: str
    total: Decimal
    weight_total: Decimal
    grade: str
    funds: tuple[Decimal | None, Decimal | None] | None  # 全年预算数, 全年执行数
    rows: tuple[Row, ...]
    findings: tuple[tuple[Problem, str], ...]  # review findings with their fingerprints
    problems: tuple[Problem, ...]  # reading and scoring problems (fingerprinted when stored)
    keys: frozenset[str]
    history: History  # what the review was given of earlier years


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def jixiao_version() -> str:
    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "0+unknown"


def policy_of(case: Case) -> Any:
    """The policy a case names: built-in only (a path would read a file on the server)."""
    if case.policy not in api.builtin_policies():
        known = "、".join(api.builtin_policies())
        raise Invalid(f"评分口径「{case.policy}」不是内置口径（可用：{known}）", "policy")
    return api.load_policy(case.policy)


@cache
def _policy_hash(name: str) -> str:
    return _sha(repr(api.load_policy(name)))


def score_and_review(case: Case, problems: list[Problem]) -> tuple[Result, api.Review]:
    result = api.score(case, policy_of(case))
    return result, api.review([result], problems)


def case_json(case: Case) -> str:
    """A case as its version keeps it: the codec's document, as JSON."""
    return _json(codec.document(case))


def filing_of(case: Case, result: Result, review: api.Review) -> Filing:
    scores = {score.key: score.score for score in result.indicators}
    rows = tuple(
        Row(
            key,
            " / ".join(row.path),
            (row.path[-1] if row.path else "")[:300],
            (row.path[1] if len(row.path) > 1 else "")[:100],
            row.target,
            row.actual,
            row.weight,
            scores.get(key),
        )
        for row, key in zip(result.case.indicators, result.case.keys, strict=True)
    )
    framework = "" if case.framework is None else _sha(_json(codec.encode(case.framework)))
    funds = None
    if case.funds is not None:
        funds = (case.funds.total.annual, case.funds.total.executed)
    return Filing(
        document=DocumentKind.of(case.kind),
        case_kind=case.kind.value,
        project_name=case.project.name,
        project_year=case.project.year,
        project_code=case.project.code,
        project_key=case.project.key,
        policy=case.policy,
        policy_hash=_policy_hash(case.policy),
        framework_hash=framework,
        case_json=case_json(case),
        result_json=_json(codec.document(result)),
        total=result.total,
        weight_total=result.weight_total,
        grade=result.grade,
        funds=funds,
        rows=rows,
        findings=tuple((r.finding, r.fingerprint) for r in review.findings),
        problems=tuple(review.problems),
        keys=frozenset(case.keys),
        history=dict(case.history),
    )


def history_rows(rows: Any) -> History:
    """(key, year, target, actual) rows, oldest first, as a case's history."""
    found: dict[str, list[Past]] = {}
    for key, year, target, actual in rows:
        found.setdefault(key, []).append(Past(year, target, actual))
    return {k: tuple(v) for k, v in found.items()}


def stored_history(s: Session, project_id: int, year: int, keys: frozenset[str]) -> History:
    """The earlier years the store holds of these indicators of the project."""
    if not keys:
        return {}
    return history_rows(
        s.execute(
            select(Indicator.key, IY.year, IY.target, IY.actual)
            .join(IY, IY.indicator_id == Indicator.id)
            .where(Indicator.project_id == project_id, Indicator.key.in_(keys), IY.year < year)
            .order_by(IY.year, Indicator.key)
        ).all()
    )
