"""The role × endpoint × object matrix over the JSON API, on SQLite and PostgreSQL: every demo
role and no session at all, against every route the OpenAPI document lists, on project-years
the role owns and ones it does not. No session: 401; not the role's to see: 404, answered
byte for byte as for an id that does not exist; seen but not the role's action now: 403 with
authorize's reason; allowed: 2xx. No listing returns a row the user may not see.

Expected verdicts come from `workflow.authorize` on the live row (the matrix walks the cycle
as it goes); who sees what is also stated here by hand, from the demo's ownership, and the
spot checks below pin hand-written statuses, so a wrong `authorize` fails this file too.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from jixiao import api
from jixiao.report.pdf import find_soffice
from jixiao.service.context import Context
from jixiao.service.demo import DEMO_PASSWORD, seed_demo
from jixiao.service.jobs import run as run_job
from jixiao.service.people import OPERATOR, acting_for, actor_of, add_org, add_user
from jixiao.service.transitions import transition
from jixiao.service.uploads import import_file
from jixiao.store.db import Store
from jixiao.store.schema import (
    Adjustment,
    CaseVersion,
    Document,
    IndicatorYear,
    Job,
    Organisation,
    Project,
    ProjectYear,
    Rectification,
)
from jixiao.store.schema import User as UserRow
from jixiao.web.app import create_app
from jixiao.workflow import (
    HIDDEN,
    Action,
    Actor,
    Decision,
    DocumentKind,
    OrgKind,
    Role,
    Stage,
    Subject,
    Verdict,
    authorize,
    authorize_export,
    can_see,
    find_transition,
)
from jixiao.workflow.items import AdjustmentStatus, RectificationStatus

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ROLES = ("admin", "finance", "department", "unit", "unit2", "evaluator")
ANON = "(no session)"
WHO = (ANON, *ROLES)
MISSING = 10**6  # no such row
HUGE = 2**63  # no such row, and more than a 64-bit integer column holds
MARKER = "外区专有回访指标"  # an indicator only the other district's project uses

# Who sees what, by hand from the demo's ownership (not from workflow): the units whose
# project-years each role sees, and the evaluator firm whose assignments it sees from the
# evaluation on.
SEES_UNITS = {
    "admin": frozenset[str](),
    "finance": frozenset({"U-LIBRARY", "U-CULTURE", "U-CIVIL", "U-STREET"}),
    "department": frozenset({"U-LIBRARY", "U-CULTURE"}),
    "unit": frozenset({"U-LIBRARY"}),
    "unit2": frozenset({"U-CULTURE"}),
    "evaluator": frozenset[str](),
}
FIRM = {"evaluator": "E-FIRM"}
EVALUATED = frozenset(
    {"evaluation", "evaluation_consult", "evaluation_final", "results", "archived"}
)


# ---------------------------------------------------------------------------------------------
# the world: the demo district, and project-years of the other department, of another firm's
# evaluation and of another district


@dataclass(frozen=True)
class Doc:
    name: str
    data: bytes
    kind: DocumentKind
    year: int


def doc(name: str, data: bytes) -> Doc:
    cases, _ = api.read(data, name)
    [case] = cases
    assert case.project.year is not None
    return Doc(name, data, DocumentKind.of(case.kind), case.project.year)


def example(relative: str) -> Doc:
    path = EXAMPLES / relative
    return doc(path.name, path.read_bytes())


class Client:
    """One browser: its cookie jar and CSRF token (none for ANON)."""

    def __init__(self, app: FastAPI, username: str | None) -> None:
        self.http = TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
        self.csrf = ""
        if username is not None:
            answer = self.http.post(
                "/api/login", json={"username": username, "password": DEMO_PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            self.csrf = answer.json()["csrf"]

    def send(self, method: str, url: str, **kw: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        return self.http.request(method, url, headers=headers, **kw)


@dataclass
class World:
    store: Store
    app: FastAPI
    clients: dict[str, Client]
    actors: dict[str, Actor]
    orgs: dict[str, int]  # code → id
    objects: dict[str, int]  # label → project-year id
    docs: dict[str, tuple[Doc, ...]]  # label → the documents the matrix uploads into it
    revised: dict[str, Doc]  # label → a target table of its name and year (目标调整)


def _walk(store: Store, actor: Actor, py: int, *steps: Action, **payload: object) -> None:
    for action in steps:
        transition(Context(store, actor, "test"), py, action, reason="测试退回", payload=payload)


def build(store: Store) -> World:
    demo = {p.name: p.id for p in seed_demo(store, EXAMPLES)}
    op = Context(store, OPERATOR, "test")
    add_org(op, "E-OTHER", "另一会计师事务所", OrgKind.EVALUATOR, "FIN")
    add_org(op, "FIN2", "外区财政局", OrgKind.FINANCE)
    add_org(op, "D-OTHER", "外区民政局", OrgKind.DEPARTMENT, "FIN2")
    add_org(op, "U-OTHER", "外区养老服务中心", OrgKind.UNIT, "D-OTHER")
    add_user(op, "finance2", DEMO_PASSWORD, Role.FINANCE, "FIN2", "外区财政局")
    with store.transaction() as s:
        actors = {u.username: actor_of(s, u) for u in s.scalars(select(UserRow))}
        orgs = {o.code: o.id for o in s.scalars(select(Organisation))}
    civil = Actor(0, "命令行", Role.DEPARTMENT, orgs["D-CIVIL"], orgs["FIN"])

    def filed(unit: str, d: Doc) -> int:
        ctx = Context(store, acting_for(store, unit), "test")
        return import_file(ctx, unit, d.data, d.name).project_year_id

    problem = example("problems/有问题的自评表.xlsx")
    care = example("selfeval/社区居家养老服务补贴.yaml")
    library = example("selfeval/智慧图书馆数字资源建设.txt")
    marked = care.data.decode("utf-8").replace("服务回访合格率", MARKER)
    other = doc("外区社区居家养老服务补贴.yaml", marked.encode("utf-8"))
    unit_civil = acting_for(store, "U-CIVIL")
    fin, firm = actors["finance"], actors["evaluator"]

    # E: the other department's, at 评价实施, assigned to E-FIRM by the finance bureau
    e = filed("U-CIVIL", problem)
    _walk(store, unit_civil, e, Action.SUBMIT)
    _walk(store, civil, e, Action.APPROVE)
    _walk(store, fin, e, Action.ASSIGN_EVALUATION, evaluator_id=orgs["E-FIRM"])
    # E2: the other department's, evaluated by E-FIRM, at 结果应用 with its 整改 items
    e2 = filed("U-CIVIL", care)
    _walk(store, unit_civil, e2, Action.SUBMIT)
    _walk(store, civil, e2, Action.APPROVE)
    _walk(store, fin, e2, Action.ASSIGN_EVALUATION, evaluator_id=orgs["E-FIRM"])
    _walk(store, firm, e2, Action.SUBMIT_DRAFT, Action.FINALIZE, lead_evaluator="王主评")
    _walk(store, fin, e2, Action.ACCEPT)
    # G: U-CULTURE's, at 评价实施, assigned to another firm by the department
    g = filed("U-CULTURE", library)
    _walk(store, actors["unit2"], g, Action.SUBMIT)
    _walk(store, actors["department"], g, Action.ASSIGN_EVALUATION, evaluator_id=orgs["E-OTHER"])
    # F: another district's
    f = filed("U-OTHER", other)
    # T: U-CULTURE's targets, approved
    targets = example("targets/社区养老驿站运营补贴.yaml")
    t = filed("U-CULTURE", targets)
    _walk(store, actors["unit2"], t, Action.SUBMIT)
    _walk(store, actors["department"], t, Action.APPROVE)
    _walk(store, fin, t, Action.APPROVE)

    objects = {
        "A": demo["社区养老驿站运营补贴"],  # U-LIBRARY, 主管部门审核（目标）
        "B": demo["智慧图书馆数字资源建设"],  # U-LIBRARY, 主管部门审核（自评）
        "C": demo["街道文化活动经费"],  # U-CULTURE, 单位自评
        "D": demo["社区居家养老服务补贴"],  # U-LIBRARY, 结果应用
        "H": demo["公益文化艺术培训"],  # U-CULTURE, 评价实施 by E-FIRM, its case uploaded
        "E": e,
        "E2": e2,
        "F": f,
        "G": g,
        "T": t,
    }
    docs = {
        "A": (example("targets/社区养老驿站运营补贴.yaml"),),
        "B": (library,),
        "C": (example("selfeval/街道文化活动经费.xlsx"),),
        "D": (care,),
        "H": (example("evaluation/公益文化艺术培训（评价案例）.yaml"),),
        "E": (problem, example("seeds/000.yaml")),  # the evaluator's case is of E's year
        "E2": (care,),
        "F": (other,),
        "G": (library,),
        "T": (targets,),
    }
    app = create_app(store)
    clients = {who: Client(app, None if who == ANON else who) for who in (*WHO, "finance2")}
    revised = {label: _revised(store, targets, py) for label, py in objects.items()}
    return World(store, app, clients, actors, orgs, objects, docs, revised)


def _revised(store: Store, targets: Doc, py: int) -> Doc:
    """The target table, changed, under the project-year's own name and year."""
    with store.transaction() as s:
        found = s.get(ProjectYear, py)
        assert found is not None
        project = s.get(Project, found.project_id)
        assert project is not None
        name, year = project.name, found.year
    text = targets.data.decode("utf-8").replace("≥3万人次", "≥2.5万人次")
    text = text.replace("name: 社区养老驿站运营补贴", f"name: {name}")
    text = text.replace("year: 2025", f"year: {year}")
    return doc(f"{name}（调整）.yaml", text.encode("utf-8"))


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    store = Store.open(db_url)
    yield build(store)
    store.close()


# ---------------------------------------------------------------------------------------------
# the live rows, as authorization and the hand-written ownership see them


@dataclass(frozen=True)
class Row:
    id: int
    unit: str
    evaluator: str
    year: int
    subject: Subject


def _rows(s: Session, ids: list[int] | None = None) -> dict[int, Row]:
    unit, firm = aliased(Organisation), aliased(Organisation)
    query = (
        select(ProjectYear, unit.code, firm.code)
        .join(unit, unit.id == ProjectYear.unit_id)
        .outerjoin(firm, firm.id == ProjectYear.evaluator_id)
    )
    if ids is not None:
        query = query.where(ProjectYear.id.in_(ids))
    found = {}
    for py, unit_code, firm_code in s.execute(query):
        pending = s.scalar(
            select(func.count())
            .select_from(Adjustment)
            .where(
                Adjustment.project_year_id == py.id,
                Adjustment.status == AdjustmentStatus.PENDING,
            )
        )
        subject = Subject(
            py.unit_id,
            py.department_id or 0,
            py.district_id or 0,
            py.stage,
            py.evaluator_id,
            py.commissioner,
            bool(pending),
        )
        found[py.id] = Row(py.id, unit_code, firm_code or "", py.year, subject)
    return found


def row(store: Store, py_id: int) -> Row | None:
    with store.transaction() as s:
        return _rows(s, [py_id]).get(py_id)


def all_rows(store: Store) -> dict[int, Row]:
    with store.transaction() as s:
        return _rows(s)


def sees(who: str, r: Row) -> bool:
    """The demo's ownership, by hand: the oracle `can_see` and every answer must agree with."""
    if r.unit in SEES_UNITS[who]:
        return True
    return who in FIRM and r.evaluator == FIRM[who] and r.subject.stage.value in EVALUATED


# ---------------------------------------------------------------------------------------------
# the matrix: one case is one request, judged against the verdict expected for it


