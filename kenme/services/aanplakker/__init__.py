"""De Aanplakker: a dilemma on the board, thought through in the phases of intervisie.

The phases form a small, explicit state machine that only moves forward:
verhelderen → meedenken → oogst → gesloten. The author moves it on, a moderator may force
it, and the end date closes contributing. Every text passes the privacy gate before anything
is written, and every change is reported to search with ``record_change``.
"""

from kenme.services.aanplakker.board import (
    BoardCard,
    BoardView,
    ContributionView,
    ThreadView,
    aanplakkers_for_topic,
    board,
    thread_view,
)
from kenme.services.aanplakker.board_rows import board_rows
from kenme.services.aanplakker.closing import (
    add_followup,
    advance_phase,
    moderator_close,
    purge_details_text,
    remind_overdue,
    write_oogst,
)
from kenme.services.aanplakker.rules import (
    ALLOWED_KINDS,
    DEFAULT_DAYS,
    MAX_DAYS,
    MIN_DAYS,
    NEXT_PHASE,
    allowed_kinds,
    check_ends_on,
    compose_body,
    is_open_for_contributions,
    is_overdue,
    local_today,
)
from kenme.services.aanplakker.writing import (
    PHASE_REFUSALS,
    contribute,
    mark_herkenbaar,
    reply_to_question,
    start_aanplakker,
    unmark_herkenbaar,
)

__all__ = [
    "ALLOWED_KINDS",
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "MIN_DAYS",
    "NEXT_PHASE",
    "PHASE_REFUSALS",
    "BoardCard",
    "BoardView",
    "ContributionView",
    "ThreadView",
    "aanplakkers_for_topic",
    "add_followup",
    "advance_phase",
    "allowed_kinds",
    "board",
    "board_rows",
    "check_ends_on",
    "compose_body",
    "contribute",
    "is_open_for_contributions",
    "is_overdue",
    "local_today",
    "mark_herkenbaar",
    "moderator_close",
    "purge_details_text",
    "remind_overdue",
    "reply_to_question",
    "start_aanplakker",
    "thread_view",
    "unmark_herkenbaar",
    "write_oogst",
]
