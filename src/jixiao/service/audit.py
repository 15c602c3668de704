"""The audit log: who, when, what, old value → new value, from where (append-only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from jixiao.service.context import Context
from jixiao.store.schema import AuditEntry


def record(
    s: Session,
    ctx: Context,
    action: str,
    object_type: str,
    object_id: int | None,
    field: str = "",
    old: object = None,
    new: object = None,
) -> None:
    s.add(
        AuditEntry(
            actor_id=ctx.user_id,
            origin=ctx.origin,
            action=action,
            object_type=object_type,
            object_id=object_id,
            field=field,
            old=None if old is None else str(old),
            new=None if new is None else str(new),
        )
    )
