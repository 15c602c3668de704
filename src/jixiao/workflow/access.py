"""Authorization: which project-years a user sees (`scope_of`, `can_see`) and whether they may
do an action to one (`authorize`); the one decision behind every read and write of content."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from jixiao.workflow.roles import Actor, Role
from jixiao.workflow.stages import (
    ADJUSTABLE,
    COMMISSIONERS,
    EVALUATED,
    UPLOADS,
    Action,
    DocumentKind,
    Stage,
    Transition,
    find_transition,
    transitions_from,
    uploadable,
)


@dataclass(frozen=True, slots=True)
class Subject:
    """What authorization knows of a project-year: whose it is and where it stands.

    `evaluator_id`: the evaluator organisation assigned, if any; `commissioner`: the role that
    assigned it (主管部门 for a 部门评价, 财政局 for a 重点评价); `adjustment_pending`: a 目标调整
    request awaits the finance bureau's decision.
    """

    unit_id: int
    department_id: int
    district_id: int
    stage: Stage
    evaluator_id: int | None = None
    commissioner: Role | None = None
    adjustment_pending: bool = False

    def __post_init__(self) -> None:
        if self.commissioner is not None and self.commissioner not in COMMISSIONERS:
            raise ValueError(f"an evaluation is commissioned by {sorted(COMMISSIONERS)}")


@dataclass(frozen=True, slots=True)
class Scope:
    """The project-years an actor sees, as a database filter. A project-year is in scope when
    `everything`, or its district, department or unit is listed, or its evaluator is listed and
    its stage is one of `evaluator_stages`. All empty: nothing (the administrator's scope).

    As SQL: `district_id IN :districts OR department_id IN :departments OR unit_id IN :units
    OR (evaluator_id IN :evaluators AND stage IN :evaluator_stages)`.
    """

    everything: bool = False
    districts: frozenset[int] = frozenset()
    departments: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()
    evaluators: frozenset[int] = frozenset()
    evaluator_stages: frozenset[Stage] = EVALUATED

    @property
    def empty(self) -> bool:
        """Sees nothing: a listing need not ask the database."""
        return not (
            self.everything or self.districts or self.departments or self.units or self.evaluators
        )

    def contains(self, subject: Subject) -> bool:
        return (
            self.everything
            or subject.district_id in self.districts
            or subject.department_id in self.departments
            or subject.unit_id in self.units
            or (subject.evaluator_id in self.evaluators and subject.stage in self.evaluator_stages)
        )


def _ids(org_id: int | None) -> frozenset[int]:
    return frozenset() if org_id is None else frozenset({org_id})


def scope_of(actor: Actor) -> Scope:
    """Unit: its own; department: its units; finance: its district; evaluator: what is assigned
    to its organisation, from the evaluation on; administrator: no project content."""
    match actor.role:
        case Role.UNIT:
            return Scope(units=_ids(actor.org_id))
        case Role.DEPARTMENT:
            return Scope(departments=_ids(actor.org_id))
        case Role.FINANCE:
            return Scope(districts=_ids(actor.district_id))
        case Role.EVALUATOR:
            return Scope(evaluators=_ids(actor.org_id))
        case Role.ADMIN:
            return Scope()


def can_see(actor: Actor, subject: Subject) -> bool:
    """Whether the project-year is the actor's to see (stated apart from `scope_of`, and
    proved equal to it by a property test)."""
    match actor.role:
        case Role.UNIT:
            return actor.org_id is not None and subject.unit_id == actor.org_id
        case Role.DEPARTMENT:
            return actor.org_id is not None and subject.department_id == actor.org_id
        case Role.FINANCE:
            return actor.district_id is not None and subject.district_id == actor.district_id
        case Role.EVALUATOR:
            return (
                actor.org_id is not None
                and subject.evaluator_id == actor.org_id
                and subject.stage in EVALUATED
            )
        case Role.ADMIN:
            return False


class Verdict(StrEnum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"  # seen, but not this action now: the API answers 403
    HIDDEN = "hidden"  # not the actor's to see: the API answers 404, as for no such object


# The 404 message: the same words whether the project-year is hidden or does not exist.
NOT_FOUND = "未找到该项目"


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    reason: str = ""  # why not, in Chinese; empty when allowed

    @property
    def allowed(self) -> bool:
        return self.verdict is Verdict.ALLOWED


ALLOWED = Decision(Verdict.ALLOWED)
HIDDEN = Decision(Verdict.HIDDEN, NOT_FOUND)


def _forbid(reason: str) -> Decision:
    return Decision(Verdict.FORBIDDEN, reason)


@dataclass(frozen=True, slots=True)
class Grant:
    """`roles` may take `action` on a project-year they see while it is in one of `stages`."""

    action: Action
    roles: frozenset[Role]
    stages: frozenset[Stage]


_SEEING = frozenset(Role) - {Role.ADMIN}
_ALWAYS = frozenset(Stage)

# The actions that neither move a project-year nor upload into it. Rectification: the unit
# reports progress and evidence; the department and the finance bureau create, assign, close.
GRANTS: tuple[Grant, ...] = (
    Grant(Action.READ, _SEEING, _ALWAYS),
    Grant(Action.READ_AUDIT, frozenset({Role.UNIT, Role.DEPARTMENT, Role.FINANCE}), _ALWAYS),
    Grant(Action.REQUEST_ADJUSTMENT, frozenset({Role.UNIT}), ADJUSTABLE),
    Grant(Action.DECIDE_ADJUSTMENT, frozenset({Role.FINANCE}), ADJUSTABLE),
    Grant(Action.EDIT_RECTIFICATION, frozenset({Role.UNIT}), frozenset({Stage.RESULTS})),
    Grant(Action.MANAGE_RECTIFICATION, COMMISSIONERS, frozenset({Stage.RESULTS})),
    Grant(Action.EXPORT_RESULTS, COMMISSIONERS, frozenset({Stage.RESULTS, Stage.ARCHIVED})),
)
# Decided by `authorize_admin`: they concern no project-year.
ADMIN_ACTIONS = frozenset({Action.MANAGE_USERS, Action.MANAGE_ORGS})

_GRANTED: Mapping[Action, Grant] = {g.action: g for g in GRANTS}
_UNDECIDED = set(Action) - _GRANTED.keys() - ADMIN_ACTIONS - {Action.UPLOAD}
if {a for a in _UNDECIDED if not a.moves}:
    raise ValueError(f"actions no table decides: {sorted(a for a in _UNDECIDED if not a.moves)}")


def who(roles: Iterable[Role]) -> str:
    """Roles as a sentence names them, in `Role` order: 主管部门或财政局."""
    chosen = set(roles)
    return "或".join(role.label for role in Role if role in chosen)


def authorize(
    actor: Actor,
    action: Action,
    subject: Subject,
    *,
    transition: Transition | None = None,
    document: DocumentKind | None = None,
) -> Decision:
    """May `actor` do `action` to this project-year now?

    HIDDEN when it is not the actor's to see, FORBIDDEN (with the reason) when it is but the
    action is not theirs at this stage, else ALLOWED. For UPLOAD, `document` is what would be
    uploaded (None: anything at all). For a transition action, `transition` is the row the
    client chose (None: the one `action` takes from the subject's stage).
    """
    if action in ADMIN_ACTIONS:
        raise ValueError(f"{action} concerns no project-year: ask authorize_admin")
    if document is not None and action is not Action.UPLOAD:
        raise ValueError("a document goes with an upload only")
    if transition is not None and transition.action is not action:
        raise ValueError(f"the transition is a {transition.action}, not a {action}")
    if not can_see(actor, subject):
        return HIDDEN
    if action is Action.UPLOAD:
        return _upload(actor.role, subject.stage, document)
    if action.moves:
        return _move(actor.role, action, subject, transition)
    return _granted(actor.role, action, subject)


def _upload(role: Role, stage: Stage, document: DocumentKind | None) -> Decision:
    mine = uploadable(stage, role)
    if document is None:
        return ALLOWED if mine else _forbid(f"当前阶段「{stage.label}」不能上传文件")
    if document in mine:
        return ALLOWED
    others = {u.role for u in UPLOADS if u.document is document and stage in u.stages}
    if others:
        return _forbid(f"当前阶段的{document.label}由{who(others)}上传")
    return _forbid(f"当前阶段「{stage.label}」不能上传{document.label}")


def _move(role: Role, action: Action, subject: Subject, chosen: Transition | None) -> Decision:
    stage = subject.stage
    step = chosen or find_transition(stage, action)
    if step is None or step.source is not stage:
        return _forbid(f"当前阶段「{stage.label}」不能{action.label}")
    if step.by_commissioner:
        if subject.commissioner is None:
            return _forbid("本项目尚未委托评价")
        if role is not subject.commissioner:
            return _forbid(f"「{step.label}」须由委托本次评价的{subject.commissioner.label}办理")
    elif role not in step.roles:
        return _forbid(f"「{step.label}」须由{who(step.roles)}办理")
    if subject.adjustment_pending and stage in ADJUSTABLE and step.target not in ADJUSTABLE:
        return _forbid(f"目标调整申请尚待财政局审批，审批后才能{step.label}")
    return ALLOWED


def _granted(role: Role, action: Action, subject: Subject) -> Decision:
    grant = _GRANTED[action]
    if role not in grant.roles:
        return _forbid(f"{role.label}不能{action.label}")
    if subject.stage not in grant.stages:
        return _forbid(f"当前阶段「{subject.stage.label}」不能{action.label}")
    if action is Action.REQUEST_ADJUSTMENT and subject.adjustment_pending:
        return _forbid("已有一份目标调整申请待财政局审批")
    if action is Action.DECIDE_ADJUSTMENT and not subject.adjustment_pending:
        return _forbid("没有待审批的目标调整申请")
    return ALLOWED


def allowed_transitions(actor: Actor, subject: Subject) -> tuple[Transition, ...]:
    """The transitions the actor may take now: the buttons a page shows."""
    return tuple(
        t
        for t in transitions_from(subject.stage)
        if authorize(actor, t.action, subject, transition=t).allowed
    )


def authorize_admin(actor: Actor, action: Action) -> Decision:
    """Users and organisations (MANAGE_USERS, MANAGE_ORGS): the administrator's only."""
    if action not in ADMIN_ACTIONS:
        raise ValueError(f"{action} concerns a project-year: ask authorize")
    if actor.role is Role.ADMIN:
        return ALLOWED
    return _forbid(f"只有管理员可以{action.label}")


def authorize_export(actor: Actor) -> Decision:
    """Exporting a year's 结果应用 portfolio: the roles EXPORT_RESULTS is granted to (the
    finance bureau its district, a department its own units: rows still filtered by
    `scope_of`)."""
    roles = _GRANTED[Action.EXPORT_RESULTS].roles
    if actor.role in roles:
        return ALLOWED
    return _forbid(f"只有{who(roles)}可以{Action.EXPORT_RESULTS.label}")
