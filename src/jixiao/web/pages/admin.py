"""管理 pages (the administrator's only): 用户 (listed, added, changed: role, organisation,
display name, disabled, unlocked), 单位与部门 (listed, added) and 操作记录 (the audit log of
any object). Each form posts back, is checked against the session's CSRF token, and answers
303 to its tab on success, or the tab again with the message beside the field (422).
JSON twins: `/api/users`, `/api/orgs`, `PATCH /api/users/{id}`, `/api/admin/audit`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response

from jixiao.service import admin
from jixiao.service.errors import Invalid, NotFound, ServiceError
from jixiao.service.people import MIN_PASSWORD, add_org, add_user
from jixiao.web.pages.common import Page, Signed
from jixiao.workflow import OrgKind, Role

router = APIRouter()
_DONE = {
    "user": "已新建用户。",
    "changed": "已保存对用户的修改。",
    "org": "已新建单位或机构。",
}
Text = Annotated[str, Form(max_length=200)]
Csrf = Annotated[str, Form(max_length=200)]


def _beside(exc: ServiceError, named: str) -> tuple[int, str]:
    """The status a refused form answers and the field its message goes beside: a code that
    names no organisation is what was typed into `named` (422, the page is there)."""
    if isinstance(exc, NotFound):
        return 422, named
    return exc.status, exc.where


def _done(page: Page) -> str:
    return _DONE.get(page.request.query_params.get("done", ""), "")


def _users_tab(page: Page, status: int = 200, **more: Any) -> Response:
    found = admin.users(page.ctx)
    return page.render(
        "admin_users.html",
        status,
        page="admin",
        tab="users",
        users=found,
        orgs=admin.organisations(page.ctx),
        roles=list(Role),
        org_kinds=list(OrgKind),
        shortest=MIN_PASSWORD,
        done=_done(page),
        typed=more.pop("typed", {}),
        **more,
    )


@router.get("/admin")
def users_page(page: Signed) -> Response:
    return _users_tab(page)


def _role(value: str) -> Role:
    if value not in {r.value for r in Role}:
        raise Invalid("请选择角色", "role")
    return Role(value)


@router.post("/admin/users")
def new_user(
    page: Signed,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    role: Annotated[str, Form(max_length=32)] = "",
    org: Annotated[str, Form(max_length=64)] = "",
    display_name: Text = "",
    csrf: Csrf = "",
) -> Response:
    ctx = page.checked(csrf)
    try:
        add_user(ctx, username.strip(), password, _role(role), org or None, display_name)
    except ServiceError as exc:  # what was typed is kept, the password never
        typed = {"username": username, "role": role, "org": org, "display_name": display_name}
        status, field = _beside(exc, "org")
        return _users_tab(page, status, add_error=exc, field=field, typed=typed)
    return RedirectResponse("/admin?done=user", status_code=303)


@router.post("/admin/users/{user_id}")
def change_user(
    page: Signed,
    user_id: int,
    version: Annotated[int, Form()] = 0,
    role: Annotated[str, Form(max_length=32)] = "",
    org: Annotated[str, Form(max_length=64)] = "",
    display_name: Text = "",
    active: Annotated[str, Form(max_length=8)] = "",
    unlock: Annotated[str, Form(max_length=8)] = "",
    csrf: Csrf = "",
) -> Response:
    ctx = page.checked(csrf)
    admin.user(ctx, user_id)  # another's or none: the error page, as for a missing one
    try:
        if active not in ("yes", "no"):
            raise Invalid("请选择启用或停用", "active")
        change = admin.Change(_role(role), org, display_name, active == "yes", unlock == "yes")
        admin.change_user(ctx, user_id, version, change)
    except ServiceError as exc:
        typed = {"role": role, "org": org, "display_name": display_name, "active": active}
        status, field = _beside(exc, "org")
        return _users_tab(
            page, status, change_error=exc, field=field, changing=user_id, typed=typed
        )
    return RedirectResponse("/admin?done=changed", status_code=303)


def _orgs_tab(page: Page, status: int = 200, **more: Any) -> Response:
    return page.render(
        "admin_orgs.html",
        status,
        page="admin",
        tab="orgs",
        orgs=admin.organisations(page.ctx),
        kinds=list(OrgKind),
        done=_done(page),
        typed=more.pop("typed", {}),
        **more,
    )


@router.get("/admin/orgs")
def orgs_page(page: Signed) -> Response:
    return _orgs_tab(page)


@router.post("/admin/orgs")
def new_org(
    page: Signed,
    code: Annotated[str, Form(max_length=64)] = "",
    name: Text = "",
    kind: Annotated[str, Form(max_length=32)] = "",
    parent: Annotated[str, Form(max_length=64)] = "",
    csrf: Csrf = "",
) -> Response:
    ctx = page.checked(csrf)
    try:
        if kind not in {k.value for k in OrgKind}:
            raise Invalid("请选择类别", "kind")
        add_org(ctx, code.strip(), name, OrgKind(kind), parent or None)
    except ServiceError as exc:
        typed = {"code": code, "name": name, "kind": kind, "parent": parent}
        status, field = _beside(exc, "parent")
        return _orgs_tab(page, status, add_error=exc, field=field, typed=typed)
    return RedirectResponse("/admin/orgs?done=org", status_code=303)


@router.get("/admin/audit")
def audit_page(
    page: Signed,
    type: Annotated[str, Query(max_length=32)] = "",
    id: Annotated[str, Query(max_length=30)] = "",
) -> Response:
    named = f"{type}:{id.strip()}" if type or id.strip() else ""
    error: ServiceError | None = None
    try:
        entries = admin.audit_log(page.ctx, named)
    except Invalid as exc:  # said beside the form; the newest of all shown instead
        error, entries = exc, admin.audit_log(page.ctx)
    return page.render(
        "admin_audit.html",
        422 if error else 200,
        page="admin",
        tab="audit",
        entries=entries,
        objects=admin.OBJECTS,
        chosen_type=type,
        chosen_id=id,
        named=named if error is None else "",
        error=error,
        limit=admin.AUDIT_LIMIT,
    )
