"""管理 through the API (the administrator's only): organisations and users listed and added,
a user changed, the audit log of any object — each route one call of service/admin.py or
service/people.py, the same the 管理 page makes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from jixiao.service import admin
from jixiao.service.people import add_org, add_user
from jixiao.web.params import Ctx
from jixiao.web.shapes import when
from jixiao.workflow import OrgKind, Role

router = APIRouter()


def org_shape(o: admin.OrgRow) -> dict[str, Any]:
    return {
        "id": o.id,
        "code": o.code,
        "name": o.name,
        "kind": o.kind.value,
        "kind_label": o.kind.label,
        "parent": o.parent_code,
        "depth": o.depth,
        "users": o.users,
    }


def user_shape(u: admin.UserRow) -> dict[str, Any]:
    return {
        "id": u.id,
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role.value,
        "role_label": u.role.label,
        "org": None if u.org_code is None else {"code": u.org_code, "name": u.org_name},
        "active": u.active,
        "locked": u.locked,
        "locked_until": when(u.locked_until) if u.locked_until else None,
        "version": u.version,
        "created_at": when(u.created_at),
    }


def audit_shape(a: admin.AuditView) -> dict[str, Any]:
    """As `GET /api/audit` gives an entry, with the words a page shows."""
    return {
        "id": a.id,
        "at": when(a.at),
        "by": a.by,
        "origin": a.origin,
        "action": a.action,
        "action_label": a.action_label,
        "object": f"{a.object_type}:{a.object_id}",
        "object_label": a.object_label,
        "field": a.field,
        "field_label": a.field_label,
        "old": a.old,
        "new": a.new,
        "withheld": a.withheld,
    }


class NewOrg(BaseModel):
    code: str = Field(max_length=64, description="代码（全库唯一）")
    name: str = Field(max_length=200)
    kind: OrgKind
    parent: str | None = Field(default=None, max_length=64, description="上级的代码")


class NewUser(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024, description="至少 8 个字符；从不回显")
    role: Role
    org: str | None = Field(default=None, max_length=64, description="所属单位或机构的代码")
    display_name: str = Field(default="", max_length=200)


class UserChange(BaseModel):
    version: int = Field(description="读取时的版本号（乐观锁）")
    role: Role | None = None
    org: str | None = Field(default=None, max_length=64, description="所属单位的代码，空为无")
    display_name: str | None = Field(default=None, max_length=200)
    active: bool | None = Field(default=None, description="false：停用（立即退出登录）")
    unlock: bool = Field(default=False, description="解除连续输错密码造成的锁定")


@router.get("/orgs", summary="单位与机构列表（管理员）")
def organisations(ctx: Ctx) -> dict[str, Any]:
    return {"items": [org_shape(o) for o in admin.organisations(ctx)]}


@router.post("/orgs", summary="新建单位或机构（管理员）", status_code=201)
def new_org(ctx: Ctx, body: NewOrg) -> dict[str, Any]:
    made = add_org(ctx, body.code, body.name, body.kind, body.parent or None)
    return org_shape(next(o for o in admin.organisations(ctx) if o.id == made.id))


@router.get("/users", summary="用户列表（管理员）")
def users(ctx: Ctx) -> dict[str, Any]:
    return {"items": [user_shape(u) for u in admin.users(ctx)]}


@router.post("/users", summary="新建用户（管理员）", status_code=201)
def new_user(ctx: Ctx, body: NewUser) -> dict[str, Any]:
    made = add_user(
        ctx, body.username, body.password, body.role, body.org or None, body.display_name
    )
    return user_shape(admin.user(ctx, made.id))


@router.patch("/users/{user_id}", summary="修改用户：角色、所属单位、显示名、停用、解锁（管理员）")
def change_user(ctx: Ctx, user_id: int, body: UserChange) -> dict[str, Any]:
    change = admin.Change(body.role, body.org, body.display_name, body.active, body.unlock)
    return user_shape(admin.change_user(ctx, user_id, body.version, change))


@router.get(
    "/admin/audit", summary="任一对象的操作记录（管理员；object=类别:编号，不给为最新的全部）"
)
def audit_log(ctx: Ctx, object: Annotated[str, Query(max_length=100)] = "") -> dict[str, Any]:
    return {"items": [audit_shape(a) for a in admin.audit_log(ctx, object)]}
