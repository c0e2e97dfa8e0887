"""Typed SQLAlchemy models, one module per aggregate; no commits in here."""

from kenme.models.aanplakker import (
    AanplakkerDetails,
    ContributionDetails,
    ContributionKind,
    Herkenbaar,
    Lens,
    Phase,
)
from kenme.models.close_votes import CloseVote, CloseVoteKind
from kenme.models.community import Follow, MemberFollow, Notification, TopicIgnore
from kenme.models.kennisbank import KennisbankItem, KennisbankPage, LawChange
from kenme.models.mail import MailOutbox, MailPreference
from kenme.models.moderation import Flag, FlagReason, FlagStatus, ModerationAction
from kenme.models.posts import (
    CloseReason,
    Comment,
    Post,
    PostType,
    QuestionStatus,
    Revision,
    Visibility,
    post_topics,
)
from kenme.models.retention import RetentionReview, RetentionStatus
from kenme.models.search import (
    SearchChange,
    SearchOutbox,
    SearchState,
    SearchTerm,
    SynonymGroupRecord,
)
from kenme.models.sessions import LoginSession
from kenme.models.settings import CommunitySetting
from kenme.models.sso import SsoIdentity, SsoIssuer, SsoOrganisation
from kenme.models.suggestions import SuggestedEdit, SuggestionStatus
from kenme.models.tokens import ApiToken
from kenme.models.topics import Topic, TopicSynonym, specialist_topics
from kenme.models.users import Role, User, user_expertise
from kenme.models.votes import Endorsement, ReputationEvent, ReputationKind, Vote

__all__ = [
    "AanplakkerDetails",
    "ApiToken",
    "CloseReason",
    "CloseVote",
    "CloseVoteKind",
    "Comment",
    "CommunitySetting",
    "ContributionDetails",
    "ContributionKind",
    "Endorsement",
    "Flag",
    "FlagReason",
    "FlagStatus",
    "Follow",
    "Herkenbaar",
    "KennisbankItem",
    "KennisbankPage",
    "LawChange",
    "Lens",
    "LoginSession",
    "MailOutbox",
    "MailPreference",
    "MemberFollow",
    "ModerationAction",
    "Notification",
    "Phase",
    "Post",
    "PostType",
    "QuestionStatus",
    "ReputationEvent",
    "ReputationKind",
    "RetentionReview",
    "RetentionStatus",
    "Revision",
    "Role",
    "SearchChange",
    "SearchOutbox",
    "SearchState",
    "SearchTerm",
    "SsoIdentity",
    "SsoIssuer",
    "SsoOrganisation",
    "SuggestedEdit",
    "SuggestionStatus",
    "SynonymGroupRecord",
    "Topic",
    "TopicIgnore",
    "TopicSynonym",
    "User",
    "Visibility",
    "Vote",
    "post_topics",
    "specialist_topics",
    "user_expertise",
]