def body(answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return answer.content


def error_of(answer: httpx.Response) -> dict[str, Any]:
    """The error envelope's content, or {} for any other answer."""
    found = body(answer)
    error = found.get("error") if isinstance(found, dict) else None
    return error if isinstance(error, dict) else {}


@dataclass
class Matrix:
    w: World
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)  # (endpoint, outcome)
    roles: Counter[tuple[str, str]] = field(default_factory=Counter)  # (who, outcome)
    failures: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    _missing: dict[tuple[str, str, str], httpx.Response] = field(default_factory=dict)
    snapshot: dict[int, Row] | None = None  # the rows as a probe of reads found them

    def fail(self, text: str) -> None:
        self.failures.append(text)

    def leak(self, text: str) -> None:
        self.leaks.append(text)
        self.failures.append("LEAK " + text)

    def count(self, endpoint: str, who: str, outcome: str) -> None:
        self.tally[(endpoint, outcome)] += 1
        self.roles[(who, outcome)] += 1

    def anonymous(self, endpoint: str, answer: httpx.Response) -> None:
        self.count(endpoint, ANON, "401")
        if answer.status_code != 401 or error_of(answer).get("code") != "unauthenticated":
            self.fail(f"{endpoint} without a session: {answer.status_code} {answer.text[:200]}")

    def signed_in(self, endpoint: str, who: str, answer: httpx.Response) -> bool:
        if not 200 <= answer.status_code < 300:
            self.fail(f"{endpoint} as {who}: {answer.status_code} {answer.text[:200]}")
            return False
        self.count(endpoint, who, "2xx")
        return True

    def on_object(
        self,
        endpoint: str,
        who: str,
        label: str,
        target: Any,
        send: Callable[[Client, Any], httpx.Response],
        decide: Callable[[Actor, Row], Decision],
        live: Callable[[], Row | None],
        *,
        variant: str = "",
        missing: Any = MISSING,
    ) -> None:
        """One request about one object: `target` is what the request names, `live` the
        project-year it is about as the store has it now (None: there is no such object),
        `missing` what the same request names when it names nothing."""
        client = self.w.clients[who]
        if who == ANON:
            self.anonymous(endpoint, send(client, target))
            return
        actor = self.w.actors[who]
        now = live()
        decision = HIDDEN if now is None else decide(actor, now)
        if now is not None:
            seen = decision.verdict is not Verdict.HIDDEN
            if seen != sees(who, now) or seen != can_see(actor, now.subject):
                self.fail(
                    f"{endpoint} {label} as {who}: authorize {decision.verdict}, by hand "
                    f"{'seen' if sees(who, now) else 'hidden'}"
                )
        where = f"{endpoint} [{variant}] {label} ({target}) as {who}"
        answer = send(client, target)
        if decision.verdict is Verdict.HIDDEN:
            self.count(endpoint, who, "404" if now is not None else "404-missing")
            key = (endpoint, who, variant)
            if key not in self._missing:
                self._missing[key] = send(client, missing)
            empty = self._missing[key]
            if answer.status_code != 404 or body(answer) != body(empty):
                self.leak(
                    f"{where}: {answer.status_code} {answer.text[:200]} "
                    f"but a missing one answers {empty.status_code} {empty.text[:200]}"
                )
        elif decision.verdict is Verdict.FORBIDDEN:
            self.count(endpoint, who, "403")
            error = error_of(answer)
            if (answer.status_code, error.get("code"), error.get("message")) != (
                403,
                "forbidden",
                decision.reason,
            ):
                self.fail(
                    f"{where}: expected 403 「{decision.reason}」, got "
                    f"{answer.status_code} {answer.text[:200]}"
                )
        else:
            self.count(endpoint, who, "2xx")
            if not 200 <= answer.status_code < 300:
                self.fail(f"{where}: allowed, got {answer.status_code} {answer.text[:300]}")

    def live(self, py_id: int | None, writes: bool = True) -> Callable[[], Row | None]:
        """The project-year as it is now; `writes`: the request may change it (else the
        rows as this probe of reads first found them serve)."""
        return lambda: None if py_id is None else self.row(py_id, writes)

    def row(self, py_id: int, writes: bool) -> Row | None:
        if writes:
            return row(self.w.store, py_id)
        if self.snapshot is None:
            self.snapshot = all_rows(self.w.store)
        return self.snapshot.get(py_id)


# ---------------------------------------------------------------------------------------------
# what each endpoint is expected to do, by (method, path) as the OpenAPI document names it


Probe = Callable[[Matrix, str], None]


def _targets(m: Matrix) -> list[tuple[str, int, int | None]]:
    """(label, id in the request, its project-year): every object, a missing id and one
    larger than the database holds."""
    found: list[tuple[str, int, int | None]] = [(k, v, v) for k, v in m.w.objects.items()]
    return [*found, ("missing", MISSING, None), ("huge", HUGE, None)]


def reading(path: str, action: Action) -> Probe:
    """A GET about one project-year, allowed when `action` is."""

    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            for label, target, py in _targets(m):
                m.on_object(
                    endpoint,
                    who,
                    label,
                    target,
                    lambda c, i: c.send("GET", path.format(id=i)),
                    lambda actor, r: authorize(actor, action, r.subject),
                    m.live(py, writes=False),
                )

    return probe


def audit_by_object(m: Matrix, endpoint: str) -> None:
    for who in WHO:
        for label, target, py in _targets(m):
            m.on_object(
                endpoint,
                who,
                label,
                target,
                lambda c, i: c.send("GET", "/api/audit", params={"object": f"project_year:{i}"}),
                lambda actor, r: authorize(actor, Action.READ_AUDIT, r.subject),
                m.live(py, writes=False),
            )


def documents(m: Matrix, endpoint: str) -> None:
    for who in WHO:
        for label, target, py in _targets(m):
            for d in m.w.docs.get(label, m.w.docs["C"]):

                def send(c: Client, i: int, d: Doc = d) -> httpx.Response:
                    files = {"file": (d.name, d.data, "application/octet-stream")}
                    return c.send("POST", f"/api/projects/{i}/documents", files=files)

                def decide(actor: Actor, r: Row, d: Doc = d) -> Decision:
                    verdict = authorize(actor, Action.UPLOAD, r.subject, document=d.kind)
                    assert not verdict.allowed or d.year == r.year, "choose files of the year"
                    return verdict

                live = m.live(py)
                m.on_object(endpoint, who, label, target, send, decide, live, variant=d.name)


MOVES = tuple(a for a in Action if a.moves)


def moves(m: Matrix, endpoint: str) -> None:
    """Every transition action, by every role, on every object: the cycle walks as allowed
    steps are taken, and each verdict is the live row's."""
    payload = {"evaluator_id": m.w.orgs["E-FIRM"], "lead_evaluator": "王主评"}
    for label, target, py in _targets(m):
        for who in WHO:
            for action in MOVES[:1] if who == ANON else MOVES:

                def send(c: Client, i: int, a: Action = action) -> httpx.Response:
                    move = {"action": a.value, "reason": "矩阵测试：请修改", "payload": payload}
                    return c.send("POST", f"/api/projects/{i}/transitions", json=move)

                def decide(actor: Actor, r: Row, a: Action = action) -> Decision:
                    step = find_transition(r.subject.stage, a)
                    return authorize(actor, a, r.subject, transition=step)

                live = m.live(py)
                m.on_object(endpoint, who, label, target, send, decide, live, variant=action)


def _item_version(m: Matrix, i: int) -> int:
    with m.w.store.transaction() as s:
        found = s.get(Rectification, i) if i < 2**31 else None
        return found.version if found is not None else 1


def _on_items(
    m: Matrix, endpoint: str, send: Callable[[Client, int, str, bool], httpx.Response]
) -> None:
    """A change to a 整改 item, by every role, on items of two departments, a missing id and
    the largest: the unit's to report on, the department's and finance bureau's to manage;
    the item's project-year decides who sees it. `send(client, id, who, reviewer)`."""
    items = _items_of(m)
    assert len(items) >= 2, "the world has 整改 items in two departments"
    targets = [*items, ("missing", MISSING, None), ("largest", 2**31 - 1, None)]
    for who in WHO:
        reviewer = who in ("department", "finance")
        action = Action.MANAGE_RECTIFICATION if reviewer else Action.EDIT_RECTIFICATION
        for label, target, py in targets:
            m.on_object(
                endpoint,
                who,
                label,
                target,
                lambda c, i, who=who, reviewer=reviewer: send(c, i, who, reviewer),
                lambda actor, r, a=action: authorize(actor, a, r.subject),
                m.live(py),
            )


def rectification(m: Matrix, endpoint: str) -> None:
    """Changing a 整改 item: the unit reports progress, the department and finance bureau
    manage."""

    def send(c: Client, i: int, who: str, reviewer: bool) -> httpx.Response:
        change = {"owner": "张科长"} if reviewer else {"status": "in_progress"}
        version = _item_version(m, i)
        return c.send("PATCH", f"/api/rectifications/{i}", json={"version": version, **change})

    _on_items(m, endpoint, send)


def adjustment_request(m: Matrix, endpoint: str) -> None:
    """目标调整 asked for with a target table of the project-year's own name and year: the
    unit's, while its targets are approved and its self-evaluation not yet submitted."""
    for who in WHO:
        for label, target, py in _targets(m):
            d = m.w.revised.get(label, m.w.revised["T"])

            def send(c: Client, i: int, d: Doc = d) -> httpx.Response:
                files = {"file": (d.name, d.data, "application/octet-stream")}
                return c.send(
                    "POST",
                    f"/api/projects/{i}/adjustments",
                    files=files,
                    data={"reason": "场地推迟"},
                )

            m.on_object(
                endpoint,
                who,
                label,
                target,
                send,
                lambda actor, r: authorize(actor, Action.REQUEST_ADJUSTMENT, r.subject),
                m.live(py),
            )


def adjustment_decision(m: Matrix, endpoint: str) -> None:
    """The finance bureau's decision on a pending 目标调整; the request's project-year decides
    who sees it."""
    with m.w.store.transaction() as s:
        made = [
            (f"adjustment of #{a.project_year_id}", a.id, a.project_year_id)
            for a in s.scalars(select(Adjustment).order_by(Adjustment.id))
        ]
    assert made, "the matrix asked for 目标调整 before deciding them"
    for who in WHO:
        for label, target, py in [*made, ("missing", MISSING, None)]:

            def send(c: Client, i: int) -> httpx.Response:
                decision = {"approve": True, "note": "同意调整"}
                return c.send("POST", f"/api/adjustments/{i}/decision", json=decision)

            m.on_object(
                endpoint,
                who,
                label,
                target,
                send,
                lambda actor, r: authorize(actor, Action.DECIDE_ADJUSTMENT, r.subject),
                m.live(py),
            )


def _declared(m: Matrix, code: str) -> Row | None:
    """The project-year a unit would declare: its place, at 目标申报 (None: no such unit)."""
    with m.w.store.transaction() as s:
        org = s.scalar(select(Organisation).where(Organisation.code == code))
        if org is None or org.kind is not OrgKind.UNIT:
            return None
        subject = Subject(org.id, org.department_id or 0, org.district_id or 0, Stage.TARGETS_DRAFT)
        return Row(0, code, "", 2026, subject)


def create(m: Matrix, endpoint: str) -> None:
    """A new project-year for a unit: the unit's own right to declare targets; a unit the
    user may not see answers as one that does not exist (or is no unit at all)."""
    codes = ("U-LIBRARY", "U-CULTURE", "U-CIVIL", "U-STREET", "U-OTHER", "D-CULTURE", "U-NOWHERE")
    made = iter(range(1, 10**6))

    def send(c: Client, code: str) -> httpx.Response:
        new = {"unit": code, "name": f"矩阵新建项目{next(made)}", "year": 2026}
        return c.send("POST", "/api/projects", json=new)

    def decide(actor: Actor, r: Row) -> Decision:
        return authorize(actor, Action.UPLOAD, r.subject, document=DocumentKind.TARGETS)

    for who in WHO:
        for code in codes:
            live = functools.partial(_declared, m, code)
            m.on_object(endpoint, who, code, code, send, decide, live, missing="U-NOWHERE")


def _matches(r: Row, params: dict[str, Any]) -> bool:
    return all(
        {"year": r.year, "stage": r.subject.stage.value, "unit": r.unit}[name] == value
        for name, value in params.items()
    )


UNIT_CODES = ("U-LIBRARY", "U-CULTURE", "U-CIVIL", "U-STREET", "U-OTHER", "U-NOWHERE")


def project_list(m: Matrix, endpoint: str) -> None:
    """Every filter of the listing, as every role: each row returned is the role's to see,
    and every row it may see (and the filter keeps) is returned."""
    rows = all_rows(m.w.store)
    stages = sorted({r.subject.stage.value for r in rows.values()})
    variants: list[dict[str, Any]] = [{}, {"year": 2024}, {"year": 2025}]
    variants += [{"stage": st} for st in stages] + [{"unit": code} for code in UNIT_CODES]
    for who in WHO:
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, client.send("GET", "/api/projects"))
            continue
        for params in variants:
            answer = client.send("GET", "/api/projects", params=params)
            if not m.signed_in(endpoint, who, answer):
                continue
            items = answer.json()["items"]
            for item in items:
                r = rows.get(item["id"])
                if r is None or not sees(who, r) or item["unit"]["code"] != r.unit:
                    m.leak(f"{endpoint} {params} as {who} lists project-year {item['id']}")
            got = [item["id"] for item in items]
            wanted = {r.id for r in rows.values() if sees(who, r) and _matches(r, params)}
            if sorted(got) != sorted(wanted):
                m.fail(f"{endpoint} {params} as {who}: {sorted(got)} ≠ {sorted(wanted)}")


