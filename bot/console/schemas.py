"""What the console's JSON API takes and answers: request bodies and response models, so the
OpenAPI document (/openapi.json) describes every answer."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, Field

from bot.edits.changes import FACT_LIMIT, MAIL_LIMIT
from bot.staff.accounts import MIN_PASSWORD_LENGTH

MAX_ID = 2**31 - 1  # the databases' INTEGER range
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Role = Literal["agent", "admin", "management"]


# requests


class Text(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class HandBack(BaseModel):
    message: str = Field(default="", max_length=4000)


class Assign(BaseModel):
    staff_id: int = Field(ge=1, le=MAX_ID)


class NewStaff(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    name: str = Field(default="", max_length=100)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=200)
    role: Role


class StaffChange(BaseModel):
    active: bool | None = None
    role: Role | None = None
    name: str | None = Field(default=None, max_length=100)


class NewCannedReply(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=4000, description="formal Dutch (u)")
    text_je: str = Field(default="", max_length=4000, description="informal Dutch; empty: none")
    text_en: str = Field(default="", max_length=4000, description="English; empty: none")


# answers


class Error(BaseModel):
    """Every refusal: 401, 403, 404, 409, 422 from the console's own checks, 502 from Rasa."""

    detail: str


class StaffMember(BaseModel):
    id: int
    email: str
    name: str
    role: str
    active: bool
    second_factor: bool


class LoginSession(BaseModel):
    id: int
    started_at: str
    last_seen_at: str
    user_agent: str
    ip: str  # shortened: 203.0.113.x, or an IPv6 /48
    current: bool


class SessionsEnded(BaseModel):
    ended: int  # how many open sessions were ended


class QueueRow(BaseModel):
    id: int
    status: Literal["waiting", "active", "closed"]
    channel: str
    reason: str
    reason_text: str
    topic: str = Field(
        description="the reason and what the parent asked about, in words: "
        '"ouder vroeg om een medewerker, over de plaats op de wachtlijst"'
    )
    summary: str = Field(description="follows the conversation (in the queue and when opened)")
    registration_number: str | None = Field(description="only for a verified parent")
    child: str | None = Field(None, description="the child's first name (verified only)")
    parents: list[str] = Field([], description="the parents' names on file (verified only)")
    language: str = Field(description='the language the parent writes: "nl" or "en"')
    created_at: str = Field(description="ISO 8601, UTC")
    waiting_seconds: int
    assigned_to: str | None
    assigned_to_id: int | None
    office_open: bool
    parent_messages: int | None = Field(
        default=None, description="the parent's messages in this handoff (queue only)"
    )
    last_parent_at: str | None = Field(default=None, description="ISO 8601, UTC (queue only)")


class Message(BaseModel):
    who: Literal["parent", "bot", "staff"]
    text: str
    at: str | None = Field(description="ISO 8601, UTC")
    via: Literal["chat", "email"] = Field(
        "chat", description="email: a staff reply also sent by e-mail, a parent's answer by e-mail"
    )


class Note(BaseModel):
    id: int
    author: str | None
    author_id: int | None = None
    text: str
    created_at: str = Field(description="ISO 8601, UTC")


class UpdateReceived(BaseModel):
    moment: str
    channel: str
    status: str
    sent_at: str | None
    text: str = Field(description="in words: welkom op de wachtlijst (per e-mail, verstuurd)")


class Fact(BaseModel):
    label: str
    text: str


class ParentOnFile(BaseModel):
    name: str
    email: str | None
    phone: str | None = Field(description="E.164")


class RegistrationPanel(BaseModel):
    """The verified parent's registration in staff language (status None: not found): the
    facts in words, the parents with their contact details on file, the estimate as the
    parent read it, and the proactive updates it received. `status` is the raw record, for
    the panel's collapsed technical details."""

    status: dict[str, Any] | None
    facts: list[Fact] = []
    line: str = Field(default="", description="the registration in one line, for the heading")
    parents: list[ParentOnFile] = []
    estimate: list[str] = Field(description="in the parent's language and form of address")
    estimate_shown: bool = Field(
        default=False, description="the assistant gave this estimate in the conversation"
    )
    updates: list[UpdateReceived] = []


