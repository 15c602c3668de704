"""The demo district (`jixiao serve --demo`): one finance bureau, two departments, four units,
one evaluator firm, one user per role, and the bundled examples filed as their projects at
different stages of the cycle, each stage reached by the same transitions a user takes.

Every demo user's password is DEMO_PASSWORD; nothing else in jixiao makes a known password.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from jixiao.service.context import Context
from jixiao.service.errors import ServiceError
from jixiao.service.people import OPERATOR, actor_of, add_org, add_user
from jixiao.service.projects import summary_of
from jixiao.service.transitions import transition
from jixiao.service.uploads import import_file, upload
from jixiao.store.db import Store
from jixiao.store.schema import Organisation, User
from jixiao.workflow import Action, Actor, OrgKind, Role, Stage

DEMO_PASSWORD = "jixiao-demo"

ORGS = (  # code, name, kind, parent
    ("FIN", "某区财政局", OrgKind.FINANCE, None),
    ("D-CULTURE", "某区文化广电旅游体育局", OrgKind.DEPARTMENT, "FIN"),
    ("D-CIVIL", "某区民政局", OrgKind.DEPARTMENT, "FIN"),
    ("U-LIBRARY", "某区图书馆", OrgKind.UNIT, "D-CULTURE"),
    ("U-CULTURE", "某区文化馆", OrgKind.UNIT, "D-CULTURE"),
    ("U-CIVIL", "某区民政局（本级）", OrgKind.UNIT, "D-CIVIL"),
    ("U-STREET", "某街道办事处", OrgKind.UNIT, "D-CIVIL"),
    ("E-FIRM", "某会计师事务所", OrgKind.EVALUATOR, "FIN"),
)
USERS = (  # user name, role, organisation, shown name
    ("admin", Role.ADMIN, None, "系统管理员"),
    ("finance", Role.FINANCE, "FIN", "财政局绩效科"),
    ("department", Role.DEPARTMENT, "D-CULTURE", "文体局计财科"),
    ("unit", Role.UNIT, "U-LIBRARY", "图书馆财务"),
    ("unit2", Role.UNIT, "U-CULTURE", "文化馆财务"),
    ("evaluator", Role.EVALUATOR, "E-FIRM", "事务所项目组"),
)
# example file (under examples/), the unit it belongs to, the stage to walk it to
PROJECTS = (
    ("targets/社区养老驿站运营补贴.yaml", "U-LIBRARY", Stage.TARGETS_DEPARTMENT),
    ("selfeval/智慧图书馆数字资源建设.txt", "U-LIBRARY", Stage.SELFEVAL_DEPARTMENT),
    ("selfeval/街道文化活动经费.xlsx", "U-CULTURE", Stage.SELFEVAL_DRAFT),
    ("selfeval/社区居家养老服务补贴.yaml", "U-LIBRARY", Stage.RESULTS),
    ("evaluation/公益文化艺术培训（自评表）.yaml", "U-CULTURE", Stage.EVALUATION),
)
# a project walked to 评价实施 is commissioned by the department from E-FIRM, whose case for
# it (the framework and the facts confirmed so far) is then uploaded by the evaluator
EVALUATIONS = {
    "evaluation/公益文化艺术培训（自评表）.yaml": "evaluation/公益文化艺术培训（评价案例）.yaml"
}
FIRM = "E-FIRM"
# the walk from where an imported file starts: (stage reached, action, who takes it)
WALK = {
    Stage.TARGETS_DRAFT: (Action.SUBMIT, "unit"),
    Stage.SELFEVAL_DRAFT: (Action.SUBMIT, "unit"),
    Stage.SELFEVAL_DEPARTMENT: (Action.APPROVE, "department"),
    Stage.SELFEVAL_FINANCE: (Action.ACCEPT, "finance"),
}


@dataclass(frozen=True, slots=True)
class DemoProject:
    id: int
    name: str
    year: int
    stage: Stage


def seed_demo(store: Store, examples: Path) -> Iterator[DemoProject]:
    """Make the demo district in an empty store; yields each project as it is filed."""
    admin = Context(store, OPERATOR, "demo")
    for code, name, kind, parent in ORGS:
        add_org(admin, code, name, kind, parent)
    for username, role, org, shown in USERS:
        add_user(admin, username, DEMO_PASSWORD, role, org, shown)
    actors = _actors(store)
    for relative, unit, stage in PROJECTS:
        path = examples / relative
        owner = "unit" if unit == "U-LIBRARY" else "unit2"
        ctx = Context(store, actors[owner], "demo")
        stored = import_file(ctx, unit, path.read_bytes(), path.name)
        summary = summary_of(ctx, stored.project_year_id)
        while summary.stage is not stage:
            payload: dict[str, str | int] = {}
            step = WALK.get(summary.stage)
            if stage is Stage.EVALUATION and summary.stage is Stage.SELFEVAL_DEPARTMENT:
                step = (Action.ASSIGN_EVALUATION, "department")
                payload = {"evaluator_id": _org_id(store, FIRM)}
            if step is None:
                raise ServiceError(f"演示数据无法从「{summary.stage.label}」走到「{stage.label}」")
            action, who = step
            mover = actors[owner if who == "unit" else who]
            summary = transition(Context(store, mover, "demo"), summary.id, action, payload=payload)
        if relative in EVALUATIONS:
            case = examples / EVALUATIONS[relative]
            by = Context(store, actors["evaluator"], "demo")
            upload(by, summary.id, case.read_bytes(), case.name)
            summary = summary_of(ctx, summary.id)
        yield DemoProject(summary.id, summary.name, summary.year, summary.stage)


def _org_id(store: Store, code: str) -> int:
    with store.transaction() as s:
        found = s.scalar(select(Organisation.id).where(Organisation.code == code))
    if found is None:
        raise ServiceError(f"演示数据中没有组织 {code}")
    return found


def _actors(store: Store) -> dict[str, Actor]:
    with store.transaction() as s:
        return {u.username: actor_of(s, u) for u in s.scalars(select(User))}
