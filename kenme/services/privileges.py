"""Admins set the reputation thresholds of the privileges and the close-vote count.

The privileges themselves, their defaults and the checks live in kenme/permissions.py; this
service only stores the admins' values (one row per changed setting) and logs each change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import ValidationFailed
from kenme.models import CommunitySetting, User
from kenme.models.types import utcnow
from kenme.services.audit import record_action

WHOLE_NUMBER = re.compile(r"-?[0-9]{1,7}")


def _limits(key: str) -> tuple[int, int]:
    for setting in permissions.SETTINGS:
        if setting.key == key:
            return setting.minimum, setting.maximum
    return 0, permissions.THRESHOLD_MAX


def _parse(key: str, raw: object) -> int:
    low, high = _limits(key)
    text = str(raw if raw is not None else "").strip()
    if not WHOLE_NUMBER.fullmatch(text):  # ASCII digits only: int() also takes "٣"
        raise ValidationFailed(f"Vul een heel getal in tussen {low} en {high}.", field=key)
    value = int(text)
    if not low <= value <= high:
        raise ValidationFailed(f"Vul een heel getal in tussen {low} en {high}.", field=key)
    return value


def update_settings(session: Session, actor: User, values: Mapping[str, object]) -> dict:
    """Store the admin's values; every key is checked before anything is written.

    Returns {key: (old, new)} for what changed; the audit log gets one row with the same.
    Unknown keys are refused, missing keys keep their value.
    """
    permissions.require(actor, "edit_settings")
    current = permissions.community_settings()
    unknown = sorted(set(values) - set(current))
    if unknown:
        raise ValidationFailed("Onbekende instelling: " + ", ".join(unknown) + ".")
    parsed = {key: _parse(key, raw) for key, raw in values.items()}
    changed = {key: (current[key], new) for key, new in parsed.items() if new != current[key]}
    if not changed:
        return {}
    now = utcnow()
    for key, (_old, new) in changed.items():
        row = session.get(CommunitySetting, key)
        if row is None:
            row = CommunitySetting(key=key, value=new, updated_at=now, updated_by_id=actor.id)
            session.add(row)
        else:
            row.value, row.updated_at, row.updated_by_id = new, now, actor.id
    record_action(
        session,
        actor,
        "edit_settings",
        details={key: {"oud": old, "nieuw": new} for key, (old, new) in changed.items()},
    )
    session.flush()
    return changed
