"""Check that a generated database keeps the invariants the services keep.

Each check counts the rows that break one rule; a consistent database has zero everywhere.
"""

from __future__ import annotations

from sqlalchemy import text

CHECKS = {
    "answer_count = visible answers/contributions": """
        SELECT count(*) FROM posts q WHERE q.type IN ('question', 'aanplakker')
        AND q.answer_count <> (SELECT count(*) FROM posts a
                               WHERE a.parent_id = q.id AND a.visibility = 'visible')""",
    "comment_count = visible comments": """
        SELECT count(*) FROM posts p WHERE p.comment_count <> (
            SELECT count(*) FROM comments c WHERE c.post_id = p.id AND c.visibility = 'visible')""",
    "score = sum of votes": """
        SELECT count(*) FROM posts p WHERE p.score <> (
            SELECT coalesce(sum(v.value), 0) FROM votes v WHERE v.post_id = p.id)""",
    "reputation = sum of ledger": """
        SELECT count(*) FROM users u WHERE u.reputation <> (
            SELECT coalesce(sum(r.delta), 0) FROM reputation_events r WHERE r.user_id = u.id)""",
    "endorsement_count = endorsements": """
        SELECT count(*) FROM posts p WHERE p.endorsement_count <> (
            SELECT count(*) FROM endorsements e WHERE e.post_id = p.id)""",
    "topic question_count = visible questions": """
        SELECT count(*) FROM topics t WHERE t.question_count <> (
            SELECT count(*) FROM post_topics pt JOIN posts p ON p.id = pt.post_id
            WHERE pt.topic_id = t.id AND p.type = 'question' AND p.visibility = 'visible')""",
    "topic follower_count = follows": """
        SELECT count(*) FROM topics t WHERE t.follower_count <> (
            SELECT count(*) FROM follows f WHERE f.topic_id = t.id)""",
    "status follows answers and accept": """
        SELECT count(*) FROM posts q WHERE q.type = 'question' AND q.status <> 'closed' AND
        q.status <> CASE WHEN q.accepted_answer_id IS NOT NULL THEN 'accepted'
                         WHEN q.answer_count > 0 THEN 'answered' ELSE 'open' END""",
    "accepted answer belongs to its question": """
        SELECT count(*) FROM posts q JOIN posts a ON a.id = q.accepted_answer_id
        WHERE a.parent_id <> q.id OR a.type <> 'answer'""",
    "every post has revision 1 with its text": """
        SELECT count(*) FROM posts p WHERE NOT EXISTS (
            SELECT 1 FROM revisions r WHERE r.post_id = p.id AND r.number = 1
            AND r.body_markdown = p.body_markdown AND r.title = p.title)""",
    "last activity not before creation": """
        SELECT count(*) FROM posts p WHERE p.last_activity_at < p.created_at""",
    "nobody votes on their own post": """
        SELECT count(*) FROM votes v JOIN posts p ON p.id = v.post_id
        WHERE v.user_id = p.author_id""",
}
AANPLAKKER_CHECKS = {
    "herkenbaar_count = marks": """
        SELECT count(*) FROM contribution_details d WHERE d.herkenbaar_count <> (
            SELECT count(*) FROM herkenbaar_marks m WHERE m.post_id = d.post_id)""",
}


def broken_rules(conn, aanplakkers: bool) -> dict[str, int]:
    """Return {rule: rows breaking it} for every rule with at least one offending row."""
    checks = {**CHECKS, **(AANPLAKKER_CHECKS if aanplakkers else {})}
    found = {}
    for rule, sql in checks.items():
        count = conn.execute(text(sql)).scalar()
        if count:
            found[rule] = count
    return found
