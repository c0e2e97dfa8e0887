"""The search page: query box, highlighted results, facets, filters, sort and pages."""

from __future__ import annotations

from urllib.parse import quote_plus

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import bindparam, select
from werkzeug.datastructures import MultiDict

from kenme.extensions import db
from kenme.models import Topic
from kenme.search import get_engine
from kenme.search.engine import Results
from kenme.search.meili import SearchUnavailable
from kenme.services import outdated, privacy_gate
from kenme.web.messages import STATUS_LABELS
from kenme.web.search.forms import SearchForm

bp = Blueprint("search", __name__)

# Query-string names of the filters (Dutch, as members see them in the address bar).
FILTER_ARGS = {"topic": "onderwerp", "type": "type", "status": "status", "year": "jaar"}
FACET_TITLES = {"type": "Soort", "topic": "Onderwerp", "status": "Status", "year": "Jaar"}
TYPE_LABELS = {"question": "Vraag", "aanplakker": "Aanplakker"}
# The characters werkzeug leaves unquoted in a query string (werkzeug.urls._urlencode).
URL_SAFE = "!$'()*,/:;?@"
KEPT_ARGS = (
    "q",
    "onderwerp",
    "type",
    "status",
    "jaar",
    "onbeantwoord",
    "geaccepteerd",
    "bekrachtigd",
    "sort",
)


def _current_args() -> MultiDict:
    """Return the search's own arguments (no page, no fragment), for building links."""
    args = MultiDict()
    for key in KEPT_ARGS:
        for value in request.args.getlist(key):
            if value != "" and not (key == "sort" and value == "relevance"):
                args.add(key, value[:1000])
    return args


def search_url(
    args: MultiDict,
    add: tuple[str, str] | None = None,
    remove: tuple[str, str | None] | None = None,
    **replace,
) -> str:
    """Return /zoeken with args changed: a value added, removed, or replaced."""
    appended = _appended(args, add, remove, replace)
    if appended is not None:
        return appended
    # A page has some 80 of these links (facets, sort, pages): the arguments as a plain dict
    # of lists (what a MultiDict copy is, in the same key order), each name and value quoted
    # once per request; the same address urlencode(..., safe=URL_SAFE) gives.
    changed = {key: values[:] for key, values in args.lists()}
    if remove:
        key, value = remove
        values = [v for v in changed.get(key, ()) if value is not None and v != value]
        changed[key] = values
    if add:
        key, value = add
        if key == "onderwerp":
            if value not in changed.get(key, ()):
                changed.setdefault(key, []).append(value)
        else:
            changed[key] = [value]
    for key, value in replace.items():
        changed[key] = [value] if value else []
    base, query = _encoded(changed.items())
    return f"{base}?{query}" if query else base


def _appended(args: MultiDict, add, remove, replace: dict) -> str | None:
    """search_url for the common link (facets, sort, pages): one name args do not hold,
    added after the request's own query string, which is quoted once; None otherwise."""
    if remove or (add and replace) or len(replace) > 1:
        return None
    key, value = add or next(iter(replace.items()), (None, None))
    if key in args:
        return None
    base, query = _query_string(args)
    if key is not None and (value is not None if add else value):
        quoted = request.environ["kenme.search_url_quoted"]
        pair = f"{_quote(quoted, key)}={_quote(quoted, value)}"
        query = f"{query}&{pair}" if query else pair
    return f"{base}?{query}" if query else base


def _query_string(args: MultiDict) -> tuple[str, str]:
    """The route and args' query string, built once per request (and per args)."""
    kept = request.environ.get("kenme.search_url_args")
    if kept is None or kept[0] is not args:
        kept = request.environ["kenme.search_url_args"] = (args, *_encoded(args.lists()))
    return kept[1], kept[2]


