"""管理: the administrator's listings of organisations and users, a user's changes (role,
organisation, display name, enabled or not, unlocked), and the audit log of any object.

Adding an organisation or a user is people.py's (`add_org`, `add_user`): the CLI and the web
app call the same. The administrator sees no project content: in the audit log of a project,
a project-year, a 整改 item or a job it reads who, when, what and from where, never the values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from jixiao.service import audit
from jixiao.service.context import Context
from jixiao.service.errors import Conflict, Invalid, NotFound
from jixiao.service.people import _admin, placed
from jixiao.store.schema import AuditEntry, Organisation, User
from jixiao.store.schema import Session as SessionRow
from jixiao.store.types import now
from jixiao.workflow import Action, OrgKind, Role

MAX_ID = 2**63 - 1  # larger ids name no row (and SQLite cannot compare them)
AUDIT_LIMIT = 200  # entries a listing shows at most

# The objects the audit log is about, as its rows name them, with the words a page uses.
OBJECTS = {
    "user": "用户",
    "organisation": "单位与机构",
    "project": "项目",
    "project_year": "项目年度",
    "rectification": "整改事项",
    "job": "后台任务",
}
# Whose old and new values the administrator reads: their own objects, not project content.
ADMIN_OBJECTS = frozenset({"user", "organisation"})
# What an entry did, in words: the cycle's actions are the workflow's, the rest named here.
ACTIONS = {
    **{a.value: a.label for a in Action},
    "org.add": "新建单位或机构",
    "user.add": "新建用户",
    "user.change": "修改用户",
    "user.unlock": "解除锁定",
    "login.failed": "登录失败",
    "project.add": "新建项目",
    "project.rename": "项目改名",
    "project_year.add": "新建项目年度",
    "rectifications.open": "生成整改事项",
    "rectification.update": "更新整改事项",
    "rectification.evidence": "上传整改佐证材料",
    "adjustment.request": "申请目标调整",
    "adjustment.decide": "审批目标调整",
    "job.submit": "提交后台任务",
}
# The fields an entry names, in words; and the stored values a page shows as words.
FIELDS = {
    "role": "角色",
    "org": "所属单位",
    "display_name": "显示名",
    "active": "状态",
    "locked_until": "锁定",
    "code": "代码",
    "name": "名称",
    "stage": "阶段",
    "year": "年度",
    "count": "数量",
    "case_version": "案例版本",
    "adjustment": "目标调整",
    "evidence": "佐证材料",
    "status": "状态",
    "owner": "责任人",
    "due": "整改期限",
    "closing_note": "说明",
    "kind": "类别",
}
VALUES = {
    "role": {r.value: r.label for r in Role},
    "active": {"True": "启用", "False": "停用"},
}
_OBJECT = re.compile(r"^([a-z_]{1,32}):([0-9]{1,30})$")


@dataclass(frozen=True, slots=True)
class OrgRow:
    """An organisation as the administrator lists it: after its parent, with its depth."""

    id: int
    code: str
    name: str
    kind: OrgKind
    parent_code: str | None
    depth: int
    users: int  # the users who work for it


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    org_code: str | None
    org_name: str | None
    active: bool
    locked_until: datetime | None  # set while five wrong passwords keep it locked
    version: int
    created_at: datetime

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


@dataclass(frozen=True, slots=True)
class AuditView:
    """One audit entry as the administrator reads it; `withheld`: the old and new values are
    project content, not shown."""

    id: int
    at: datetime
    by: str
    origin: str
    action: str
    action_label: str
    object_type: str
    object_label: str
    object_id: int | None
    field: str
    field_label: str
    old: str | None
    new: str | None
    withheld: bool

    def shown(self, value: str | None) -> str:
        """A stored value as a page shows it (a role by its name)."""
        if value is None:
            return "—"
        return VALUES.get(self.field, {}).get(value, value)


def organisations(ctx: Context) -> list[OrgRow]:
    """Every organisation, each after its parent (a district reads top down)."""
    _admin(ctx, Action.MANAGE_ORGS)
    with ctx.store.transaction() as s:
        orgs = list(s.scalars(select(Organisation)))
        counts = dict(
            s.execute(
                select(User.org_id, func.count())
                .where(User.org_id.is_not(None))
                .group_by(User.org_id)
            ).all()
        )
    codes = {o.id: o.code for o in orgs}
    return [
        OrgRow(
            o.id,
            o.code,
            o.name,
            o.kind,
            codes.get(o.parent_id) if o.parent_id is not None else None,
            depth,
            counts.get(o.id, 0),
        )
        for o, depth in _tree(orgs)
    ]


def _tree(orgs: list[Organisation]) -> Iterator[tuple[Organisation, int]]:
    order = {kind: i for i, kind in enumerate(OrgKind)}
    known = {o.id for o in orgs}
    children: dict[int | None, list[Organisation]] = {}
    for o in orgs:
        children.setdefault(o.parent_id if o.parent_id in known else None, []).append(o)
    for group in children.values():
        group.sort(key=lambda o: (order[o.kind], o.code))

    def walk(parent: int | None, depth: int) -> Iterator[tuple[Organisation, int]]:
        for o in children.get(parent, []):
            yield o, depth
            yield from walk(o.id, depth + 1)

    yield from walk(None, 0)


def users(ctx: Context) -> list[UserRow]:
    """Every user, by user name, with the organisation they work for and their state."""
    _admin(ctx, Action.MANAGE_USERS)
    with ctx.store.transaction() as s:
        rows = s.execute(
            select(User, Organisation.code, Organisation.name)
            .outerjoin(Organisation, Organisation.id == User.org_id)
            .order_by(User.username)
        ).all()
        at = now()
        return [_user_row(u, code, name, at) for u, code, name in rows]


def _user_row(u: User, code: str | None, name: str | None, at: datetime) -> UserRow:
    locked = u.locked_until if u.locked_until is not None and u.locked_until > at else None
    return UserRow(
        u.id,
        u.username,
        u.display_name,
        u.role,
        code,
        name,
        u.active,
        locked,
        u.version,
        u.created_at,
    )


def user(ctx: Context, user_id: int) -> UserRow:
    _admin(ctx, Action.MANAGE_USERS)
    with ctx.store.transaction() as s:
        return _placed_row(s, _user(s, user_id))


def _placed_row(s: Session, u: User) -> UserRow:
    org = s.get(Organisation, u.org_id) if u.org_id is not None else None
    return _user_row(u, org.code if org else None, org.name if org else None, now())


def _user(s: Session, user_id: int, lock: bool = False) -> User:
    if not 0 < user_id <= MAX_ID:
        raise NotFound("没有这个用户", "user")
    query = select(User).where(User.id == user_id)
    found = s.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFound("没有这个用户", "user")
    return found


@dataclass(frozen=True, slots=True)
class Change:
    """What the administrator changes of a user; None: left as it is. `org_code` "" is no
    organisation (an administrator's)."""

    role: Role | None = None
    org_code: str | None = None
    display_name: str | None = None
    active: bool | None = None
    unlock: bool = False


def change_user(ctx: Context, user_id: int, version: int, change: Change) -> UserRow:
    """A user's role, organisation, display name or state changed, each field audited; a
    disabled user's sessions end at once. An administrator cannot disable themselves or
    take away their own role, and the last enabled administrator stays one."""
    _admin(ctx, Action.MANAGE_USERS)
    with ctx.store.transaction() as s:
        u = _user(s, user_id, lock=True)
        if version != u.version:
            raise Conflict(f"该用户已被他人修改（当前版本 {u.version}），请刷新后重试", "version")
        role = change.role or u.role
        moved = change.role is not None or change.org_code is not None
        org_id = u.org_id
        if moved:
            code = change.org_code if change.org_code is not None else _code(s, u.org_id)
            org = placed(s, role, code or None)
            org_id = org.id if org else None
        active = u.active if change.active is None else change.active
        if u.id == ctx.user_id and not active:
            raise Invalid("不能停用自己的账户", "active")
        if u.id == ctx.user_id and role is not Role.ADMIN:
            raise Invalid("不能取消自己的管理员角色", "role")
        demoted = u.role is Role.ADMIN and u.active and (role is not Role.ADMIN or not active)
        if demoted and _admins(s) <= 1:
            raise Invalid("这是唯一启用的管理员，不能停用或改为其他角色", "role")
        name = u.display_name
        if change.display_name is not None:
            name = change.display_name.strip() or u.username
            if len(name) > 200:
                raise Invalid("显示名最多 200 个字符", "display_name")
        changed = False
        for field, old, new in (
            ("role", u.role.value, role.value),
            ("org", _code(s, u.org_id), _code(s, org_id)),
            ("display_name", u.display_name, name),
            ("active", u.active, active),
        ):
            if old != new:
                audit.record(s, ctx, "user.change", "user", u.id, field, old, new)
                changed = True
        u.role, u.org_id, u.display_name, u.active = role, org_id, name, active
        if change.unlock and (u.locked_until is not None or u.failed_logins):
            audit.record(s, ctx, "user.unlock", "user", u.id, "locked_until", u.locked_until)
            u.locked_until, u.failed_logins = None, 0
            changed = True
        if not active:
            s.execute(delete(SessionRow).where(SessionRow.user_id == u.id))
        if changed:
            u.version += 1
        s.flush()
        return _placed_row(s, u)


def _admins(s: Session) -> int:
    found = s.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)
    )
    return found or 0