def rectification_list(m: Matrix, endpoint: str) -> None:
    """整改 items, by every filter: only those of project-years the user sees, all of them."""
    rows = all_rows(m.w.store)
    with m.w.store.transaction() as s:
        items = {r.id: r for r in s.scalars(select(Rectification))}
    today = date.today()
    variants: list[dict[str, Any]] = [{}, {"open": "true"}, {"overdue": "true"}]
    variants += [{"unit": code} for code in UNIT_CODES]

    def kept(item: Rectification, params: dict[str, Any]) -> bool:
        r = rows[item.project_year_id]
        still = item.status is not RectificationStatus.CLOSED
        late = still and item.due is not None and item.due < today
        return (
            ("open" not in params or still)
            and ("overdue" not in params or late)
            and params.get("unit", r.unit) == r.unit
        )

    for who in WHO:
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, client.send("GET", "/api/rectifications"))
            continue
        for params in variants:
            answer = client.send("GET", "/api/rectifications", params=params)
            if not m.signed_in(endpoint, who, answer):
                continue
            got = answer.json()["items"]
            for entry in got:
                item = items.get(entry["id"])
                py = item.project_year_id if item is not None else None
                if py is None or py != entry["project_year"] or not sees(who, rows[py]):
                    m.leak(f"{endpoint} {params} as {who} lists 整改 item {entry['id']}")
            wanted = {
                i.id
                for i in items.values()
                if sees(who, rows[i.project_year_id]) and kept(i, params)
            }
            if sorted(e["id"] for e in got) != sorted(wanted):
                m.fail(f"{endpoint} {params} as {who}: {[e['id'] for e in got]} ≠ {wanted}")


def _library(m: Matrix, who: str, q: str) -> dict[tuple[str, str], int]:
    """What the indicator library holds for `q` in the user's own district: how many
    project-years use each (name, category)."""
    actor = m.w.actors[who]
    if actor.role is Role.ADMIN or actor.district_id is None:
        return {}
    query = (
        select(
            IndicatorYear.name,
            IndicatorYear.category,
            IndicatorYear.path,
            IndicatorYear.project_year_id,
        )
        .join(ProjectYear, ProjectYear.id == IndicatorYear.project_year_id)
        .where(ProjectYear.district_id == actor.district_id)
    )
    uses: dict[tuple[str, str], set[int]] = {}
    with m.w.store.transaction() as s:
        for name, category, path, py in s.execute(query):
            if q in name or q in path:
                uses.setdefault((name, category), set()).add(py)
    return {key: len(found) for key, found in uses.items()}


def indicator_library(m: Matrix, endpoint: str) -> None:
    """Aggregates of the user's own district (every signed-in user but the administrator):
    nothing of another district's projects, counted or named."""
    for who in (*WHO, "finance2"):
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, client.send("GET", "/api/indicators", params={"q": "满意度"}))
            continue
        for q in ("", "满意度", MARKER):
            answer = client.send("GET", "/api/indicators", params={"q": q, "limit": 500})
            if not m.signed_in(endpoint, who, answer):
                continue
            got = {(e["name"], e["category"]): e["uses"] for e in answer.json()["items"]}
            wanted = _library(m, who, q)
            for key, uses in got.items():
                if uses > wanted.get(key, 0):
                    m.leak(f"{endpoint} q={q!r} as {who}: {key} used {uses}× (own: {wanted})")
            if got != wanted:
                m.fail(f"{endpoint} q={q!r} as {who}: {got} ≠ {wanted}")
            if q == MARKER and (who == "finance2") != bool(got):
                m.fail(f"{endpoint}: {MARKER} found by {who}: {got}")


def portfolio(m: Matrix, endpoint: str) -> None:
    """结果应用 by department for a year: counted over the project-years the user sees only."""
    rows = all_rows(m.w.store)
    with m.w.store.transaction() as s:
        department = dict(
            s.execute(
                select(ProjectYear.id, Organisation.name).join(
                    Organisation, Organisation.id == ProjectYear.department_id
                )
            ).all()
        )
        open_items = Counter(
            s.scalars(
                select(Rectification.project_year_id).where(
                    Rectification.status != RectificationStatus.CLOSED.value
                )
            )
        )
    for who in WHO:
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, client.send("GET", "/api/portfolio", params={"year": 2024}))
            continue
        for year in (2023, 2024, 2025, 2026):
            answer = client.send("GET", "/api/portfolio", params={"year": year})
            if not m.signed_in(endpoint, who, answer):
                continue
            got = {
                e["department"]: (e["projects"], e["open_rectifications"])
                for e in answer.json()["items"]
            }
            wanted: dict[str, tuple[int, int]] = {}
            for r in rows.values():
                if r.year == year and sees(who, r):
                    n, items = wanted.get(department[r.id], (0, 0))
                    wanted[department[r.id]] = (n + 1, items + open_items[r.id])
            for name, (n, items) in got.items():
                if n > wanted.get(name, (0, 0))[0] or items > wanted.get(name, (0, 0))[1]:
                    m.leak(f"{endpoint} {year} as {who}: {name} counts {n}, {items} ({wanted})")
            if got != wanted:
                m.fail(f"{endpoint} {year} as {who}: {got} ≠ {wanted}")


def _items_of(m: Matrix, evidenced: bool = False) -> list[tuple[str, int, int | None]]:
    """One 整改 item of each object that has some (`evidenced`: with evidence attached)."""
    query = select(Rectification).order_by(Rectification.id)
    if evidenced:
        query = query.where(Rectification.evidence_id.is_not(None))
    with m.w.store.transaction() as s:
        return [
            (f"item of {label}", item.id, py)
            for label, py in m.w.objects.items()
            for item in s.scalars(query.where(Rectification.project_year_id == py).limit(1))
        ]


def evidence_upload(m: Matrix, endpoint: str) -> None:
    """整改 evidence: the unit owning the item, its department or finance bureau attach it
    (the item's project-year decides who sees it and whether it is still open to change)."""

    def send(c: Client, i: int, who: str, reviewer: bool) -> httpx.Response:
        files = {"file": (f"{who}的佐证.txt", f"整改佐证 {who} {i}".encode())}
        data = {"version": str(_item_version(m, i))}
        return c.send("POST", f"/api/rectifications/{i}/evidence", files=files, data=data)

    _on_items(m, endpoint, send)


def evidence_download(m: Matrix, endpoint: str) -> None:
    """The evidence attached, for whoever sees the item: the bytes as stored."""
    items = _items_of(m, evidenced=True)
    assert len(items) >= 2, "the matrix attached evidence in two departments before"
    with m.w.store.transaction() as s:
        held = {
            r.id: content
            for r, content in s.execute(
                select(Rectification, Document.content).join(
                    Document, Document.id == Rectification.evidence_id
                )
            )
        }
    for who in WHO:
        for label, target, py in [*items, ("missing", MISSING, None), ("huge", HUGE, None)]:

            def send(c: Client, i: int, label: str = label, who: str = who) -> httpx.Response:
                answer = c.send("GET", f"/api/rectifications/{i}/evidence")
                if answer.status_code == 200 and answer.content != held.get(i):
                    m.fail(f"{endpoint} {label} as {who}: other bytes than the stored ones")
                return answer

            m.on_object(
                endpoint,
                who,
                label,
                target,
                send,
                lambda actor, r: authorize(actor, Action.READ, r.subject),
                m.live(py, writes=False),
            )


def _open_items(m: Matrix) -> Counter[int]:
    with m.w.store.transaction() as s:
        return Counter(
            s.scalars(
                select(Rectification.project_year_id).where(
                    Rectification.status != RectificationStatus.CLOSED.value
                )
            )
        )


def project_results(m: Matrix, endpoint: str) -> None:
    """结果应用 by project-year for a year: the user's own project-years of the year, every
    one of them, with their open 整改 items counted."""
    rows, open_items = all_rows(m.w.store), _open_items(m)
    for who in WHO:
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, client.send("GET", "/api/portfolio/projects?year=2024"))
            continue
        for year in (2023, 2024, 2025, 2026):
            answer = client.send("GET", "/api/portfolio/projects", params={"year": year})
            if not m.signed_in(endpoint, who, answer):
                continue
            got = {e["id"]: e["open_rectifications"] for e in answer.json()["items"]}
            for py in got:
                if py not in rows or not sees(who, rows[py]):
                    m.leak(f"{endpoint} {year} as {who} lists project-year {py}")
            wanted = {
                r.id: open_items[r.id] for r in rows.values() if r.year == year and sees(who, r)
            }
            if got != wanted:
                m.fail(f"{endpoint} {year} as {who}: {got} ≠ {wanted}")


EXPORTERS = frozenset({"finance", "department"})  # by hand: who takes 结果应用 into a budget


def results_export(m: Matrix, endpoint: str) -> None:
    """The 结果应用 workbook: the finance bureau's and the departments', of what they see;
    every other role is refused (403), nobody without a session gets it (401)."""
    from openpyxl import load_workbook

    rows = all_rows(m.w.store)
    for who in WHO:
        client = m.w.clients[who]
        answer = client.send("GET", "/api/portfolio.xlsx", params={"year": 2024})
        if who == ANON:
            m.anonymous(endpoint, answer)
            continue
        decision = authorize_export(m.w.actors[who])
        if decision.allowed != (who in EXPORTERS):
            m.fail(f"{endpoint} as {who}: authorize_export {decision.verdict}, by hand not")
        if not decision.allowed:
            m.count(endpoint, who, "403")
            error = error_of(answer)
            if (answer.status_code, error.get("message")) != (403, decision.reason):
                m.fail(f"{endpoint} as {who}: {answer.status_code} {answer.text[:200]}")
            continue
        if not m.signed_in(endpoint, who, answer):
            continue
        book = load_workbook(io.BytesIO(answer.content), read_only=True)
        listed = [r[0] for r in book["按项目"].iter_rows(min_row=3, values_only=True)]
        got = {int(v) for v in listed if isinstance(v, int | float)}
        for py in got:
            if py not in rows or not sees(who, rows[py]):
                m.leak(f"{endpoint} as {who} exports project-year {py}")
        wanted = {r.id for r in rows.values() if r.year == 2024 and sees(who, r)}
        if got != wanted:
            m.fail(f"{endpoint} as {who}: {sorted(got)} ≠ {sorted(wanted)}")


def listing_export(m: Matrix, endpoint: str) -> None:
    """项目列表 exported: every row the user sees that the filters keep, and nothing else."""
    from openpyxl import load_workbook

    rows = all_rows(m.w.store)
    for who in WHO:
        client = m.w.clients[who]
        for params in ({}, {"year": 2024}, {"unit": "U-LIBRARY"}):
            answer = client.send("GET", "/api/projects.xlsx", params=params)
            if who == ANON:
                m.anonymous(endpoint, answer)
                break
            if not m.signed_in(endpoint, who, answer):
                continue
            book = load_workbook(io.BytesIO(answer.content), read_only=True)
            listed = [r[0] for r in book.worksheets[0].iter_rows(values_only=True) if r]
            got = {int(v) for v in listed if isinstance(v, int | float)}
            for py in got:
                if py not in rows or not sees(who, rows[py]):
                    m.leak(f"{endpoint} {params} as {who} exports project-year {py}")
            wanted = {r.id for r in rows.values() if sees(who, r) and _matches(r, params)}
            if got != wanted:
                m.fail(f"{endpoint} {params} as {who}: {sorted(got)} ≠ {sorted(wanted)}")


def dashboard_figures(m: Matrix, endpoint: str) -> None:
    """看板 for a year counts the project-years the user sees, all of them and no other."""
    rows = all_rows(m.w.store)
    for who in WHO:
        client = m.w.clients[who]
        for year in (2024, 2025):
            answer = client.send("GET", "/api/dashboard", params={"year": year})
            if who == ANON:
                m.anonymous(endpoint, answer)
                break
            if not m.signed_in(endpoint, who, answer):
                continue
            board = answer.json()
            wanted = sum(1 for r in rows.values() if r.year == year and sees(who, r))
            by_department = sum(d["projects"] for d in board["departments"])
            if board["projects"] > wanted or by_department > wanted:
                m.leak(f"{endpoint} {year} as {who}: {board['projects']} > {wanted}")
            if (board["year"], board["projects"], by_department) != (year, wanted, wanted):
                m.fail(
                    f"{endpoint} {year} as {who}: {board['projects']}, {by_department} ≠ {wanted}"
                )


def openapi(m: Matrix, endpoint: str) -> None:
    for who in WHO:
        answer = m.w.clients[who].send("GET", "/api/openapi.json")
        if m.signed_in(endpoint, who, answer) and "paths" not in answer.json():
            m.fail(f"{endpoint} as {who}: no paths")


def login(m: Matrix, endpoint: str) -> None:
    """Public: a new browser signs in as each role; wrong words are refused (401)."""
    for who in WHO:
        fresh = TestClient(m.w.app, base_url="http://testserver", raise_server_exceptions=False)
        password = DEMO_PASSWORD if who != ANON else "not-the-password"
        answer = fresh.post(
            "/api/login", json={"username": "unit" if who == ANON else who, "password": password}
        )
        if who == ANON:
            m.anonymous(endpoint, answer)
        elif m.signed_in(endpoint, who, answer) and answer.json()["user"]["username"] != who:
            m.fail(f"{endpoint} as {who}: {answer.text[:200]}")


