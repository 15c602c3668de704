"""整改 evidence (佐证材料): a file of any kind attached to an item by the unit that owns it, or
by its department or finance bureau — the bytes stored once by sha256 as every upload's are,
the item's version moved on (409 on a stale one), the attachment audited; and downloaded by
whoever may see the item."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from jixiao.service import audit, writing
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Invalid, NotFound
from jixiao.service.projects import MAX_ID, check, subject_of
from jixiao.service.rectify import (
    CLOSED_FOR_UNIT,
    EVIDENCE,
    Item,
    editing,
    evidence_names,
    fallback_name,
    item_of,
    locked,
    stale,
)
from jixiao.store.schema import Document, ProjectYear, Rectification
from jixiao.store.types import now
from jixiao.workflow import NOT_FOUND, Action
from jixiao.workflow.items import RectificationStatus

NAME_LIMIT = 300  # characters kept of a file's name, as for uploads


@dataclass(frozen=True, slots=True)
class Download:
    name: str
    content: bytes


def file_name(name: str) -> str:
    """The name a browser sent, without any folder it named (C:\\fakepath\\…) or control
    characters, within the limit; a stand-in when nothing is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in base if ch.isprintable()).strip()
    return kept[-NAME_LIMIT:] or "佐证材料"


def attach(ctx: Context, item_id: int, data: bytes, name: str, version: int) -> Item:
    """`data` (a file named `name`) as the item's evidence, replacing any before it (which
    stays in the audit log); `version` is the item's version the client read."""
    name = file_name(name)
    with ctx.store.transaction() as s:
        r, py = locked(s, item_id)
        action = editing(ctx)
        check(ctx, subject_of(s, py), action)
        if action is Action.EDIT_RECTIFICATION and r.status is RectificationStatus.CLOSED:
            raise Forbidden(CLOSED_FOR_UNIT, "file")
        stale(r, version)
        if not data:
            raise Invalid(f"{name} 是空文件，请上传佐证材料的内容", "file")
        before = evidence_names(s, [r.id]).get(r.id) if r.evidence_id is not None else None
        r.evidence_id = writing.document_id(s, data)
        r.version += 1
        r.updated_at = now()
        audit.record(s, ctx, EVIDENCE, "rectification", r.id, "evidence", before, name)
        return item_of(s, ctx, r, py)


def download(ctx: Context, item_id: int) -> Download:
    """The item's evidence under the name it was uploaded with, for those who see the item:
    NotFound when there is no such item or it is not theirs to see (one answer), and in its
    own words when it has no evidence yet."""
    with ctx.store.transaction() as s:
        if not 0 < item_id <= MAX_ID:  # no such row; SQLite cannot even compare it
            raise NotFound(NOT_FOUND)
        r = s.get(Rectification, item_id)
        if r is None:
            raise NotFound(NOT_FOUND)
        py = s.get(ProjectYear, r.project_year_id)
        assert py is not None
        check(ctx, subject_of(s, py), Action.READ)
        if r.evidence_id is None:
            raise NotFound("该整改事项还没有上传佐证材料", "evidence")
        sha, content = s.execute(
            select(Document.sha256, Document.content).where(Document.id == r.evidence_id)
        ).one()
        name = evidence_names(s, [r.id]).get(r.id) or fallback_name(sha)
        return Download(name, content)
