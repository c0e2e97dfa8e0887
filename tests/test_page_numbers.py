"""A page number from the address is clamped to what the databases can take.

A list page's offset is (page - 1) * size; a page number of twenty digits made it larger than
a 64-bit integer, and a member's start page or topic page answered 500 (SQLite: "Python int
too large to convert to SQLite INTEGER").
"""

from __future__ import annotations

import pytest

from kenme.pagination import MAX_PAGE, MAX_PER_PAGE, clamp
from tests.factories import make_question, make_topic, make_user

HUGE = "9" * 20


def test_clamp_keeps_the_offset_a_64_bit_integer():
    page, size = clamp(HUGE, 10**30)
    assert page == MAX_PAGE and size == MAX_PER_PAGE
    assert (page - 1) * size < 2**63
    assert clamp("9" * 5000) == (1, 20)  # more digits than int() reads: not a number


@pytest.mark.parametrize("path", [f"/?page={HUGE}", f"/onderwerpen/kdn?page={HUGE}"])
def test_a_huge_page_number_is_a_page_past_the_end(client, auth, path):
    make_question(
        title="Telt een inwonende zoon mee voor de kostendelersnorm?", topics=[make_topic("kdn")]
    )
    auth.login_as(make_user())
    response = client.get(path)
    assert response.status_code == 200
