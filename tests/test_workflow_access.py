"""Authorization as a matrix: each role against each action on a project-year it owns (exact
verdicts, stage by stage) and on ones it does not (always hidden); the administrator sees no
content; an evaluator sees only what is assigned to it, from the evaluation on; `can_see`
agrees with `scope_of` on every actor and project-year hypothesis makes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.workflow import (
    ADMIN_ACTIONS,
    EVALUATED,
    NOT_FOUND,
    TRANSITIONS,
    Action,
    Actor,
    Decision,
    DocumentKind,
    Role,
    Scope,
    Stage,
    Subject,
    Verdict,
    allowed_transitions,
    authorize,
    authorize_admin,
    authorize_export,
    can_see,
    find_transition,
    scope_of,
)

# One district (finance bureau 1) with department 10 over units 100 and 101, department 11 over
# unit 110; another district 2 (department 20, unit 200); evaluator firms 50 and 51.
UNIT = Actor(1, "unit", Role.UNIT, 100, 1)
DEPARTMENT = Actor(2, "department", Role.DEPARTMENT, 10, 1)
FINANCE = Actor(3, "finance", Role.FINANCE, 1, 1)
EVALUATOR = Actor(4, "evaluator", Role.EVALUATOR, 50, None)
ADMIN = Actor(5, "admin", Role.ADMIN, None, None)
ACTORS = (UNIT, DEPARTMENT, FINANCE, EVALUATOR, ADMIN)  # the matrix's column order


def owned(stage: Stage, commissioner: Role = Role.FINANCE, **more: object) -> Subject:
    """Unit 100's project-year: every actor above owns it (the evaluator once assigned)."""
    assigned = stage in EVALUATED
    return replace(
        Subject(
            100,
            10,
            1,
            stage,
            evaluator_id=50 if assigned else None,
            commissioner=commissioner if assigned else None,
        ),
        **more,
    )


V = {"A": Verdict.ALLOWED, "F": Verdict.FORBIDDEN, "H": Verdict.HIDDEN}
T, M, SE, EV = (
    DocumentKind.TARGETS,
    DocumentKind.MONITORING,
    DocumentKind.SELFEVAL,
    DocumentKind.EVALUATION,
)
S, A = Stage, Action

