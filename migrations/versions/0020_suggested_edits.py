"""suggested_edits and revisions.approved_by_id: edits suggested below the edit threshold

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 22:40:00.000000

A member without the edit privilege suggests an edit; the post's author, a moderator or a
member with the review privilege approves it into a revision (written by the suggester,
approved by the reviewer) or rejects it. Issue 21, decision 0022.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "suggested_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_markdown", sa.Text(), nullable=False),
        sa.Column("edit_summary", sa.String(length=300), nullable=False),
        sa.Column("confirmed_findings", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="suggestionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.String(length=300), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revision_number", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_suggested_edits_status", "suggested_edits", ["status", "created_at"])
    op.create_index("ix_suggested_edits_post", "suggested_edits", ["post_id", "status"])
    op.create_index("ix_suggested_edits_author", "suggested_edits", ["author_id"])
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_revisions_approved_by_id_users",
            "users",
            ["approved_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("revisions") as batch:
        batch.drop_constraint("fk_revisions_approved_by_id_users", type_="foreignkey")
        batch.drop_column("approved_by_id")
    op.drop_index("ix_suggested_edits_author", table_name="suggested_edits")
    op.drop_index("ix_suggested_edits_post", table_name="suggested_edits")
    op.drop_index("ix_suggested_edits_status", table_name="suggested_edits")
    op.drop_table("suggested_edits")