def _encoded(lists) -> tuple[str, str]:
    """The route and the query string of these (name, values) pairs: what
    url_for("search.index", **args) gives, with the route built and each name and value
    quoted once per request."""
    base = request.environ.get("kenme.search_url")
    if base is None:
        base = request.environ["kenme.search_url"] = url_for("search.index")
    quoted = request.environ.setdefault("kenme.search_url_quoted", {})
    query = "&".join(
        f"{_quote(quoted, k)}={_quote(quoted, v)}"
        for k, values in lists
        for v in values
        if v is not None
    )
    return base, query


def _quote(quoted: dict[str, str], value) -> str:
    """quote_plus(str(value), safe=URL_SAFE), as urlencode quotes each name and value."""
    value = str(value)
    found = quoted.get(value)
    if found is None:
        found = quoted[value] = quote_plus(value, safe=URL_SAFE)
    return found


def _facet_groups(results: Results, args: MultiDict, names: dict[str, str]) -> list[dict]:
    """Return the facets as the page shows them: labels, counts and links that filter."""
    active = {
        "topic": set(results.filters.topics),
        "type": {results.filters.type},
        "status": {results.filters.status},
        "year": {str(results.filters.year) if results.filters.year else None},
    }
    groups = []
    for name in ("type", "topic", "status", "year"):
        counts = results.facets.get(name) or {}
        if not counts:
            continue
        items = []
        for value, count in counts.items():
            if name == "topic":
                label = names.get(value, value)
            elif name == "type":
                label = TYPE_LABELS.get(value, value)
            elif name == "status":
                label = STATUS_LABELS.get(value, value)
            else:
                label = value
            selected = value in active[name]
            arg = FILTER_ARGS[name]
            url = (
                search_url(args, remove=(arg, value))
                if selected
                else search_url(args, add=(arg, value))
            )
            items.append({"label": label, "count": count, "url": url, "selected": selected})
        if name == "year":
            items.sort(key=lambda item: item["label"], reverse=True)
        groups.append({"name": name, "title": FACET_TITLES[name], "items": items[:15]})
    return groups


# Built once, run on the session's connection (a GET page has nothing to flush).
_TOPIC_NAMES = select(Topic.slug, Topic.name).where(
    Topic.slug.in_(bindparam("slugs", expanding=True))
)


def _topic_names(slugs) -> dict[str, str]:
    slugs = list(slugs)
    if not slugs:
        return {}
    return dict(db.session.connection().execute(_TOPIC_NAMES, {"slugs": slugs}).all())


@bp.route("/zoeken")
def index():
    """Search threads; works without JavaScript, and feeds search-as-you-type with fragments."""
    form = SearchForm(request.args)
    args = _current_args()
    filters = form.filters(request.args.getlist("onderwerp"), request.args.get("jaar"))
    query = form.q.data or ""
    results: Results | None = None
    unavailable = False
    privacy_notice = privacy_gate.search_refusal(query)
    if privacy_notice:
        query = form.q.data = ""  # not searched, not shown back, not kept in links
        args.poplist("q")
    elif query.strip() or filters.active:
        try:
            results = get_engine().search(
                query, filters, form.sort.data, request.args.get("pagina", 1)
            )
        except SearchUnavailable:
            unavailable = True
    names = (
        _topic_names({*results.facets.get("topic", {}), *results.filters.topics}) if results else {}
    )
    context = {
        "form": form,
        "query": query,
        "results": results,
        "unavailable": unavailable,
        "facet_groups": _facet_groups(results, args, names) if results else [],
        "topic_names": names,
        "args": args,
        "search_url": search_url,
        "page_url": lambda number: search_url(args, pagina=number),
        "type_labels": TYPE_LABELS,
        "privacy_notice": privacy_notice,
        # Answers older than a wetswijziging on the thread's topics (decision 0019).
        "outdated": outdated.for_threads(db.session, [hit.post for hit in results.hits])
        if results
        else {},
    }
    status = 422 if privacy_notice else 503 if unavailable else 200
    headers = {"Retry-After": "30"} if status == 503 else {}
    if request.args.get("fragment") == "1":
        return render_template("search/_results.html", **context), status, headers
    return render_template("search/index.html", **context), status, headers