# (subject, action, document, verdicts for unit / department / finance / evaluator / admin)
MATRIX: list[tuple[Subject, Action, DocumentKind | None, str]] = [
    (owned(S.TARGETS_DRAFT), A.READ, None, "AAAHH"),
    (owned(S.TARGETS_DRAFT), A.READ_AUDIT, None, "AAAHH"),
    (owned(S.TARGETS_DRAFT), A.UPLOAD, T, "AFFHH"),
    (owned(S.TARGETS_DRAFT), A.UPLOAD, M, "FFFHH"),
    (owned(S.TARGETS_DRAFT), A.UPLOAD, None, "AFFHH"),
    (owned(S.TARGETS_DRAFT), A.SUBMIT, None, "AFFHH"),
    (owned(S.TARGETS_DRAFT), A.APPROVE, None, "FFFHH"),
    (owned(S.TARGETS_DRAFT), A.RETURN, None, "FFFHH"),
    (owned(S.TARGETS_DRAFT), A.REQUEST_ADJUSTMENT, None, "FFFHH"),
    (owned(S.TARGETS_DEPARTMENT), A.UPLOAD, T, "FFFHH"),
    (owned(S.TARGETS_DEPARTMENT), A.SUBMIT, None, "FFFHH"),
    (owned(S.TARGETS_DEPARTMENT), A.APPROVE, None, "FAFHH"),
    (owned(S.TARGETS_DEPARTMENT), A.RETURN, None, "FAFHH"),
    (owned(S.TARGETS_FINANCE), A.UPLOAD, T, "FFFHH"),
    (owned(S.TARGETS_FINANCE), A.APPROVE, None, "FFAHH"),
    (owned(S.TARGETS_FINANCE), A.RETURN, None, "FFAHH"),
    (owned(S.TARGETS_APPROVED), A.UPLOAD, T, "FFFHH"),
    (owned(S.TARGETS_APPROVED), A.UPLOAD, M, "AFFHH"),
    (owned(S.TARGETS_APPROVED), A.REQUEST_ADJUSTMENT, None, "AFFHH"),
    (owned(S.TARGETS_APPROVED), A.DECIDE_ADJUSTMENT, None, "FFFHH"),
    (owned(S.TARGETS_APPROVED, adjustment_pending=True), A.DECIDE_ADJUSTMENT, None, "FFAHH"),
    (owned(S.TARGETS_APPROVED, adjustment_pending=True), A.REQUEST_ADJUSTMENT, None, "FFFHH"),
    (owned(S.TARGETS_APPROVED), A.START_MONITORING, None, "FFAHH"),
    (owned(S.MONITORING), A.UPLOAD, M, "AFFHH"),
    (owned(S.MONITORING), A.UPLOAD, SE, "FFFHH"),
    (owned(S.MONITORING), A.START_SELFEVAL, None, "FFAHH"),
    (owned(S.SELFEVAL_DRAFT), A.UPLOAD, SE, "AFFHH"),
    (owned(S.SELFEVAL_DRAFT), A.UPLOAD, M, "FFFHH"),
    (owned(S.SELFEVAL_DRAFT), A.SUBMIT, None, "AFFHH"),
    (owned(S.SELFEVAL_DRAFT, adjustment_pending=True), A.SUBMIT, None, "FFFHH"),
    (owned(S.SELFEVAL_DRAFT), A.REQUEST_ADJUSTMENT, None, "AFFHH"),
    (owned(S.SELFEVAL_DRAFT, adjustment_pending=True), A.UPLOAD, SE, "AFFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.UPLOAD, SE, "FFFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.UPLOAD, None, "FFFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.REQUEST_ADJUSTMENT, None, "FFFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.APPROVE, None, "FAFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.RETURN, None, "FAFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.ASSIGN_EVALUATION, None, "FAFHH"),
    (owned(S.SELFEVAL_DEPARTMENT), A.ACCEPT, None, "FFFHH"),
    (owned(S.SELFEVAL_FINANCE), A.UPLOAD, SE, "FFFHH"),
    (owned(S.SELFEVAL_FINANCE), A.APPROVE, None, "FFFHH"),
    (owned(S.SELFEVAL_FINANCE), A.ACCEPT, None, "FFAHH"),
    (owned(S.SELFEVAL_FINANCE), A.RETURN, None, "FFAHH"),
    (owned(S.SELFEVAL_FINANCE), A.ASSIGN_EVALUATION, None, "FFAHH"),
    (owned(S.EVALUATION), A.READ, None, "AAAAH"),
    (owned(S.EVALUATION), A.READ_AUDIT, None, "AAAFH"),
    (owned(S.EVALUATION), A.UPLOAD, EV, "FFFAH"),
    (owned(S.EVALUATION), A.UPLOAD, SE, "FFFFH"),
    (owned(S.EVALUATION), A.SUBMIT_DRAFT, None, "FFFAH"),
    (owned(S.EVALUATION), A.FINALIZE, None, "FFFFH"),
    (owned(S.EVALUATION), A.RETURN, None, "FFFFH"),
    (owned(S.EVALUATION_CONSULT), A.UPLOAD, EV, "FFFAH"),
    (owned(S.EVALUATION_CONSULT), A.RETURN, None, "FFAFH"),
    (owned(S.EVALUATION_CONSULT, Role.DEPARTMENT), A.RETURN, None, "FAFFH"),
    (owned(S.EVALUATION_CONSULT), A.FINALIZE, None, "FFFAH"),
    (owned(S.EVALUATION_FINAL), A.UPLOAD, EV, "FFFFH"),
    (owned(S.EVALUATION_FINAL), A.ACCEPT, None, "FFAFH"),
    (owned(S.EVALUATION_FINAL), A.RETURN, None, "FFAFH"),
    (owned(S.EVALUATION_FINAL, Role.DEPARTMENT), A.ACCEPT, None, "FAFFH"),
    (owned(S.EVALUATION_FINAL, Role.DEPARTMENT), A.RETURN, None, "FAFFH"),
    (owned(S.RESULTS), A.READ, None, "AAAAH"),
    (owned(S.RESULTS), A.EDIT_RECTIFICATION, None, "AFFFH"),
    (owned(S.RESULTS), A.MANAGE_RECTIFICATION, None, "FAAFH"),
    (owned(S.RESULTS), A.EXPORT_RESULTS, None, "FAAFH"),
    (owned(S.RESULTS), A.ARCHIVE, None, "FFAFH"),
    (owned(S.RESULTS), A.UPLOAD, None, "FFFFH"),
    (owned(S.ARCHIVED), A.READ, None, "AAAAH"),
    (owned(S.ARCHIVED), A.UPLOAD, None, "FFFFH"),
    (owned(S.ARCHIVED), A.EDIT_RECTIFICATION, None, "FFFFH"),
    (owned(S.ARCHIVED), A.MANAGE_RECTIFICATION, None, "FFFFH"),
    (owned(S.ARCHIVED), A.EXPORT_RESULTS, None, "FAAFH"),
    (owned(S.ARCHIVED), A.ARCHIVE, None, "FFFFH"),
]


