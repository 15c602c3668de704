"""Organisations, users and signing in: the administrator's part, and the password check.

Passwords are kept as argon2 hashes. Five wrong passwords in a row lock the account for 15
minutes (the lock is in the database, so every worker process honours it); a wrong user name
and a wrong password get the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Conflict, Forbidden, Invalid, NotFound, TooMany, Unauthenticated
from jixiao.store.db import Store
from jixiao.store.schema import LoginFailure, Organisation, User
from jixiao.store.types import now
from jixiao.workflow import Action, Actor, OrgKind, Role, authorize_admin

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
# An address (a client of the web app) failing this often within the window is refused for
# the rest of it, whichever user names it tries: kept in the database, shared by all workers.
ADDRESS_FAILURES = 30
ADDRESS_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 8
_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
# the organisation each kind sits under (None: the root of a district)
_PARENT = {
    OrgKind.FINANCE: None,
    OrgKind.DEPARTMENT: OrgKind.FINANCE,
    OrgKind.UNIT: OrgKind.DEPARTMENT,
    OrgKind.EVALUATOR: OrgKind.FINANCE,
}

# The command line acting on the store it was pointed at: its operator holds the file or the
# database password already, so it manages users and organisations as the administrator does.
OPERATOR = Actor(0, "命令行", Role.ADMIN, None, None)


@dataclass(frozen=True, slots=True)
class OrgInfo:
    id: int
    code: str
    name: str
    kind: OrgKind
    parent_id: int | None
    department_id: int | None
    district_id: int | None


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    org_id: int | None


def org_info(org: Organisation) -> OrgInfo:
    return OrgInfo(
        org.id, org.code, org.name, org.kind, org.parent_id, org.department_id, org.district_id
    )


def _admin(ctx: Context, action: Action) -> None:
    decision = authorize_admin(ctx.actor, action)
    if not decision.allowed:
        raise Forbidden(decision.reason)


def org_by_code(s: Session, code: str) -> Organisation:
    org = s.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        raise NotFound(f"没有代码为「{code}」的单位或机构", "code")
    return org


def add_org(
    ctx: Context, code: str, name: str, kind: OrgKind, parent_code: str | None = None
) -> OrgInfo:
    """A new organisation under `parent_code` (a department under a finance bureau, a unit
    under a department, an evaluator under the district it works for)."""
    _admin(ctx, Action.MANAGE_ORGS)
    if not _CODE.match(code):
        raise Invalid("代码只能由字母、数字、点、下划线、连字符组成（1–64 个字符）", "code")
    if not name.strip():
        raise Invalid("名称不能为空", "name")
    with ctx.store.transaction() as s:
        parent = org_by_code(s, parent_code) if parent_code else None
        wanted = _PARENT[kind]
        if (parent.kind if parent else None) is not wanted:
            where = f"{wanted.label}之下" if wanted else "顶层（不设上级）"
            raise Invalid(f"{kind.label}应建在{where}", "parent")
        org = Organisation(code=code, name=name.strip(), kind=kind, parent_id=parent and parent.id)
        s.add(org)
        try:
            s.flush()
        except IntegrityError:
            raise Conflict(f"代码「{code}」已被使用", "code") from None
        if kind is OrgKind.FINANCE:
            org.district_id = org.id
        elif parent is not None:
            org.district_id = parent.district_id
            org.department_id = parent.id if kind is OrgKind.UNIT else None
        audit.record(s, ctx, "org.add", "organisation", org.id, "code", None, code)
        return org_info(org)


def add_user(
    ctx: Context,
    username: str,
    password: str,
    role: Role,
    org_code: str | None = None,
    display_name: str = "",
) -> UserInfo:
    """A new user of `role` working for the organisation `org_code` (none for an admin)."""
    _admin(ctx, Action.MANAGE_USERS)
    if not _USERNAME.match(username):
        raise Invalid("用户名只能由字母、数字、点、下划线、连字符组成（2–64 个字符）", "username")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"密码至少 {MIN_PASSWORD} 个字符", "password")
    with ctx.store.transaction() as s:
        org = placed(s, role, org_code)
        user = User(
            username=username,
            display_name=display_name.strip() or username,
            password_hash=_HASHER.hash(password),
            role=role,
            org_id=org.id if org else None,
        )
        s.add(user)
        try:
            s.flush()
        except IntegrityError:
            raise Conflict(f"用户名「{username}」已被使用", "username") from None
        audit.record(s, ctx, "user.add", "user", user.id, "role", None, role.value)
        return UserInfo(user.id, user.username, user.display_name, user.role, user.org_id)


def placed(s: Session, role: Role, org_code: str | None) -> Organisation | None:
    """The organisation a user of `role` works for, once it is of the kind the role needs
    (none for an administrator)."""
    org = org_by_code(s, org_code) if org_code else None
    if role is Role.ADMIN:
        if org is not None:
            raise Invalid("管理员不属于任何单位", "org")
    elif org is None or org.kind.role is not role:
        kind = OrgKind(role.value)
        raise Invalid(f"{role.label}的用户应属于一个{kind.label}", "org")
    return org


def actor_of(s: Session, user: User) -> Actor:
    district = None
    if user.org_id is not None:
        org = s.get(Organisation, user.org_id)
        district = org.district_id if org else None
    return Actor(user.id, user.username, user.role, user.org_id, district)


def actor_by_id(s: Session, user_id: int) -> Actor | None:
    user = s.get(User, user_id)
    return None if user is None or not user.active else actor_of(s, user)


def authenticate(store: Store, username: str, password: str, origin: str = "") -> Actor:
    """The user signing in, or Unauthenticated (same words for an unknown user and a wrong
    password) or TooMany (locked after repeated failures)."""
    wrong = Unauthenticated("用户名或密码不正确", "password")
    if origin:
        _address_allowed(store, origin)
    try:
        return _authenticate(store, username, password, origin, wrong)
    except Unauthenticated:
        if origin:
            _address_failed(store, origin)
        raise


def _address_allowed(store: Store, address: str) -> None:
    with store.transaction() as s:
        since = now() - ADDRESS_WINDOW
        failures = s.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.address == address[:100], LoginFailure.at > since)
        )
    if (failures or 0) >= ADDRESS_FAILURES:
        minutes = int(ADDRESS_WINDOW.total_seconds() // 60)
        raise TooMany(f"该地址登录失败次数过多，请 {minutes} 分钟后再试")


def _address_failed(store: Store, address: str) -> None:
    with store.transaction() as s:
        s.execute(delete(LoginFailure).where(LoginFailure.at <= now() - ADDRESS_WINDOW))
        s.add(LoginFailure(address=address[:100]))


def _authenticate(
    store: Store, username: str, password: str, origin: str, wrong: Unauthenticated
) -> Actor:
    with store.transaction() as s:
        user = s.scalar(select(User).where(User.username == username).with_for_update())
        if user is None or not user.active:
            _HASHER.hash(password)  # the same time spent: no telling which names exist
            raise wrong
        at = now()
        if user.locked_until is not None and user.locked_until > at:
            minutes = max(1, int((user.locked_until - at).total_seconds() // 60) + 1)
            raise TooMany(f"密码连续输错 {MAX_FAILURES} 次，账户已锁定，请 {minutes} 分钟后再试")
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = at + LOCK_FOR
                user.failed_logins = 0
            ctx = Context(store, Actor(user.id, user.username, user.role, None, None), origin)
            audit.record(s, ctx, "login.failed", "user", user.id)
            failure = wrong
        else:
            user.failed_logins = 0
            user.locked_until = None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            return actor_of(s, user)
    raise failure  # after the transaction: the failure count is kept


def acting_for(store: Store, unit_code: str) -> Actor:
    """The command line acting for a unit (`jixiao db import --unit CODE`): the unit's own
    rights, no more; recorded in the audit log as 命令行."""
    with store.transaction() as s:
        org = org_by_code(s, unit_code)
        if org.kind is not OrgKind.UNIT:
            raise Invalid(f"「{org.name}」是{org.kind.label}，导入须指定一个预算单位", "unit")
        return Actor(0, "命令行", Role.UNIT, org.id, org.district_id)
