"""Initial schema: documents, agencies, assignments, deadlines, links, notes, audit; search.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("short_name", sa.String(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_entity", "audit_event", ["entity", "entity_id", "id"])
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("number_key", sa.String(), nullable=True),
        sa.Column("issuer", sa.String(), nullable=False),
        sa.Column("issuer_key", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=True),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("sort_date", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("signer", sa.String(), nullable=True),
        sa.Column("signer_title", sa.String(), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("incoming_number", sa.String(), nullable=True),
        sa.Column("incoming_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("full_text", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer_key", "number_key", "year", name="uq_document_issuer_number_year"),
    )
    op.create_index("ix_document_doc_type", "document", ["doc_type"])
    op.create_index("ix_document_number_key", "document", ["number_key"])
    op.create_index("ix_document_sort", "document", ["sort_date", "id"])
    op.create_index("ix_document_status", "document", ["status"])
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("work_status", sa.String(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("follower", sa.String(), nullable=True),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("due_key", sa.Date(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assignment_doc", "assignment", ["document_id", "position"])
    op.create_index("ix_assignment_due", "assignment", ["due_key", "id"])
    op.create_index("ix_assignment_work_status", "assignment", ["work_status"])
    op.create_table(
        "documentlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("ref_type", sa.String(), nullable=True),
        sa.Column("ref_number", sa.String(), nullable=True),
        sa.Column("ref_number_key", sa.String(), nullable=True),
        sa.Column("ref_date", sa.Date(), nullable=True),
        sa.Column("ref_issuer", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["document.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["document.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_documentlink_ref_number_key", "documentlink", ["ref_number_key"])
    op.create_index("ix_link_source", "documentlink", ["source_id"])
    op.create_index("ix_link_target", "documentlink", ["target_id"])
    op.create_table(
        "assignment_agency",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("assignment_id", "agency_id", "role"),
    )
    op.create_index("ix_assignment_agency_agency", "assignment_agency", ["agency_id", "role"])
    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("spec", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deadline_assignment_id", "deadline", ["assignment_id"])
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_note_assignment", "note", ["assignment_id", "created_at"])
    from store.search import create_search_index

    create_search_index(op.get_bind())


def downgrade() -> None:
    from store.search import drop_search_index

    drop_search_index(op.get_bind())
    for table in (
        "note", "deadline", "assignment_agency", "documentlink", "assignment", "document",
        "audit_event", "agency",
    ):
        op.drop_table(table)
