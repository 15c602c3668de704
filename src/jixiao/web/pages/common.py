"""What every page shares: the templates (Jinja2, autoescaped), the session read from the
cookie, the signed-in context, the form's CSRF check and one way to render a page.

A page route takes `Signed` (the session and the context, or a redirect to the login form
for a visitor) and, when it changes state, checks the form's `csrf` field with `checked`.
A refusal of the service (`ServiceError`) on a page answers the error page in Chinese
(web/app.py), never the JSON envelope."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from jixiao import api
from jixiao.core.numbers import fmt
from jixiao.service.context import Context
from jixiao.service.errors import Forbidden, ServiceError
from jixiao.service.sessions import Opened, resume
from jixiao.web import shapes
from jixiao.web.auth import COOKIE, store_of
from jixiao.workflow import DocumentKind

templates = Jinja2Templates(directory=Path(__file__).parents[1] / "templates")
templates.env.globals["fmt"] = fmt
# what an upload's file picker offers: every suffix jixiao reads
templates.env.globals["accepted"] = ",".join(api.readable_suffixes())
templates.env.globals["document_kinds"] = {k.value: k.label for k in DocumentKind}


class SignIn(Exception):
    """A visitor without a session asked for a page: they are sent to the login form."""


def session_of(request: Request) -> Opened | None:
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    try:
        return resume(store_of(request), request.app.state.secret, token)
    except ServiceError:
        return None


@dataclass(frozen=True, slots=True)
class Page:
    """A signed-in request: its session and the service context it acts in."""

    request: Request
    session: Opened
    ctx: Context

    def render(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        return render(self.request, name, self.session, status, **values)

    def checked(self, csrf: str) -> Context:
        """The context for a state change, once the form's CSRF token is the session's and
        the form was posted from this site."""
        if not same_origin(self.request):
            raise Forbidden("请从本站的页面提交", "Origin", code="csrf")
        if not hmac.compare_digest(csrf.encode(), self.session.csrf.encode()):
            raise Forbidden("页面已过期或令牌不正确，请刷新页面后重试", "csrf", code="csrf")
        return self.ctx


def signed(request: Request) -> Page:
    session = session_of(request)
    if session is None:
        raise SignIn
    client = request.client.host if request.client else ""
    return Page(request, session, Context(store_of(request), session.actor, client))


Signed = Annotated[Page, Depends(signed)]


def render(
    request: Request, name: str, session: Opened | None, status: int = 200, **values: Any
) -> HTMLResponse:
    user = shapes.user(session.actor) if session else None
    context = {"user": user, "csrf": session.csrf if session else "", **values}
    return templates.TemplateResponse(request, name, context, status_code=status)


def same_origin(request: Request) -> bool:
    """A form posted from this site (Origin, else Referer, names this host), or by a client
    that sends neither; a cross-site form post is refused."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent:
        return True
    return urlsplit(sent).netloc == request.headers.get("host", "")


def error_page(
    request: Request, session: Opened | None, status: int, message: str, where: str = ""
) -> HTMLResponse:
    """The page a refusal shows: the message in Chinese, what it is about, a way back."""
    return render(request, "error.html", session, status, code=status, message=message, where=where)