class EarlierConversation(BaseModel):
    id: int
    status: Literal["waiting", "active", "closed"]
    created_at: str
    topic: str


class FamilyRequest(BaseModel):
    id: int
    kind: str
    kind_text: str
    status: str
    details: str = Field(description="the parent's own words")
    created_at: str


class Conversation(QueueRow):
    """A conversation with its context panel."""

    sender_id: str
    paused: bool
    identity_verified: bool
    registration: RegistrationPanel | None
    left_email: str | None = Field(
        default=None, description="an address the parent left in the chat while waiting"
    )
    earlier: list[EarlierConversation] = Field(
        default=[], description="the family's other conversations this staff member may open"
    )
    requests: list[FamilyRequest] = Field(default=[], description="the family's requests")
    slots: dict[str, Any] = Field(description="technical details: the bot's state now")
    slots_at_handoff: dict[str, Any]
    messages: list[Message]
    notes: list[Note]
    satisfaction: int | None
    satisfaction_comment: str | None = None
    answers_update: dict[str, Any] | None = Field(
        default=None, description="the proactive update whose chat link the parent followed"
    )
    closing_text: str = Field(
        default="",
        description="the closing message proposed for the hand-back, in the parent's language",
    )
    variant: str = Field(
        default="u", description="the texts' variant the parent reads: u, je or en"
    )


class Viewer(BaseModel):
    name: str
    writing: bool


class LiveMessages(BaseModel):
    """What an open conversation view polls."""

    status: Literal["waiting", "active", "closed"]
    assigned_to: str | None
    assigned_to_id: int | None
    paused: bool
    messages: list[Message]
    summary: str = Field(description="the summary as the conversation stands now")
    satisfaction: int | None
    viewers: list[Viewer] = Field(description="colleagues with this conversation open now")
    reply_goes: Literal["chat", "email", "nowhere"] | None = Field(
        description="where a reply sent now goes: the chat; by e-mail (the parent left the "
        "chat, an address is known); nowhere (left, no address: a reply is refused); "
        "null when closed"
    )
    parent_typing: bool = Field(
        False, description="a website parent is typing now (other channels do not say)"
    )
    satisfaction_comment: str | None = None
    notes: list[Note] = Field(
        [], description="the internal notes, oldest first (a colleague's show without a reload)"
    )


class Typing(BaseModel):
    shown: bool = Field(
        description="the parent was shown that staff are typing (false: shown less than a "
        "few seconds ago, or the channel has no typing indicator)"
    )


class Sent(BaseModel):
    status: Literal["sent"]
    via: Literal["chat", "email", "mail_failed"] = Field(
        description="email: the parent had left the chat, the reply also went by e-mail; "
        "mail_failed: it is in the conversation, but its e-mail did not go"
    )
    notice: str | None = Field(None, description="what staff are told besides (Dutch)")


class Closed(BaseModel):
    status: Literal["closed"]


class NoteCreated(BaseModel):
    id: int


class CannedReply(BaseModel):
    id: int
    title: str
    text: str
    text_je: str | None = None
    text_en: str | None = None
    texts: dict[str, str] = Field(
        default={},
        description="the reply per variant (u, je, en) as a conversation in it picks it: a "
        "missing informal one is the formal one; a missing English one is absent",
    )


class HiddenResults(BaseModel):
    hidden: int = Field(description="conversations found that only an admin may read")


class AuditActions(BaseModel):
    actions: list[str] = Field(description="the actions the log holds, for the filter")


class AuditRecord(BaseModel):
    id: int
    at: str
    staff: str
    action: str
    handoff_id: int | None
    ip: str
    detail: str = Field(description="as recorded")
    detail_text: str = Field(description="the detail as staff read it: Dutch, names not ids")


