"""The cycle of one project-year as data: its stages, the actions users take, and THE table of
transitions (who moves a project-year from which stage to which, and what they must give)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from jixiao.core.model import Kind
from jixiao.workflow.roles import Role


class Stage(StrEnum):
    """Where a project-year stands, in cycle order. Values are stored: never rename them."""

    TARGETS_DRAFT = "targets_draft"
    TARGETS_DEPARTMENT = "targets_department"
    TARGETS_FINANCE = "targets_finance"
    TARGETS_APPROVED = "targets_approved"
    MONITORING = "monitoring"
    SELFEVAL_DRAFT = "selfeval_draft"
    SELFEVAL_DEPARTMENT = "selfeval_department"
    SELFEVAL_FINANCE = "selfeval_finance"
    EVALUATION = "evaluation"
    EVALUATION_CONSULT = "evaluation_consult"
    EVALUATION_FINAL = "evaluation_final"
    RESULTS = "results"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.TARGETS_DRAFT: "目标申报",
    Stage.TARGETS_DEPARTMENT: "主管部门审核（目标）",
    Stage.TARGETS_FINANCE: "财政审核（目标）",
    Stage.TARGETS_APPROVED: "目标批复",
    Stage.MONITORING: "运行监控",
    Stage.SELFEVAL_DRAFT: "单位自评",
    Stage.SELFEVAL_DEPARTMENT: "主管部门审核（自评）",
    Stage.SELFEVAL_FINANCE: "财政复核",
    Stage.EVALUATION: "评价实施",
    Stage.EVALUATION_CONSULT: "意见征求",
    Stage.EVALUATION_FINAL: "评价报告定稿",
    Stage.RESULTS: "结果应用",
    Stage.ARCHIVED: "归档",
}

# Where a project-year may be once its targets are approved and before its self-evaluation is
# submitted: a 目标调整 may be requested and decided only here.
ADJUSTABLE = frozenset({Stage.TARGETS_APPROVED, Stage.MONITORING, Stage.SELFEVAL_DRAFT})
# From the evaluation on: the stages an assigned evaluator sees.
EVALUATED = frozenset(
    {
        Stage.EVALUATION,
        Stage.EVALUATION_CONSULT,
        Stage.EVALUATION_FINAL,
        Stage.RESULTS,
        Stage.ARCHIVED,
    }
)


class Action(StrEnum):
    """Everything a user can do that authorization decides. Stored in the audit log."""

    READ = "read"
    UPLOAD = "upload"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    START_MONITORING = "start_monitoring"
    START_SELFEVAL = "start_selfeval"
    ASSIGN_EVALUATION = "assign_evaluation"
    SUBMIT_DRAFT = "submit_draft"
    FINALIZE = "finalize"
    ACCEPT = "accept"
    ARCHIVE = "archive"
    REQUEST_ADJUSTMENT = "request_adjustment"
    DECIDE_ADJUSTMENT = "decide_adjustment"
    EDIT_RECTIFICATION = "edit_rectification"
    MANAGE_RECTIFICATION = "manage_rectification"
    READ_AUDIT = "read_audit"
    EXPORT_RESULTS = "export_results"
    MANAGE_USERS = "manage_users"
    MANAGE_ORGS = "manage_orgs"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]

    @property
    def moves(self) -> bool:
        """A transition action: it moves a project-year along `TRANSITIONS`."""
        return self in _MOVING


_ACTION_LABELS = {
    Action.READ: "查看",
    Action.UPLOAD: "上传文件",
    Action.SUBMIT: "提交",
    Action.APPROVE: "审核通过",
    Action.RETURN: "退回",
    Action.START_MONITORING: "开始运行监控",
    Action.START_SELFEVAL: "开始单位自评",
    Action.ASSIGN_EVALUATION: "委托第三方评价",
    Action.SUBMIT_DRAFT: "提交评价报告初稿",
    Action.FINALIZE: "评价报告定稿",
    Action.ACCEPT: "验收",
    Action.ARCHIVE: "归档",
    Action.REQUEST_ADJUSTMENT: "申请目标调整",
    Action.DECIDE_ADJUSTMENT: "审批目标调整",
    Action.EDIT_RECTIFICATION: "填报整改进展",
    Action.MANAGE_RECTIFICATION: "管理整改事项",
    Action.READ_AUDIT: "查看操作记录",
    Action.EXPORT_RESULTS: "导出结果应用",
    Action.MANAGE_USERS: "管理用户",
    Action.MANAGE_ORGS: "管理组织机构",
}

# The payload fields a transition may need, with the names a user reads in an error message.
FIELDS: Mapping[str, str] = {
    "reason": "退回意见",
    "evaluator_id": "第三方评价机构",
    "lead_evaluator": "主评人",
}
# The roles that may commission an evaluation (and so be a subject's commissioner).
COMMISSIONERS = frozenset({Role.DEPARTMENT, Role.FINANCE})


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the table: `roles` may take `action` from `source` to `target`.

    `label` is the button's text. `reason_required`: the `reason` field (退回意见) must be
    given. `needs`: other payload fields that must be given (keys of `FIELDS`).
    `by_commissioner`: of `roles`, only the one that commissioned the evaluation
    (`Subject.commissioner`). `commissions`: taking it makes that role the commissioner.
    """

    action: Action
    source: Stage
    target: Stage
    roles: frozenset[Role]
    label: str
    reason_required: bool = False
    needs: frozenset[str] = frozenset()
    by_commissioner: bool = False
    commissions: Role | None = None

    def __post_init__(self) -> None:
        if not self.needs <= FIELDS.keys() - {"reason"}:
            raise ValueError(f"unknown payload fields: {sorted(self.needs - FIELDS.keys())}")
        if self.by_commissioner and not self.roles <= COMMISSIONERS:
            raise ValueError(f"only {sorted(COMMISSIONERS)} commission an evaluation")
        if self.commissions is not None and self.roles != {self.commissions}:
            raise ValueError("the role that commissions an evaluation is the one that takes it")

    @property
    def required(self) -> tuple[str, ...]:
        """Every payload field that must be given, in `FIELDS` order."""
        wanted = self.needs | ({"reason"} if self.reason_required else set())
        return tuple(name for name in FIELDS if name in wanted)


