"""Malformed requests get a 4xx, never a 500: deep JSON, huge ids, wrong content types.

The named cases are the ones seen in production; the Hypothesis test generates the rest
(methods, paths with odd ids, bodies of any bytes, nesting and content type).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.extensions import db
from kenme.services import tokens
from kenme.web.malformed import MAX_JSON_DEPTH, json_depth
from tests.factories import make_user

HUGE_IDS = ["9223372036854775808", "2147483648", "99999999999999999999999999"]


@pytest.fixture
def bearer(app):
    member = make_user(reputation=10)
    _token, plain = tokens.create_token(db.session, member, "test")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}, member


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_depth_counts_brackets_outside_strings():
    assert json_depth(b'{"a": [1, {"b": "[[[[{{"}]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(nested(1000).encode()) == 1000


def test_json_nested_1000_deep_is_a_400_not_a_recursion_error(client, bearer):
    headers, _member = bearer
    for body in (nested(1000), '{"title": ' + nested(1000) + "}"):
        response = client.post(
            "/api/v1/questions", data=body, content_type="application/json", headers=headers
        )
        assert response.status_code == 400, body[:20]
        assert response.json["error"]["code"] == "validation_error"
    just_deep_enough = '{"title": ' + nested(MAX_JSON_DEPTH - 1) + "}"
    response = client.post(
        "/api/v1/questions", data=just_deep_enough, content_type="application/json", headers=headers
    )
    assert response.status_code == 400 and "title" in response.json["error"]["details"]["fields"]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_the_id_columns_are_404(client, auth, bearer, huge):
    headers, member = bearer
    assert client.get(f"/api/v1/questions/{huge}", headers=headers).status_code == 404
    auth.login_as(member)
    for path in (f"/vragen/{huge}", f"/vragen/{huge}/versies", f"/leden/{huge}"):
        assert client.get(path).status_code == 404, path


def test_form_encoded_post_to_the_api_is_415(client, bearer):
    headers, _member = bearer
    response = client.post(
        "/api/v1/questions", data={"title": "Telt een inwonende zoon mee?"}, headers=headers
    )
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"


# --- generated -------------------------------------------------------------------------

ids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([*HUGE_IDS, "0", "-1", "1e3", "0x10", "%00", "..", "１２"]),
    st.text(min_size=1, max_size=12).filter(
        lambda t: "/" not in t and "?" not in t and "#" not in t
    ),
)
templates = st.sampled_from(
    [
        "/api/v1/questions/{}",
        "/api/v1/questions/{}/answers",
        "/api/v1/answers/{}",
        "/api/v1/posts/{}/votes",
        "/api/v1/questions",
        "/api/v1/search?q={}",
        "/vragen/{}",
        "/vragen/{}/versies",
        "/leden/{}",
        "/zoeken?q={}",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=20,
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.integers(min_value=1, max_value=3000).map(lambda d: nested(d).encode()),
    st.integers(min_value=1, max_value=3000).map(lambda d: ('{"a":' * d + "1" + "}" * d).encode()),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
        "application/merge-patch+json",
        "",
    ]
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["GET", "POST", "PATCH", "PUT", "DELETE"]),
    template=templates,
    ident=ids,
    body=bodies,
    content_type=content_types,
)
def test_generated_malformed_requests_never_500(
    client, auth, bearer, method, template, ident, body, content_type
):
    headers, _member = bearer
    path = template.format(ident)
    kwargs = {"data": body, "headers": headers}
    if content_type:
        kwargs["content_type"] = content_type
    response = client.open(path, method=method, **kwargs)
    assert response.status_code < 500, (method, path, response.status_code)
