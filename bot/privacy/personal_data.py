"""Every table and column that can hold personal data, declared once: what kind of data,
how long it is kept, where a family's export shows it and what purge and erasure do to it.

`bot/privacy/retention.py` (purge) and `bot/privacy/family.py` (export, erasure) read this
declaration; they keep no list of their own. `tests/privacy/test_personal_data.py` walks
the schema of every part (`bot.db.migrate.load_every_part`, and Rasa's events table) and
fails on a column that is neither declared here nor in `NOT_PERSONAL` (by name, or by
type: numbers, flags and the times things happened), so a new column cannot slip past the
three.

A column's `How` applies both after the retention period (purge) and when a family's data
is erased: a table whose declared columns all say DELETE loses the row; otherwise each
column is emptied (CLEAR), replaced by `<marker>-<row id>` (PSEUDONYMISE: `purged-12`,
`erased-12`), rewritten by the part that owns the table (REWRITE: `Table.rewrite`) or kept
(KEEP: the table's `why` says why).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, or_, select

from bot.conversation.models import CodeLimit, IdentityAttempt, VerificationCode
from bot.db.tracker_store import rasa_events
from bot.feedback.models import ThemeMove, WeDidRecipient
from bot.handoff import queue
from bot.handoff.models import CLOSED, Handoff, HandoffNote
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.work import OUTCOMES
from bot.reporting.models import SESSION, ConversationDay, ConversationEvent, NluLabel
from bot.reporting.stale_days import MARK
from bot.staff.models import (
    AuditEntry,
    LoginFailure,
    PasswordReset,
    RecoveryCode,
    ResetRequest,
    StaffAccount,
    StaffSession,
)
from bot.updates.models import SurveyAnswer, UpdateMessage, UpdatePreference, UpdateSnapshot
from bot.waitlist.models import Child, Estimate, Offer, Parent, Placement, Registration


class Kind(Enum):
    NAME = "name"
    EMAIL = "e-mail address"
    PHONE = "phone number"
    CONVERSATION = "conversation id (on WhatsApp and Twilio the parent's phone number)"
    BIRTH_DATE = "birth or due date"
    MESSAGE = "what a parent wrote"
    FREE_TEXT = "what staff or the bot wrote about a family"
    REGISTRATION = "registration number (the key to a family)"
    DETAIL = "care wish or estimate of a registration (days, dates, locations)"
    SENSITIVE = "priority (can reveal a social-medical or VVE indication)"
    NETWORK = "IP address"
    DEVICE = "browser and device (user agent)"
    PSEUDONYM = "hash or token (identifies only with the key or the original)"


class Period(Enum):
    """How long a table's rows are kept. Only TRANSCRIPTS is a number of days (the setting
    named by `setting`); the others last as long as what they belong to."""

    TRANSCRIPTS = "transcript_retention_days"
    PLANNING_SYSTEM = "as long as the planning system's import carries the registration"
    CHOICES = "as long as the registration: a parent's choices must be honoured"
    STAFF_ACCOUNT = "as long as the staff account"
    AUDIT = "kept: the record of who on the staff side saw what"
    TRAINING = "kept: anonymised training data, linked to no conversation"

    @property
    def setting(self) -> str | None:
        """The field of bot.settings.Settings that holds the period in days, if any."""
        return self.value if self is Period.TRANSCRIPTS else None


class How(Enum):
    DELETE = "the row is deleted"
    CLEAR = "the column is emptied"
    PSEUDONYMISE = "replaced by <marker>-<row id>"
    REWRITE = "rewritten by the part that owns the table"
    KEEP = "kept"


class Store(Enum):
    APP = "the application's database"
    TRACKER = "Rasa's tracker store"


@dataclass(frozen=True)
class Personal:
    kind: Kind
    how: How = How.DELETE


@dataclass(frozen=True)
class FamilyKeys:
    """What finds a family's rows: its registration numbers, its own conversations and its
    handoffs (bot/privacy/family.py decides which those are)."""

    numbers: list[str]
    conversations: list[str]
    handoffs: list[int]

    @property
    def code_limit_keys(self) -> list[str]:
        return [f"registration:{n}" for n in self.numbers] + [
            f"conversation:{c}" for c in self.conversations
        ]


@dataclass(frozen=True)
class Export:
    """Where a family's export shows the rows: a section of the document (`a.b`: within
    each item of section `a`), with all columns or only `fields` (column: name shown)."""

    section: str
    fields: dict[str, str] | None = None


Expired = Callable[[Table, datetime], ColumnElement[bool]]
OfFamily = Callable[[Table, FamilyKeys], ColumnElement[bool]]
Rewrite = Callable[[Any, str, str], None]  # (row, marker, summary)


@dataclass(frozen=True)
class PersonalTable:
    table: Table
    columns: dict[str, Personal]
    period: Period
    # the rows past the period (only for TRANSCRIPTS)
    expired: Expired | None = None
    # the rows of one family; None: found through the registration, or no family's data
    of_family: OfFamily | None = None
    export: Export | None = None
    why: str = ""  # what is kept, or not exported, and why
    store: Store = Store.APP
    model: type | None = None  # the ORM class `rewrite` gets rows of
    rewrite: Rewrite | None = None

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def deletes_rows(self) -> bool:
        return all(p.how is How.DELETE for p in self.columns.values())

    def with_how(self, *how: How) -> list[str]:
        return [name for name, p in self.columns.items() if p.how in how]


def _sessions_past(kind: str, session_start: str) -> Expired:
    """Events of conversations silent since the cutoff, and in the others the events
    before the cutoff and before the latest session start (Rasa loads a conversation from
    its latest session, so nothing it needs goes)."""

    def expired(table: Table, cutoff: datetime) -> ColumnElement[bool]:
        moment = cutoff.timestamp()
        silent = (
            select(table.c.sender_id)
            .group_by(table.c.sender_id)
            .having(func.max(table.c.timestamp) < moment)
        )
        current = table.alias("current_session")
        latest_session_start = (
            select(func.max(current.c.timestamp))
            .where(current.c.sender_id == table.c.sender_id, current.c[kind] == session_start)
            .scalar_subquery()
        )
        return or_(
            table.c.sender_id.in_(silent),
            and_(table.c.timestamp < moment, table.c.timestamp < latest_session_start),
        )

    return expired


def _closed_before(table: Table, cutoff: datetime) -> ColumnElement[bool]:
    return and_(
        table.c.status == CLOSED,
        table.c.closed_at < cutoff,
        table.c.sender_id.not_like("purged-%"),  # purged once is enough
    )


def _forget_handoff(handoff: Handoff, marker: str, summary: str) -> None:
    queue.forget_content(handoff=handoff, marker=marker, summary=summary)


def _number_in(column: str) -> OfFamily:
    return lambda table, keys: table.c[column].in_(keys.numbers)


def _expired_senders(cutoff: datetime) -> Select[tuple[str]]:
    """The conversations whose copied events purge removes."""
    events = ConversationEvent.__table__
    return select(events.c.sender_id).where(_sessions_past("kind", SESSION)(events, cutoff))


def _days_with(table: Table, senders: Select[tuple[str]] | list[str]) -> ColumnElement[bool]:
    """These conversations' parts of the dashboard's days, and the marks of those days:
    each day is made again from the events left at the next read
    (bot/reporting/day_figures.py). The days come first (one condition that selects every
    row): SQLite otherwise looks for the marks' days after the parts went."""
    same = table.alias("same_day")
    days = select(same.c.day).where(same.c.sender_id.in_(senders))
    return and_(
        table.c.day.in_(days), or_(table.c.sender_id == MARK, table.c.sender_id.in_(senders))
    )


