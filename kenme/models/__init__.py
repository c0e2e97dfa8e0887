"""Typed SQLAlchemy models, one module per aggregate; no commits in here."""

from kenme.models.topics import Topic, TopicSynonym, specialist_topics
from kenme.models.users import Role, User

__all__ = ["Role", "Topic", "TopicSynonym", "User", "specialist_topics"]