def missing_fields(transition: Transition, payload: Mapping[str, object]) -> tuple[str, ...]:
    """The required fields the payload leaves out or blank (keys; `FIELDS` names them)."""
    return tuple(
        name
        for name in transition.required
        if payload.get(name) is None or str(payload.get(name)).strip() == ""
    )


def _t(
    action: Action,
    source: Stage,
    target: Stage,
    roles: Role | frozenset[Role],
    label: str,
    *,
    reason_required: bool = False,
    needs: frozenset[str] = frozenset(),
    by_commissioner: bool = False,
    commissions: Role | None = None,
) -> Transition:
    who = frozenset({roles}) if isinstance(roles, Role) else roles
    return Transition(
        action, source, target, who, label, reason_required, needs, by_commissioner, commissions
    )


S, A, R = Stage, Action, Role  # short names for the table only (deleted after it)
_BOTH = COMMISSIONERS

TRANSITIONS: tuple[Transition, ...] = (
    _t(A.SUBMIT, S.TARGETS_DRAFT, S.TARGETS_DEPARTMENT, R.UNIT, "提交主管部门审核"),
    _t(A.APPROVE, S.TARGETS_DEPARTMENT, S.TARGETS_FINANCE, R.DEPARTMENT, "审核通过，报财政审核"),
    _t(
        A.RETURN,
        S.TARGETS_DEPARTMENT,
        S.TARGETS_DRAFT,
        R.DEPARTMENT,
        "退回单位修改",
        reason_required=True,
    ),
    _t(A.APPROVE, S.TARGETS_FINANCE, S.TARGETS_APPROVED, R.FINANCE, "批复绩效目标"),
    _t(
        A.RETURN,
        S.TARGETS_FINANCE,
        S.TARGETS_DRAFT,
        R.FINANCE,
        "退回单位修改",
        reason_required=True,
    ),
    _t(A.START_MONITORING, S.TARGETS_APPROVED, S.MONITORING, R.FINANCE, "开始运行监控"),
    _t(A.START_SELFEVAL, S.MONITORING, S.SELFEVAL_DRAFT, R.FINANCE, "开始单位自评"),
    _t(A.SUBMIT, S.SELFEVAL_DRAFT, S.SELFEVAL_DEPARTMENT, R.UNIT, "提交主管部门审核"),
    _t(A.APPROVE, S.SELFEVAL_DEPARTMENT, S.SELFEVAL_FINANCE, R.DEPARTMENT, "审核通过，报财政复核"),
    _t(
        A.RETURN,
        S.SELFEVAL_DEPARTMENT,
        S.SELFEVAL_DRAFT,
        R.DEPARTMENT,
        "退回单位修改",
        reason_required=True,
    ),
    _t(
        A.ASSIGN_EVALUATION,
        S.SELFEVAL_DEPARTMENT,
        S.EVALUATION,
        R.DEPARTMENT,
        "委托第三方开展部门评价",
        needs=frozenset({"evaluator_id"}),
        commissions=R.DEPARTMENT,
    ),
    _t(A.ACCEPT, S.SELFEVAL_FINANCE, S.RESULTS, R.FINANCE, "复核通过，进入结果应用"),
    _t(
        A.RETURN,
        S.SELFEVAL_FINANCE,
        S.SELFEVAL_DRAFT,
        R.FINANCE,
        "退回单位修改",
        reason_required=True,
    ),
    _t(
        A.ASSIGN_EVALUATION,
        S.SELFEVAL_FINANCE,
        S.EVALUATION,
        R.FINANCE,
        "委托第三方开展重点评价",
        needs=frozenset({"evaluator_id"}),
        commissions=R.FINANCE,
    ),
    _t(A.SUBMIT_DRAFT, S.EVALUATION, S.EVALUATION_CONSULT, R.EVALUATOR, "提交报告初稿征求意见"),
    _t(
        A.RETURN,
        S.EVALUATION_CONSULT,
        S.EVALUATION,
        _BOTH,
        "退回评价机构修改",
        reason_required=True,
        by_commissioner=True,
    ),
    _t(
        A.FINALIZE,
        S.EVALUATION_CONSULT,
        S.EVALUATION_FINAL,
        R.EVALUATOR,
        "主评人签署，报告定稿",
        needs=frozenset({"lead_evaluator"}),
    ),
    _t(
        A.RETURN,
        S.EVALUATION_FINAL,
        S.EVALUATION,
        _BOTH,
        "退回评价机构修改",
        reason_required=True,
        by_commissioner=True,
    ),
    _t(A.ACCEPT, S.EVALUATION_FINAL, S.RESULTS, _BOTH, "验收评价报告", by_commissioner=True),
    _t(A.ARCHIVE, S.RESULTS, S.ARCHIVED, R.FINANCE, "归档"),
)
del S, A, R