_TRANSCRIPT_DELETE = "deleted after the retention period and with the family"

DECLARED: tuple[PersonalTable, ...] = (
    # --- conversations
    PersonalTable(
        rasa_events,
        {"sender_id": Personal(Kind.CONVERSATION), "data": Personal(Kind.MESSAGE)},
        Period.TRANSCRIPTS,
        expired=_sessions_past("type_name", "session_started"),
        of_family=lambda t, keys: t.c.sender_id.in_(keys.conversations),
        export=Export("conversations"),
        store=Store.TRACKER,
    ),
    # before the events: a day is dropped while its events are still there to say which
    PersonalTable(
        ConversationDay.__table__,  # type: ignore[arg-type]
        {"sender_id": Personal(Kind.CONVERSATION)},
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: _days_with(t, _expired_senders(cutoff)),
        of_family=lambda t, keys: _days_with(t, keys.conversations),
        why="not exported: the dashboard's figures per day (bot/reporting/day_figures.py); "
        "the days of the conversations that go are made again from the events left",
    ),
    PersonalTable(
        ConversationEvent.__table__,  # type: ignore[arg-type]
        {
            "sender_id": Personal(Kind.CONVERSATION),
            "text": Personal(Kind.MESSAGE),
            "registration_number": Personal(Kind.REGISTRATION),
            "key": Personal(Kind.PSEUDONYM),
        },
        Period.TRANSCRIPTS,
        expired=_sessions_past("kind", SESSION),
        of_family=lambda t, keys: t.c.sender_id.in_(keys.conversations),
        why="not exported: the dashboard's copy of the events under `conversations`",
    ),
    # --- handoffs to staff: the row stays for the figures, without what the parent said
    PersonalTable(
        Handoff.__table__,  # type: ignore[arg-type]
        {
            "sender_id": Personal(Kind.CONVERSATION, How.PSEUDONYMISE),
            "context": Personal(Kind.MESSAGE, How.REWRITE),
            "summary": Personal(Kind.FREE_TEXT, How.REWRITE),
            "satisfaction_comment": Personal(Kind.MESSAGE, How.CLEAR),
        },
        Period.TRANSCRIPTS,
        expired=_closed_before,
        of_family=lambda t, keys: t.c.id.in_(keys.handoffs),
        export=Export("handoffs"),
        why="channel, reason, times and score stay: counted, not personal",
        model=Handoff,
        rewrite=_forget_handoff,
    ),
    PersonalTable(
        HandoffNote.__table__,  # type: ignore[arg-type]
        {"text": Personal(Kind.FREE_TEXT)},
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.handoff_id.in_(
            select(Handoff.id).where(Handoff.status == CLOSED, Handoff.closed_at < cutoff)
        ),
        of_family=lambda t, keys: t.c.handoff_id.in_(keys.handoffs),
        export=Export("handoffs.notes"),
    ),
    # --- parents' requests: open and claimed ones are work still to do
    PersonalTable(
        RegistrationRequest.__table__,  # type: ignore[arg-type]
        {
            "registration_number": Personal(Kind.REGISTRATION),
            "sender_id": Personal(Kind.CONVERSATION),
            "details": Personal(Kind.MESSAGE),
            "weekdays": Personal(Kind.DETAIL),
            "location_codes": Personal(Kind.DETAIL),
            "start_date": Personal(Kind.DETAIL),
            "birth_date": Personal(Kind.BIRTH_DATE),
            "note": Personal(Kind.FREE_TEXT),
            "outcome": Personal(Kind.FREE_TEXT),
        },
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: and_(
            t.c.status.in_(OUTCOMES), func.coalesce(t.c.closed_at, t.c.created_at) < cutoff
        ),
        of_family=_number_in("registration_number"),
        export=Export("requests"),
    ),
    # --- the identity check
    PersonalTable(
        IdentityAttempt.__table__,  # type: ignore[arg-type]
        {
            "registration_number": Personal(Kind.REGISTRATION),
            "client": Personal(Kind.PSEUDONYM),
        },
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.created_at < cutoff,
        of_family=_number_in("registration_number"),
        export=Export(
            "identity_checks",
            {"created_at": "at", "registration_number": "registration_number", "succeeded": "ok"},
        ),
    ),
    PersonalTable(
        VerificationCode.__table__,  # type: ignore[arg-type]
        {
            "sender_id": Personal(Kind.CONVERSATION),
            "registration_number": Personal(Kind.REGISTRATION),
            "code_hash": Personal(Kind.PSEUDONYM),
        },
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.expires_at < cutoff,
        of_family=lambda t, keys: or_(
            t.c.registration_number.in_(keys.numbers), t.c.sender_id.in_(keys.conversations)
        ),
        why="not exported: a code's hash, valid for minutes (the mail is in `mails`)",
    ),
    PersonalTable(
        CodeLimit.__table__,  # type: ignore[arg-type]
        {"key": Personal(Kind.CONVERSATION)},  # registration:<number> or conversation:<id>
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: and_(
            t.c.window_start < cutoff, or_(t.c.locked_until.is_(None), t.c.locked_until < cutoff)
        ),
        of_family=lambda t, keys: t.c.key.in_(keys.code_limit_keys),
        why="not exported: counters of codes sent and tried",
    ),
    # --- proactive updates
    PersonalTable(
        UpdateMessage.__table__,  # type: ignore[arg-type]
        {
            "registration_number": Personal(Kind.REGISTRATION, How.KEEP),
            "key": Personal(Kind.REGISTRATION, How.KEEP),  # <number>:<moment>:<period>
            "replied_sender_id": Personal(Kind.CONVERSATION, How.CLEAR),
        },
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.replied_at < cutoff,
        of_family=lambda t, keys: or_(
            t.c.registration_number.in_(keys.numbers),
            t.c.replied_sender_id.in_(keys.conversations),
        ),
        export=Export(
            "updates",
            {
                "moment": "moment",
                "channel": "channel",
                "status": "status",
                "sent_at": "sent_at",
                "replied_at": "replied_at",
                "replied_sender_id": "replied_from",
            },
        ),
        why="what was sent to which registration stays (no update twice, the figures); "
        "which conversation answered goes",
    ),
    PersonalTable(
        UpdatePreference.__table__,  # type: ignore[arg-type]
        {
            "registration_number": Personal(Kind.REGISTRATION, How.KEEP),
            "whatsapp_phone": Personal(Kind.PHONE, How.CLEAR),
        },
        Period.CHOICES,
        of_family=_number_in("registration_number"),
        export=Export("update_preferences"),
        why="opt-outs and consent stay, or erasure would start the updates again; a number "
        "chosen in the chat goes (updates then use the number on file)",
    ),
    PersonalTable(
        UpdateSnapshot.__table__,  # type: ignore[arg-type]
        {
            "registration_number": Personal(Kind.REGISTRATION, How.KEEP),
            "first_month": Personal(Kind.DETAIL, How.KEEP),
        },
        Period.PLANNING_SYSTEM,
        why="what the updates job last saw of the registration (status, estimate), kept and "
        "exported with it under `registrations`",
    ),
    # --- touchpoint surveys: the score stays for the figures, without whose or the words
    PersonalTable(
        SurveyAnswer.__table__,  # type: ignore[arg-type]
        {
            "registration_number": Personal(Kind.REGISTRATION, How.PSEUDONYMISE),
            "comment": Personal(Kind.MESSAGE, How.CLEAR),
            "location_code": Personal(Kind.DETAIL, How.KEEP),
        },
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: and_(
            t.c.answered_at < cutoff,
            t.c.registration_number.not_like("purged-%"),  # purged once is enough
            t.c.registration_number.not_like("erased-%"),
        ),
        of_family=_number_in("registration_number"),
        export=Export("survey_answers"),
        why="moment, location, scale, score and time stay: counted in the dashboard, no "
        "longer linked to a registration",
    ),
    # --- the parents' voice (bot/feedback)
    PersonalTable(
        ThemeMove.__table__,  # type: ignore[arg-type]
        {"answer_key": Personal(Kind.PSEUDONYM)},
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.moved_at < cutoff,
        why="not exported: a hash of where an answer is kept (bot/feedback/answers.py); the "
        "answer itself goes with the conversation or handoff, the move then points at nothing",
    ),
    PersonalTable(
        WeDidRecipient.__table__,  # type: ignore[arg-type]
        {"registration_number": Personal(Kind.REGISTRATION)},
        Period.CHOICES,
        of_family=_number_in("registration_number"),
        why="not exported: which 'wij deden' notes (public, about no family) a parent is to "
        "be told or was told, once each",
    ),
    # --- the planning system's records: erased there, the next import drops them here
    PersonalTable(
        Registration.__table__,  # type: ignore[arg-type]
        {
            "number": Personal(Kind.REGISTRATION, How.KEEP),
            "weekdays": Personal(Kind.DETAIL, How.KEEP),
            "desired_start_date": Personal(Kind.DETAIL, How.KEEP),
            "registered_on": Personal(Kind.DETAIL, How.KEEP),
            "priority": Personal(Kind.SENSITIVE, How.KEEP),
        },
        Period.PLANNING_SYSTEM,
        export=Export("registrations"),
        why="a copy of the planning system's record",
    ),
    PersonalTable(
        Child.__table__,  # type: ignore[arg-type]
        {
            "first_name": Personal(Kind.NAME, How.KEEP),
            "birth_date": Personal(Kind.BIRTH_DATE, How.KEEP),
            "due_date": Personal(Kind.BIRTH_DATE, How.KEEP),
        },
        Period.PLANNING_SYSTEM,
        export=Export("registrations.child"),
        why="a copy of the planning system's record",
    ),
    PersonalTable(
        Parent.__table__,  # type: ignore[arg-type]
        {
            "name": Personal(Kind.NAME, How.KEEP),
            "email": Personal(Kind.EMAIL, How.KEEP),
            "phone": Personal(Kind.PHONE, How.KEEP),
        },
        Period.PLANNING_SYSTEM,
        export=Export("registrations.parents"),
        why="a copy of the planning system's record",
    ),
    PersonalTable(
        Offer.__table__,  # type: ignore[arg-type]
        {
            "weekdays": Personal(Kind.DETAIL, How.KEEP),
            "start_date": Personal(Kind.DETAIL, How.KEEP),
            "respond_by": Personal(Kind.DETAIL, How.KEEP),
        },
        Period.PLANNING_SYSTEM,
        export=Export("registrations.offers"),
        why="a copy of the planning system's record",
    ),
    PersonalTable(
        Estimate.__table__,  # type: ignore[arg-type]
        {
            "first_month": Personal(Kind.DETAIL, How.KEEP),
            "first_weekdays": Personal(Kind.DETAIL, How.KEEP),
            "full_month": Personal(Kind.DETAIL, How.KEEP),
        },
        Period.PLANNING_SYSTEM,
        export=Export("registrations.estimate"),
        why="computed from the planning system's record, again at every run",
    ),
    PersonalTable(
        Placement.__table__,  # type: ignore[arg-type]
        {"child_birth_date": Personal(Kind.BIRTH_DATE, How.KEEP)},
        Period.PLANNING_SYSTEM,
        why="placed children's ages for the capacity, linked to no registration or name",
    ),
    # --- staff: their own data, not a family's
    PersonalTable(
        StaffAccount.__table__,  # type: ignore[arg-type]
        {
            "email": Personal(Kind.EMAIL, How.KEEP),
            "name": Personal(Kind.NAME, How.KEEP),
            "password_hash": Personal(Kind.PSEUDONYM, How.KEEP),
            "totp_secret": Personal(Kind.PSEUDONYM, How.KEEP),  # the second factor's key
        },
        Period.STAFF_ACCOUNT,
        why="a staff member's account, not a family's data",
    ),
    PersonalTable(
        RecoveryCode.__table__,  # type: ignore[arg-type]
        {"code_hash": Personal(Kind.PSEUDONYM)},
        Period.STAFF_ACCOUNT,
        why="a staff member's second factor, not a family's data",
    ),
    PersonalTable(
        PasswordReset.__table__,  # type: ignore[arg-type]
        {"token_hash": Personal(Kind.PSEUDONYM)},
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.expires_at < cutoff,
    ),
    PersonalTable(
        ResetRequest.__table__,  # type: ignore[arg-type]
        {"email": Personal(Kind.EMAIL), "ip": Personal(Kind.NETWORK)},
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.at < cutoff,
    ),
    PersonalTable(
        LoginFailure.__table__,  # type: ignore[arg-type]
        {"email": Personal(Kind.EMAIL), "ip": Personal(Kind.NETWORK)},
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.at < cutoff,
    ),
    PersonalTable(
        StaffSession.__table__,  # type: ignore[arg-type]
        {
            "token_hash": Personal(Kind.PSEUDONYM),
            "ip": Personal(Kind.NETWORK),
            "user_agent": Personal(Kind.DEVICE),
        },
        Period.TRANSCRIPTS,
        expired=lambda t, cutoff: t.c.expires_at < cutoff,
    ),
    PersonalTable(
        AuditEntry.__table__,  # type: ignore[arg-type]
        {
            "staff_email": Personal(Kind.EMAIL, How.KEEP),
            "ip": Personal(Kind.NETWORK, How.KEEP),
            "detail": Personal(Kind.REGISTRATION, How.KEEP),  # e.g. the numbers exported
        },
        Period.AUDIT,
        of_family=lambda t, keys: t.c.handoff_id.in_(keys.handoffs),
        export=Export("audit"),
        why="the record of who on the staff side saw what",
    ),
    PersonalTable(
        NluLabel.__table__,  # type: ignore[arg-type]
        {"text": Personal(Kind.MESSAGE, How.KEEP)},
        Period.TRAINING,
        why="anonymised when labelled (child names, numbers, dates), linked to no "
        "conversation or family",
    ),
)

