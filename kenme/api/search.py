"""Search and similar-question suggestions, over the configured search engine."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.blueprint import bp
from kenme.api.errors import error_response
from kenme.api.operation import Operations
from kenme.api.schemas_community import SearchOut, SearchQuery, SuggestOut, SuggestQuery
from kenme.extensions import db
from kenme.search import Filters, get_engine
from kenme.search.engine import thread_url
from kenme.search.meili import SearchUnavailable
from kenme.services import outdated, privacy_gate

ops = Operations("zoeken")
SUGGESTIONS = 5
RETRY_AFTER = 30  # seconds, as the HTML search page says


@bp.errorhandler(SearchUnavailable)
def search_unavailable(_error):
    """Meilisearch away: 503 with Retry-After, as the HTML search page answers."""
    return error_response(
        503,
        "search_unavailable",
        "Zoeken is tijdelijk niet beschikbaar. Probeer het over een halve minuut opnieuw.",
        headers={"Retry-After": str(RETRY_AFTER)},
    )


@ops.get("/search", "search", ok=SearchOut, errors=(422,))
def search(query: SearchQuery):
    """Zoek in vragen en Aanplakkers, met facetten en gemarkeerde fragmenten.

    Tolerant voor tikfouten, vervoegingen, afkortingen en oude wetsnamen. Verborgen en
    verwijderde inhoud komt nooit in de resultaten, ook niet in een fragment.
    """
    api_user()
    privacy_gate.refuse_search(query.q, field="q")
    filters = Filters(
        topics=(query.topic,) if query.topic else (), type=query.type, status=query.status
    )
    results = get_engine().search(
        query.q,
        filters,
        sort=query.sort,
        page=query.page,
        per_page=query.per_page,
        session=db.session,
    )
    found = outdated.for_threads(db.session, [hit.post for hit in results.hits])
    out = results.to_dict()
    for hit, item in zip(results.hits, out["hits"], strict=True):
        item["outdated"] = found[hit.id].to_dict() if hit.id in found else None
    return {**out, "page": results.page, "per_page": results.per_page}


@ops.get("/search/suggest", "suggestSimilar", ok=SuggestOut, errors=(422,))
def suggest(query: SuggestQuery):
    """Vergelijkbare vragen bij een titel in wording (hooguit 5), tegen dubbele vragen."""
    api_user()
    privacy_gate.refuse_search(query.title, field="title")
    posts = get_engine().suggest(query.title, limit=SUGGESTIONS, session=db.session)
    return {
        "items": [
            {
                "id": post.id,
                "title": post.title,
                "url": thread_url(post),
                "answer_count": post.answer_count,
                "accepted": post.accepted_answer_id is not None,
            }
            for post in posts
        ]
    }