@pytest.mark.parametrize(("subject", "action", "document", "expected"), MATRIX)
def test_the_matrix_on_owned_project_years(
    subject: Subject, action: Action, document: DocumentKind | None, expected: str
) -> None:
    got = "".join(
        next(
            k
            for k, v in V.items()
            if authorize(actor, action, subject, document=document).verdict is v
        )
        for actor in ACTORS
    )
    assert got == expected, f"{subject.stage} {action} {document}: unit/dept/finance/eval/admin"


def test_the_matrix_covers_every_action_and_stage() -> None:
    assert {action for _, action, _, _ in MATRIX} == set(Action) - ADMIN_ACTIONS
    assert {subject.stage for subject, _, _, _ in MATRIX} == set(Stage)
    assert {(t.source, t.action) for t in TRANSITIONS} <= {
        (subject.stage, action) for subject, action, _, _ in MATRIX
    }


def not_owned(actor: Actor, stage: Stage) -> list[Subject]:
    """Project-years beside the actor's: a sibling unit, another department, another district,
    another evaluator's assignment, an evaluation not yet assigned."""

    def at(unit: int, department: int, district: int, evaluator: int | None = 51) -> Subject:
        assigned = stage in EVALUATED and evaluator is not None
        return Subject(
            unit,
            department,
            district,
            stage,
            evaluator_id=evaluator if assigned else None,
            commissioner=Role.FINANCE if assigned else None,
        )

    others = {
        Role.UNIT: [at(101, 10, 1), at(110, 11, 1)],
        Role.DEPARTMENT: [at(110, 11, 1), at(200, 20, 2)],
        Role.FINANCE: [at(200, 20, 2)],
        Role.EVALUATOR: [at(100, 10, 1), at(100, 10, 1, None)],
        Role.ADMIN: [owned(stage)],
    }
    return others[actor.role]


@pytest.mark.parametrize("actor", ACTORS, ids=[a.username for a in ACTORS])
def test_what_is_not_the_actors_is_hidden_for_every_action(actor: Actor) -> None:
    for stage in Stage:
        for subject in not_owned(actor, stage):
            for action in set(Action) - ADMIN_ACTIONS:
                for document in (None, *DocumentKind) if action is Action.UPLOAD else (None,):
                    decision = authorize(actor, action, subject, document=document)
                    assert decision == Decision(Verdict.HIDDEN, NOT_FOUND), (stage, action)


def test_the_administrator_sees_no_content() -> None:
    assert scope_of(ADMIN) == Scope() and scope_of(ADMIN).empty
    for stage in Stage:
        assert not can_see(ADMIN, owned(stage))
        assert authorize(ADMIN, Action.READ, owned(stage)).verdict is Verdict.HIDDEN
        assert allowed_transitions(ADMIN, owned(stage)) == ()