def me(m: Matrix, endpoint: str) -> None:
    for who in WHO:
        answer = m.w.clients[who].send("GET", "/api/me")
        if who == ANON:
            m.anonymous(endpoint, answer)
        elif m.signed_in(endpoint, who, answer) and answer.json()["user"]["username"] != who:
            m.fail(f"{endpoint} as {who}: {answer.text[:200]}")


def logout(m: Matrix, endpoint: str) -> None:
    """Each role's own second session ends; the session ended opens nothing after."""
    for who in WHO:
        client = Client(m.w.app, None if who == ANON else who)
        answer = client.send("POST", "/api/logout")
        if who == ANON:
            m.anonymous(endpoint, answer)
        elif (
            m.signed_in(endpoint, who, answer) and client.send("GET", "/api/me").status_code != 401
        ):
            m.fail(f"{endpoint} as {who}: the session still opens /api/me")


# (method, path) → (the phases it runs in, its probe, the outcomes it must produce). Phase 0
# signs in and lists, 1 reads, 2 writes, 3 walks the cycle (every move by every role), 4 lists
# and reads again on the state the walk left, 9 signs out.
# -- long jobs: a batch import is the unit's own; a job is its asker's alone


def report_pdf(m: Matrix, endpoint: str) -> None:
    """A report PDF is queued for whoever may read the project-year."""
    for who in WHO:
        for label, target, py in _targets(m):
            m.on_object(
                endpoint,
                who,
                label,
                target,
                lambda c, i: c.send("POST", f"/api/projects/{i}/report.pdf"),
                lambda actor, r: authorize(actor, Action.READ, r.subject),
                m.live(py, writes=False),
            )


def _import(c: Client, unit: str) -> httpx.Response:
    data = (EXAMPLES / "selfeval" / "智慧图书馆数字资源建设.txt").read_bytes()
    return c.send("POST", "/api/imports", data={"unit": unit}, files=[("files", ("表.txt", data))])


def import_job(m: Matrix, endpoint: str) -> None:
    """A unit files for itself: a unit not the actor's to see, or none, is one 404; a unit
    seen but not filed for (its department, the finance bureau) is 403."""
    with m.w.store.transaction() as s:
        units = list(s.scalars(select(Organisation).where(Organisation.kind == OrgKind.UNIT)))
    for who in WHO:
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, _import(client, "U-LIBRARY"))
            continue
        missing = _import(client, "NO-SUCH-UNIT")
        for org in units:
            subject = Subject(
                org.id, org.department_id or 0, org.district_id or 0, Stage.SELFEVAL_DRAFT
            )
            decision = authorize(
                m.w.actors[who], Action.UPLOAD, subject, document=DocumentKind.SELFEVAL
            )
            if (decision.verdict is not Verdict.HIDDEN) != (org.code in SEES_UNITS[who]):
                m.fail(f"{endpoint} {org.code} as {who}: authorize {decision.verdict}")
            answer = _import(client, org.code)
            where = f"{endpoint} {org.code} as {who}"
            if decision.verdict is Verdict.HIDDEN:
                m.count(endpoint, who, "404")
                if answer.status_code != 404 or body(answer) != body(missing):
                    m.leak(f"{where}: {answer.status_code} {answer.text[:200]}")
            elif decision.verdict is Verdict.FORBIDDEN:
                m.count(endpoint, who, "403")
                if (answer.status_code, error_of(answer).get("message")) != (403, decision.reason):
                    m.fail(f"{where}: expected 403, got {answer.status_code} {answer.text[:200]}")
            elif m.signed_in(endpoint, who, answer) and answer.status_code != 202:
                m.fail(f"{where}: {answer.status_code}, not 202")
        m.count(endpoint, who, "404-missing")


_ASKED: dict[int, dict[str, int]] = {}  # per matrix: who → a job they asked for


def _asked(m: Matrix) -> dict[str, int]:
    """A job each of two roles asked for: the unit's import, the finance bureau's PDF (run
    here, so that it has its file when LibreOffice is installed)."""
    if id(m) not in _ASKED:
        imported = _import(m.w.clients["unit"], "U-LIBRARY")
        py = m.w.objects[next(iter(m.w.objects))]
        pdf = m.w.clients["finance"].send("POST", f"/api/projects/{py}/report.pdf")
        assert imported.status_code == pdf.status_code == 202, (imported.text, pdf.text)
        asked = {"unit": imported.json()["id"], "finance": pdf.json()["id"]}
        run_job(m.w.store, asked["finance"])
        _ASKED[id(m)] = asked
    return _ASKED[id(m)]


def _job_probe(path: str, made: Callable[[str], bool], page: bool = False) -> Probe:
    """A job is seen by who asked for it alone (`made(who)`: whether what is asked of it
    exists for its asker); anyone else meets it as a job that does not exist. `page`: the
    job's page, where a visitor is sent to the login form."""

    def probe(m: Matrix, endpoint: str) -> None:
        asked = _asked(m)
        for who in WHO:
            client = m.w.clients[who]
            if who == ANON:
                url = path.format(id=asked["unit"])
                if page:
                    _page_visitor(m, endpoint, client.http.get(url, follow_redirects=False))
                else:
                    m.anonymous(endpoint, client.send("GET", url))
                continue
            missing = client.send("GET", path.format(id=MISSING))
            m.count(endpoint, who, "404-missing")
            if body(client.send("GET", path.format(id=HUGE))) != body(missing):
                m.fail(f"{endpoint} huge id as {who}: not as a missing one")
            for owner, job in asked.items():
                answer = client.send("GET", path.format(id=job))
                where = f"{endpoint} {owner}'s job as {who}"
                if who != owner:
                    m.count(endpoint, who, "404")
                    if answer.status_code != 404 or body(answer) != body(missing):
                        m.leak(f"{where}: {answer.status_code} {answer.text[:200]}")
                elif made(owner):
                    m.signed_in(endpoint, who, answer)
                elif answer.status_code != 404:  # its own job, with nothing of that kind
                    m.fail(f"{where}: {answer.status_code} {answer.text[:200]}")

    return probe


job_status = _job_probe("/api/jobs/{id}", lambda owner: True)
job_file = _job_probe(
    "/api/jobs/{id}/file", lambda owner: owner == "finance" and find_soffice() is not None
)
job_page = _job_probe("/jobs/{id}", lambda owner: True, page=True)


def job_list(m: Matrix, endpoint: str) -> None:
    """GET /api/jobs: the user's own jobs, never another's."""
    _asked(m)
    for who in WHO:
        client = m.w.clients[who]
        answer = client.send("GET", "/api/jobs")
        if who == ANON:
            m.anonymous(endpoint, answer)
            continue
        if not m.signed_in(endpoint, who, answer):
            continue
        ids = [j["id"] for j in answer.json()["items"]]
        with m.w.store.transaction() as s:
            owners = set(s.scalars(select(Job.created_by).where(Job.id.in_(ids))))
        if owners - {m.w.actors[who].user_id}:
            m.leak(f"{endpoint} as {who}: lists jobs of users {sorted(owners)}")


# -- the pages: a visitor is sent to the login form; a page shows what its JSON twin lists


def page(path: str) -> Probe:
    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            client = m.w.clients[who]
            answer = client.http.get(path, follow_redirects=False)
            where = f"{endpoint} as {who}"
            if path == "/":  # the login form for a visitor, the workbench for the signed in
                wanted = (200, None) if who == ANON else (303, "/home")
                got = (answer.status_code, answer.headers.get("location"))
                m.count(endpoint, who, "2xx" if who == ANON else "303")
                if got != wanted:
                    m.fail(f"{where}: {got}, not {wanted}")
                continue
            if who == ANON:
                m.count(endpoint, who, "303")
                if (answer.status_code, answer.headers.get("location")) != (303, "/"):
                    m.fail(f"{where}: {answer.status_code}, not sent to the login form")
                continue
            if not m.signed_in(endpoint, who, answer) or path != "/projects":
                continue
            listed = client.send("GET", "/api/projects").json()["items"]
            shown = re.findall(r'<tr><td>\d{4}</td><td><a href="/projects/(\d+)">', answer.text)
            if sorted(map(int, shown)) != sorted(p["id"] for p in listed):
                m.leak(f"{where}: the page lists {sorted(shown)}, its twin {len(listed)} rows")

    return probe


def _page_visitor(m: Matrix, endpoint: str, answer: httpx.Response) -> None:
    m.count(endpoint, ANON, "303")
    if (answer.status_code, answer.headers.get("location")) != (303, "/"):
        m.fail(f"{endpoint} without a session: {answer.status_code}, not sent to the login form")


def project_page(m: Matrix, endpoint: str) -> None:
    """GET /projects/{id}: the page of a project-year its reader may see; for anyone else the
    page a missing one answers, byte for byte."""
    for who in WHO:
        for label, target, py in _targets(m):
            client = m.w.clients[who]
            if who == ANON:
                got = client.http.get(f"/projects/{target}", follow_redirects=False)
                _page_visitor(m, endpoint, got)
                continue
            m.on_object(
                endpoint,
                who,
                label,
                target,
                lambda c, i: c.http.get(f"/projects/{i}"),
                lambda actor, r: authorize(actor, Action.READ, r.subject),
                m.live(py, writes=False),
            )


def page_form(suffix: str, files: bool) -> Probe:
    """A form of the project page (step, upload): with a forged token refused (403) and
    nothing changed; with the session's token but unconfirmed (a step) or an unreadable file
    (an upload), a project-year the user may not see answers as a missing one (404) and one
    they see is shown again with the refusal — never changed either way."""

    def probe(m: Matrix, endpoint: str) -> None:
        extra: dict[str, Any] = (
            {"files": {"file": ("坏文件.yaml", b"not: [a", "application/x-yaml")}} if files else {}
        )
        for who in WHO:
            client = m.w.clients[who]
            for label, target, py in _targets(m):
                url = f"/projects/{target}/{suffix}"
                before = row(m.w.store, py) if py is not None else None
                forged = client.http.post(
                    url,
                    data={"csrf": "forged", "action": "approve", "confirm": "yes"},
                    follow_redirects=False,
                    **extra,
                )
                if who == ANON:
                    _page_visitor(m, endpoint, forged)
                    continue
                if forged.status_code != 403:
                    m.fail(f"{endpoint} {label} as {who}, forged token: {forged.status_code}")
                m.count(endpoint, who, "403")

                def refused(i: int, c: Client = client) -> httpx.Response:
                    form = {"csrf": c.csrf, "action": "approve"}
                    return c.http.post(
                        f"/projects/{i}/{suffix}", data=form, follow_redirects=False, **extra
                    )

                answer = refused(target)
                now = m.row(py, writes=False) if py is not None else None
                if now is None or not sees(who, now):
                    m.count(endpoint, who, "404" if now is not None else "404-missing")
                    empty = refused(MISSING)
                    if answer.status_code != 404 or answer.content != empty.content:
                        m.leak(f"{endpoint} {label} as {who}: {answer.status_code}")
                else:
                    m.count(endpoint, who, "2xx")  # the page again, with the refusal
                    if answer.status_code not in (403, 422) or 'class="crumbs"' not in answer.text:
                        m.fail(f"{endpoint} {label} as {who}: {answer.status_code}")
                if py is not None and row(m.w.store, py) != before:
                    m.fail(f"{endpoint} {label} as {who}: a refused form changed the project")

    return probe


def upload_form(m: Matrix, endpoint: str) -> None:
    """POST /upload: a forged token refused; a unit's files become its own job (303 to it);
    anyone else is told that batch uploads are a unit's, and no job is made."""
    bad = {"files": ("坏文件.yaml", b"not: [a", "application/x-yaml")}
    for who in WHO:
        client = m.w.clients[who]
        forged = client.http.post(
            "/upload", data={"csrf": "forged"}, files=bad, follow_redirects=False
        )
        if who == ANON:
            _page_visitor(m, endpoint, forged)
            continue
        m.count(endpoint, who, "403")
        if forged.status_code != 403:
            m.fail(f"{endpoint} as {who}, forged token: {forged.status_code}")
        with m.w.store.transaction() as s:
            before = s.scalar(select(func.count()).select_from(Job))
        answer = client.http.post(
            "/upload", data={"csrf": client.csrf}, files=bad, follow_redirects=False
        )
        with m.w.store.transaction() as s:
            after = s.scalar(select(func.count()).select_from(Job))
        if m.w.actors[who].role is Role.UNIT:
            m.count(endpoint, who, "303")
            made = answer.headers.get("location", "")
            if answer.status_code != 303 or after != (before or 0) + 1:
                m.fail(f"{endpoint} as {who}: {answer.status_code}, jobs {before} → {after}")
            elif client.http.get(made).status_code != 200:
                m.fail(f"{endpoint} as {who}: its job {made} is not shown")
        else:
            m.count(endpoint, who, "2xx")  # the form again, with the refusal
            if answer.status_code != 422 or after != before:
                m.fail(f"{endpoint} as {who}: {answer.status_code}, jobs {before} → {after}")


