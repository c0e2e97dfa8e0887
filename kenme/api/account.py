"""The current member: profile, AVG export and deleting the account."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.operation import Operations
from kenme.api.schemas import ExportOut, UserOut
from kenme.api.serializers import user_out
from kenme.extensions import db
from kenme.services import avg

ops = Operations("algemeen")


@ops.get("/me", "getMe", ok=UserOut)
def me():
    """Het lid van deze API-sleutel."""
    return user_out(api_user())


@ops.get("/me/export", "exportMe", ok=ExportOut)
def export_me():
    """Al je gegevens als JSON (AVG-inzage): profiel, berichten, versies, stemmen en meer."""
    return avg.export_member_data(db.session, api_user())


@ops.delete("/me", "deleteMe", status=204)
def delete_me():
    """Verwijder je account. Je berichten blijven staan als "verwijderd lid".

    Naam, e-mailadres en wachtwoord worden gewist, alle API-sleutels ingetrokken en alle
    sessies beëindigd. Dit kan niet ongedaan worden gemaakt.
    """
    avg.delete_account(db.session, api_user())
    db.session.commit()
    return "", 204
