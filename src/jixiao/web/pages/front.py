"""登录, 工作台, 项目列表. HTMX swaps the project list when a filter changes. Each calls the
service as its JSON twin does (`/api/me`, `/api/projects`) and shows the values. Pages and API
share one session: the cookie of `POST /api/login` opens the pages."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jixiao.service.errors import ServiceError, TooMany
from jixiao.service.people import authenticate
from jixiao.service.projects import Filters, grade_choices, listing
from jixiao.service.sessions import close_session, open_session
from jixiao.service.workbench import workbench
from jixiao.web.auth import COOKIE, keep_session, store_of
from jixiao.web.pages.common import Signed, render, same_origin, session_of
from jixiao.workflow import Stage

router = APIRouter()


def _home() -> RedirectResponse:
    return RedirectResponse("/home", status_code=303)


def front_door() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


@router.get("/", response_class=HTMLResponse)
def front(request: Request) -> Response:
    if session_of(request) is not None:
        return _home()
    return render(request, "login.html", None, username="", error="")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    if not same_origin(request):
        return render(
            request, "login.html", None, 403, username=username, error="请从本站的登录页登录"
        )
    store = store_of(request)
    client = request.client.host if request.client else ""
    try:
        actor = authenticate(store, username, password, client)
    except ServiceError as exc:  # the form keeps the name typed; the password is never echoed
        status = 429 if isinstance(exc, TooMany) else 401
        return render(request, "login.html", None, status, username=username, error=exc.message)
    session = open_session(store, request.app.state.secret, actor)
    answer = _home()
    keep_session(answer, request, session.token)
    return answer


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    session = session_of(request)
    if session is not None and hmac.compare_digest(csrf.encode(), session.csrf.encode()):
        close_session(store_of(request), request.app.state.secret, request.cookies.get(COOKIE, ""))
    answer = front_door()
    answer.delete_cookie(COOKIE, path="/")
    return answer


@router.get("/home", response_class=HTMLResponse)
def home(page: Signed) -> Response:
    return page.render("home.html", page="home", bench=workbench(page.ctx))


PAGE_SIZE = 50  # project-years a page of the list shows


def _number(text: str) -> int | None:
    """A page number as typed: a positive whole number, else None."""
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 10**9 else None


@router.get("/projects", response_class=HTMLResponse)
def projects(
    page: Signed,
    year: Annotated[str, Query(max_length=8)] = "",
    stage: Annotated[str, Query(max_length=32)] = "",
    unit: Annotated[str, Query(max_length=64)] = "",
    department: Annotated[str, Query(max_length=64)] = "",
    grade: Annotated[str, Query(max_length=16)] = "",
    number: Annotated[str, Query(alias="page", max_length=12)] = "",
) -> Response:
    errors = []
    chosen = Stage(stage) if stage in {s.value for s in Stage} else None
    wanted = int(year) if year.isascii() and year.isdigit() else None
    if year and (wanted is None or not 1900 <= wanted <= 2200):
        wanted, year = None, ""
        errors.append("年度应为 1900–2200 之间的四位数字，已列出全部年度")
    if grade and grade not in dict(grade_choices()):
        errors.append(f"没有「{grade}」这个等级，已列出全部等级")
        grade = ""
    at = _number(number) if number else 1
    if at is None:
        errors.append(f"页码「{number}」不是正整数，已显示第 1 页")
        at = 1
    kept = Filters(wanted, chosen, unit or None, department or None, grade or None)
    found = listing(page.ctx, kept, PAGE_SIZE, (at - 1) * PAGE_SIZE)
    if not found.items and found.total:  # past the last page
        errors.append(f"共 {-(-found.total // PAGE_SIZE)} 页，没有第 {at} 页，已显示第 1 页")
        at, found = 1, listing(page.ctx, kept, PAGE_SIZE, 0)
    query = {
        k: v
        for k, v in (
            ("year", year),
            ("stage", chosen.value if chosen else ""),
            ("unit", unit),
            ("department", department),
            ("grade", grade),
        )
        if v
    }
    pages = max(1, -(-found.total // PAGE_SIZE))

    def link(n: int) -> str:
        return "/projects?" + urlencode({**query, "page": n})

    return page.render(
        "projects.html",
        page="projects",
        found=found,
        projects=found.items,
        year=year,
        stage=chosen,
        unit=unit,
        department=department,
        grade=grade,
        grades=grade_choices(),
        stages=list(Stage),
        errors=errors,
        at=at,
        pages=pages,
        first=found.offset + 1 if found.items else 0,
        last=found.offset + len(found.items),
        previous=link(at - 1) if at > 1 else "",
        following=link(at + 1) if at < pages else "",
        export="/api/projects.xlsx" + ("?" + urlencode(query) if query else ""),
    )