def pdf_form(m: Matrix, endpoint: str) -> None:
    """POST /projects/{id}/pdf: a forged token refused; a project-year the user may not see
    answered as a missing one; one they see makes a job (303 to it), or says it has no score."""
    for who in WHO:
        client = m.w.clients[who]
        for label, target, py in _targets(m):
            url = f"/projects/{target}/pdf"
            forged = client.http.post(url, data={"csrf": "forged"}, follow_redirects=False)
            if who == ANON:
                _page_visitor(m, endpoint, forged)
                continue
            m.count(endpoint, who, "403")
            if forged.status_code != 403:
                m.fail(f"{endpoint} {label} as {who}, forged token: {forged.status_code}")

            def asked(i: int, c: Client = client) -> httpx.Response:
                return c.http.post(
                    f"/projects/{i}/pdf", data={"csrf": c.csrf}, follow_redirects=False
                )

            answer = asked(target)
            now = m.row(py, writes=False) if py is not None else None
            if now is None or not sees(who, now):
                m.count(endpoint, who, "404" if now is not None else "404-missing")
                if answer.status_code != 404 or answer.content != asked(MISSING).content:
                    m.leak(f"{endpoint} {label} as {who}: {answer.status_code}")
                continue
            m.count(endpoint, who, "303")
            made = answer.headers.get("location", "")
            unscored = answer.status_code == 404 and "还没有上传过表格" in answer.text
            if not (answer.status_code == 303 and made.startswith("/jobs/")) and not unscored:
                m.fail(f"{endpoint} {label} as {who}: {answer.status_code} {made}")
            elif made and client.http.get(made).status_code != 200:
                m.fail(f"{endpoint} {label} as {who}: its own job {made} is not shown")


# -- 在线填报: who may upload the table of the stage may edit it; nothing here stores

EDIT_REFUSED = "当前阶段不能在线填报绩效目标表或自评表"
BAD_DRAFT = {"rows": [{"level1": "产出指标", "name": "x", "weight": "abc"}]}


def _may_edit(actor: Actor, r: Row) -> Decision:
    decisions = [
        authorize(actor, Action.UPLOAD, r.subject, document=kind)
        for kind in (DocumentKind.TARGETS, DocumentKind.SELFEVAL)
    ]
    if all(d.verdict is Verdict.HIDDEN for d in decisions):
        return HIDDEN
    if any(d.allowed for d in decisions):
        return Decision(Verdict.ALLOWED)
    return Decision(Verdict.FORBIDDEN, EDIT_REFUSED)


def editor_probe(how: str) -> Probe:
    """`how`: the API's read, review or save (a draft with a bad weight: refused, 422, when
    allowed), or the page's form, an op on its rows, or its review fragment."""
    api_paths = {
        "api-read": ("GET", "/api/projects/{id}/editor"),
        "api-review": ("POST", "/api/projects/{id}/editor/review"),
        "api-save": ("POST", "/api/projects/{id}/editor"),
    }
    page_paths = {
        "page-get": ("GET", "/projects/{id}/edit"),
        "page-op": ("POST", "/projects/{id}/edit"),
        "page-review": ("POST", "/projects/{id}/edit/review"),
    }

    def send(c: Client, i: int) -> httpx.Response:
        if how in api_paths:
            method, path = api_paths[how]
            body = {"json": BAD_DRAFT} if method == "POST" else {}
            return c.send(method, path.format(id=i), **body)
        method, path = page_paths[how]
        form = {"csrf": c.csrf, "op": "add:0", "name": "x"} if method == "POST" else None
        return c.http.request(method, path.format(id=i), data=form, follow_redirects=False)

    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            client = m.w.clients[who]
            for label, target, py in _targets(m):
                if who == ANON:
                    if how in api_paths:
                        m.anonymous(endpoint, send(client, target))
                    else:
                        _page_visitor(m, endpoint, send(client, target))
                    continue
                before = row(m.w.store, py) if py is not None else None
                now = m.row(py, writes=False) if py is not None else None
                decision = HIDDEN if now is None else _may_edit(m.w.actors[who], now)
                answer = send(client, target)
                where = f"{endpoint} {label} as {who}"
                if decision.verdict is Verdict.HIDDEN:
                    m.count(endpoint, who, "404" if now is not None else "404-missing")
                    if answer.status_code != 404 or body(answer) != body(send(client, MISSING)):
                        m.leak(f"{where}: {answer.status_code} {answer.text[:200]}")
                elif decision.verdict is Verdict.FORBIDDEN:
                    m.count(endpoint, who, "403")
                    if answer.status_code != 403 or EDIT_REFUSED not in answer.text:
                        m.fail(f"{where}: {answer.status_code}, not refused")
                else:
                    m.count(endpoint, who, "2xx")
                    wanted = 422 if how == "api-save" else 200
                    if answer.status_code != wanted:
                        m.fail(f"{where}: {answer.status_code} {answer.text[:200]}")
                if py is not None and row(m.w.store, py) != before:
                    m.fail(f"{where}: the project changed")

    return probe


# -- 在线评价 (web/pages/evaluate.py, web/evaluating.py): only the evaluator who may upload an
# evaluation case now (commissioned, 评价实施/意见征求) enters its facts, and only once a case with
# its framework is stored; nothing here stores (a save sends a stale version, or a forged token)

EVALUATE_REFUSED = "只有受委托的第三方评价机构在「评价实施」「意见征求」阶段可以在线评价"
NO_EVALUATION_CASE = "请先在项目页上传评价案例"
EVAL_FACTS = {"facts": {"实施效益": {"level": "显著"}}, "version": 0}


def _newest_is_evaluation(m: Matrix, py: int) -> bool:
    with m.w.store.transaction() as s:
        kind = s.scalar(
            select(CaseVersion.kind)
            .where(CaseVersion.project_year_id == py)
            .order_by(CaseVersion.seq.desc())
            .limit(1)
        )
    return kind is DocumentKind.EVALUATION


def evaluate_probe(how: str) -> Probe:
    """`how`: the API's read, review or save (version 0: a conflict, 409), or the page, its
    review fragment or its save (a forged token first: 403; then version 0: 409)."""
    paths = {
        "api-read": ("GET", "/api/projects/{id}/evaluation"),
        "api-review": ("POST", "/api/projects/{id}/evaluation/review"),
        "api-save": ("POST", "/api/projects/{id}/evaluation"),
        "page-get": ("GET", "/projects/{id}/evaluate"),
        "page-review": ("POST", "/projects/{id}/evaluate/review"),
        "page-save": ("POST", "/projects/{id}/evaluate"),
    }
    method, path = paths[how]
    api_route = how.startswith("api")

    def send(c: Client, i: int, csrf: str | None = None) -> httpx.Response:
        url = path.format(id=i)
        if api_route:
            return c.send(method, url, **({"json": EVAL_FACTS} if method == "POST" else {}))
        form = {"csrf": c.csrf if csrf is None else csrf, "version": "0", "v-0-0": "②"}
        data = form if method == "POST" else None
        return c.http.request(method, url, data=data, follow_redirects=False)

    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            client = m.w.clients[who]
            for label, target, py in _targets(m):
                if who == ANON:
                    if api_route:
                        m.anonymous(endpoint, send(client, target))
                    else:
                        _page_visitor(m, endpoint, send(client, target))
                    continue
                before = row(m.w.store, py) if py is not None else None
                now = m.row(py, writes=False) if py is not None else None
                where = f"{endpoint} {label} as {who}"
                if method == "POST" and not api_route:
                    forged = send(client, target, "forged")
                    if forged.status_code != 403:
                        m.fail(f"{where}, forged token: {forged.status_code}")
                answer = send(client, target)
                if now is None:
                    decision = HIDDEN
                else:
                    decision = authorize(
                        m.w.actors[who],
                        Action.UPLOAD,
                        now.subject,
                        document=DocumentKind.EVALUATION,
                    )
                if decision.verdict is Verdict.HIDDEN:
                    m.count(endpoint, who, "404" if now is not None else "404-missing")
                    if answer.status_code != 404 or body(answer) != body(send(client, MISSING)):
                        m.leak(f"{where}: {answer.status_code} {answer.text[:200]}")
                elif not decision.allowed:
                    m.count(endpoint, who, "403")
                    if answer.status_code != 403 or EVALUATE_REFUSED not in answer.text:
                        m.fail(f"{where}: {answer.status_code}, not refused")
                elif py is not None and not _newest_is_evaluation(m, py):
                    m.count(endpoint, who, "422")
                    if answer.status_code != 422 or NO_EVALUATION_CASE not in answer.text:
                        m.fail(f"{where}: {answer.status_code}, no case to evaluate on")
                else:
                    wanted = 409 if how.endswith("save") else 200
                    m.count(endpoint, who, "2xx")
                    if answer.status_code != wanted:
                        m.fail(f"{where}: {answer.status_code} {answer.text[:200]}")
                if py is not None and row(m.w.store, py) != before:
                    m.fail(f"{where}: the project changed")

    return probe


def table_probe(m: Matrix, endpoint: str) -> None:
    """GET …/table.xlsx: a reading, except that a project-year whose newest case is an
    evaluation (the demo's 公益文化艺术培训) has no 标准自评表: 422, to whoever may read it."""
    path = "/api/projects/{id}/table.xlsx"
    for who in WHO:
        for label, target, py in _targets(m):
            now = m.row(py, writes=False) if py is not None else None
            if (
                who != ANON
                and now is not None
                and authorize(m.w.actors[who], Action.READ, now.subject).allowed
                and _newest_is_evaluation(m, now.id)
            ):
                answer = m.w.clients[who].send("GET", path.format(id=target))
                m.count(endpoint, who, "422")
                if answer.status_code != 422 or "评价案例没有标准自评表" not in answer.text:
                    m.fail(f"{endpoint} {label} as {who}: {answer.status_code}")
                continue
            m.on_object(
                endpoint,
                who,
                label,
                target,
                lambda c, i: c.send("GET", path.format(id=i)),
                lambda actor, r: authorize(actor, Action.READ, r.subject),
                m.live(py, writes=False),
            )


# -- 整改 page (web/pages/rectify.py): the list is its JSON twin's, filter by filter; a form
# changes an item only with the session's token and as the service allows (the unit reports,
# the department and finance bureau assign); another's item answers as a missing one, unchanged

RECT_VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("", {}),
    ("?open=1", {"open": "true"}),
    ("?overdue=1", {"overdue": "true"}),
    *((f"?unit={code}", {"unit": code}) for code in UNIT_CODES),
)


def rectification_page(m: Matrix, endpoint: str) -> None:
    """GET /rectifications: every filter lists, in order, the items its twin lists."""
    for who in WHO:
        client = m.w.clients[who]
        for query, params in RECT_VARIANTS:
            answer = client.http.get("/rectifications" + query, follow_redirects=False)
            if who == ANON:
                _page_visitor(m, endpoint, answer)
                continue
            if not m.signed_in(endpoint, who, answer):
                continue
            twin = client.send("GET", "/api/rectifications", params=params).json()["items"]
            shown = [int(i) for i in re.findall(r'<tr id="item-(\d+)"', answer.text)]
            if shown != [i["id"] for i in twin]:
                m.leak(f"{endpoint}{query} as {who}: the page lists {shown}, its twin {twin}")


def _item_state(m: Matrix, i: int) -> tuple[Any, ...] | None:
    with m.w.store.transaction() as s:
        r = s.get(Rectification, i) if i < 2**31 else None
        return None if r is None else (r.version, r.status, r.owner, r.due, r.evidence_id)


