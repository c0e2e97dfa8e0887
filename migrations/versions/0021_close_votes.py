"""close_votes: members above the close threshold vote to close or reopen a question

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 23:00:00.000000

Only the standing votes of the current round are rows; the votes that close or reopen a
question go into the audit log's details and their rows are deleted (decision 0022).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "close_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("close", "reopen", name="closevotekind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "dubbel",
                "off_topic",
                "beantwoord",
                "te_breed",
                name="closereason",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["posts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["duplicate_of_id"], ["posts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("question_id", "user_id", "kind"),
    )
    op.create_index("ix_close_votes_question", "close_votes", ["question_id", "kind"])


def downgrade():
    op.drop_index("ix_close_votes_question", table_name="close_votes")
    op.drop_table("close_votes")
