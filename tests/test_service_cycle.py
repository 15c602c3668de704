"""The service layer on a real database (SQLite and PostgreSQL): the demo district, scoped
listings, uploads stored whole or not at all, the cycle's steps, optimistic locking, 整改
items opened at 结果应用, sign-in with lock-out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from demo_world import EXAMPLES, ctx
from jixiao.service.demo import DEMO_PASSWORD
from jixiao.service.errors import Conflict, Forbidden, Invalid, NotFound, TooMany, Unauthenticated
from jixiao.service.people import MAX_FAILURES, authenticate
from jixiao.service.projects import list_projects, summary_of
from jixiao.service.transitions import transition
from jixiao.service.uploads import upload
from jixiao.store.db import Store
from jixiao.store.schema import (
    AuditEntry,
    CaseVersion,
    Document,
    IndicatorYear,
    Project,
    ProjectAlias,
    Rectification,
    ScoreRun,
    StoredProblem,
    TransitionRecord,
)
from jixiao.workflow import Action, Stage


def by_name(store: Store, username: str, name: str) -> int:
    [found] = [p.id for p in list_projects(ctx(store, username)) if p.name == name]
    return found


def count(store: Store, table: type) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_each_role_lists_what_it_may_see(store: Store) -> None:
    seen = {u: sorted(p.name for p in list_projects(ctx(store, u))) for u in ("unit", "unit2")}
    assert seen["unit"] == [
        "智慧图书馆数字资源建设",
        "社区养老驿站运营补贴",
        "社区居家养老服务补贴",
    ]
    assert seen["unit2"] == ["公益文化艺术培训", "街道文化活动经费"]
    assert len(list_projects(ctx(store, "department"))) == 5  # its units U-LIBRARY, U-CULTURE
    assert len(list_projects(ctx(store, "finance"))) == 5
    # the one commissioned from it, at 评价实施
    assert [p.name for p in list_projects(ctx(store, "evaluator"))] == ["公益文化艺术培训"]
    assert list_projects(ctx(store, "admin")) == []  # users and organisations, not content
    stages = {p.name: p.stage for p in list_projects(ctx(store, "finance"))}
    assert stages["社区居家养老服务补贴"] is Stage.RESULTS
    assert (
        list_projects(ctx(store, "finance"), stage=Stage.SELFEVAL_DRAFT)[0].name
        == "街道文化活动经费"
    )


def test_a_project_of_another_unit_is_not_found(store: Store) -> None:
    theirs = by_name(store, "unit", "社区养老驿站运营补贴")
    with pytest.raises(NotFound, match="未找到该项目"):
        summary_of(ctx(store, "unit2"), theirs)
    with pytest.raises(NotFound):
        summary_of(ctx(store, "unit2"), 999_999)  # the same words for one that does not exist


def test_an_upload_is_read_scored_reviewed_and_stored(store: Store) -> None:
    unit2 = ctx(store, "unit2")
    py = by_name(store, "unit2", "街道文化活动经费")
    data = (EXAMPLES / "selfeval" / "街道文化活动经费.xlsx").read_bytes()
    before = summary_of(unit2, py)
    stored = upload(unit2, py, data, "街道文化活动经费.xlsx", version=before.version)
    assert stored.case_version == 2 and stored.version == before.version + 1
    assert stored.result.total > 0
    with store.transaction() as s:
        run = s.get(ScoreRun, stored.score_run_id)
        assert run is not None and run.total == stored.result.total
        assert run.policy == "default" and len(run.policy_hash) == 64 and run.jixiao_version
        marks = s.scalars(
            select(StoredProblem.fingerprint).where(StoredProblem.score_run_id == run.id)
        )
        assert all(len(m) == 16 for m in marks)
        rows = s.scalars(select(IndicatorYear).where(IndicatorYear.project_year_id == py)).all()
        assert len(rows) == len(stored.result.case.indicators)  # one row per indicator, not two
    assert count(store, Document) == 6  # the same bytes stored once (5 demo files, 1 case)
    assert summary_of(unit2, py).total == stored.result.total


def test_a_bad_file_stores_nothing(store: Store) -> None:
    unit2 = ctx(store, "unit2")
    py = by_name(store, "unit2", "街道文化活动经费")
    tables = (Document, CaseVersion, ScoreRun, StoredProblem, AuditEntry)
    before = [count(store, t) for t in tables]
    with pytest.raises(Invalid) as refused:
        upload(unit2, py, b"PK\x03\x04 not a workbook", "坏文件.xlsx")
    assert refused.value.code == "unreadable" and refused.value.problems
    assert refused.value.problems[0].where.file == "坏文件.xlsx"
    with pytest.raises(
        Invalid, match="是 2023 年度的，该项目是 2024 年度"
    ):  # another year's table for this one
        data = (EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml").read_bytes()
        upload(unit2, py, data.replace(b"year: 2024", b"year: 2023"), "x.yaml")
    assert [count(store, t) for t in tables] == before


def test_uploads_follow_the_stage(store: Store) -> None:
    unit = ctx(store, "unit")
    submitted = by_name(store, "unit", "智慧图书馆数字资源建设")  # with the department
    data = (EXAMPLES / "selfeval" / "智慧图书馆数字资源建设.txt").read_bytes()
    with pytest.raises(Forbidden, match="不能上传"):
        upload(unit, submitted, data, "智慧图书馆数字资源建设.txt")


def test_the_cycle_returns_with_a_reason_and_locks_optimistically(store: Store) -> None:
    department = ctx(store, "department")
    py = by_name(store, "department", "智慧图书馆数字资源建设")
    version = summary_of(department, py).version
    with pytest.raises(Invalid, match="退回意见"):
        transition(department, py, Action.RETURN, version=version)
    back = transition(department, py, Action.RETURN, version=version, reason="偏差原因未填写")
    assert back.stage is Stage.SELFEVAL_DRAFT
    with pytest.raises(Conflict, match="文体局计财科"):  # the version read is no longer current
        transition(ctx(store, "unit"), py, Action.SUBMIT, version=version)
    assert transition(ctx(store, "unit"), py, Action.SUBMIT, version=back.version).stage is (
        Stage.SELFEVAL_DEPARTMENT
    )
    with pytest.raises(Forbidden, match="主管部门"):
        transition(ctx(store, "unit"), py, Action.APPROVE)
    with store.transaction() as s:
        reasons = s.scalars(
            select(TransitionRecord.reason).where(TransitionRecord.project_year_id == py)
        )
        assert "偏差原因未填写" in list(reasons)


def test_results_open_rectification_items_once(store: Store) -> None:
    py = by_name(store, "finance", "社区居家养老服务补贴")  # walked to 结果应用 by the demo
    with store.transaction() as s:
        items = s.scalars(select(Rectification).where(Rectification.project_year_id == py)).all()
        assert items and all(i.severity.value in ("error", "warning") for i in items)
        assert len({i.fingerprint for i in items}) == len(items)


def test_an_assigned_evaluator_sees_the_project(store: Store) -> None:
    finance = ctx(store, "finance")
    py = by_name(store, "department", "智慧图书馆数字资源建设")
    transition(ctx(store, "department"), py, Action.APPROVE)
    with store.transaction() as s:
        firm = s.scalar(select(Project.id).limit(1))  # any id that is not an evaluator
    with pytest.raises(Invalid, match="第三方评价机构"):
        transition(finance, py, Action.ASSIGN_EVALUATION, payload={"evaluator_id": 10_000})
    evaluator = ctx(store, "evaluator")
    assert firm is not None
    org = evaluator.actor.org_id
    done = transition(finance, py, Action.ASSIGN_EVALUATION, payload={"evaluator_id": org})
    assert done.stage is Stage.EVALUATION
    evaluated = by_name(store, "finance", "公益文化艺术培训")  # the demo's, already its
    assert sorted(p.id for p in list_projects(evaluator)) == sorted([evaluated, py])


def test_a_renamed_project_keeps_its_old_key(store: Store) -> None:
    unit2 = ctx(store, "unit2")
    py = by_name(store, "unit2", "街道文化活动经费")
    text = (EXAMPLES / "selfeval" / "社区居家养老服务补贴.yaml").read_text(encoding="utf-8")
    renamed = text.replace("社区居家养老服务补贴", "街道文化活动补助经费").replace(
        "year: 2024", "year: 2024"
    )
    upload(unit2, py, renamed.encode("utf-8"), "改名.yaml")
    assert summary_of(unit2, py).name == "街道文化活动补助经费"
    with store.transaction() as s:
        assert [a.name for a in s.scalars(select(ProjectAlias))] == ["街道文化活动经费"]


def test_sign_in_locks_after_repeated_failures(store: Store) -> None:
    with pytest.raises(Unauthenticated, match="用户名或密码不正确"):
        authenticate(store, "nobody", DEMO_PASSWORD)
    for _ in range(MAX_FAILURES):
        with pytest.raises(Unauthenticated):
            authenticate(store, "unit", "wrong-password")
    with pytest.raises(TooMany, match="已锁定"):
        authenticate(store, "unit", DEMO_PASSWORD)  # even the right password, for a while
    assert authenticate(store, "unit2", DEMO_PASSWORD).username == "unit2"


def test_an_address_failing_too_often_is_refused_for_a_while(store: Store) -> None:
    """Failures from one address count whatever user names they try, in the database (every
    worker sees them); another address, or the command line (no address), is not held back."""
    from jixiao.service.people import ADDRESS_FAILURES

    for i in range(ADDRESS_FAILURES):
        with pytest.raises(Unauthenticated):
            authenticate(store, f"guess{i}", "wrong", "10.0.0.9")
    with pytest.raises(TooMany, match="该地址登录失败次数过多"):
        authenticate(store, "unit", DEMO_PASSWORD, "10.0.0.9")  # even the right password
    assert authenticate(store, "unit", DEMO_PASSWORD, "10.0.0.8").username == "unit"
    assert authenticate(store, "unit", DEMO_PASSWORD).username == "unit"


def test_the_portfolio_of_a_year(store: Store) -> None:
    from jixiao.service.portfolio import portfolio

    [culture] = portfolio(ctx(store, "finance"), 2024)
    assert culture.department == "某区文化广电旅游体育局" and culture.projects == 4
    assert culture.scored == sum(culture.grades.values()) == 4
    assert culture.mean is not None and culture.open_items > 0
    assert portfolio(ctx(store, "unit2"), 2024)[0].projects == 2  # its own only
    assert portfolio(ctx(store, "admin"), 2024) == []


def test_a_target_below_last_years_actual_is_found(store: Store, tmp_path: Path) -> None:
    """Next year's targets are reviewed against the indicator's stored history (by key)."""
    from jixiao import api
    from jixiao.service.projects import create_project_year

    unit2 = ctx(store, "unit2")
    converted = tmp_path / "表.yaml"
    assert not api.convert(EXAMPLES / "selfeval" / "街道文化活动经费.xlsx", converted)
    text = converted.read_text(encoding="utf-8").replace("year: 2024", "year: 2025")
    text = text.replace("- project:", "- stage: target\n  project:", 1)  # next year's targets
    made = create_project_year(unit2, "U-CULTURE", "街道文化活动经费", 2025)
    stored = upload(unit2, made.id, text.encode("utf-8"), "2025目标.yaml")
    found = [r.finding for r in stored.review.findings if r.finding.code == "target-below-history"]
    assert [f.message for f in found] == [
        "「举办文化活动场次」年度指标值「≥40场」低于上年（2024 年）实际完成「46场」",
        "「居民参与人次」年度指标值「≥1.5万人次」低于上年（2024 年）实际完成「2.1万人次」",
    ]
    assert all(f.where.field == "年度指标值" for f in found)