def rectification_form(evidence: bool) -> Probe:
    """POST /rectifications/{id} (the unit's 进展, the reviewers' 分派) or …/evidence: with a
    forged token 403 and nothing changed; with the session's, the verdict of the live row —
    allowed: 303 back to the list and the item moved on; seen but not the role's: 403 with
    authorize's reason on the page; not seen: 404 as for an id that does not exist."""

    def probe(m: Matrix, endpoint: str) -> None:
        def send(c: Client, i: int, who: str, reviewer: bool, csrf: str) -> httpx.Response:
            data = {"csrf": csrf, "version": str(_item_version(m, i))}
            if evidence:
                files = {"file": (f"{who}的页面佐证.txt", f"页面佐证 {who} {i}".encode())}
                url = f"/rectifications/{i}/evidence"
                return c.http.post(url, data=data, files=files, follow_redirects=False)
            if reviewer:
                data |= {"form": "assign", "owner": f"{who}指定的责任人", "due": "", "status": ""}
            else:
                data |= {"form": "progress", "status": "in_progress", "note": f"{who}填报的进展"}
            return c.http.post(f"/rectifications/{i}", data=data, follow_redirects=False)

        items = _items_of(m)
        assert len(items) >= 2, "the world has 整改 items in two departments"
        for who in WHO:
            client = m.w.clients[who]
            reviewer = who in ("department", "finance")
            action = Action.MANAGE_RECTIFICATION if reviewer else Action.EDIT_RECTIFICATION
            for label, target, py in [*items, ("missing", MISSING, None), ("huge", HUGE, None)]:
                where = f"{endpoint} {label} as {who}"
                before = _item_state(m, target)
                forged = send(client, target, who, reviewer, "forged")
                if who == ANON:
                    _page_visitor(m, endpoint, forged)
                    continue
                m.count(endpoint, who, "403")
                if forged.status_code != 403 or _item_state(m, target) != before:
                    m.fail(f"{where}, forged token: {forged.status_code}, or the item changed")
                now = m.row(py, writes=True) if py is not None else None
                actor = m.w.actors[who]
                decision = HIDDEN if now is None else authorize(actor, action, now.subject)
                if now is not None and (decision.verdict is not Verdict.HIDDEN) != sees(who, now):
                    m.fail(f"{where}: authorize {decision.verdict} against the demo's ownership")
                answer = send(client, target, who, reviewer, client.csrf)
                after = _item_state(m, target)
                if decision.verdict is Verdict.HIDDEN:
                    m.count(endpoint, who, "404" if now is not None else "404-missing")
                    empty = send(client, MISSING, who, reviewer, client.csrf)
                    if answer.status_code != 404 or answer.content != empty.content:
                        m.leak(f"{where}: {answer.status_code}, a missing one {empty.status_code}")
                    if after != before:
                        m.leak(f"{where}: an item the user may not see changed")
                elif decision.verdict is Verdict.FORBIDDEN:
                    m.count(endpoint, who, "403")
                    if answer.status_code != 403 or decision.reason not in answer.text:
                        m.fail(f"{where}: {answer.status_code}, not 「{decision.reason}」")
                    if after != before:
                        m.fail(f"{where}: a refused form changed the item")
                else:
                    m.count(endpoint, who, "303")
                    back = answer.headers.get("location", "")
                    moved = before is not None and after is not None and after[0] == before[0] + 1
                    if answer.status_code != 303 or not back.startswith("/rectifications?"):
                        m.fail(f"{where}: allowed, got {answer.status_code} {answer.text[:200]}")
                    elif not moved:
                        m.fail(f"{where}: allowed and answered 303, but the item did not change")

    return probe


def page_login(m: Matrix, endpoint: str) -> None:
    for who in WHO:
        client = TestClient(m.w.app, base_url="http://testserver")
        name = "unit" if who == ANON else who
        password = "not-the-password" if who == ANON else DEMO_PASSWORD
        answer = client.post(
            "/login", data={"username": name, "password": password}, follow_redirects=False
        )
        outcome = "401" if who == ANON else "303"
        m.count(endpoint, who, outcome)
        if str(answer.status_code) != outcome:
            m.fail(f"{endpoint} as {who}: {answer.status_code} {answer.text[:200]}")


def page_logout(m: Matrix, endpoint: str) -> None:
    """A logout form without the session's token closes nothing (its cookie goes only)."""
    for who in WHO:
        client = m.w.clients[who]
        cookie = client.http.cookies.get("jixiao_session")
        answer = client.http.post("/logout", data={"csrf": "forged"}, follow_redirects=False)
        m.count(endpoint, who, "303")
        if cookie is not None:
            client.http.cookies.set("jixiao_session", cookie)
        if answer.status_code != 303:
            m.fail(f"{endpoint} as {who}: {answer.status_code}")
        if who != ANON and client.send("GET", "/api/me").status_code != 200:
            m.fail(f"{endpoint} as {who}: a forged token closed the session")


# ---------------------------------------------------------------------------------------------
# 运行监控 (web/monitoring.py, web/pages/monitoring.py): monitoring cases analysed, nothing
# stored — any signed-in user may ask; a visitor is refused (401) or sent to the login form
# (303), a forged token is refused (403), and every role gets the same analysis.

MONITOR_CASE = EXAMPLES / "monitor" / "区文化广电旅游体育局-2024.yaml"


def _monitor_files() -> dict[str, Any]:
    return {"file": (MONITOR_CASE.name, MONITOR_CASE.read_bytes(), "application/x-yaml")}


def _documents(m: Matrix) -> int:
    with m.w.store.transaction() as s:
        return s.scalar(select(func.count()).select_from(Document)) or 0


def monitoring_api(m: Matrix, endpoint: str) -> None:
    """POST /api/monitoring: the case analysed alike for every role, nothing stored."""
    before, seen = _documents(m), set[str]()
    for who in WHO:
        client = m.w.clients[who]
        if who == ANON:
            m.anonymous(endpoint, client.send("POST", "/api/monitoring", files=_monitor_files()))
            continue
        forged = client.http.post(
            "/api/monitoring", headers={"X-CSRF-Token": "forged"}, files=_monitor_files()
        )
        m.count(endpoint, who, "403")
        if forged.status_code != 403 or error_of(forged).get("code") != "csrf":
            m.fail(f"{endpoint} as {who}, forged token: {forged.status_code}")
        answer = client.send("POST", "/api/monitoring", files=_monitor_files())
        if m.signed_in(endpoint, who, answer):
            seen.add(answer.text)
            if [d["name"] for d in answer.json()["departments"]] != ["某区文化广电旅游体育局"]:
                m.fail(f"{endpoint} as {who}: {answer.text[:200]}")
    if len(seen) != 1:
        m.fail(f"{endpoint}: the roles got {len(seen)} different analyses of one file")
    if _documents(m) != before:
        m.fail(f"{endpoint}: an analysis stored documents")


def monitoring_page(m: Matrix, endpoint: str) -> None:
    """POST /monitoring: the example analysed for every role, each project the page shows
    being one its JSON twin gives; a forged token refused and nothing shown."""
    for who in WHO:
        client = m.w.clients[who]
        forged = client.http.post(
            "/monitoring", data={"csrf": "forged", "example": "1"}, follow_redirects=False
        )
        if who == ANON:
            _page_visitor(m, endpoint, forged)
            continue
        m.count(endpoint, who, "403")
        if forged.status_code != 403 or "分析结果" in forged.text:
            m.fail(f"{endpoint} as {who}, forged token: {forged.status_code}")
        answer = client.http.post(
            "/monitoring", data={"csrf": client.csrf, "example": "1"}, follow_redirects=False
        )
        if not m.signed_in(endpoint, who, answer):
            continue
        twin = client.send("POST", "/api/monitoring", data={"example": "true"}).json()
        wanted = sorted(p["name"] for d in twin["departments"] for p in d["projects"])
        shown = sorted(re.findall(r'<tr class="row_\w+"><th scope="row">([^<]+)</th>', answer.text))
        if not wanted or shown != wanted:
            m.fail(f"{endpoint} as {who}: the page shows {shown}, its twin {wanted}")


# ---------------------------------------------------------------------------------------------
# 管理 (web/admin.py, web/pages/admin.py): users, organisations and the audit log are the
# administrator's alone — everyone else 403 (the API's envelope, or the error page in Chinese),
# a visitor 401 or sent to the login form; a forged token is refused and changes nothing. The
# matrix's own organisations and users go to the other district (FIN2), out of every listing.

ADMIN_ONLY = {"users": "只有管理员可以管理用户", "orgs": "只有管理员可以管理组织机构"}


def _people(m: Matrix) -> tuple[int, int, int]:
    """Users, organisations and audit entries: what a refused change must leave alone."""
    from jixiao.store.schema import AuditEntry

    with m.w.store.transaction() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (UserRow, Organisation, AuditEntry)
        )


def _refused(m: Matrix, endpoint: str, who: str, answer: httpx.Response, words: str) -> None:
    m.count(endpoint, who, "403")
    error = error_of(answer)
    if (answer.status_code, error.get("code"), error.get("message")) != (403, "forbidden", words):
        m.fail(f"{endpoint} as {who}: {answer.status_code} {answer.text[:200]}, not 「{words}」")


def admin_read(path: str, kind: str) -> Probe:
    """GET /api/users, /api/orgs, /api/admin/audit: the administrator gets every row the
    store holds (the audit log: the newest, and each project-year's with its values
    withheld); anyone else 403."""

    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            client = m.w.clients[who]
            answer = client.send("GET", path)
            if who == ANON:
                m.anonymous(endpoint, answer)
                continue
            if who != "admin":
                _refused(m, endpoint, who, answer, ADMIN_ONLY[kind])
                continue
            if not m.signed_in(endpoint, who, answer):
                continue
            items = answer.json()["items"]
            users, orgs, entries = _people(m)
            wanted = {"/api/users": users, "/api/orgs": orgs}.get(path, min(entries, 200))
            if len(items) != wanted:
                m.fail(f"{endpoint}: {len(items)} rows, the store {wanted}")
            if path != "/api/admin/audit":
                continue
            for label, target, py in _targets(m):
                one = client.send("GET", path, params={"object": f"project_year:{target}"})
                m.count(endpoint, who, "2xx")
                got = one.json().get("items", []) if one.status_code == 200 else None
                if got is None or any(e["old"] is not None or e["new"] is not None for e in got):
                    m.fail(f"{endpoint} {label}: {one.status_code}, project content shown")
                elif py is not None and not got:
                    m.fail(f"{endpoint} {label}: the project-year's entries are missing")
                elif py is None and got:
                    m.fail(f"{endpoint} {label}: entries of a project-year that does not exist")

    return probe


def _admin_sends(m: Matrix, who: str, method: str, url: str, body: dict[str, Any]) -> Any:
    return m.w.clients[who].send(method, url, json=body)


def admin_write(method: str, path: str) -> Probe:
    """POST /api/orgs, POST /api/users, PATCH /api/users/{id}: the administrator's change is
    made once (the same again: 409; a user that does not exist: 404); a forged token, or
    anyone else, changes nothing."""
    fresh = iter(range(1, 10**6))

    def body_of(m: Matrix, n: int) -> tuple[str, dict[str, Any]]:
        if path == "/api/orgs":
            org = {"code": f"D-MATRIX-{n}", "name": "外区矩阵局", "kind": "department"}
            return path, {**org, "parent": "FIN2"}
        if method == "POST":
            user = {"username": f"matrix-{n}", "password": "matrix-password", "role": "department"}
            return path, {**user, "org": "D-OTHER", "display_name": "矩阵"}
        change = {"version": _version_of(m), "display_name": f"外区财政局 {n}"}
        return f"/api/users/{_patched(m)}", change

    def probe(m: Matrix, endpoint: str) -> None:
        words = ADMIN_ONLY["orgs" if path == "/api/orgs" else "users"]
        for who in WHO:
            url, body = body_of(m, next(fresh))
            client = m.w.clients[who]
            if who == ANON:
                m.anonymous(endpoint, client.send(method, url, json=body))
                continue
            before = _people(m)
            forged = client.http.request(method, url, json=body, headers={"X-CSRF-Token": "forged"})
            m.count(endpoint, who, "403")
            if forged.status_code != 403 or error_of(forged).get("code") != "csrf":
                m.fail(f"{endpoint} as {who}, forged token: {forged.status_code}")
            answer = _admin_sends(m, who, method, url, body)
            if who != "admin":
                _refused(m, endpoint, who, answer, words)
                if _people(m) != before:
                    m.fail(f"{endpoint} as {who}: a refused request changed the store")
                continue
            if not m.signed_in(endpoint, who, answer):
                continue
            if _people(m) == before:
                m.fail(f"{endpoint}: the change was not made, or not audited")
            if method == "POST":
                again = _admin_sends(m, who, method, url, body)
                m.count(endpoint, who, "409")
                if again.status_code != 409 or error_of(again).get("code") != "conflict":
                    m.fail(f"{endpoint} the same again: {again.status_code} {again.text[:200]}")
            else:
                for target in (MISSING, HUGE):
                    gone = client.send(method, f"/api/users/{target}", json=body)
                    m.count(endpoint, who, "404-missing")
                    if gone.status_code != 404 or error_of(gone).get("message") != "没有这个用户":
                        m.fail(f"{endpoint} user {target}: {gone.status_code}")

    return probe


def _patched(m: Matrix) -> int:
    """The user the matrix changes: finance2, of the other district (no probe reads its name)."""
    return m.w.actors["finance2"].user_id


def _version_of(m: Matrix) -> int:
    with m.w.store.transaction() as s:
        found = s.get(UserRow, _patched(m))
        assert found is not None
        return found.version


