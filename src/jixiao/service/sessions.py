"""Signed-in sessions, kept in the database so any worker process serves any request.

The browser holds a random token; the database holds only its HMAC under the deployment's
secret (made at first start, kept in the database, never in the repository), so a copy of
the database opens no session. Each session has its CSRF token. A session ends after 12
hours, or 2 hours without a request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from jixiao.service.errors import Unauthenticated
from jixiao.store.db import Store
from jixiao.store.schema import Organisation, Setting, User
from jixiao.store.schema import Session as SessionRow
from jixiao.store.types import now
from jixiao.workflow import Actor

LIFETIME = timedelta(hours=12)
IDLE = timedelta(hours=2)
_SECRET = "session_secret"
_EXPIRED = "未登录或登录已过期，请重新登录"


@dataclass(frozen=True, slots=True)
class Opened:
    token: str  # for the cookie; never stored
    csrf: str
    actor: Actor


def secret(store: Store) -> bytes:
    """The deployment's session secret, made by the first process that asks."""
    with store.transaction() as s:
        row = s.get(Setting, _SECRET)
        if row is not None:
            return bytes.fromhex(row.value)
    try:
        with store.transaction() as s:
            s.add(Setting(key=_SECRET, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another worker made it first: read theirs
    with store.transaction() as s:
        row = s.get(Setting, _SECRET)
        assert row is not None
        return bytes.fromhex(row.value)


def _hash(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode("ascii", "replace"), hashlib.sha256).hexdigest()


def open_session(store: Store, key: bytes, actor: Actor) -> Opened:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    at = now()
    with store.transaction() as s:
        s.execute(delete(SessionRow).where(SessionRow.expires_at < at))  # the expired ones go
        s.add(
            SessionRow(
                token_hash=_hash(key, token),
                user_id=actor.user_id,
                csrf=csrf,
                created_at=at,
                expires_at=at + LIFETIME,
                last_seen_at=at,
            )
        )
    return Opened(token, csrf, actor)


def resume(store: Store, key: bytes, token: str) -> Opened:
    """The session a cookie names, still valid (its idle clock restarted), else
    Unauthenticated. Every request asks this: one statement reads the session, its user and
    the user's district."""
    if not token or len(token) > 200:
        raise Unauthenticated(_EXPIRED)
    at, hashed = now(), _hash(key, token)
    with store.transaction() as s:
        row = s.execute(
            select(
                SessionRow.csrf,
                SessionRow.expires_at,
                SessionRow.last_seen_at,
                User.id,
                User.username,
                User.role,
                User.org_id,
                User.active,
                Organisation.district_id,
            )
            .join(User, User.id == SessionRow.user_id)
            .outerjoin(Organisation, Organisation.id == User.org_id)
            .where(SessionRow.token_hash == hashed)
        ).one_or_none()
        valid = row is not None and row.active and row.last_seen_at + IDLE > at
        if row is not None and valid and row.expires_at > at:
            if at - row.last_seen_at > timedelta(minutes=1):  # not a write per request
                s.execute(
                    update(SessionRow)
                    .where(SessionRow.token_hash == hashed)
                    .values(last_seen_at=at)
                )
            actor = Actor(row.id, row.username, row.role, row.org_id, row.district_id)
            return Opened(token, row.csrf, actor)
        # expired, or its user disabled or gone: deleted, committed as the block ends
        s.execute(delete(SessionRow).where(SessionRow.token_hash == hashed))
    raise Unauthenticated(_EXPIRED)


def close_session(store: Store, key: bytes, token: str) -> None:
    with store.transaction() as s:
        s.execute(delete(SessionRow).where(SessionRow.token_hash == _hash(key, token)))


def csrf_matches(opened: Opened, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(opened.csrf, sent)
