"""The generated community's fixed tables: topics (from the seed) and members.

A mixin of benchmarks.community.Community, which holds the random source, the topics, the
member ids and the specialists these rows are made from.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from benchmarks.common import BENCH_EMAIL

YEARS = 10  # the community's age
FIRST_NAMES = """Sanne Mehmet Ilse Ruben Noor Fenna Jeroen Anouk Bram Fatima Lotte Youssef Eva
Daan Sophie Thijs Lisa Kevin Iris Mohamed Femke Tim Naima Joost Marieke Rachid Esther Bas
Yvonne Hamza Petra Niels Saskia Ahmed Linda Wouter Merel Stefan Hanneke Dennis""".split()  # noqa: SIM905

MUNICIPALITIES = """Utrecht Rotterdam Groningen Eindhoven Zwolle Maastricht Amsterdam Den-Haag
Tilburg Almere Breda Nijmegen Apeldoorn Haarlem Arnhem Enschede Amersfoort Leeuwarden
Zaanstad Dordrecht Deventer Delft Leiden Heerlen Emmen Venlo Alkmaar Helmond Oss Assen""".split()  # noqa: SIM905

FUNCTIONS = (
    "Klantmanager Werk en Inkomen",
    "Consulent werk en inkomen",
    "Inkomensconsulent",
    "Casemanager",
    "Participatiecoach",
    "Trajectregisseur",
    "Beleidsadviseur",
)


class FixedTables:
    """Rows for the tables that do not grow with the questions."""

    # Fixed tables ----------------------------------------------------------------------
    def topic_rows(self) -> dict[str, list[dict]]:
        created = self.start - timedelta(days=30)
        topics, synonyms = [], []
        for index, item in enumerate(self.topics, start=1):
            topics.append(
                {
                    "id": index,
                    "slug": item["slug"],
                    "name": item["name"],
                    "description": item["description"],
                    "legal_basis": item["legal_basis"],
                    "question_count": 0,
                    "follower_count": 0,
                    "created_at": created,
                }
            )
            terms = dict.fromkeys(t.strip() for t in item.get("synonyms", []) if t.strip())
            synonyms += [{"topic_id": index, "term": term} for term in terms]
        return {"topics": topics, "topic_synonyms": synonyms}

    def member_rows(self, password_hash: str) -> dict[str, list[dict]]:
        users, specialist_topics, follows = [], [], []
        follower_counts: Counter[int] = Counter()
        rng = self.rng
        for uid in self.member_ids:
            role = "member"
            if uid in (2, 3):
                role = "moderator" if uid == 2 else "admin"
            elif uid > 5 and rng.random() < 0.05:
                role = "thema_specialist"
            joined = self.start + timedelta(days=rng.uniform(-60, 365 * YEARS * 0.8))
            email = BENCH_EMAIL if uid == 1 else f"lid{uid:04d}@bench.kenme.nl"
            users.append(
                {
                    "id": uid,
                    "email": email,
                    "display_name": f"{rng.choice(FIRST_NAMES)} {chr(65 + uid % 26)}.",
                    "organisation": f"Gemeente {rng.choice(MUNICIPALITIES).replace('-', ' ')}",
                    "function": rng.choice(FUNCTIONS),
                    "about": "",
                    "password_hash": password_hash,
                    "role": role,
                    "reputation": 0,
                    "session_version": 1,
                    "created_at": joined,
                    "email_verified_at": joined,
                    "approved_at": joined,
                    "suspended_until": None,
                    "suspension_reason": "",
                    "last_login_at": None,
                    "deleted_at": None,
                }
            )
            if role == "thema_specialist":
                for tid in set(self.pick_topics()):
                    specialist_topics.append({"user_id": uid, "topic_id": tid})
                    self.specialists[tid].append(uid)
            for tid in set(self.pick_topics() + self.pick_topics()):
                follows.append(
                    {"user_id": uid, "topic_id": tid, "post_id": None, "created_at": joined}
                )
                follower_counts[tid] += 1
        self.follower_counts = follower_counts
        return {"users": users, "specialist_topics": specialist_topics, "follows": follows}

    # Threads -----------------------------------------------------------------------------