def admin_page(path: str, kind: str) -> Probe:
    """GET /admin, /admin/orgs, /admin/audit: the administrator's tab; anyone else the error
    page saying it is the administrator's; a visitor the login form."""

    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            answer = m.w.clients[who].http.get(path, follow_redirects=False)
            if who == ANON:
                _page_visitor(m, endpoint, answer)
            elif who != "admin":
                m.count(endpoint, who, "403")
                if answer.status_code != 403 or ADMIN_ONLY[kind] not in answer.text:
                    m.fail(f"{endpoint} as {who}: {answer.status_code}, not the refusal page")
            elif m.signed_in(endpoint, who, answer) and 'aria-current="page">管理</a>' not in (
                answer.text
            ):
                m.fail(f"{endpoint} as admin: not the 管理 page")

    return probe


def admin_form(path: str) -> Probe:
    """POST /admin/users, /admin/orgs, /admin/users/{id}: a forged token refused (403) and
    nothing changed; anyone but the administrator refused on the error page, nothing changed;
    the administrator's change made, 303 back to its tab (a user that does not exist: 404)."""
    fresh = iter(range(1, 10**6))

    def form_of(m: Matrix, n: int) -> tuple[str, dict[str, str]]:
        if path == "/admin/orgs":
            return path, {
                "code": f"D-PAGE-{n}",
                "name": "外区页面局",
                "kind": "department",
                "parent": "FIN2",
            }
        if path == "/admin/users":
            return path, {
                "username": f"page-{n}",
                "password": "page-password",
                "role": "department",
                "org": "D-OTHER",
                "display_name": "页面",
            }
        form = {
            "version": str(_version_of(m)),
            "role": "finance",
            "org": "FIN2",
            "display_name": f"外区财政局（页面）{n}",
            "active": "yes",
        }
        return f"/admin/users/{_patched(m)}", form

    def probe(m: Matrix, endpoint: str) -> None:
        for who in WHO:
            client = m.w.clients[who]
            url, form = form_of(m, next(fresh))
            forged = client.http.post(url, data={**form, "csrf": "forged"}, follow_redirects=False)
            if who == ANON:
                _page_visitor(m, endpoint, forged)
                continue
            before = _people(m)
            m.count(endpoint, who, "403")
            if forged.status_code != 403 or "令牌不正确" not in forged.text:
                m.fail(f"{endpoint} as {who}, forged token: {forged.status_code}")
            answer = client.http.post(
                url, data={**form, "csrf": client.csrf}, follow_redirects=False
            )
            if who != "admin":
                m.count(endpoint, who, "403")
                words = ADMIN_ONLY["orgs" if path == "/admin/orgs" else "users"]
                if answer.status_code != 403 or words not in answer.text:
                    m.fail(f"{endpoint} as {who}: {answer.status_code}, not refused")
                if _people(m) != before:
                    m.fail(f"{endpoint} as {who}: a refused form changed the store")
                continue
            m.count(endpoint, who, "303")
            back = "/admin/orgs?done=org" if path == "/admin/orgs" else "/admin?done="
            if answer.status_code != 303 or not answer.headers.get("location", "").startswith(back):
                m.fail(f"{endpoint} as admin: {answer.status_code} {answer.text[:200]}")
            elif _people(m) == before:
                m.fail(f"{endpoint} as admin: nothing was changed")
            if path == "/admin/users/{user_id}":
                gone = client.http.post(
                    f"/admin/users/{MISSING}", data={**form, "csrf": client.csrf}
                )
                m.count(endpoint, who, "404-missing")
                if gone.status_code != 404 or "没有这个用户" not in gone.text:
                    m.fail(f"{endpoint} a user that does not exist: {gone.status_code}")

    return probe


ALL = frozenset({"2xx", "401", "403", "404", "404-missing"})
READ = frozenset({"2xx", "401", "404", "404-missing"})
SESSION = frozenset({"2xx", "401"})
EXPORT = frozenset({"2xx", "401", "403"})
LISTS_AGAIN, READS_AGAIN = (0, 4), (1, 4)  # a few reads again: who sees what has moved
_EDIT = frozenset({"2xx", "303", "403", "404", "404-missing"})  # a page: a visitor is sent away
_EVAL = frozenset({"2xx", "401", "403", "404", "404-missing", "422"})  # 422: no case yet
_EVAL_PAGE = frozenset({"2xx", "303", "403", "404", "404-missing", "422"})
_ADMIN = frozenset({"2xx", "401", "403"})  # 管理: the administrator, anyone else, a visitor
_ADMIN_PAGE = frozenset({"2xx", "303", "403"})
_RECT_FORM = frozenset({"303", "403", "404", "404-missing"})  # 整改 page forms
ENDPOINTS: dict[tuple[str, str], tuple[tuple[int, ...], Probe, frozenset[str]]] = {
    ("GET", "/api/openapi.json"): ((0,), openapi, frozenset({"2xx"})),
    ("POST", "/api/login"): ((0,), login, SESSION),
    ("GET", "/api/me"): ((0,), me, SESSION),
    ("GET", "/api/projects"): (LISTS_AGAIN, project_list, SESSION),
    ("GET", "/api/rectifications"): (LISTS_AGAIN, rectification_list, SESSION),
    ("GET", "/api/indicators"): (LISTS_AGAIN, indicator_library, SESSION),
    ("GET", "/api/portfolio"): (LISTS_AGAIN, portfolio, SESSION),
    ("GET", "/api/portfolio/projects"): (LISTS_AGAIN, project_results, SESSION),
    ("GET", "/api/portfolio.xlsx"): (LISTS_AGAIN, results_export, EXPORT),
    ("GET", "/api/projects.xlsx"): (LISTS_AGAIN, listing_export, SESSION),
    ("GET", "/api/dashboard"): (LISTS_AGAIN, dashboard_figures, SESSION),
    ("GET", "/dashboard"): (LISTS_AGAIN, page("/dashboard"), frozenset({"2xx", "303"})),
    ("GET", "/api/projects/{project_id}"): (
        READS_AGAIN,
        reading("/api/projects/{id}", Action.READ),
        READ,
    ),
    ("GET", "/api/projects/{project_id}/score"): (
        (1,),
        reading("/api/projects/{id}/score", Action.READ),
        READ,
    ),
    ("GET", "/api/projects/{project_id}/report.docx"): (
        (1,),
        reading("/api/projects/{id}/report.docx", Action.READ),
        READ,
    ),
    ("GET", "/api/projects/{project_id}/table.xlsx"): ((1,), table_probe, READ),
    ("GET", "/api/projects/{project_id}/audit"): (
        READS_AGAIN,
        reading("/api/projects/{id}/audit", Action.READ_AUDIT),
        ALL,
    ),
    ("GET", "/api/audit"): ((1,), audit_by_object, ALL),
    ("GET", "/api/projects/{project_id}/suggestions"): (
        (1,),
        reading("/api/projects/{id}/suggestions", Action.READ),
        READ,
    ),
    ("GET", "/api/rectifications/{item_id}/evidence"): ((4,), evidence_download, READ),
    ("GET", "/api/projects/{project_id}/adjustments"): (
        (1,),
        reading("/api/projects/{id}/adjustments", Action.READ),
        READ,
    ),
    ("POST", "/api/projects"): ((2,), create, ALL),
    ("POST", "/api/projects/{project_id}/documents"): ((2,), documents, ALL),
    ("PATCH", "/api/rectifications/{item_id}"): ((2,), rectification, ALL),
    ("POST", "/api/rectifications/{item_id}/evidence"): ((2,), evidence_upload, ALL),
    ("POST", "/api/projects/{project_id}/adjustments"): ((2,), adjustment_request, ALL),
    ("POST", "/api/adjustments/{adjustment_id}/decision"): ((2,), adjustment_decision, ALL),
    ("POST", "/api/projects/{project_id}/transitions"): ((3,), moves, ALL),
    ("POST", "/api/imports"): ((2,), import_job, ALL),
    ("POST", "/api/projects/{project_id}/report.pdf"): ((1,), report_pdf, READ),
    ("GET", "/api/jobs/{job_id}"): ((5,), job_status, READ),
    ("GET", "/api/jobs/{job_id}/file"): ((5,), job_file, READ),
    ("GET", "/"): ((0,), page("/"), frozenset({"2xx", "303"})),
    ("GET", "/home"): (LISTS_AGAIN, page("/home"), frozenset({"2xx", "303"})),
    ("GET", "/projects"): (LISTS_AGAIN, page("/projects"), frozenset({"2xx", "303"})),
    ("GET", "/projects/{project_id}"): (
        READS_AGAIN,
        project_page,
        frozenset({"2xx", "303", "404", "404-missing"}),
    ),
    ("POST", "/projects/{project_id}/move"): (
        (1,),
        page_form("move", False),
        frozenset({"2xx", "303", "403", "404", "404-missing"}),
    ),
    ("POST", "/projects/{project_id}/upload"): (
        (1,),
        page_form("upload", True),
        frozenset({"2xx", "303", "403", "404", "404-missing"}),
    ),
    ("GET", "/api/projects/{project_id}/findings"): (
        (1,),
        reading("/api/projects/{id}/findings", Action.READ),
        READ,
    ),
    ("GET", "/upload"): ((0,), page("/upload"), frozenset({"2xx", "303"})),
    ("POST", "/upload"): ((2,), upload_form, frozenset({"2xx", "303", "403"})),
    ("GET", "/api/jobs"): ((5,), job_list, SESSION),
    ("GET", "/jobs/{job_id}"): ((5,), job_page, frozenset({"2xx", "303", "404", "404-missing"})),
    ("POST", "/projects/{project_id}/pdf"): (
        (1,),
        pdf_form,
        frozenset({"303", "403", "404", "404-missing"}),
    ),
    ("GET", "/api/projects/{project_id}/editor"): ((1,), editor_probe("api-read"), ALL),
    ("POST", "/api/projects/{project_id}/editor/review"): (
        (1,),
        editor_probe("api-review"),
        ALL,
    ),
    ("POST", "/api/projects/{project_id}/editor"): ((1,), editor_probe("api-save"), ALL),
    ("GET", "/projects/{project_id}/edit"): ((1,), editor_probe("page-get"), _EDIT),
    ("POST", "/projects/{project_id}/edit"): ((1,), editor_probe("page-op"), _EDIT),
    ("POST", "/projects/{project_id}/edit/review"): ((1,), editor_probe("page-review"), _EDIT),
    ("GET", "/api/projects/{project_id}/evaluation"): ((1,), evaluate_probe("api-read"), _EVAL),
    ("POST", "/api/projects/{project_id}/evaluation/review"): (
        (1,),
        evaluate_probe("api-review"),
        _EVAL,
    ),
    ("POST", "/api/projects/{project_id}/evaluation"): ((1,), evaluate_probe("api-save"), _EVAL),
    ("GET", "/projects/{project_id}/evaluate"): ((1,), evaluate_probe("page-get"), _EVAL_PAGE),
    ("POST", "/projects/{project_id}/evaluate/review"): (
        (1,),
        evaluate_probe("page-review"),
        _EVAL_PAGE,
    ),
    ("POST", "/projects/{project_id}/evaluate"): ((1,), evaluate_probe("page-save"), _EVAL_PAGE),
    ("GET", "/rectifications"): (LISTS_AGAIN, rectification_page, frozenset({"2xx", "303"})),
    ("POST", "/rectifications/{item_id}"): ((2,), rectification_form(False), _RECT_FORM),
    ("POST", "/rectifications/{item_id}/evidence"): ((2,), rectification_form(True), _RECT_FORM),
    ("POST", "/login"): ((0,), page_login, frozenset({"303", "401"})),
    ("POST", "/logout"): ((8,), page_logout, frozenset({"303"})),
    ("POST", "/api/logout"): ((9,), logout, SESSION),
    # 管理: the administrator's alone
    ("GET", "/api/users"): (LISTS_AGAIN, admin_read("/api/users", "users"), _ADMIN),
    ("GET", "/api/orgs"): (LISTS_AGAIN, admin_read("/api/orgs", "orgs"), _ADMIN),
    ("GET", "/api/admin/audit"): (LISTS_AGAIN, admin_read("/api/admin/audit", "users"), _ADMIN),
    ("POST", "/api/users"): ((2,), admin_write("POST", "/api/users"), _ADMIN | {"409"}),
    ("POST", "/api/orgs"): ((2,), admin_write("POST", "/api/orgs"), _ADMIN | {"409"}),
    ("PATCH", "/api/users/{user_id}"): (
        (2,),
        admin_write("PATCH", "/api/users/{user_id}"),
        _ADMIN | {"404-missing"},
    ),
    ("GET", "/admin"): (LISTS_AGAIN, admin_page("/admin", "users"), _ADMIN_PAGE),
    ("GET", "/admin/orgs"): (LISTS_AGAIN, admin_page("/admin/orgs", "orgs"), _ADMIN_PAGE),
    ("GET", "/admin/audit"): (LISTS_AGAIN, admin_page("/admin/audit", "users"), _ADMIN_PAGE),
    ("POST", "/admin/users"): ((2,), admin_form("/admin/users"), frozenset({"303", "403"})),
    ("POST", "/admin/orgs"): ((2,), admin_form("/admin/orgs"), frozenset({"303", "403"})),
    ("POST", "/admin/users/{user_id}"): (
        (2,),
        admin_form("/admin/users/{user_id}"),
        frozenset({"303", "403", "404-missing"}),
    ),
    # 运行监控
    ("GET", "/monitoring"): ((0,), page("/monitoring"), frozenset({"2xx", "303"})),
    ("POST", "/monitoring"): ((0,), monitoring_page, frozenset({"2xx", "303", "403"})),
    ("POST", "/api/monitoring"): ((0,), monitoring_api, frozenset({"2xx", "401", "403"})),
}


