"""The inbox, read marks and follows of the current member."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.blueprint import ID
from kenme.api.operation import Operations, page_out
from kenme.api.schemas_notifications import (
    ChangedOut,
    FollowsOut,
    MailPreferencesIn,
    MailPreferencesOut,
    NotificationList,
    NotificationQuery,
    UnreadOut,
)
from kenme.api.serializers import iso
from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import Post, PostType, User
from kenme.services import follows, mail_preferences, notifications
from kenme.services.topics import get_topic

ops = Operations("meldingen")


def _group_out(group: notifications.Group) -> dict:
    return {
        "id": group.id,
        "kind": group.kind,
        "count": group.count,
        "unread": group.unread,
        "latest_at": iso(group.latest_at),
        "text": group.text,
        "url": group.url,
        "thread_id": group.thread_id,
    }


@ops.get("/me/notifications", "listNotifications", ok=NotificationList)
def list_notifications(query: NotificationQuery):
    """Je meldingen, per vraag of Aanplakker en soort gegroepeerd, nieuwste eerst."""
    member = api_user()
    page = notifications.inbox(db.session, member, query.page, query.per_page)
    return {
        **page_out(page, _group_out),
        "unread_count": notifications.unread_count(db.session, member),
    }


@ops.get("/me/notifications/unread-count", "countUnreadNotifications", ok=UnreadOut)
def unread():
    """Hoeveel meldingen je nog niet hebt gelezen."""
    return {"unread_count": notifications.unread_count(db.session, api_user())}


@ops.post("/me/notifications/read", "markAllNotificationsRead", status=204)
def read_all():
    """Markeer al je meldingen als gelezen."""
    notifications.mark_all_read(db.session, api_user())
    db.session.commit()
    return "", 204


@ops.post(
    f"/me/notifications/<{ID}:notification_id>/read",
    "markNotificationRead",
    status=204,
    errors=(404,),
)
def read_one(notification_id: int):
    """Markeer een melding als gelezen, met de andere van dezelfde soort over dezelfde draad."""
    notifications.mark_group_read(db.session, api_user(), notification_id)
    db.session.commit()
    return "", 204


@ops.get("/me/follows", "listFollows", ok=FollowsOut)
def list_follows():
    """Wat je volgt (vragen, Aanplakkers, onderwerpen, leden) en welke onderwerpen je negeert."""
    listing = follows.followed(db.session, api_user())
    return {
        "threads": [
            {"id": p.id, "type": p.type.value, "title": p.title} for p in listing["threads"]
        ],
        "topics": [t.slug for t in listing["topics"]],
        "members": [{"id": u.id, "display_name": u.display_name} for u in listing["members"]],
        "ignored_topics": [t.slug for t in listing["ignored"]],
    }


def _thread(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or post.type not in (PostType.QUESTION, PostType.AANPLAKKER):
        raise NotFound("Deze vraag of Aanplakker bestaat niet.")
    return post


def _member(user_id: int) -> User:
    other = db.session.get(User, user_id)
    if other is None or other.deleted_at is not None:
        raise NotFound("Dit lid bestaat niet (meer).")
    return other


def _changed(value: bool) -> dict:
    db.session.commit()
    return {"changed": bool(value)}


@ops.post(f"/me/follows/threads/<{ID}:post_id>", "followThread", ok=ChangedOut, errors=(404,))
def follow_thread(post_id: int):
    """Volg een vraag of Aanplakker: je hoort van nieuwe antwoorden, bijdragen en fasen."""
    return _changed(follows.follow_thread(db.session, api_user(), _thread(post_id)))


@ops.delete(f"/me/follows/threads/<{ID}:post_id>", "unfollowThread", ok=ChangedOut, errors=(404,))
def unfollow_thread(post_id: int):
    """Volg een vraag of Aanplakker niet meer."""
    return _changed(follows.unfollow_thread(db.session, api_user(), _thread(post_id)))


@ops.post("/me/follows/topics/<slug>", "followTopic", ok=ChangedOut, errors=(404,))
def follow_topic(slug: str):
    """Volg een onderwerp (en negeer het niet meer)."""
    return _changed(follows.follow_topic(db.session, api_user(), get_topic(db.session, slug)))


@ops.delete("/me/follows/topics/<slug>", "unfollowTopic", ok=ChangedOut, errors=(404,))
def unfollow_topic(slug: str):
    """Volg een onderwerp niet meer."""
    return _changed(follows.unfollow_topic(db.session, api_user(), get_topic(db.session, slug)))


@ops.post(f"/me/follows/members/<{ID}:user_id>", "followMember", ok=ChangedOut, errors=(404,))
def follow_member(user_id: int):
    """Volg een collega: je hoort van diens nieuwe vragen en antwoorden (nooit anonieme)."""
    return _changed(follows.follow_member(db.session, api_user(), _member(user_id)))


@ops.delete(f"/me/follows/members/<{ID}:user_id>", "unfollowMember", ok=ChangedOut, errors=(404,))
def unfollow_member(user_id: int):
    """Volg een collega niet meer."""
    return _changed(follows.unfollow_member(db.session, api_user(), _member(user_id)))


@ops.post("/me/ignored-topics/<slug>", "ignoreTopic", ok=ChangedOut, errors=(404,))
def ignore_topic(slug: str):
    """Negeer een onderwerp: het volgen stopt en volgen brengt er geen meldingen meer over."""
    return _changed(follows.ignore_topic(db.session, api_user(), get_topic(db.session, slug)))


@ops.delete("/me/ignored-topics/<slug>", "unignoreTopic", ok=ChangedOut, errors=(404,))
def unignore_topic(slug: str):
    """Negeer een onderwerp niet meer."""
    return _changed(follows.unignore_topic(db.session, api_user(), get_topic(db.session, slug)))


@ops.get("/me/mail-preferences", "getMailPreferences", ok=MailPreferencesOut)
def get_mail_preferences():
    """Hoe je per soort melding e-mail wilt krijgen."""
    return mail_preferences.preferences(db.session, api_user())


@ops.patch("/me/mail-preferences", "updateMailPreferences", ok=MailPreferencesOut)
def update_mail_preferences(json: MailPreferencesIn):
    """Wijzig hoe je per soort melding e-mail krijgt; andere soorten blijven zoals ze waren."""
    chosen = mail_preferences.set_preferences(
        db.session, api_user(), json.model_dump(exclude_none=True)
    )
    db.session.commit()
    return chosen
