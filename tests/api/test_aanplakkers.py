"""De Aanplakker through the API: board, phases (forward only, 409 otherwise) and oogst."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kenme.services.aanplakker import local_today

NEW = {
    "title": "Terugvorderen als de klant te goeder trouw handelde?",
    "situatie": "Door een fout van ons kreeg een klant maandenlang te veel bijstand uitbetaald.",
    "dilemma": "Vorder ik alles terug, of zie ik deels af van terugvordering?",
    "geprobeerd": "Beleidsregels gelezen en een collega gevraagd.",
    "meedenkvraag": "Hoe wegen jullie dringende redenen in zo'n geval?",
    "topics": ["kostendelersnorm"],
}
QUESTION = {"kind": "vraag", "body": "Wist de klant dat het bedrag te hoog was?"}
ADVICE = {
    "kind": "advies",
    "lens": "juridisch",
    "body": "Kijk naar art. 58 lid 8 Pw: dringende redenen.",
}
OOGST = "Ik neem mee dat ik de dringende redenen zorgvuldig moet motiveren in het besluit."


@pytest.fixture
def started(api_as, member, topic):
    response = api_as(member).post("/aanplakkers", NEW)
    assert response.status_code == 201, response.json
    return response.json


def test_member_starts_an_aanplakker(started, member):
    assert started["type"] == "aanplakker"
    assert started["phase"] == "verhelderen"
    assert started["ends_on"] == (local_today() + timedelta(days=14)).isoformat()
    assert started["contributions"] == [] and started["oogst"] is None
    assert started["author"]["id"] == member.id
    assert started["url"] == f"/aanplakker/{started['id']}"


def test_aanplakker_with_personal_data_is_refused(api_as, member, topic):
    response = api_as(member).post(
        "/aanplakkers", NEW | {"situatie": "De klant met BSN 111222333 kreeg te veel bijstand."}
    )
    assert response.status_code == 422
    assert response.json["error"]["details"]["findings"][0]["field"] == "situatie"


def test_invalid_end_date_is_a_validation_error(api_as, member, topic):
    response = api_as(member).post(
        "/aanplakkers", NEW | {"ends_on": (local_today() + timedelta(days=90)).isoformat()}
    )
    assert response.status_code == 400
    assert "ends_on" in response.json["error"]["details"]["fields"]


def test_full_cycle_through_the_phases(api_as, member, other_member, started):
    author, colleague = api_as(member), api_as(other_member)
    path = f"/aanplakkers/{started['id']}"

    asked = colleague.post(f"{path}/contributions", QUESTION)
    assert asked.status_code == 201 and asked.json["kind"] == "vraag"
    too_early = colleague.post(f"{path}/contributions", ADVICE)
    assert too_early.status_code == 409
    assert too_early.json["error"]["code"] == "conflict"

    assert author.post(f"{path}/phase", {"phase": "meedenken"}).json["phase"] == "meedenken"
    advice = colleague.post(f"{path}/contributions", ADVICE)
    assert advice.status_code == 201 and advice.json["lens"] == "juridisch"
    assert colleague.post(f"{path}/contributions", QUESTION).status_code == 409

    assert author.post(f"{path}/phase", {"phase": "oogst"}).json["phase"] == "oogst"
    closed = author.post(
        f"{path}/oogst", {"body": OOGST, "helpful_contribution_ids": [advice.json["id"]]}
    )
    assert closed.status_code == 200
    assert closed.json["phase"] == "gesloten"
    assert closed.json["oogst"] == {"body": OOGST, "helpful_contribution_ids": [advice.json["id"]]}
    helpful = {c["id"]: c["helpful"] for c in closed.json["contributions"]}
    assert helpful == {asked.json["id"]: False, advice.json["id"]: True}


def test_phases_only_move_forward(api_as, member, started):
    path = f"/aanplakkers/{started['id']}/phase"
    api = api_as(member)
    assert api.post(path, {"phase": "oogst"}).status_code == 200
    back = api.post(path, {"phase": "meedenken"})
    assert back.status_code == 409
    assert api.post(path, {"phase": "gesloten"}).status_code == 400


def test_only_author_or_moderator_moves_the_phase(api_as, other_member, moderator, started):
    path = f"/aanplakkers/{started['id']}/phase"
    assert api_as(other_member).post(path, {"phase": "meedenken"}).status_code == 403
    assert api_as(moderator).post(path, {"phase": "meedenken"}).status_code == 200


def test_author_cannot_contribute_to_own_aanplakker(api_as, member, started):
    response = api_as(member).post(f"/aanplakkers/{started['id']}/contributions", QUESTION)
    assert response.status_code == 403


def test_only_author_writes_the_oogst_in_phase_oogst(api_as, member, other_member, started):
    path = f"/aanplakkers/{started['id']}"
    assert api_as(member).post(f"{path}/oogst", {"body": OOGST}).status_code == 409
    api_as(member).post(f"{path}/phase", {"phase": "oogst"})
    assert api_as(other_member).post(f"{path}/oogst", {"body": OOGST}).status_code == 403
    unknown = api_as(member).post(
        f"{path}/oogst", {"body": OOGST, "helpful_contribution_ids": [999999]}
    )
    assert unknown.status_code == 400


def test_board_lists_open_and_closed(api_as, member, started):
    api = api_as(member)
    open_items = api.get("/aanplakkers").json
    assert [a["id"] for a in open_items["items"]] == [started["id"]]
    assert "contributions" not in open_items["items"][0]
    assert api.get("/aanplakkers?state=closed").json["total"] == 0
    assert api.get("/aanplakkers?state=half").status_code == 400


def test_missing_aanplakker_is_not_found(api_as, member, ask):
    question = ask(member)
    api = api_as(member)
    assert api.get("/aanplakkers/999999").status_code == 404
    assert api.get(f"/aanplakkers/{question.id}").status_code == 404
    assert api.post(f"/aanplakkers/{question.id}/contributions", QUESTION).status_code == 404


def test_end_date_is_taken_from_iso_text(api_as, member, topic):
    ends_on = (local_today() + timedelta(days=7)).isoformat()
    response = api_as(member).post("/aanplakkers", NEW | {"ends_on": ends_on})
    assert response.status_code == 201
    assert response.json["ends_on"] == ends_on