# Columns that hold no personal data, by "table.column", with the reason. Numbers, flags
# and the times things happened need no entry (see `not_personal_by_type`).
NOT_PERSONAL: dict[str, str] = {
    **dict.fromkeys(
        (
            "events.type_name",
            "events.intent_name",
            "events.action_name",
            "conversation_events.kind",
            "conversation_events.channel",
            "conversation_events.intent",
            "conversation_days.zone",
            "conversation_days.channel",
            "conversation_days.rating",
            "conversation_day_counts.zone",
            "conversation_day_counts.channel",
            "conversation_day_counts.rating",
            "intent_day_counts.zone",
            "intent_day_counts.channel",
            "intent_day_counts.intent",
            "handoffs.channel",
            "handoffs.reason",
            "handoffs.status",
            "registration_requests.kind",
            "registration_requests.channel",
            "registration_requests.status",
            "registration_requests.outcome_sent_by",
            "update_messages.moment",
            "update_messages.channel",
            "update_messages.status",
            "update_preferences.language",
            "update_snapshots.status",
            "survey_answers.moment",
            "survey_answers.scale",
            "survey_answers.channel",
            "survey_answers.language",
            "registrations.care_type",
            "registrations.status",
            "status_changes.status",
            "offers.outcome",
            "staff_accounts.role",
            "audit_log.action",
            "nlu_labels.intent",
            "nlu_labels.source",
            "groups.care_type",
        ),
        "a name from a fixed list (kind, status, channel, intent, role)",
    ),
    **dict.fromkeys(
        (
            "feedback_themes.code",
            "feedback_themes.name",
            "feedback_themes.name_en",
            "feedback_themes.keywords",
        ),
        "the organisation's feedback themes, about no family",
    ),
    **dict.fromkeys(
        ("we_did_notes.text", "we_did_notes.text_en", "we_did_notes.location_code"),
        "what head office did about a theme, written for every parent (the public page)",
    ),
    "nlu_labels.offered": "the intents and confidences the parent chose among",
    "update_messages.detail": "the kind of a send failure",
    "update_messages.reference": "a random token in the update's chat link",
    "update_messages.provider_message_id": "the channel's id of the sent message",
    "offers.offer_key": "the planning system's id of the offer",
    "offers.group_name": "the organisation's group",
    "estimates.computed_on": "the day the estimate ran",
    "estimate_runs.token": "a run's random token",
    "estimate_runs.computed_on": "the day the estimate ran",
    "code_limits.window_start": "when the counting window began",
    "code_limits.locked_until": "when a lock ends",
    "canned_replies.title": "staff's reply templates, about no family",
    "canned_replies.text": "staff's reply templates, about no family",
    "canned_replies.text_je": "staff's reply templates, about no family",
    "canned_replies.text_en": "staff's reply templates, about no family",
    "console_edits.kind": "what head office edited: texts, hours, keywords, about no family",
    "console_edits.name": "what head office edited: texts, hours, keywords, about no family",
    "console_edits.value": "what head office edited: texts, hours, keywords, about no family",
    "locations.location_code": "the organisation's locations",
    "locations.name": "the organisation's locations",
    "locations.city": "the organisation's locations",
    "groups.group_name": "the organisation's groups",
    "free_capacity.first_month": "free places per group, counted",
    "free_capacity.counts": "free places per group, counted",
    "placements.placement_id": "the planning system's id of a placement",
    **dict.fromkeys(
        ("placements.weekdays", "placements.start_date", "placements.end_date"),
        "the capacity a placement takes, linked to no child",
    ),
    **dict.fromkeys(
        (
            "conversation_days.day",
            "conversation_days.earlier",
            "conversation_day_counts.day",
            "intent_day_counts.day",
        ),
        "the days the dashboard counts",
    ),
    "simulated_placements.month": "the estimate's simulation, linked to no child",
    "simulated_placements.weekdays": "the estimate's simulation, linked to no child",
}


def not_personal_by_type(column: Any) -> bool:
    """Ids, counts, scores and flags (numbers and booleans), and the moments things
    happened (a date-time column named `at` or `..._at`): they say nothing about anyone
    without the row's declared columns. Text, dates and JSON always need a declaration."""
    python_type = _python_type(column)
    if python_type in (int, float, bool):
        return True
    return python_type is datetime and (column.name == "at" or column.name.endswith("_at"))


def _python_type(column: Any) -> type | None:
    try:
        return column.type.python_type  # type: ignore[no-any-return]
    except NotImplementedError:
        return None


def declared(name: str) -> PersonalTable:
    return next(t for t in DECLARED if t.name == name)
