"""retention: closed threads whose case fields moderators review for archiving

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 02:00:00.000000

``retention_reviews`` holds one row per closed thread `flask --app kenme retention propose`
put in the moderators' queue (KENME_RETENTION_MONTHS; off by default) and what became of it;
``posts.case_archived_at`` marks a thread whose case text was cleared (decision 0029).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("case_archived_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "retention_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "voorgesteld",
                "bewaard",
                "gearchiveerd",
                name="retentionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("keep_reason", sa.Text(), nullable=False),
        sa.Column("review_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id"),
    )
    op.create_index(
        "ix_retention_reviews_status", "retention_reviews", ["status", "closed_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_retention_reviews_status", table_name="retention_reviews")
    op.drop_table("retention_reviews")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("case_archived_at")
