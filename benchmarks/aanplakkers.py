"""Aanplakker threads for the generated community (when the Aanplakker models exist)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from benchmarks.textgen import Text

if TYPE_CHECKING:
    from benchmarks.community import Community

KINDS_LATER = ("perspectief", "ervaring", "advies")
LENSES = ("juridisch", "methodisch", "klantperspectief", "ethisch", "organisatie", None)


def add_aanplakker(community: Community, rows, created: datetime) -> None:
    """Add an Aanplakker with its case details, contributions, herkenbaar marks and follows."""
    from kenme.models.aanplakker import CASE_FIELDS, CASE_HEADINGS

    rng, gen = community.rng, community.gen
    pid, author = community.post_id(), community.member()
    topic_ids = community.pick_topics()[:2]
    terms = community.thread_terms(topic_ids)
    fields = {name: gen.paragraphs(terms, 3 if name == "situatie" else 2) for name in CASE_FIELDS}
    body = "\n\n".join(f"## {CASE_HEADINGS[n]}\n\n{fields[n].markdown}" for n in CASE_FIELDS)
    html = "".join(f"<h2>{CASE_HEADINGS[n]}</h2>\n{fields[n].html}" for n in CASE_FIELDS)
    post = community._post(
        pid, "aanplakker", author, created, Text(body, html), title=gen.title(terms)
    )
    rows["posts"].append(post)
    community._revision(
        rows, post, "Aanplakker gestart", {name: fields[name].markdown for name in CASE_FIELDS}
    )
    rows["post_topics"] += [{"post_id": pid, "topic_id": tid} for tid in topic_ids]
    days_old = (community.now - created).days
    phase = "gesloten" if days_old > 30 else ("meedenken" if days_old > 5 else "verhelderen")
    oogst = gen.paragraphs(terms, 4) if phase == "gesloten" and rng.random() < 0.8 else None
    details = {
        "post_id": pid,
        "phase": phase,
        "phase_changed_at": created,
        "ends_on": (created + timedelta(days=14)).date(),
        "oogst_markdown": oogst.markdown if oogst else "",
        "oogst_html": oogst.html if oogst else "",
        "oogst_at": community.after(created, 24 * 16, 0.3) if oogst else None,
    }
    for name in CASE_FIELDS:
        details[f"{name}_markdown"] = fields[name].markdown
        details[f"{name}_html"] = fields[name].html
    rows["aanplakker_details"].append(details)

    followers = {author}
    last = created
    for index in range(rng.randint(3, 10) if phase != "verhelderen" else rng.randint(0, 3)):
        clarifying = index < 2 or phase == "verhelderen"
        kind = "vraag" if clarifying else rng.choice(KINDS_LATER)
        text = gen.paragraphs(terms, 1 if clarifying else 3)
        contributor = community.member(not_=author)
        at = community.after(created, 20)
        c = community._post(community.post_id(), "contribution", contributor, at, text, parent=pid)
        rows["posts"].append(c)
        label = {"vraag": "Verhelderende vraag"}.get(kind, kind.capitalize())
        community._revision(rows, c, f"Bijdrage: {label}", {"body": text.markdown})
        reply = gen.paragraphs(terms, 1) if clarifying and rng.random() < 0.7 else None
        marks = community.voters(
            rng.choices((0, 1, 2, 4), weights=(50, 25, 15, 10))[0], contributor
        )
        rows["contribution_details"].append(
            {
                "post_id": c["id"],
                "kind": kind,
                "lens": None if clarifying else rng.choice(LENSES),
                "phase": "verhelderen" if clarifying else "meedenken",
                "helpful": not clarifying and rng.random() < 0.2,
                "reply_markdown": reply.markdown if reply else "",
                "reply_html": reply.html if reply else "",
                "replied_at": community.after(at, 12) if reply else None,
                "herkenbaar_count": len(marks),
            }
        )
        rows["herkenbaar_marks"] += [
            {"user_id": m, "post_id": c["id"], "created_at": community.after(at, 24)} for m in marks
        ]
        post["answer_count"] += 1
        followers.add(contributor)
        last = max(last, at)
    post["last_activity_at"] = last
    rows["follows"] += [
        {"user_id": u, "topic_id": None, "post_id": pid, "created_at": created} for u in followers
    ]