def test_users_and_organisations_are_the_administrators() -> None:
    for action in ADMIN_ACTIONS:
        assert authorize_admin(ADMIN, action).allowed
        for actor in (UNIT, DEPARTMENT, FINANCE, EVALUATOR):
            decision = authorize_admin(actor, action)
            assert decision.verdict is Verdict.FORBIDDEN and decision.reason.startswith(
                "只有管理员"
            )
        with pytest.raises(ValueError, match="authorize_admin"):
            authorize(ADMIN, action, owned(Stage.RESULTS))
    with pytest.raises(ValueError, match="authorize"):
        authorize_admin(ADMIN, Action.READ)


def test_the_finance_bureau_and_departments_export_the_portfolio() -> None:
    assert authorize_export(FINANCE).allowed and authorize_export(DEPARTMENT).allowed
    refused = [authorize_export(a) for a in (UNIT, EVALUATOR, ADMIN)]
    assert [d.verdict for d in refused] == [Verdict.FORBIDDEN] * 3
    assert {d.reason for d in refused} == {"只有财政局或主管部门可以导出结果应用"}


def test_an_evaluator_sees_its_assignment_from_the_evaluation_on() -> None:
    order = list(Stage)
    for stage in Stage:
        mine = Subject(100, 10, 1, stage, evaluator_id=50, commissioner=Role.DEPARTMENT)
        assert can_see(EVALUATOR, mine) is (order.index(stage) >= order.index(Stage.EVALUATION))
        assert not can_see(EVALUATOR, replace(mine, evaluator_id=51))
        assert not can_see(EVALUATOR, replace(mine, evaluator_id=None, commissioner=None))
    # a self-evaluation accepted without any evaluation: no evaluator sees it
    assert not can_see(EVALUATOR, Subject(100, 10, 1, Stage.RESULTS))


def test_reasons_are_chinese_and_name_the_stage_or_the_role() -> None:
    def reason(
        actor: Actor, action: Action, subject: Subject, document: DocumentKind | None = None
    ) -> str:
        decision = authorize(actor, action, subject, document=document)
        assert decision.verdict is Verdict.FORBIDDEN
        return decision.reason

    finance = owned(Stage.TARGETS_FINANCE)
    assert (
        reason(UNIT, A.UPLOAD, finance, document=T)
        == "当前阶段「财政审核（目标）」不能上传绩效目标表"
    )
    assert reason(DEPARTMENT, A.UPLOAD, owned(S.TARGETS_DRAFT), document=T) == (
        "当前阶段的绩效目标表由预算单位上传"
    )
    assert reason(UNIT, A.APPROVE, finance) == "「批复绩效目标」须由财政局办理"
    assert reason(UNIT, A.ARCHIVE, finance) == "当前阶段「财政审核（目标）」不能归档"
    assert reason(EVALUATOR, A.READ_AUDIT, owned(S.EVALUATION)) == "第三方评价机构不能查看操作记录"
    assert reason(DEPARTMENT, A.ACCEPT, owned(S.EVALUATION_FINAL)) == (
        "「验收评价报告」须由委托本次评价的财政局办理"
    )
    assert reason(UNIT, A.SUBMIT, owned(S.SELFEVAL_DRAFT, adjustment_pending=True)) == (
        "目标调整申请尚待财政局审批，审批后才能提交主管部门审核"
    )
    assert reason(FINANCE, A.DECIDE_ADJUSTMENT, owned(S.MONITORING)) == "没有待审批的目标调整申请"


def test_a_stale_transition_is_forbidden_and_a_wrong_one_is_a_programmer_error() -> None:
    approve_targets = find_transition(Stage.TARGETS_FINANCE, Action.APPROVE)
    assert approve_targets is not None
    moved_on = owned(Stage.TARGETS_APPROVED)
    decision = authorize(FINANCE, Action.APPROVE, moved_on, transition=approve_targets)
    assert decision.verdict is Verdict.FORBIDDEN
    assert authorize(
        FINANCE, Action.APPROVE, owned(Stage.TARGETS_FINANCE), transition=approve_targets
    ).allowed
    with pytest.raises(ValueError):
        authorize(FINANCE, Action.RETURN, moved_on, transition=approve_targets)
    with pytest.raises(ValueError):
        authorize(UNIT, Action.SUBMIT, owned(Stage.TARGETS_DRAFT), document=T)


