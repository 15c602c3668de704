"""The FastAPI app over one store: routes, one error envelope, the OpenAPI document.

`create_app(store)` for tests and `jixiao serve`; `from_environment()` is the factory each
uvicorn worker process calls (`jixiao serve --workers N`), the database named by JIXIAO_DB.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao import api
from jixiao.service.errors import ServiceError
from jixiao.service.queue import enqueue, queue_for
from jixiao.service.sessions import secret
from jixiao.store.db import Store
from jixiao.web.editing import router as editing_router
from jixiao.web.jobs import router as jobs_router
from jixiao.web.pages import router as pages_router
from jixiao.web.pages.common import SignIn, error_page, session_of, templates
from jixiao.web.routes import router

_LOG = logging.getLogger("jixiao.web")
_HTTP = {
    400: ("invalid", "请求格式不正确"),
    401: ("unauthenticated", "未登录，请先登录"),
    403: ("forbidden", "无权进行此操作"),
    404: ("not-found", "没有这个地址"),
    405: ("invalid", "该地址不支持这种请求方法"),
}


def envelope(status: int, code: str, message: str, where: str = "", **more: Any) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "where": where, **more}}, status_code=status
    )


def _for_pages(request: Request) -> bool:
    """A request for a page (not the API, not an asset): its errors are answered as a page."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/")) and path != "/api"


def _page_error(request: Request, status: int, message: str, where: str = "") -> Response:
    return error_page(request, session_of(request), status, message, where)


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    if _for_pages(request):
        return _page_error(request, exc.status, exc.message, exc.where)
    more = {"problems": [api.problem_json(p) for p in exc.problems]} if exc.problems else {}
    return envelope(exc.status, exc.code, exc.message, exc.where, **more)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    kind = str(first.get("type", ""))
    what = "缺少必填项" if kind == "missing" else "取值不正确"
    if _for_pages(request):
        return _page_error(request, 422, f"提交的内容{what}：{where}", where)
    return envelope(422, "invalid", f"请求参数{what}：{where}", where)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP.get(exc.status_code, ("invalid", "请求无法处理"))
    if _for_pages(request):
        return _page_error(request, exc.status_code, message)
    return envelope(exc.status_code, code, message)


async def _sign_in(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignIn)
    return RedirectResponse("/", status_code=303)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A fault of jixiao's own, not of the request: logged with its traceback, answered in
    the envelope (or the error page) without one."""
    _LOG.error("unhandled error", exc_info=exc)
    if _for_pages(request):
        return _page_error(request, 500, "服务器内部错误（已记录，请联系管理员）")
    return envelope(500, "internal", "服务器内部错误（已记录，请联系管理员）")


def create_app(store: Store) -> FastAPI:
    app = FastAPI(
        title="jixiao 预算绩效评价 API",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive page loads scripts from a CDN: jixiao works offline
        redoc_url=None,
    )
    app.state.store = store
    app.state.secret = secret(store)
    huey = queue_for(store.url)  # long jobs go to the queue beside the store
    app.state.enqueue = lambda job_id: enqueue(huey, job_id)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SignIn, _sign_in)
    app.add_exception_handler(Exception, _unexpected)
    app.include_router(router)
    app.include_router(jobs_router)
    app.include_router(editing_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecureHeaders)
    return app


STATIC = Path(__file__).with_name("static")
# No inline script or style, nothing from elsewhere: every asset is the package's own.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make a form's Origin "null"
    "X-Frame-Options": "DENY",
}


class SecureHeaders:
    """HEADERS on every HTTP answer that does not set them itself. Plain ASGI: it only
    edits the response's start message (no task group and stream per request, as
    `@app.middleware("http")` makes)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def from_environment() -> FastAPI:
    """The app for a worker process: the store JIXIAO_DB names (the default SQLite file
    when unset), already migrated by the process that started the workers."""
    return settled(create_app(Store.open(os.environ.get("JIXIAO_DB") or None, migrate=False)))


def settled(app: FastAPI) -> FastAPI:
    """`app` made ready to serve for a long time (for `jixiao serve` only: a test that makes
    many apps would keep every one of them):

    - every page template compiled now, not on its first request;
    - the heap built so far (modules, routes, policies, templates: some 190,000 objects)
      frozen out of the garbage collector's view. Unfrozen, each full collection walked
      them all: about 110 ms in which no request of the worker moved, every few seconds
      under 50 clients;
    - a full collection after 100 young-generation passes, not 10: after the freeze only
      the objects of requests in flight are there to walk, and at 10 a pass of 20–40 ms
      came every 4–6 s under load (CPython's default thresholds are 700, 10, 10).
    """
    for name in templates.env.list_templates(extensions=("html",)):
        templates.env.get_template(name)
    gc.collect()
    gc.freeze()
    gc.set_threshold(700, 10, 100)
    return app