def routes_of(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers: its OpenAPI document, and the routes themselves
    (a route left out of the document is still an endpoint)."""
    found = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }

    def walk(routes: Any, prefix: str = "") -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                context = getattr(route, "include_context", None)
                walk(inner.routes, prefix + getattr(context, "prefix", ""))
            elif hasattr(route, "methods") and hasattr(route, "path"):
                found.update((m, prefix + route.path) for m in route.methods - {"HEAD"})
            elif hasattr(route, "routes"):
                walk(route.routes, prefix + getattr(route, "path", ""))

    walk(app.routes)
    return found


def test_every_route_has_an_expectation(tmp_path: Path) -> None:
    """A new endpoint fails here until the matrix says what each role may do with it."""
    store = Store.open(f"sqlite:///{tmp_path / 'routes.db'}")
    try:
        unknown = routes_of(create_app(store)) - ENDPOINTS.keys()
    finally:
        store.close()
    assert not unknown, f"endpoints the matrix has no expectation for: {sorted(unknown)}"


def test_every_role_against_every_endpoint(world: World) -> None:
    routes = routes_of(world.app) & ENDPOINTS.keys()  # the rest fails the test above
    m = Matrix(world)
    for phase in sorted({p for phases, _, _ in ENDPOINTS.values() for p in phases}):
        for key, (phases, probe, _) in ENDPOINTS.items():
            if phase in phases and key in routes:
                m.snapshot = None
                probe(m, f"{key[0]} {key[1]}")
    for key in sorted(routes):
        endpoint = f"{key[0]} {key[1]}"
        got = {outcome for (e, outcome), n in m.tally.items() if e == endpoint and n}
        missing = ENDPOINTS[key][2] - got
        if missing:
            m.fail(f"{endpoint}: the matrix produced no {sorted(missing)} case")
    for who in ROLES:
        if who != "admin" and not m.roles[(who, "2xx")]:
            m.fail(f"{who} was never allowed anything")
        if not m.roles[(who, "404")]:
            m.fail(f"{who} never met an object of others")
    cases = sum(m.tally.values())
    outcomes = Counter[str]()
    for (_, outcome), n in m.tally.items():
        outcomes[outcome] += n
    print(
        f"\nmatrix on {world.store.backend}: {len(routes)} endpoints × {len(WHO)} "
        f"(roles and no session) × {len(world.objects)} objects, a missing id and a huge one: "
        f"{cases} cases {dict(sorted(outcomes.items()))}; leaks: {len(m.leaks)}; "
        f"expectations for endpoints the app lacks: {sorted(ENDPOINTS.keys() - routes)}"
    )
    assert not m.failures, "\n".join(m.failures[:40]) + f"\n({len(m.failures)} in all)"
    assert len(m.leaks) == 0
    assert cases > 1000


# ---------------------------------------------------------------------------------------------
# hand-written spot checks: statuses stated here, not derived, in the order they are taken


def _url(w: World, template: str) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("item:"):
            with w.store.transaction() as s:
                item = s.scalar(
                    select(Rectification.id)
                    .where(Rectification.project_year_id == w.objects[name[5:]])
                    .order_by(Rectification.id)
                    .limit(1)
                )
            return str(item)
        return str(w.objects[name])

    return re.sub(r"\{([^}]+)\}", one, template)


def _version(w: World, url: str) -> int:
    with w.store.transaction() as s:
        found = s.get(Rectification, int(url.rsplit("/", 1)[1]))
        assert found is not None
        return found.version


LEAD = {"lead_evaluator": "王主评"}
SPOTS: tuple[tuple[str, str, str, Any, int], ...] = (
    # (who, method, url, what is sent, status): reading, each its own and never another's
    ("unit", "GET", "/api/projects/{B}", None, 200),
    ("unit2", "GET", "/api/projects/{B}", None, 404),
    ("unit", "GET", "/api/projects/{C}/score", None, 404),
    ("department", "GET", "/api/projects/{C}", None, 200),
    ("department", "GET", "/api/projects/{E}", None, 404),  # the other department's
    ("finance", "GET", "/api/projects/{E}", None, 200),
    ("finance", "GET", "/api/projects/{F}/report.docx", None, 404),  # another district's
    ("evaluator", "GET", "/api/projects/{E}/score", None, 200),  # assigned to its firm
    ("evaluator", "GET", "/api/projects/{G}", None, 404),  # another firm's evaluation
    ("evaluator", "GET", "/api/projects/{B}", None, 404),  # nothing assigned
    ("evaluator", "GET", "/api/projects/{E}/audit", None, 403),
    ("admin", "GET", "/api/projects/{D}", None, 404),  # users and organisations, not content
    ("unit", "GET", "/api/audit?object=project_year:{D}", None, 200),
    ("unit2", "GET", "/api/audit?object=project_year:{D}", None, 404),
    # the cycle's steps: only the role the table names, only from the stage it names
    ("department", "POST", "/api/projects/{B}/transitions", {"action": "submit"}, 403),
    ("unit", "POST", "/api/projects/{B}/transitions", {"action": "approve"}, 403),
    ("finance", "POST", "/api/projects/{B}/transitions", {"action": "approve"}, 403),
    ("unit2", "POST", "/api/projects/{B}/transitions", {"action": "approve"}, 404),
    ("evaluator", "POST", "/api/projects/{G}/transitions", {"action": "submit_draft"}, 404),
    (
        "evaluator",
        "POST",
        "/api/projects/{E}/transitions",
        {"action": "finalize", "payload": LEAD},
        403,
    ),
    ("department", "POST", "/api/projects/{A}/transitions", {"action": "approve"}, 200),
    ("unit", "POST", "/api/projects/{A}/documents", "targets/社区养老驿站运营补贴.yaml", 403),
    ("finance", "POST", "/api/projects/{A}/transitions", {"action": "approve"}, 200),
    ("unit", "POST", "/api/projects/{A}/documents", "targets/社区养老驿站运营补贴.yaml", 403),
    ("finance", "POST", "/api/projects/{A}/transitions", {"action": "start_monitoring"}, 200),
    ("unit2", "POST", "/api/projects/{C}/transitions", {"action": "submit"}, 200),
    ("unit2", "POST", "/api/projects/{C}/documents", "selfeval/街道文化活动经费.xlsx", 403),
    ("department", "POST", "/api/projects/{C}/transitions", {"action": "return"}, 422),
    (
        "department",
        "POST",
        "/api/projects/{C}/transitions",
        {"action": "return", "reason": "补充"},
        200,
    ),
    ("unit2", "POST", "/api/projects/{C}/documents", "selfeval/街道文化活动经费.xlsx", 201),
    ("department", "POST", "/api/projects/{C}/documents", "selfeval/街道文化活动经费.xlsx", 403),
    ("unit", "POST", "/api/projects/{C}/documents", "selfeval/街道文化活动经费.xlsx", 404),
    ("evaluator", "POST", "/api/projects/{E}/documents", "problems/有问题的自评表.xlsx", 403),
    ("evaluator", "POST", "/api/projects/{E}/documents", "seeds/000.yaml", 201),
    ("evaluator", "POST", "/api/projects/{E}/transitions", {"action": "submit_draft"}, 200),
    (
        "department",
        "POST",
        "/api/projects/{G}/transitions",
        {"action": "return", "reason": "改"},
        403,
    ),
    (
        "department",
        "POST",
        "/api/projects/{E}/transitions",
        {"action": "return", "reason": "改"},
        404,
    ),
    ("finance", "POST", "/api/projects/{E}/transitions", {"action": "return", "reason": "改"}, 200),
    # a new project-year: the unit's own declaration
    ("unit", "POST", "/api/projects", {"unit": "U-LIBRARY", "name": "新建甲", "year": 2026}, 201),
    ("unit", "POST", "/api/projects", {"unit": "U-CULTURE", "name": "新建乙", "year": 2026}, 404),
    ("unit", "POST", "/api/projects", {"unit": "U-LIBRARY", "name": "新建甲", "year": 2026}, 409),
    ("unit2", "POST", "/api/projects", {"unit": "U-LIBRARY", "name": "新建甲", "year": 2026}, 404),
    (
        "department",
        "POST",
        "/api/projects",
        {"unit": "U-LIBRARY", "name": "新建丙", "year": 2026},
        403,
    ),
    ("admin", "POST", "/api/projects", {"unit": "U-LIBRARY", "name": "新建丁", "year": 2026}, 404),
    # 整改 items: the unit reports, the department and finance bureau manage
    ("unit", "PATCH", "/api/rectifications/{item:D}", {"status": "in_progress"}, 200),
    ("unit", "PATCH", "/api/rectifications/{item:D}", {"status": "closed"}, 403),
    ("unit2", "PATCH", "/api/rectifications/{item:D}", {"status": "in_progress"}, 404),
    ("department", "PATCH", "/api/rectifications/{item:D}", {"owner": "张科长"}, 200),
    ("evaluator", "PATCH", "/api/rectifications/{item:E2}", {"status": "in_progress"}, 403),
    ("unit", "PATCH", "/api/rectifications/{item:E2}", {"status": "in_progress"}, 404),
    ("department", "PATCH", "/api/rectifications/{item:E2}", {"owner": "张科长"}, 404),
    ("finance", "PATCH", "/api/rectifications/{item:E2}", {"owner": "李科长"}, 200),
    # 结果应用: exported by the finance bureau and a department; suggestions and evidence read
    ("finance", "GET", "/api/portfolio.xlsx?year=2024", None, 200),
    ("department", "GET", "/api/portfolio.xlsx?year=2024", None, 200),
    ("unit", "GET", "/api/portfolio.xlsx?year=2024", None, 403),
    ("evaluator", "GET", "/api/portfolio.xlsx?year=2024", None, 403),
    ("admin", "GET", "/api/portfolio.xlsx?year=2024", None, 403),
    ("unit", "GET", "/api/portfolio.xlsx?year=1899", None, 422),
    ("unit2", "GET", "/api/portfolio/projects?year=2024", None, 200),
    ("evaluator", "GET", "/api/projects/{E}/suggestions", None, 200),
    ("unit2", "GET", "/api/projects/{B}/suggestions", None, 404),
    ("unit", "GET", "/api/rectifications/{item:D}/evidence", None, 404),  # none attached yet
    ("unit2", "GET", "/api/rectifications/{item:D}/evidence", None, 404),
)
# what each role lists at the start, by hand
LISTS = {
    "admin": set[str](),
    "finance": {"A", "B", "C", "D", "E", "E2", "G", "H", "T"},
    "department": {"A", "B", "C", "D", "G", "H", "T"},
    "unit": {"A", "B", "D"},
    "unit2": {"C", "G", "H", "T"},
    "evaluator": {"E", "E2", "H"},
}


def test_spot_checks(world: World) -> None:
    by_id = {v: k for k, v in world.objects.items()}
    for who, labels in LISTS.items():
        items = world.clients[who].send("GET", "/api/projects").json()["items"]
        assert {by_id[i["id"]] for i in items} == labels, who
    routes = routes_of(world.app)
    wrong = []
    for who, method, template, sent, status in SPOTS:
        url = _url(world, template)
        route = re.sub(r"/\d+", "/{x}", url.split("?")[0])
        if not any(re.sub(r"\{[^}]+\}", "{x}", p) == route and m == method for m, p in routes):
            continue  # an endpoint this tree does not have yet
        kw: dict[str, Any] = {}
        if isinstance(sent, str):
            d = example(sent)
            kw["files"] = {"file": (d.name, d.data, "application/octet-stream")}
        elif method == "PATCH":
            kw["json"] = {"version": _version(world, url), **sent}
        elif sent is not None:
            kw["json"] = sent
        answer = world.clients[who].send(method, url, **kw)
        if answer.status_code != status:
            wrong.append(
                f"{who} {method} {template}: {answer.status_code} ≠ {status} {answer.text[:160]}"
            )
    assert not wrong, "\n".join(wrong)
