"""Who is asking: the session cookie resumed, and on every state-changing request the CSRF
token sent back (header `X-CSRF-Token`, or the form field `csrf` for the pages)."""

from __future__ import annotations

from fastapi import Request, Response

from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, Unauthenticated
from jixiao.service.sessions import Opened, csrf_matches, resume
from jixiao.store.db import Store

COOKIE = "jixiao_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def opened(request: Request) -> Opened:
    """The request's session, or 401."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        raise Unauthenticated("未登录，请先登录")
    return resume(store_of(request), request.app.state.secret, token)


def context(request: Request) -> Context:
    """The signed-in actor's context; a state-changing request must carry the CSRF token."""
    session = opened(request)
    if request.method not in _SAFE and not csrf_matches(session, request.headers.get(CSRF_HEADER)):
        raise Forbidden("缺少或错误的 CSRF 令牌（请求头 X-CSRF-Token）", CSRF_HEADER, code="csrf")
    client = request.client.host if request.client else ""
    return Context(store_of(request), session.actor, client)


def keep_session(response: Response, request: Request, token: str) -> None:
    """The session's cookie: HttpOnly, SameSite strict, Secure over HTTPS, for the whole site
    (the pages and the API share it)."""
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