_MOVING = frozenset(t.action for t in TRANSITIONS)
_FROM: Mapping[Stage, tuple[Transition, ...]] = {
    stage: tuple(t for t in TRANSITIONS if t.source is stage) for stage in Stage
}
_BY_KEY: Mapping[tuple[Stage, Action], Transition] = {(t.source, t.action): t for t in TRANSITIONS}
if len(_BY_KEY) != len(TRANSITIONS):
    raise ValueError("two transitions share a stage and an action")


def transitions_from(stage: Stage) -> tuple[Transition, ...]:
    """The transitions that leave `stage`, in table order (whoever may take them)."""
    return _FROM[stage]


def stages_moved_by(role: Role) -> frozenset[Stage]:
    """The stages some transition of `role` leaves: where a project-year can wait for that
    role at all (`authorize` still decides each one)."""
    return frozenset(t.source for t in TRANSITIONS if role in t.roles)


def find_transition(stage: Stage, action: Action) -> Transition | None:
    """The one transition `action` takes from `stage`, if any."""
    return _BY_KEY.get((stage, action))


class DocumentKind(StrEnum):
    """What an uploaded document is to the cycle. Monitoring figures are no case `Kind`."""

    TARGETS = "targets"
    MONITORING = "monitoring"
    SELFEVAL = "selfeval"
    EVALUATION = "evaluation"

    @property
    def label(self) -> str:
        return _DOCUMENT_LABELS[self]

    @classmethod
    def of(cls, kind: Kind) -> DocumentKind:
        """The document a case of this kind is: a target table, a self-evaluation or
        completion table, or an evaluation (部门评价, 重点评价, 部门整体支出评价)."""
        return _OF_KIND[kind]


_DOCUMENT_LABELS = {
    DocumentKind.TARGETS: "绩效目标表",
    DocumentKind.MONITORING: "运行监控数据",
    DocumentKind.SELFEVAL: "自评表",
    DocumentKind.EVALUATION: "评价案例",
}
_OF_KIND = {
    Kind.TARGET: DocumentKind.TARGETS,
    Kind.SELFEVAL: DocumentKind.SELFEVAL,
    Kind.COMPLETION: DocumentKind.SELFEVAL,
    Kind.DEPARTMENT: DocumentKind.EVALUATION,
    Kind.KEY: DocumentKind.EVALUATION,
    Kind.WHOLE: DocumentKind.EVALUATION,
}


@dataclass(frozen=True, slots=True)
class Upload:
    """`role` may upload `document` into a project-year while it is in one of `stages`."""

    document: DocumentKind
    role: Role
    stages: frozenset[Stage]


# Nothing else may be uploaded. This table is the locking rule: targets only while drafted
# (once approved they change only through a 目标调整 the finance bureau approves, a separate
# path), a self-evaluation only while drafted (submitted, it is read-only until returned).
# The evaluator revises its case while the draft is out for comments, never once final.
UPLOADS: tuple[Upload, ...] = (
    Upload(DocumentKind.TARGETS, Role.UNIT, frozenset({Stage.TARGETS_DRAFT})),
    Upload(
        DocumentKind.MONITORING, Role.UNIT, frozenset({Stage.TARGETS_APPROVED, Stage.MONITORING})
    ),
    Upload(DocumentKind.SELFEVAL, Role.UNIT, frozenset({Stage.SELFEVAL_DRAFT})),
    Upload(
        DocumentKind.EVALUATION,
        Role.EVALUATOR,
        frozenset({Stage.EVALUATION, Stage.EVALUATION_CONSULT}),
    ),
)


def may_upload(stage: Stage, role: Role, kind: Kind | DocumentKind) -> bool:
    """Whether `role` may upload a document of this kind into a project-year at `stage`
    (whether the user may touch that project-year at all is `access.authorize`'s question)."""
    document = kind if isinstance(kind, DocumentKind) else DocumentKind.of(kind)
    return any(u.document is document and u.role is role and stage in u.stages for u in UPLOADS)


def uploadable(stage: Stage, role: Role) -> tuple[DocumentKind, ...]:
    """The documents `role` may upload at `stage`, in `DocumentKind` order."""
    return tuple(d for d in DocumentKind if may_upload(stage, role, d))