def _code(s: Session, org_id: int | None) -> str | None:
    org = s.get(Organisation, org_id) if org_id is not None else None
    return org.code if org else None


def parse_object(text: str) -> tuple[str, int]:
    """`user:3`, `project_year:12`, ...: the object an audit log is about."""
    found = _OBJECT.match(text.strip())
    if found is None or found.group(1) not in OBJECTS:
        kinds = "、".join(OBJECTS)
        raise Invalid(f"对象应写作「类别:编号」，类别为 {kinds} 之一，如 user:3", "object")
    number = int(found.group(2))
    if number == 0:
        raise Invalid("编号应为正整数", "object")
    return found.group(1), number


def audit_log(ctx: Context, named: str = "") -> list[AuditView]:
    """The audit entries about the object `named` (`user:3`), newest first (none named: the
    newest of all); the values of project content withheld."""
    _admin(ctx, Action.MANAGE_USERS)
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_LIMIT)
    if named.strip():
        object_type, object_id = parse_object(named)
        if object_id > MAX_ID:  # no such row; SQLite cannot even compare it
            return []
        query = query.where(
            AuditEntry.object_type == object_type, AuditEntry.object_id == object_id
        )
    with ctx.store.transaction() as s:
        rows = s.scalars(query).all()
        wanted = {r.actor_id for r in rows if r.actor_id is not None}
        names: dict[int | None, str] = {None: "命令行"}
        if wanted:
            found = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
            names.update(dict(found.all()))
        return [_view(r, names.get(r.actor_id, "")) for r in rows]


def _view(r: AuditEntry, by: str) -> AuditView:
    shown = r.object_type in ADMIN_OBJECTS
    return AuditView(
        r.id,
        r.at,
        by,
        r.origin,
        r.action,
        ACTIONS.get(r.action, r.action),
        r.object_type,
        OBJECTS.get(r.object_type, r.object_type),
        r.object_id,
        r.field,
        FIELDS.get(r.field, r.field),
        r.old if shown else None,
        r.new if shown else None,
        not shown and (r.old is not None or r.new is not None),
    )