class Refusal(BaseModel):
    """An edit that was not saved: what is wrong, per field, in Dutch."""

    detail: str
    problems: dict[str, str]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` entry declaring these refusals with the Error body."""
    return {code: {"model": Error} for code in codes}


def refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`errors(...)` with the 422 of an edit, which names each field."""
    return {**errors(*codes), 422: {"model": Refusal}}


# parents' requests (bot/parent_requests)

# withdrawn: the parent took it back in the chat (bot/parent_requests/withdrawal.py)
RequestStatus = Literal["open", "claimed", "resolved", "rejected", "withdrawn"]


class RequestOffer(BaseModel):
    """The placement offer an answer (accept_offer, decline_offer) names."""

    offer_id: str | None = Field(description="the planning system's key (offers.csv)")
    location_code: str
    location: str
    group_name: str | None
    weekdays: str
    start_date: str
    respond_by: str
    outcome: Literal["open", "accepted", "declined", "expired"]


class RequestRow(BaseModel):
    id: int
    registration_number: str
    kind: Literal["change", "cancel", "accept_offer", "decline_offer"]
    kind_text: str = Field(description="the kind in words: Wijziging, Aanbod aangenomen, …")
    details: str = Field(description="the parent's own words")
    channel: str
    status: RequestStatus
    created_at: str = Field(description="ISO 8601, UTC")
    age_days: int
    due_on: str = Field(
        description="ISO date: the day we promised to answer by (5 working days after it "
        "came in, weekends and public holidays skipped)"
    )
    overdue: bool = Field(description="not finished and past due_on; listed first")
    confirmed: bool = Field(description="the confirmation e-mail went out")
    weekdays: str
    location_codes: str
    start_date: str | None
    birth_date: str | None = Field(
        description="a birth the parent reported: resolving the request records it on the child"
    )
    assigned_to: str | None
    assigned_to_id: int | None
    note: str
    outcome: str | None
    outcome_sent_by: Literal["channel", "mail", "both", "none"] | None
    closed_at: str | None
    offer: RequestOffer | None = None
    child: str | None = Field(default=None, description="the child's first name")
    current: str = Field(
        default="",
        description="the registration as it stands, in words, with what head office has done",
    )
    requested: str = Field(default="", description="what the words ask for, in words")
    chat_handoff_id: int | None = Field(
        default=None, description="the conversation's latest handoff, to open in the console"
    )
    has_chat: bool = Field(default=False, description="it came from a chat: GET …/chat")


class RequestChat(BaseModel):
    """The messages of the chat session a request was made in."""

    messages: list[Message]


class RequestNote(BaseModel):
    text: str = Field(max_length=4000)


class CloseRequest(BaseModel):
    outcome: Literal["resolved", "rejected"]
    message: str = Field(min_length=1, max_length=4000)


# dashboard and the bot's language (bot/reporting)


class DayCount(BaseModel):
    day: str
    channel: str
    count: int


class DayScore(BaseModel):
    day: str
    average: float | None
    count: int


class RatingCounts(BaseModel):
    rated_yes: int
    rated_no: int
    resolved: int
    unresolved: int


class RatingDay(RatingCounts):
    day: str
    channel: str


class RatingRates(RatingCounts):
    rating_share: float | None = Field(description="yes / (yes + no)")
    resolution_rate: float | None = Field(description="resolved / (resolved + unresolved)")


class RatingComment(BaseModel):
    day: str
    channel: str
    answer: str = Field(description="yes or no")
    comment: str = Field(description="anonymised")


class BotResolution(RatingRates):
    """ "Heeft dit u geholpen?" and the resolution measure (bot/reporting/resolution.py)."""

    per_day: list[RatingDay]
    per_channel: dict[str, RatingRates]
    comments: list[RatingComment]


class IntentCount(BaseModel):
    intent: str
    count: int
    words: str = Field(default="", description="the intent in staff's words")


class AgentFigures(BaseModel):
    staff: str
    conversations: int = Field(description="conversations the staff member replied in")
    first_reply_minutes: float | None = Field(
        description="median minutes to the first reply, where theirs was the first"
    )


class MessageGroup(BaseModel):
    text: str = Field(description="anonymised: numbers, dates and names as placeholders")
    count: int
    examples: list[str]


class TouchpointScore(BaseModel):
    """A touchpoint survey's figures (bot/reporting/touchpoints.py) for one moment, at
    all locations (location None) or at one."""

    moment: str = Field(description="survey_welcome, survey_offer or survey_start")
    location: str | None = Field(description="location code; None: all; empty: unknown")
    location_name: str | None
    scale: str = Field(description="nps (0-10) or csat (1-5)")
    count: int
    average: float
    promoters: int | None = Field(description="NPS only: scores 9-10")
    passives: int | None = Field(description="NPS only: scores 7-8")
    detractors: int | None = Field(description="NPS only: scores 0-6")
    nps: int | None = Field(description="% promoters minus % detractors")


# the parents' voice (bot/feedback)

ThemeCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
AnswerKey = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


class ThemeExample(BaseModel):
    key: str = Field(
        description="the answer's stable key: move it with PUT /api/themes/answers/{key}"
    )
    day: str
    source: str = Field(description="bot_rating, csat, complaint, not_understood, survey")
    text: str = Field(description="the parent's words, anonymised")


class ThemeCount(BaseModel):
    code: str = Field(description="the theme's code; overig: no theme")
    name: str
    count: int
    per_location: dict[str, int]
    per_moment: dict[str, int] = Field(description="the parent's stage: waiting, offered, …")
    per_source: dict[str, int]
    examples: list[ThemeExample] = Field(description="admins only; empty for management")


class PeriodCount(BaseModel):
    period: str = Field(description="2026-W48 or 2026-11")
    theme: str
    count: int


class Themes(BaseModel):
    answers: int
    themes: list[ThemeCount]
    weekly: list[PeriodCount]
    monthly: list[PeriodCount]


class Theme(BaseModel):
    id: int
    code: str
    name: str
    name_en: str
    keywords: list[str]
    active: bool


class NewTheme(BaseModel):
    code: ThemeCode
    name: str = Field(min_length=1, max_length=100)
    name_en: str = Field(min_length=1, max_length=100)
    keywords: str = Field(max_length=4000, description="one per line or comma-separated")


class ThemeEdit(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    name_en: str = Field(min_length=1, max_length=100)
    keywords: str = Field(max_length=4000, description="one per line or comma-separated")
    active: bool = True


class Move(BaseModel):
    theme_id: int | None = Field(ge=1, le=MAX_ID, description="null: in no theme (overig)")


class Moved(BaseModel):
    key: str
    theme: str | None


class NewNote(BaseModel):
    theme_id: int = Field(ge=1, le=MAX_ID)
    location_code: str | None = Field(
        default=None, min_length=1, max_length=32, description="null: for every location"
    )
    text: str = Field(min_length=1, max_length=2000, description="Dutch")
    text_en: str = Field(min_length=1, max_length=2000, description="English")


class Note(BaseModel):
    id: int
    theme: str
    theme_name: str
    location_code: str | None
    text: str
    text_en: str
    created_at: str
    recipients: int = Field(description="parents who gave feedback on the theme")
    told: int = Field(description="of them, told so far")


class Dashboard(BaseModel):
    conversations: int
    per_day: list[DayCount]
    handed_to_staff: int
    answered_by_bot: int
    handoff_reasons: dict[str, int]
    first_reply_minutes: dict[str, float | None] = Field(description="office, outside")
    handling_minutes: dict[str, float | None] = Field(description="office, outside")
    csat_average: float | None
    csat_count: int
    csat_per_day: list[DayScore]
    csat_per_channel: dict[str, float | None]
    csat_comments: list[dict[str, Any]] = Field(description="day, channel, score, comment")
    top_intents: list[IntentCount]
    not_understood: list[MessageGroup]
    updates_sent: dict[str, int]
    updates_failed: int
    updates_opted_out: int
    updates_replied: int
    updates_opened: int
    bot_resolution: BotResolution
    touchpoints: list[TouchpointScore]
    themes: Themes
    per_agent: list[AgentFigures] = Field(description="admins only; empty for management")


class Intents(BaseModel):
    intents: list[str]
    words: dict[str, str] = Field(description="each intent in staff's words")


class StaffLabel(BaseModel):
    text: str = Field(description="the message, anonymised as the review shows it")
    intent: str


class NewLabel(BaseModel):
    text: str = Field(min_length=1, max_length=4000)
    intent: str = Field(min_length=1, max_length=64, pattern=r"^[a-z_/]+$")


class Label(BaseModel):
    id: int
    text: str
    intent: str


class ParentChoice(BaseModel):
    text: str = Field(description="the message the bot was unsure about, anonymised")
    offered: list[str] = Field(description="the meanings the bot offered, likeliest first")
    chosen: str = Field(description="the meaning the parent chose: a label in the export")
    at: str = Field(description="ISO 8601, UTC")


# head office's edits (bot/edits): what they take


class Variants(BaseModel):
    u: str | None = Field(default=None, max_length=MAIL_LIMIT)
    je: str | None = Field(default=None, max_length=MAIL_LIMIT)
    en: str | None = Field(default=None, max_length=MAIL_LIMIT)

    def given(self) -> dict[str, str]:
        return {form: text for form, text in self.model_dump().items() if text is not None}


class Languages(BaseModel):
    nl: str | None = Field(default=None, max_length=FACT_LIMIT * 2)
    en: str | None = Field(default=None, max_length=FACT_LIMIT * 2)

    def given(self) -> dict[str, str]:
        return {lang: text for lang, text in self.model_dump().items() if text is not None}


class Hours(BaseModel):
    opens: str = Field(max_length=5)
    closes: str = Field(max_length=5)
    days: list[str] = Field(max_length=7)


class Closure(BaseModel):
    day: date
    reason: str = Field(max_length=200)


class Keywords(BaseModel):
    keywords: list[str] = Field(max_length=300)


class Cadence(BaseModel):
    months: int


# head office's edits: what they answer


class TextVariant(BaseModel):
    default: str = Field(description="texts.yml's (or updates.yml's) text")
    text: str = Field(description="the text in force")
    edited: bool


class EditableText(BaseModel):
    key: str = Field(description="a key of texts.yml, or a mail's path (welcome.subject)")
    description: str = Field(description="where the text is used, in Dutch")
    placeholders: list[str] = Field(description="what the assistant fills in: {name}")
    limit: int = Field(description="the most characters the text may have")
    variants: dict[str, TextVariant] = Field(
        description="u, je, en; a button's title and an organisation fact: nl, en"
    )


class ChannelView(BaseModel):
    text: str
    length: int
    limit: int | None = Field(description="the channel's most characters; null: none")


class Preview(BaseModel):
    channels: dict[str, dict[str, ChannelView]] = Field(description="variant: channel: view")
    problems: dict[str, str] = Field(description="variant: what is wrong (Dutch)")


class HistoryRow(BaseModel):
    id: int
    kind: str
    name: str
    value: str | None = Field(description="null: back to the default (or a closure removed)")
    by: str
    at: str
    reverts: int | None = Field(description="the edit whose value this one brought back")


class Saved(BaseModel):
    status: Literal["saved"]


class HoursOut(BaseModel):
    opens: str
    closes: str
    days: str = Field(description="weekday codes, comma-separated: ma,di,wo")


class HoursPair(BaseModel):
    default: HoursOut
    current: HoursOut


class ClosureOut(BaseModel):
    day: str
    reason: str


class KeywordsPair(BaseModel):
    default: list[str]
    current: list[str]


class CadencePair(BaseModel):
    default: int
    current: int


class EditSettings(BaseModel):
    hours: HoursPair
    closures: list[ClosureOut] = Field(description="today's and later ones")
    keywords: dict[str, KeywordsPair] = Field(description="by sensitive topic")
    cadence: CadencePair = Field(description="months between periodic updates")


class RemovedReply(BaseModel):
    id: int
    title: str
    removed_at: str
    version: int = Field(description="the edit to revert to bring the reply back")


# a family's data (bot/privacy)


class FamilyErased(BaseModel):
    numbers: list[str]
    conversations: int
    events: int
    handoffs: int
    requests: int
    identity_records: int
    mails: int


class FamilyExport(BaseModel):
    """Everything held about a family (bot/privacy/family.py), as the download holds it."""

    registrations: list[dict[str, Any]]
    conversations: list[dict[str, Any]] = Field(description="Rasa's stored events per id")
    handoffs: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    identity_checks: list[dict[str, Any]]
    updates: list[dict[str, Any]]
    update_preferences: list[dict[str, Any]]
    survey_answers: list[dict[str, Any]] = Field(description="touchpoint survey answers")
    mails: list[dict[str, Any]]
    audit: list[dict[str, Any]]


def download(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The `responses` entry of a file download that is not JSON (CSV, YAML)."""
    return {
        200: {"content": {media_type: {"schema": {"type": "string"}}}, "description": description}
    }
