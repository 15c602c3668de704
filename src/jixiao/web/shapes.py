"""The JSON shapes of the service's values: numbers as JSON numbers (as `score --json`
writes them), times in ISO 8601 with their zone, vocabularies as their values with labels."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from jixiao import api
from jixiao.codec import json_number
from jixiao.service.adjust import Request
from jixiao.service.dashboard import Dashboard, Execution
from jixiao.service.library import Entry
from jixiao.service.portfolio import DepartmentYear, ProjectResult
from jixiao.service.projects import ProjectSummary
from jixiao.service.reading import AuditRow, Finding, Scored, Step, UploadRow
from jixiao.service.rectify import Item
from jixiao.service.suggestions import Suggested
from jixiao.service.uploads import Stored
from jixiao.workflow import Actor, Transition


def number(value: Decimal | None) -> int | float | None:
    return None if value is None else json_number(value)


def when(value: datetime) -> str:
    return value.isoformat()


def user(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.user_id,
        "username": actor.username,
        "role": actor.role.value,
        "role_label": actor.role.label,
        "org_id": actor.org_id,
    }


def summary(p: ProjectSummary) -> dict[str, Any]:
    return {
        "id": p.id,
        "project_id": p.project_id,
        "key": p.key,
        "name": p.name,
        "code": p.code,
        "year": p.year,
        "stage": p.stage.value,
        "stage_label": p.stage.label,
        "unit": {"code": p.unit_code, "name": p.unit_name},
        "version": p.version,
        "total": number(p.total),
        "grade": p.grade,
        "updated_at": when(p.updated_at),
    }


def move(t: Transition) -> dict[str, Any]:
    return {
        "action": t.action.value,
        "label": t.label,
        "target": t.target.value,
        "target_label": t.target.label,
        "required": list(t.required),
    }


def upload_row(u: UploadRow) -> dict[str, Any]:
    return {
        "id": u.id,
        "name": u.name,
        "kind": u.kind,
        "size": u.size,
        "sha256": u.sha256,
        "by": u.by,
        "at": when(u.at),
    }


def step(s: Step) -> dict[str, Any]:
    return {
        "action": s.action,
        "from": s.source.value,
        "to": s.target.value,
        "reason": s.reason,
        "by": s.by,
        "at": when(s.at),
    }


def audit_row(a: AuditRow) -> dict[str, Any]:
    return {
        "at": when(a.at),
        "by": a.by,
        "origin": a.origin,
        "action": a.action,
        "object": f"{a.object_type}:{a.object_id}",
        "field": a.field,
        "old": a.old,
        "new": a.new,
    }


def finding(f: Finding) -> dict[str, Any]:
    """A stored problem or review finding, in the shape `review --json` prints one."""
    return {
        "code": f.code,
        "severity": f.severity.value,
        "where": str(f.where),
        "message": f.message,
        "suggestion": f.suggestion,
        "subject": f.subject,
    }


def scored(s: Scored) -> dict[str, Any]:
    """The newest result as `score --json` writes a table (total included), and how it was
    made, so it can be reproduced."""
    return {
        **api.result_json(s.result),
        "run": {
            "id": s.run_id,
            "policy": s.policy,
            "policy_hash": s.policy_hash,
            "framework_hash": s.framework_hash,
            "jixiao_version": s.jixiao_version,
            "at": when(s.created_at),
        },
    }


def stored(s: Stored) -> dict[str, Any]:
    return {
        "project_year": s.project_year_id,
        "version": s.version,
        "case_version": s.case_version,
        "result": api.result_json(s.result),
        "findings": [api.finding_json(r) for r in s.review.findings],
        "problems": [api.problem_json(p) for p in s.review.problems],
    }


def entry(e: Entry) -> dict[str, Any]:
    return {
        "name": e.name,
        "category": e.category,
        "uses": e.uses,
        "years": list(e.years),
        "targets": [{"text": t, "count": n} for t, n in e.targets],
        "actuals": [{"text": t, "count": n} for t, n in e.actuals],
        "findings": [{"code": c, "count": n} for c, n in e.findings],
    }


def item(i: Item) -> dict[str, Any]:
    return {
        "id": i.id,
        "project_year": i.project_year_id,
        "project": i.project,
        "year": i.year,
        "unit": i.unit_code,
        "unit_name": i.unit_name,
        "code": i.code,
        "severity": i.severity,
        "message": i.message,
        "owner": i.owner,
        "due": i.due.isoformat() if i.due else None,
        "status": i.status.value,
        "status_label": i.status.label,
        "overdue": i.overdue,
        "overdue_days": i.days_overdue,
        "closing_note": i.closing_note,
        "version": i.version,
        "evidence": None
        if i.evidence is None
        else {"name": i.evidence.name, "sha256": i.evidence.sha256, "size": i.evidence.size},
        "permits": {
            "statuses": [s.value for s in i.permits.statuses],
            "assign": i.permits.assigns,
            "attach": i.permits.attaches,
            "refused": i.permits.refused,
        },
    }


def department_year(d: DepartmentYear) -> dict[str, Any]:
    return {
        "department": d.department,
        "year": d.year,
        "projects": d.projects,
        "scored": d.scored,
        "mean": number(d.mean),
        "grades": dict(d.grades),
        "consequences": [
            {"grade": grade, "consequence": text, "projects": n}
            for (grade, text), n in sorted(d.consequences.items())
        ],
        "open_rectifications": d.open_items,
    }


def project_result(p: ProjectResult) -> dict[str, Any]:
    return {
        "id": p.id,
        "unit": {"code": p.unit_code, "name": p.unit_name},
        "department": p.department,
        "project": p.project,
        "stage": p.stage.value,
        "stage_label": p.stage.label,
        "total": number(p.total),
        "grade": p.grade,
        "consequence": p.consequence,
        "open_rectifications": p.open_items,
        "overdue_rectifications": p.overdue_items,
    }


def suggested(found: Suggested) -> dict[str, Any]:
    row, s = found.indicator, found.suggestion
    return {
        "key": found.key,
        "name": row.name,
        "path": list(row.path),
        "target": row.target,
        "direction": s.op.value if s.op is not None else None,
        "history": [{"year": p.year, "target": p.target, "actual": p.actual} for p in s.past],
        "last_year": None if s.last_year is None else {"year": s.last_year, "actual": s.last},
        "average": None
        if s.mean is None
        else {"years": s.mean_years, "value": number(s.mean), "unit": s.measure},
        "suggested": s.suggested or None,
        "short_of_history": s.short,
        "basis": s.basis,
    }


def adjustment(a: Request) -> dict[str, Any]:
    return {
        "id": a.id,
        "project_year": a.project_year_id,
        "status": a.status.value,
        "status_label": a.status.label,
        "reason": a.reason,
        "case_version": a.case_version,
        "requested_at": when(a.requested_at),
        "decided_at": when(a.decided_at) if a.decided_at else None,
        "decision_note": a.decision_note,
        "version": a.version,
    }


def execution(e: Execution) -> dict[str, Any]:
    return {
        "rate": number(e.rate),
        "budget": number(e.budget) if e.counted else None,
        "executed": number(e.executed) if e.counted else None,
        "counted": e.counted,
        "missing": e.missing,
    }


def dashboard(d: Dashboard) -> dict[str, Any]:
    def grades(found: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
        return [{"grade": g, "projects": n} for g, n in found]

    return {
        "year": d.year,
        "years": list(d.years),
        "projects": d.projects,
        "scored": d.scored,
        "mean": number(d.mean),
        "execution": execution(d.execution),
        "bands": [
            {
                "label": b.label,
                "min": number(b.low),
                "below": number(b.high),
                "projects": b.projects,
            }
            for b in d.bands
        ],
        "grades": grades(d.grades),
        "departments": [
            {
                "department": f.department,
                "projects": f.projects,
                "scored": f.scored,
                "mean": number(f.mean),
                "grades": grades(f.grades),
                "execution": execution(f.execution),
            }
            for f in d.departments
        ],
        "findings": [
            {
                "code": f.code,
                "title": f.title,
                "severity": f.severity.value,
                "found": f.found,
                "projects": f.projects,
            }
            for f in d.findings
        ],
        "deductions": [
            {
                "category": x.category,
                "indicators": x.indicators,
                "projects": x.projects,
                "lost": number(x.lost),
            }
            for x in d.deductions
        ],
        "history": [
            {
                "year": y.year,
                "projects": y.projects,
                "scored": y.scored,
                "mean": number(y.mean),
                "grades": grades(y.grades),
                "departments": [
                    {"department": name, "scored": n, "mean": number(mean)}
                    for name, n, mean in y.departments
                ],
            }
            for y in d.history
        ],
    }
