"""A generated community as insert rows: members, topics, threads, votes and their counters.

Everything the services would keep consistent is kept consistent here too: answer and
comment counts count visible children, scores are the sum of votes, every vote and accept
has its reputation ledger rows and members' reputation is their ledger's sum, topic
question counts count visible questions, and each post has revision 1.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.aanplakkers import add_aanplakker
from benchmarks.common import HEAVY_SOURCE_PREFIX
from benchmarks.community_tables import YEARS, FixedTables
from benchmarks.textgen import TextGen, comment_html, topic_vocabularies

SEED_TOPICS = Path(__file__).resolve().parent.parent / "kenme" / "seed" / "topics.json"
HEAVY_QUESTIONS = 5
HEAVY_ANSWERS, HEAVY_COMMENTS = 10, 30
ANSWER_COUNTS = (0, 1, 2, 3, 4, 5, 6, 7)
ANSWER_WEIGHTS = (8, 14, 20, 22, 16, 10, 6, 4)  # mean 3.0
POINTS = {
    "answer_upvoted": 10,
    "question_upvoted": 5,
    "downvoted": -2,
    "answer_accepted": 15,
    "accepted_an_answer": 2,
    "answer_endorsed": 10,
}


class Community(FixedTables):
    """Builds rows block by block; counters that span blocks are kept on the instance."""

    def __init__(self, questions: int, seed: int, now: datetime, aanplakkers: bool):
        self.n = questions
        self.now = now
        self.start = now - timedelta(days=365 * YEARS)
        self.gen = TextGen(seed)
        self.rng = random.Random(seed * 7919 + 1)
        self.member_count = max(60, min(400, questions // 250))
        self.next_post_id = 1
        self.reputation: Counter[int] = Counter()
        self.question_counts: Counter[int] = Counter()
        self.topics = json.loads(SEED_TOPICS.read_text(encoding="utf-8"))
        self.terms = topic_vocabularies(self.topics)
        self.topic_cum = self._cumulative([1 / (r + 1) ** 0.9 for r in range(len(self.topics))])
        self.aanplakker_count = max(3, questions // 200) if aanplakkers else 0
        self.specialists: dict[int, list[int]] = defaultdict(list)  # topic id -> members
        self.heavy_at = {
            int(questions * (k + 0.5) / HEAVY_QUESTIONS): k
            for k in range(min(HEAVY_QUESTIONS, questions))
        }
        self.recent_questions: list[int] = []
        self._members()

    # Helpers ---------------------------------------------------------------------------
    @staticmethod
    def _cumulative(weights: list[float]) -> list[float]:
        out, total = [], 0.0
        for w in weights:
            total += w
            out.append(total)
        return out

    def _members(self) -> None:
        ranks = list(range(self.member_count))
        self.rng.shuffle(ranks)
        ranks.remove(5)
        ranks.insert(0, 5)  # the benchmark's own member is active, not the most active
        self.member_cum = self._cumulative([1 / (r + 1) ** 0.8 for r in ranks])
        self.member_ids = list(range(1, self.member_count + 1))

    def member(self, *, not_: int | None = None) -> int:
        while True:
            chosen = self.rng.choices(self.member_ids, cum_weights=self.member_cum)[0]
            if chosen != not_:
                return chosen

    def voters(self, count: int, author: int) -> list[int]:
        chosen: set[int] = set()
        while len(chosen) < min(count, self.member_count - 1):
            chosen.add(self.member(not_=author))
        return list(chosen)

    def after(self, moment: datetime, median_hours: float, sigma: float = 1.4) -> datetime:
        delay = timedelta(hours=self.rng.lognormvariate(0, sigma) * median_hours)
        return min(moment + delay, self.now)

    def post_id(self) -> int:
        self.next_post_id += 1
        return self.next_post_id - 1

    def pick_topics(self) -> list[int]:
        count = self.rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
        picked = set()
        while len(picked) < count:
            picked.add(self.rng.choices(range(len(self.topics)), cum_weights=self.topic_cum)[0])
        return [index + 1 for index in picked]

    def thread_terms(self, topic_ids: list[int]) -> list[str]:
        return [term for tid in topic_ids for term in self.terms[tid - 1]]

    def block(self, first: int, last: int) -> dict[str, list[dict]]:
        """Rows for questions first..last-1 and the Aanplakkers that fall between them."""
        rows: dict[str, list[dict]] = defaultdict(list)
        span = self.now - self.start
        every = self.n / self.aanplakker_count if self.aanplakker_count else 0
        for i in range(first, last):
            created = self.start + span * ((i + self.rng.random()) / self.n)
            self.question(rows, created, heavy=self.heavy_at.get(i))
            if every and int(i / every) != int((i + 1) / every):
                add_aanplakker(self, rows, created + timedelta(minutes=1))
        return rows

    def _post(
        self,
        pid: int,
        kind: str,
        author: int,
        created: datetime,
        text,
        *,
        parent: int | None = None,
        title: str = "",
    ) -> dict:
        return {
            "id": pid,
            "type": kind,
            "parent_id": parent,
            "author_id": author,
            "anonymous": False,
            "title": title,
            "body_markdown": text.markdown,
            "body_html": text.html,
            "status": "open",
            "visibility": "visible",
            "hidden_reason": "",
            "locked": False,
            "closed_reason": None,
            "duplicate_of_id": None,
            "accepted_answer_id": None,
            "featured": False,
            "score": 0,
            "answer_count": 0,
            "comment_count": 0,
            "endorsement_count": 0,
            "revision_count": 1,
            "created_at": created,
            "edited_at": None,
            "last_activity_at": created,
            "source_id": None,
        }

    def _revision(self, rows, post: dict, summary: str, fields: dict | None = None) -> None:
        rows["revisions"].append(
            {
                "post_id": post["id"],
                "number": 1,
                "title": post["title"],
                "body_markdown": post["body_markdown"],
                "body_html": post["body_html"],
                "fields": fields,
                "author_id": post["author_id"],
                "edit_summary": summary,
                "confirmed_findings": [],
                "created_at": post["created_at"],
            }
        )

    def _hide(self, post: dict, rate: float) -> None:
        roll = self.rng.random()
        if roll < rate:
            post["visibility"], post["hidden_reason"] = "hidden", "moderator"
        elif roll < rate * 1.6:
            post["visibility"] = "deleted"

    def question(self, rows, created: datetime, heavy: int | None = None) -> None:
        rng, gen = self.rng, self.gen
        qid, author = self.post_id(), self.member()
        topic_ids = self.pick_topics()
        terms = self.thread_terms(topic_ids)
        legal = self.topics[topic_ids[0] - 1]["legal_basis"]
        q = self._post(
            qid,
            "question",
            author,
            created,
            gen.question_body(terms, legal),
            title=gen.title(terms),
        )
        q["anonymous"] = rng.random() < 0.05
        if heavy is None:
            self._hide(q, 0.003)
        else:
            q["source_id"] = f"{HEAVY_SOURCE_PREFIX}{heavy}"
        rows["posts"].append(q)
        self._revision(rows, q, "Vraag gesteld")
        rows["follows"].append(
            {"user_id": author, "topic_id": None, "post_id": qid, "created_at": created}
        )
        rows["post_topics"] += [{"post_id": qid, "topic_id": tid} for tid in topic_ids]
        if q["visibility"] == "visible":
            self.question_counts.update(topic_ids)

        count = (
            HEAVY_ANSWERS
            if heavy is not None
            else rng.choices(ANSWER_COUNTS, weights=ANSWER_WEIGHTS)[0]
        )
        answers = []
        for _ in range(count):
            a = self._post(
                self.post_id(),
                "answer",
                self.member(not_=author),
                self.after(created, 5),
                gen.answer_body(terms),
                parent=qid,
            )
            if heavy is None:
                self._hide(a, 0.004)
            rows["posts"].append(a)
            self._revision(rows, a, "Antwoord gegeven")
            answers.append(a)
        visible = [a for a in answers if a["visibility"] == "visible"]
        q["answer_count"] = len(visible)

        if heavy is not None:
            spread = [6] + [2] * 10
            for extra in range(HEAVY_COMMENTS - sum(spread)):
                spread[1 + extra * 3 % 10] += 1
        else:
            spread = [rng.choices((0, 1, 2, 3), weights=(55, 25, 13, 7))[0]] + [
                rng.choices((0, 1, 2), weights=(65, 25, 10))[0] for _ in answers
            ]
        last = created
        for post, n_comments in zip([q, *answers], spread, strict=True):
            last = max(last, post["created_at"])
            for _ in range(n_comments):
                at = self.after(post["created_at"], 8)
                body = gen.comment(terms)
                visibility = "hidden" if rng.random() < 0.004 and heavy is None else "visible"
                rows["comments"].append(
                    {
                        "post_id": post["id"],
                        "author_id": self.member(),
                        "body": body,
                        "body_html": comment_html(body),
                        "visibility": visibility,
                        "hidden_reason": "moderator" if visibility == "hidden" else "",
                        "confirmed_findings": [],
                        "created_at": at,
                    }
                )
                if visibility == "visible":
                    post["comment_count"] += 1
                last = max(last, at)
        q["last_activity_at"] = last

        self._votes(
            rows,
            q,
            "question_upvoted",
            ups=rng.choices((0, 1, 2, 3, 5, 8), weights=(45, 25, 14, 9, 5, 2))[0],
        )
        for rank, a in enumerate(answers):
            ups = rng.choices((0, 1, 2, 3, 5, 9), weights=(40, 25, 15, 10, 7, 3))[0]
            self._votes(rows, a, "answer_upvoted", ups=ups + (1 if rank == 0 else 0))
            # Heavy questions have 1 to 3 endorsed answers, so a page whose query count
            # grows with its endorsements shows it in the benchmark.
            wanted = 1 <= rank <= 1 + heavy % 3 if heavy is not None else rng.random() < 0.02
            if wanted and a["visibility"] == "visible":
                self._endorse(rows, a, topic_ids, anyone=heavy is not None)
        self._accept(rows, q, visible, force=heavy is not None)
        self._status(q, visible)
        if q["visibility"] == "visible" and q["status"] != "closed":
            self.recent_questions = [*self.recent_questions[-499:], qid]

    def _votes(self, rows, post: dict, up_kind: str, ups: int) -> None:
        downs = 1 if self.rng.random() < 0.07 else 0
        voters = self.voters(ups + downs, post["author_id"])
        for index, voter in enumerate(voters):
            value = -1 if index < downs else 1
            kind = "downvoted" if value < 0 else up_kind
            at = self.after(post["created_at"], 30, 1.6)
            rows["votes"].append(
                {"user_id": voter, "post_id": post["id"], "value": value, "created_at": at}
            )
            self._ledger(rows, post["author_id"], voter, post["id"], kind, at)
            post["score"] += value

    def _ledger(self, rows, user: int, actor: int, post_id: int, kind: str, at) -> None:
        rows["reputation_events"].append(
            {
                "user_id": user,
                "actor_id": actor,
                "post_id": post_id,
                "kind": kind,
                "delta": POINTS[kind],
                "created_at": at,
            }
        )
        self.reputation[user] += POINTS[kind]

    def _endorse(self, rows, answer: dict, topic_ids: list[int], anyone: bool = False) -> None:
        """A specialist of one of the topics (or, with `anyone`, of any topic) endorses."""
        scope = topic_ids if not anyone else list(self.specialists)
        candidates = [
            u for t in scope for u in self.specialists.get(t, []) if u != answer["author_id"]
        ]
        if not candidates:
            return
        specialist = self.rng.choice(candidates)
        at = self.after(answer["created_at"], 48)
        rows["endorsements"].append(
            {"post_id": answer["id"], "user_id": specialist, "note": "", "created_at": at}
        )
        answer["endorsement_count"] += 1
        self._ledger(rows, answer["author_id"], specialist, answer["id"], "answer_endorsed", at)

    def _accept(self, rows, q: dict, visible: list[dict], force: bool) -> None:
        if not visible or not (force or self.rng.random() < 0.42):
            return
        answer = max(visible, key=lambda a: (a["score"], -a["id"]))
        q["accepted_answer_id"] = answer["id"]
        at = self.after(answer["created_at"], 24)
        self._ledger(rows, answer["author_id"], q["author_id"], answer["id"], "answer_accepted", at)
        self._ledger(rows, q["author_id"], q["author_id"], answer["id"], "accepted_an_answer", at)

    def _status(self, q: dict, visible: list[dict]) -> None:
        if q["source_id"] is None and self.rng.random() < 0.01:
            q["status"] = "closed"
            q["closed_reason"] = self.rng.choice(("dubbel", "off_topic", "beantwoord"))
            if q["closed_reason"] == "dubbel" and self.recent_questions:
                q["duplicate_of_id"] = self.rng.choice(self.recent_questions)
        elif q["accepted_answer_id"]:
            q["status"] = "accepted"
        elif visible:
            q["status"] = "answered"
        q["locked"] = q["source_id"] is None and self.rng.random() < 0.001

    # Counters that span blocks ---------------------------------------------------------
    def counter_updates(self) -> dict[str, list[dict]]:
        return {
            "users": [
                {"b_id": uid, "reputation": total} for uid, total in sorted(self.reputation.items())
            ],
            "topics": [
                {
                    "b_id": tid,
                    "question_count": self.question_counts.get(tid, 0),
                    "follower_count": self.follower_counts.get(tid, 0),
                }
                for tid in range(1, len(self.topics) + 1)
            ],
        }


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
