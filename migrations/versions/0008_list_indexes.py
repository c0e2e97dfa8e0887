"""list indexes: one per filter and sort the question lists offer, each ending in posts.id

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 12:00:00.000000

At 100,000 questions the status filters (open, answered, accepted, closed), "unanswered" and
sort=votes read a posts row for every index entry they walked (status, answer_count and the
created_at after score were in no index): 30-70 ms on SQLite, 80-185 ms on PostgreSQL for a
big topic. Each list now has an index in its own order, so a list reads only index entries.

Every list index ends in ``id``: the lists order by it last, and PostgreSQL can then answer
the id query from the index alone (an index entry holds no row id it could return, unlike
SQLite's). ``post_topics (topic_id, post_id)`` replaces the index on topic_id alone, so a
topic's questions are read from the index without visiting the table.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_POSTS = {
    "ix_posts_list_newest": ["type", "visibility", "created_at"],
    "ix_posts_list_active": ["type", "visibility", "last_activity_at"],
    "ix_posts_list_votes": ["type", "visibility", "score"],
}
NEW_POSTS = {
    "ix_posts_list_newest": ["type", "visibility", "created_at", "id"],
    "ix_posts_list_active": ["type", "visibility", "last_activity_at", "id"],
    "ix_posts_list_votes": ["type", "visibility", "score", "created_at", "id"],
    "ix_posts_list_status_newest": ["type", "visibility", "status", "created_at", "id"],
    "ix_posts_list_status_active": ["type", "visibility", "status", "last_activity_at", "id"],
    "ix_posts_list_status_votes": ["type", "visibility", "status", "score", "created_at", "id"],
    # status last: "unanswered" excludes closed questions, checked in the index entry.
    "ix_posts_list_unanswered": [
        "type",
        "visibility",
        "answer_count",
        "created_at",
        "id",
        "status",
    ],
}


def upgrade():
    for name in OLD_POSTS:
        op.drop_index(name, table_name="posts")
    for name, columns in NEW_POSTS.items():
        op.create_index(name, "posts", columns, unique=False)
    op.drop_index("ix_post_topics_topic_id", table_name="post_topics")
    op.create_index("ix_post_topics_topic", "post_topics", ["topic_id", "post_id"], unique=False)


def downgrade():
    op.drop_index("ix_post_topics_topic", table_name="post_topics")
    op.create_index("ix_post_topics_topic_id", "post_topics", ["topic_id"], unique=False)
    for name in NEW_POSTS:
        op.drop_index(name, table_name="posts")
    for name, columns in OLD_POSTS.items():
        op.create_index(name, "posts", columns, unique=False)
