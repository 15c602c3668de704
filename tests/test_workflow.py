"""The cycle's table is sound (every stage reachable, returns go back to the phase's draft with
a reason, no two rows for one stage and action), the upload table is the locking rule, and
docs/workflow.md shows exactly these tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.core.model import Kind
from jixiao.workflow import (
    EVALUATED,
    FIELDS,
    GRANTS,
    TRANSITIONS,
    UPLOADS,
    Action,
    DocumentKind,
    OrgKind,
    Role,
    Stage,
    Transition,
    find_transition,
    may_upload,
    missing_fields,
    transitions_from,
    uploadable,
)

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "workflow.md"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_stage_is_reachable_from_the_first() -> None:
    seen = {Stage.TARGETS_DRAFT}
    todo = [Stage.TARGETS_DRAFT]
    while todo:
        for t in transitions_from(todo.pop()):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    assert seen == set(Stage)


def test_every_stage_but_the_archive_leads_on_and_the_archive_is_terminal() -> None:
    assert transitions_from(Stage.ARCHIVED) == ()
    assert all(transitions_from(s) for s in Stage if s is not Stage.ARCHIVED)
    assert all(
        t.target is not Stage.TARGETS_DRAFT or t.action is Action.RETURN for t in TRANSITIONS
    )


def test_the_cycle_moves_forward_except_by_returns() -> None:
    order = list(Stage)
    for t in TRANSITIONS:
        forward = order.index(t.target) > order.index(t.source)
        assert forward is (t.action is not Action.RETURN), t


def test_every_return_asks_a_reason_and_goes_to_its_phases_draft() -> None:
    draft = {
        Stage.TARGETS_DEPARTMENT: Stage.TARGETS_DRAFT,
        Stage.TARGETS_FINANCE: Stage.TARGETS_DRAFT,
        Stage.SELFEVAL_DEPARTMENT: Stage.SELFEVAL_DRAFT,
        Stage.SELFEVAL_FINANCE: Stage.SELFEVAL_DRAFT,
        Stage.EVALUATION_CONSULT: Stage.EVALUATION,
        Stage.EVALUATION_FINAL: Stage.EVALUATION,
    }
    returns = [t for t in TRANSITIONS if t.action is Action.RETURN]
    assert {t.source: t.target for t in returns} == draft
    assert all(t.reason_required and "reason" in t.required for t in returns)
    assert [t for t in TRANSITIONS if t.reason_required and t.action is not Action.RETURN] == []


def test_one_row_per_stage_and_action() -> None:
    keys = [(t.source, t.action) for t in TRANSITIONS]
    assert len(keys) == len(set(keys))
    for t in TRANSITIONS:
        assert find_transition(t.source, t.action) is t
    assert find_transition(Stage.TARGETS_DRAFT, Action.APPROVE) is None
    assert find_transition(Stage.ARCHIVED, Action.RETURN) is None


def test_labels_are_chinese_and_values_are_stable_snake_case() -> None:
    labelled: list[Stage | Action | Role | OrgKind | DocumentKind] = [
        *Stage,
        *Action,
        *Role,
        *OrgKind,
        *DocumentKind,
    ]
    for member in labelled:
        assert CHINESE.search(member.label), member
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", member.value), member
    assert all(CHINESE.search(t.label) for t in TRANSITIONS)
    assert all(CHINESE.search(name) for name in FIELDS.values())
    # stored in the database: these exact strings
    assert [s.value for s in Stage][:3] == [
        "targets_draft",
        "targets_department",
        "targets_finance",
    ]
    assert Stage.SELFEVAL_FINANCE.label == "财政复核"
    assert Role.EVALUATOR.label == "第三方评价机构" and OrgKind.FINANCE.role is Role.FINANCE
    assert Role.ADMIN.org_kind is None and Role.UNIT.org_kind is OrgKind.UNIT


def test_evaluations_are_commissioned_by_the_department_or_the_finance_bureau() -> None:
    assigned = {t.source: t for t in TRANSITIONS if t.action is Action.ASSIGN_EVALUATION}
    assert set(assigned) == {Stage.SELFEVAL_DEPARTMENT, Stage.SELFEVAL_FINANCE}
    assert assigned[Stage.SELFEVAL_DEPARTMENT].commissions is Role.DEPARTMENT  # 部门评价
    assert assigned[Stage.SELFEVAL_FINANCE].commissions is Role.FINANCE  # 重点评价
    assert all(
        t.target is Stage.EVALUATION and t.needs == {"evaluator_id"} for t in assigned.values()
    )
    final = find_transition(Stage.EVALUATION_FINAL, Action.ACCEPT)
    assert final is not None and final.by_commissioner and final.target is Stage.RESULTS
    assert find_transition(Stage.EVALUATION_CONSULT, Action.FINALIZE) == Transition(
        Action.FINALIZE,
        Stage.EVALUATION_CONSULT,
        Stage.EVALUATION_FINAL,
        frozenset({Role.EVALUATOR}),
        "主评人签署，报告定稿",
        needs=frozenset({"lead_evaluator"}),
    )
    straight = find_transition(Stage.SELFEVAL_FINANCE, Action.ACCEPT)
    assert straight is not None and straight.target is Stage.RESULTS  # no evaluation at all
    assert straight.roles == {Role.FINANCE}


def test_the_administrator_moves_nothing() -> None:
    assert all(Role.ADMIN not in t.roles for t in TRANSITIONS)
    assert all(Role.ADMIN not in g.roles for g in GRANTS)
    assert all(u.role is not Role.ADMIN for u in UPLOADS)


def test_missing_fields_names_what_a_transition_needs() -> None:
    back = find_transition(Stage.TARGETS_FINANCE, Action.RETURN)
    assign = find_transition(Stage.SELFEVAL_FINANCE, Action.ASSIGN_EVALUATION)
    assert back is not None and assign is not None
    assert missing_fields(back, {}) == ("reason",)
    assert missing_fields(back, {"reason": "   "}) == ("reason",)
    assert missing_fields(back, {"reason": "指标值未量化"}) == ()
    assert missing_fields(assign, {"reason": "x"}) == ("evaluator_id",)
    assert missing_fields(assign, {"evaluator_id": 7}) == ()
    assert [FIELDS[f] for f in missing_fields(back, {})] == ["退回意见"]


def test_a_malformed_row_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown payload"):
        Transition(
            Action.SUBMIT,
            Stage.TARGETS_DRAFT,
            Stage.TARGETS_DEPARTMENT,
            frozenset({Role.UNIT}),
            "提交",
            needs=frozenset({"signature"}),
        )
    with pytest.raises(ValueError, match="commission"):
        Transition(
            Action.ACCEPT,
            Stage.EVALUATION_FINAL,
            Stage.RESULTS,
            frozenset({Role.UNIT}),
            "验收",
            by_commissioner=True,
        )


def test_document_kinds_of_the_core_kinds() -> None:
    assert {k: DocumentKind.of(k) for k in Kind} == {
        Kind.TARGET: DocumentKind.TARGETS,
        Kind.SELFEVAL: DocumentKind.SELFEVAL,
        Kind.COMPLETION: DocumentKind.SELFEVAL,
        Kind.DEPARTMENT: DocumentKind.EVALUATION,
        Kind.KEY: DocumentKind.EVALUATION,
        Kind.WHOLE: DocumentKind.EVALUATION,
    }


def uploads_allowed() -> set[tuple[Stage, Role, DocumentKind]]:
    return {(s, r, d) for s in Stage for r in Role for d in DocumentKind if may_upload(s, r, d)}


def test_what_may_be_uploaded_when_and_by_whom() -> None:
    unit, evaluator = Role.UNIT, Role.EVALUATOR
    assert uploads_allowed() == {
        (Stage.TARGETS_DRAFT, unit, DocumentKind.TARGETS),
        (Stage.TARGETS_APPROVED, unit, DocumentKind.MONITORING),
        (Stage.MONITORING, unit, DocumentKind.MONITORING),
        (Stage.SELFEVAL_DRAFT, unit, DocumentKind.SELFEVAL),
        (Stage.EVALUATION, evaluator, DocumentKind.EVALUATION),
        (Stage.EVALUATION_CONSULT, evaluator, DocumentKind.EVALUATION),
    }
    assert uploadable(Stage.MONITORING, unit) == (DocumentKind.MONITORING,)
    assert uploadable(Stage.RESULTS, unit) == ()


def test_approved_targets_are_never_uploaded_again() -> None:
    """Once submitted, and for good once approved: only a 目标调整 changes them (not an upload)."""
    after = list(Stage)[1:]
    for kind in (Kind.TARGET, DocumentKind.TARGETS):
        assert may_upload(Stage.TARGETS_DRAFT, Role.UNIT, kind)
        assert not any(may_upload(s, r, kind) for s in after for r in Role)


def test_a_submitted_self_evaluation_is_read_only_until_returned() -> None:
    for kind in (Kind.SELFEVAL, Kind.COMPLETION):
        assert may_upload(Stage.SELFEVAL_DRAFT, Role.UNIT, kind)
        for submitted in (Stage.SELFEVAL_DEPARTMENT, Stage.SELFEVAL_FINANCE, *EVALUATED):
            assert not any(may_upload(submitted, r, kind) for r in Role), submitted
    for returned in (Stage.SELFEVAL_DEPARTMENT, Stage.SELFEVAL_FINANCE):
        back = find_transition(returned, Action.RETURN)
        assert back is not None and may_upload(back.target, Role.UNIT, Kind.SELFEVAL)


def test_a_final_report_is_not_uploaded_over() -> None:
    for kind in (Kind.DEPARTMENT, Kind.KEY, Kind.WHOLE):
        assert may_upload(Stage.EVALUATION, Role.EVALUATOR, kind)
        assert not may_upload(Stage.EVALUATION_FINAL, Role.EVALUATOR, kind)
        assert not may_upload(Stage.EVALUATION, Role.UNIT, kind)


# --- docs/workflow.md: its tables are these, rendered from the code -----------------------


def _cell(text: str) -> str:
    return text or "—"


def _roles(roles: frozenset[Role]) -> str:
    return "、".join(r.label for r in Role if r in roles)


def _doer(t: Transition) -> str:
    either = "或".join(r.label for r in Role if r in t.roles)
    return f"委托评价的{either}" if t.by_commissioner else _roles(t.roles)


def _stages(stages: frozenset[Stage]) -> str:
    if stages == set(Stage):
        return "全部阶段"
    return "、".join(s.label for s in Stage if s in stages)


def render_tables() -> list[str]:
    """The page's tables, in page order; paste their output into docs/workflow.md."""
    stage_rows = ["| 顺序 | 阶段 | 存储值 | 可上传 | 可办理 |", "| --- | --- | --- | --- | --- |"]
    for n, stage in enumerate(Stage, 1):
        ups = "；".join(
            f"{u.document.label}（{u.role.label}）" for u in UPLOADS if stage in u.stages
        )
        moves = "；".join(f"{t.label}（{_doer(t)}）" for t in transitions_from(stage))
        stage_rows.append(
            f"| {n} | {stage.label} | `{stage.value}` | {_cell(ups)} | {_cell(moves)} |"
        )

    move_rows = [
        "| 从 | 操作 | 按钮 | 到 | 办理人 | 必填 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for t in TRANSITIONS:
        needs = "、".join(FIELDS[f] for f in t.required)
        move_rows.append(
            f"| {t.source.label} | {t.action.label} `{t.action.value}` | {t.label} "
            f"| {t.target.label} | {_doer(t)} | {_cell(needs)} |"
        )

    upload_rows = ["| 文件 | 谁上传 | 阶段 |", "| --- | --- | --- |"]
    upload_rows += [
        f"| {u.document.label} `{u.document.value}` | {u.role.label} | {_stages(u.stages)} |"
        for u in UPLOADS
    ]

    grant_rows = ["| 操作 | 谁 | 阶段 |", "| --- | --- | --- |"]
    grant_rows += [
        f"| {g.action.label} `{g.action.value}` | {_roles(g.roles)} | {_stages(g.stages)} |"
        for g in GRANTS
    ]
    return ["\n".join(rows) for rows in (stage_rows, move_rows, upload_rows, grant_rows)]


def page_tables(text: str) -> list[str]:
    """Every markdown table of a page: runs of lines that start with a pipe."""
    return [m.group(0).strip("\n") for m in re.finditer(r"(?m)(^\|.*\n?)+", text)]


def test_the_page_shows_the_tables_of_the_code() -> None:
    shown = page_tables(PAGE.read_text(encoding="utf-8"))
    generated = render_tables()
    headers = {table.split("\n", 1)[0] for table in generated}
    assert [t for t in shown if t.split("\n", 1)[0] in headers] == generated, (
        "docs/workflow.md is stale: paste the output of tests/test_workflow.py render_tables()"
    )


def test_every_stage_and_action_is_named_on_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for member in (*Stage, *Action, *DocumentKind):
        assert f"`{member.value}`" in text, member


if __name__ == "__main__":
    print("\n\n".join(render_tables()))
