"""The pages people use (issue 14, first screens): 登录, 工作台, 项目列表. Jinja2 templates,
autoescaped; HTMX swaps the project list when a filter changes. A page holds no logic: it
calls the service as its JSON twin does (`/api/me`, `/api/projects`) and shows the values.
Pages and API share one session: the cookie of `POST /api/login` opens the pages, and a
form's CSRF token is the session's, in a hidden field."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from jixiao.core.numbers import fmt
from jixiao.service.context import Context
from jixiao.service.errors import ServiceError, TooMany
from jixiao.service.people import authenticate
from jixiao.service.projects import list_projects
from jixiao.service.sessions import Opened, close_session, open_session, resume
from jixiao.service.workbench import workbench
from jixiao.web import shapes
from jixiao.web.auth import COOKIE, keep_session, store_of
from jixiao.workflow import Stage

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
templates.env.globals["fmt"] = fmt


def _session(request: Request) -> Opened | None:
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    try:
        return resume(store_of(request), request.app.state.secret, token)
    except ServiceError:
        return None


def _page(
    request: Request, name: str, session: Opened | None, status: int = 200, **values: Any
) -> HTMLResponse:
    user = shapes.user(session.actor) if session else None
    context = {"user": user, "csrf": session.csrf if session else "", **values}
    return templates.TemplateResponse(request, name, context, status_code=status)


def _same_origin(request: Request) -> bool:
    """A form posted from this site (Origin, else Referer, names this host), or by a client
    that sends neither; a cross-site form post is refused."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent:
        return True
    return urlsplit(sent).netloc == request.headers.get("host", "")


def _home() -> RedirectResponse:
    return RedirectResponse("/home", status_code=303)


def _front() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


@router.get("/", response_class=HTMLResponse)
def front(request: Request) -> Response:
    if _session(request) is not None:
        return _home()
    return _page(request, "login.html", None, username="", error="")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    if not _same_origin(request):
        return _page(
            request, "login.html", None, 403, username=username, error="请从本站的登录页登录"
        )
    store = store_of(request)
    client = request.client.host if request.client else ""
    try:
        actor = authenticate(store, username, password, client)
    except ServiceError as exc:  # the form keeps the name typed; the password is never echoed
        status = 429 if isinstance(exc, TooMany) else 401
        return _page(request, "login.html", None, status, username=username, error=exc.message)
    session = open_session(store, request.app.state.secret, actor)
    answer = _home()
    keep_session(answer, request, session.token)
    return answer


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    session = _session(request)
    if session is not None and hmac.compare_digest(csrf, session.csrf):
        close_session(store_of(request), request.app.state.secret, request.cookies.get(COOKIE, ""))
    answer = _front()
    answer.delete_cookie(COOKIE, path="/")
    return answer


def _context(request: Request, session: Opened) -> Context:
    client = request.client.host if request.client else ""
    return Context(store_of(request), session.actor, client)


@router.get("/home", response_class=HTMLResponse)
def home(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _front()
    bench = workbench(_context(request, session))
    return _page(request, "home.html", session, page="home", bench=bench)


@router.get("/projects", response_class=HTMLResponse)
def projects(
    request: Request,
    year: Annotated[str, Query(max_length=8)] = "",
    stage: Annotated[str, Query(max_length=32)] = "",
    unit: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    session = _session(request)
    if session is None:
        return _front()
    chosen = Stage(stage) if stage in {s.value for s in Stage} else None
    wanted = int(year) if year.isascii() and year.isdigit() else None
    error = ""
    if year and (wanted is None or not 1900 <= wanted <= 2200):
        wanted, error = None, "年度应为 1900–2200 之间的四位数字，已列出全部年度"
    found = list_projects(_context(request, session), year=wanted, stage=chosen, unit=unit or None)
    return _page(
        request,
        "projects.html",
        session,
        page="projects",
        projects=found,
        year="" if error else year,
        stage=chosen,
        unit=unit,
        stages=list(Stage),
        error=error,
    )
