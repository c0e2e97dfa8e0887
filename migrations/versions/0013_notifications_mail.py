"""Notifications per thread and category, following members, ignoring topics, mail, feeds

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 19:30:00.000000

Decision 0018. notifications gain the thread they are about (the inbox groups by it) and
the e-mail category they fall under; member_follows and topic_ignores complete following;
mail_preferences and mail_outbox carry e-mail (the worker sends the outbox); users gain
feed_version, part of the secret in their Atom feed URLs.
"""

import sqlalchemy as sa
from alembic import op

from kenme.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("category", sa.String(length=20), nullable=False, server_default="")
        )
        batch.create_foreign_key(
            "fk_notifications_thread_id_posts", "posts", ["thread_id"], ["id"], ondelete="CASCADE"
        )
    op.create_index("ix_notifications_digest", "notifications", ["category", "created_at"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("feed_version", sa.Integer(), nullable=False, server_default="1")
        )
    op.create_table(
        "member_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("user_id <> member_id", name="not_self"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "member_id"),
    )
    op.create_index("ix_member_follows_member", "member_follows", ["member_id"])
    op.create_table(
        "topic_ignores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "topic_id"),
    )
    op.create_index("ix_topic_ignores_topic", "topic_ignores", ["topic_id"])
    op.create_table(
        "mail_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "category"),
    )
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("unsubscribe_url", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    op.create_index("ix_mail_outbox_due", "mail_outbox", ["status", "next_attempt_at", "id"])


def downgrade():
    op.drop_index("ix_mail_outbox_due", table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_table("mail_preferences")
    op.drop_index("ix_topic_ignores_topic", table_name="topic_ignores")
    op.drop_table("topic_ignores")
    op.drop_index("ix_member_follows_member", table_name="member_follows")
    op.drop_table("member_follows")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("feed_version")
    op.drop_index("ix_notifications_digest", table_name="notifications")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint("fk_notifications_thread_id_posts", type_="foreignkey")
        batch.drop_column("category")
        batch.drop_column("thread_id")
