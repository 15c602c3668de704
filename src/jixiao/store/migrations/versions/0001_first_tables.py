"""The store's first tables (store/schema.py as of issue 13).

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jixiao.store.types import Money, cents

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_department_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_district_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_parent_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("code", name=op.f("uq_organisations_code")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["organisations.id"], name=op.f("fk_projects_unit_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("unit_id", "key", name=op.f("uq_projects_unit_id")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_users_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index("ix_audit_object", ["object_type", "object_id"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_indicators_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("project_id", "key", name=op.f("uq_indicators_project_id")),
    )
    op.create_table(
        "project_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_aliases_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["organisations.id"], name=op.f("fk_project_aliases_unit_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_aliases")),
        sa.UniqueConstraint("unit_id", "key", name=op.f("uq_project_aliases_unit_id")),
    )
    with op.batch_alter_table("project_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_aliases_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("evaluator_id", sa.Integer(), nullable=True),
        sa.Column("commissioner", sa.String(length=32), nullable=True),
        sa.Column("budget", Money(), nullable=True),
        sa.Column("executed", Money(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["organisations.id"],
            name=op.f("fk_project_years_department_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["organisations.id"],
            name=op.f("fk_project_years_district_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["evaluator_id"],
            ["organisations.id"],
            name=op.f("fk_project_years_evaluator_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_years_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["organisations.id"], name=op.f("fk_project_years_unit_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_project_years_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_years")),
        sa.UniqueConstraint("project_id", "year", name=op.f("uq_project_years_project_id")),
        *cents(op.get_bind(), "budget", "executed"),
    )
    with op.batch_alter_table("project_years", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_years_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_years_district_id"), ["district_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_years_evaluator_id"), ["evaluator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_years_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_years_year"), ["year"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["documents.id"], name=op.f("fk_rectifications_evidence_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_rectifications_project_year_id_project_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectifications")),
        sa.UniqueConstraint(
            "project_year_id", "fingerprint", name=op.f("uq_rectifications_project_year_id")
        ),
    )
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rectifications_project_year_id"), ["project_year_id"], unique=False
        )

    op.create_table(
        "transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_transitions_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_transitions_project_year_id_project_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transitions")),
    )
    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transitions_project_year_id"), ["project_year_id"], unique=False
        )

    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("original_name", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_uploads_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_uploads_project_year_id_project_years"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_uploads_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploads_document_id"), ["document_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_uploads_project_year_id"), ["project_year_id"], unique=False
        )

    op.create_table(
        "case_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("case_kind", sa.String(length=32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_case_versions_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_case_versions_project_year_id_project_years"),
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"], ["uploads.id"], name=op.f("fk_case_versions_upload_id_uploads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_versions")),
        sa.UniqueConstraint(
            "project_year_id", "seq", name=op.f("uq_case_versions_project_year_id")
        ),
    )
    op.create_table(
        "adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("case_version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_version_id"],
            ["case_versions.id"],
            name=op.f("fk_adjustments_case_version_id_case_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_adjustments_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_adjustments_project_year_id_project_years"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_adjustments_requested_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjustments")),
    )
    with op.batch_alter_table("adjustments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adjustments_project_year_id"), ["project_year_id"], unique=False
        )

    op.create_table(
        "indicator_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("case_version_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("actual", sa.Text(), nullable=False),
        sa.Column("weight", Money(), nullable=True),
        sa.Column("score", Money(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_version_id"],
            ["case_versions.id"],
            name=op.f("fk_indicator_years_case_version_id_case_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_years_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_indicator_years_project_year_id_project_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_years")),
        sa.UniqueConstraint(
            "indicator_id", "project_year_id", name=op.f("uq_indicator_years_indicator_id")
        ),
        *cents(op.get_bind(), "weight", "score"),
    )
    with op.batch_alter_table("indicator_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_years_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_years_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicator_years_project_year_id"), ["project_year_id"], unique=False
        )

    op.create_table(
        "score_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_year_id", sa.Integer(), nullable=False),
        sa.Column("case_version_id", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(length=64), nullable=False),
        sa.Column("policy_hash", sa.String(length=64), nullable=False),
        sa.Column("framework_hash", sa.String(length=64), nullable=False),
        sa.Column("jixiao_version", sa.String(length=32), nullable=False),
        sa.Column("total", Money(), nullable=False),
        sa.Column("weight_total", Money(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_version_id"],
            ["case_versions.id"],
            name=op.f("fk_score_runs_case_version_id_case_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_score_runs_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_year_id"],
            ["project_years.id"],
            name=op.f("fk_score_runs_project_year_id_project_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_runs")),
        *cents(op.get_bind(), "total", "weight_total"),
    )
    with op.batch_alter_table("score_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_score_runs_project_year_id"), ["project_year_id"], unique=False
        )

    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_run_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=32), nullable=False),
        sa.Column("where", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["score_run_id"], ["score_runs.id"], name=op.f("fk_problems_score_run_id_score_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problems")),
    )
    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_problems_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_problems_fingerprint"), ["fingerprint"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_problems_score_run_id"), ["score_run_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problems_score_run_id"))
        batch_op.drop_index(batch_op.f("ix_problems_fingerprint"))
        batch_op.drop_index(batch_op.f("ix_problems_code"))

    op.drop_table("problems")
    with op.batch_alter_table("score_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_runs_project_year_id"))

    op.drop_table("score_runs")
    with op.batch_alter_table("indicator_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_years_project_year_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_years_name"))
        batch_op.drop_index(batch_op.f("ix_indicator_years_category"))

    op.drop_table("indicator_years")
    with op.batch_alter_table("adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adjustments_project_year_id"))

    op.drop_table("adjustments")
    op.drop_table("case_versions")
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploads_project_year_id"))
        batch_op.drop_index(batch_op.f("ix_uploads_document_id"))

    op.drop_table("uploads")
    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transitions_project_year_id"))

    op.drop_table("transitions")
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectifications_project_year_id"))

    op.drop_table("rectifications")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_user_id"))

    op.drop_table("sessions")
    with op.batch_alter_table("project_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_years_year"))
        batch_op.drop_index(batch_op.f("ix_project_years_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_years_evaluator_id"))
        batch_op.drop_index(batch_op.f("ix_project_years_district_id"))
        batch_op.drop_index(batch_op.f("ix_project_years_department_id"))

    op.drop_table("project_years")
    with op.batch_alter_table("project_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_aliases_project_id"))

    op.drop_table("project_aliases")
    op.drop_table("indicators")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_object")

    op.drop_table("audit")
    op.drop_table("users")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_unit_id"))

    op.drop_table("projects")
    op.drop_table("organisations")
    op.drop_table("documents")