def test_a_commissioned_return_without_a_commissioner_is_refused() -> None:
    orphan = Subject(100, 10, 1, Stage.EVALUATION_FINAL, evaluator_id=50)
    assert authorize(FINANCE, Action.ACCEPT, orphan).reason == "本项目尚未委托评价"
    with pytest.raises(ValueError):
        Subject(100, 10, 1, Stage.EVALUATION, evaluator_id=50, commissioner=Role.UNIT)


def test_the_buttons_are_the_allowed_transitions() -> None:
    labels = {
        actor.username: [t.label for t in allowed_transitions(actor, owned(Stage.SELFEVAL_FINANCE))]
        for actor in ACTORS
    }
    assert labels == {
        "unit": [],
        "department": [],
        "finance": ["复核通过，进入结果应用", "退回单位修改", "委托第三方开展重点评价"],
        "evaluator": [],
        "admin": [],
    }


def test_a_whole_cycle_walks_through_with_the_right_hands() -> None:
    """目标申报 to 归档 by a 部门评价, each step taken by the one actor allowed to take it."""
    path = [
        (UNIT, A.SUBMIT),
        (DEPARTMENT, A.APPROVE),
        (FINANCE, A.APPROVE),
        (FINANCE, A.START_MONITORING),
        (FINANCE, A.START_SELFEVAL),
        (UNIT, A.SUBMIT),
        (DEPARTMENT, A.ASSIGN_EVALUATION),
        (EVALUATOR, A.SUBMIT_DRAFT),
        (EVALUATOR, A.FINALIZE),
        (DEPARTMENT, A.ACCEPT),
        (FINANCE, A.ARCHIVE),
    ]
    subject = Subject(100, 10, 1, Stage.TARGETS_DRAFT)
    for actor, action in path:
        assert [a for a in ACTORS if authorize(a, action, subject).allowed] == [actor], action
        step = find_transition(subject.stage, action)
        assert step is not None
        subject = replace(subject, stage=step.target)
        if step.commissions is not None:
            subject = replace(subject, evaluator_id=50, commissioner=step.commissions)
    assert subject.stage is Stage.ARCHIVED


# --- can_see agrees with scope_of ------------------------------------------------------------

IDS = st.integers(min_value=1, max_value=4)
actors = st.builds(
    Actor,
    user_id=st.integers(min_value=1, max_value=10),
    username=st.just("u"),
    role=st.sampled_from(Role),
    org_id=st.none() | IDS,
    district_id=st.none() | IDS,
)
subjects = st.builds(
    Subject,
    unit_id=IDS,
    department_id=IDS,
    district_id=IDS,
    stage=st.sampled_from(Stage),
    evaluator_id=st.none() | IDS,
    commissioner=st.none() | st.sampled_from([Role.DEPARTMENT, Role.FINANCE]),
    adjustment_pending=st.booleans(),
)


@given(actors, subjects)
def test_can_see_is_exactly_the_scope(actor: Actor, subject: Subject) -> None:
    scope = scope_of(actor)
    assert can_see(actor, subject) is scope.contains(subject)
    hidden = authorize(actor, Action.READ, subject).verdict is Verdict.HIDDEN
    assert hidden is not scope.contains(subject)
    if scope.empty:
        assert not scope.contains(subject)


@given(subjects)
def test_everything_contains_every_subject_and_nothing_none(subject: Subject) -> None:
    assert Scope(everything=True).contains(subject)
    assert not Scope().contains(subject)
    assert Scope(evaluators=frozenset({4}), evaluator_stages=frozenset()).contains(subject) is False


def test_the_scope_fields_each_role_fills() -> None:
    assert scope_of(UNIT) == Scope(units=frozenset({100}))
    assert scope_of(DEPARTMENT) == Scope(departments=frozenset({10}))
    assert scope_of(FINANCE) == Scope(districts=frozenset({1}))
    assert scope_of(EVALUATOR) == Scope(evaluators=frozenset({50}), evaluator_stages=EVALUATED)
    assert scope_of(replace(UNIT, org_id=None)).empty
