"""What the console does with a handoff: the queue rows, the conversation with its context,
and taking over and handing back through Rasa. Called by the API routes."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.console.mail_replies import writer
from bot.console.rasa_api import RasaClient, RasaError, bot_message, staff_message
from bot.console.registration import family_names, registration_panel
from bot.console.update_words import moment_text
from bot.conversation import texts
from bot.conversation.contact_address import attempted
from bot.conversation.turns import waiting_note_due
from bot.handoff import history, queue
from bot.handoff.contact import given_address
from bot.handoff.context import INTERNAL_SLOTS, count_fallbacks, summarize, transcript
from bot.handoff.models import CLOSED, WAITING, Handoff
from bot.handoff.reasons import describe
from bot.handoff.subject import topic_text
from bot.handoff.transcript import after_hand_back, handoff_events
from bot.parent_requests import offers, work
from bot.shared import clock
from bot.staff.models import StaffAccount
from bot.updates.replies import answered_by

# never restored at hand-back: the conversation's own state, not what the parent said
NOT_RESTORED = INTERNAL_SLOTS | {"handoff_reason"}


def staff_name(session: Session, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    account = session.get(StaffAccount, staff_id)
    return account.name if account else None


def queue_row(
    session: Session, handoff: Handoff, now: datetime, events: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A row of the queue or the history. With the handoff's `events` (its part of Rasa's
    tracker) its topic and summary follow the conversation; without, they are as at the
    handoff."""
    context = handoff.context or {}
    return {
        "id": handoff.id,
        "status": handoff.status,
        "channel": handoff.channel,
        "reason": handoff.reason,
        "reason_text": describe(handoff.reason),
        "topic": topic_text(
            handoff.reason,
            events if events is not None else _said_at_handoff(context),
            context.get("slots") or {},
        ),
        "summary": live_summary(handoff, events) if events is not None else handoff.summary,
        "registration_number": context.get("registration_number"),
        # the number is in the context only once the parent passed the identity check
        **family_names(session, context.get("registration_number")),
        "language": context.get("language") or "nl",
        "created_at": queue.utc(handoff.created_at).isoformat(),
        "waiting_seconds": int((now - queue.utc(handoff.created_at)).total_seconds()),
        "assigned_to": staff_name(session, handoff.assigned_to_id),
        "assigned_to_id": handoff.assigned_to_id,
        "office_open": handoff.office_open,
    }


def _said_at_handoff(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The parent's messages stored with the handoff, as events (without their intents)."""
    return [
        {"event": "user", "text": line["text"]}
        for line in context.get("transcript") or []
        if line.get("who") == "parent"
    ]


def handoff_part(handoff: Handoff, tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """The handoff's part of the conversation's events (bot/handoff/transcript.py) and,
    once handed back, the satisfaction exchange after it: staff read how it ended."""
    closed_at = queue.utc(handoff.closed_at) if handoff.closed_at else None
    events = tracker.get("events") or []
    created_at = queue.utc(handoff.created_at)
    part = handoff_events(events, created_at=created_at, closed_at=closed_at)
    part = with_waiting_notes(part, texts.variant((handoff.context or {}).get("language")))
    return part + satisfaction_exchange(
        after_hand_back(events, created_at=created_at, closed_at=closed_at)
    )


def with_waiting_notes(events: list[dict[str, Any]], form: str) -> list[dict[str, Any]]:
    """The events with the channel guard's "Uw bericht staat klaar" put back where it was
    said: the guard sends it without writing it to Rasa's tracker (bot/channels/guard.py),
    by the rule of turns.waiting_note_due, so the same rule finds where; a message giving
    an e-mail address got another answer. Staff read what the parent read (review30 12a)."""
    shown: list[dict[str, Any]] = []
    for index, event in enumerate(events):
        shown.append(event)
        if event.get("event") != "user" or attempted(event.get("text")) is not None:
            continue
        if waiting_note_due(events[: index + 1]):
            note = texts.say("handoff_waiting", form)
            shown.append({"event": "bot", "text": note, "timestamp": event.get("timestamp")})
    return shown


# the bot's answers to a score, and to the comment after it (actions/common.py)
SCORE_ANSWERS = ("satisfaction_thanks", "satisfaction_thanks_low", "satisfaction_skipped")
COMMENT_ANSWERS = ("satisfaction_comment_thanks",)


def satisfaction_exchange(after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of the events after a hand-back: the satisfaction question, the parent's score and
    the bot's thanks, then a comment and its thanks; not what the parent asks next (that
    is the assistant's conversation again, no part of this handoff)."""
    kept: list[dict[str, Any]] = []
    for answers in (SCORE_ANSWERS, COMMENT_ANSWERS):
        said = {texts.say(key, form) for key in answers for form in texts.VARIANTS}
        users = [i for i, e in enumerate(after) if e.get("event") == "user"]
        if not users:
            return kept + after
        turn_end = users[1] if len(users) > 1 else len(after)
        turn = after[users[0] : turn_end]
        if not any(e.get("event") == "bot" and e.get("text") in said for e in turn):
            return kept + after[: users[0]]
        kept += after[:turn_end]
        after = after[turn_end:]
    return kept


def live_summary(handoff: Handoff, events: list[dict[str, Any]]) -> str:
    """The summary of the handoff as it stands now: what the parent wrote after the
    handoff counts (the stored one is frozen at the moment of the handoff)."""
    context = handoff.context or {}
    return summarize(
        {
            "channel": handoff.channel,
            "reason": handoff.reason,
            "identity_verified": bool(context.get("identity_verified")),
            "registration_number": context.get("registration_number"),
            "language": context.get("language") or "nl",
            "slots": context.get("slots") or {},
            "transcript": transcript(events),
            "fallbacks": count_fallbacks(events),
        }
    )


def messages_of(handoff: Handoff, tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """The handoff's part of the conversation (bot/handoff/transcript.py) as messages."""
    return transcript(handoff_part(handoff, tracker))


def live_row(session: Session, rasa: RasaClient, handoff: Handoff, now: datetime) -> dict[str, Any]:
    """A queue row from Rasa's tracker: topic and summary as the conversation stands, and
    how many messages the parent wrote in this handoff and when the last (the console
    counts unread against what each staff member's browser has shown, console.js). When
    Rasa cannot say, the row as at the handoff, without counts (the queue still shows it)."""
    try:
        events = handoff_part(handoff, rasa.tracker(handoff.sender_id))
    except RasaError:
        return {**queue_row(session, handoff, now), "parent_messages": None, "last_parent_at": None}
    said = [m for m in transcript(events) if m["who"] == "parent"]
    return {
        **queue_row(session, handoff, now, events),
        "parent_messages": len(said),
        "last_parent_at": said[-1]["at"] if said else None,
    }


def live_messages(rasa: RasaClient, handoff: Handoff) -> tuple[list[dict[str, Any]], bool]:
    """The handoff's transcript from Rasa's tracker, and whether Rasa has it paused."""
    tracker = rasa.tracker(handoff.sender_id)
    return messages_of(handoff, tracker), bool(tracker.get("paused"))


def detail(
    session: Session,
    rasa: RasaClient,
    handoff: Handoff,
    now: datetime,
    today: date,
    form: str,
    readable: Callable[[Handoff], bool] = lambda _: True,
) -> dict[str, Any]:
    """The conversation with its context panel; `form`: the organisation's form of address
    (the closing message proposed for the hand-back, and the estimate as the parent read
    it, are in the parent's variant); `readable`: which of the family's other
    conversations this staff member may open."""
    tracker = rasa.tracker(handoff.sender_id)
    context = handoff.context
    # Rasa's current slots while staff handle it; once closed they are the parent's later
    # state, which belongs to no part of this handoff
    live_slots = {
        k: v
        for k, v in (tracker.get("slots") or {}).items()
        if v is not None and k not in INTERNAL_SLOTS and handoff.status != CLOSED
    }
    number = context.get("registration_number")
    events = handoff_part(handoff, tracker)
    messages = transcript(events)
    registration = (
        registration_panel(
            session=session, number=number, today=today, form=parent_form(handoff, form)
        )
        if number
        else None
    )
    if registration is not None:
        said = {m["text"] for m in messages if m["who"] == "bot"}
        registration["estimate_shown"] = bool(registration["estimate"]) and any(
            line in said for line in registration["estimate"]
        )
    return {
        **queue_row(session, handoff, now, events),
        "sender_id": handoff.sender_id,
        "paused": bool(tracker.get("paused")),
        "identity_verified": bool(context.get("identity_verified")),
        "registration": registration,
        "left_email": given_address(events),
        "earlier": [
            earlier_row(h)
            for h in (history.of_registration(session=session, number=number) if number else [])
            if h.id != handoff.id and readable(h)
        ],
        "requests": family_requests(session, number, now) if number else [],
        "slots": live_slots,
        "slots_at_handoff": context.get("slots") or {},
        "messages": messages,
        "notes": notes_of(session, handoff),
        "satisfaction": handoff.satisfaction,
        "satisfaction_comment": handoff.satisfaction_comment,
        "answers_update": _answered_update(session, handoff.sender_id),
        "closing_text": closing_text(parent_form(handoff, form), now),
        "variant": parent_form(handoff, form),
    }


def notes_of(session: Session, handoff: Handoff) -> list[dict[str, Any]]:
    """The internal notes, oldest first, with author and time (the live feed carries them,
    so a colleague's note shows without a reload)."""
    return [
        {
            "id": note.id,
            "author": staff_name(session, note.author_id),
            "author_id": note.author_id,
            "text": note.text,
            "created_at": queue.utc(note.created_at).isoformat(),
        }
        for note in queue.notes_of(session=session, handoff=handoff)
    ]


def earlier_row(handoff: Handoff) -> dict[str, Any]:
    """Another conversation of the family, for a link in the panel."""
    return {
        "id": handoff.id,
        "status": handoff.status,
        "created_at": queue.utc(handoff.created_at).isoformat(),
        "topic": topic_text(
            handoff.reason,
            _said_at_handoff(handoff.context or {}),
            (handoff.context or {}).get("slots") or {},
        ),
    }


def family_requests(session: Session, number: str, now: datetime) -> list[dict[str, Any]]:
    """The family's requests, newest first, for links to the requests page."""
    found = work.find(session=session, wanted=work.RequestFilter(number=number), now=now)
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "kind_text": offers.KIND_TEXT[r.kind],
            "status": r.status,
            "details": r.details,
            "created_at": queue.utc(r.created_at).isoformat(),
        }
        for r in reversed(found)
    ]


def _answered_update(session: Session, sender_id: str) -> dict[str, Any] | None:
    """The proactive update whose chat link started this conversation, if any."""
    update = answered_by(session=session, sender_id=sender_id)
    if update is None:
        return None
    return {
        "moment": update.moment,
        "text": moment_text(update.moment),
        "sent_at": queue.utc(update.created_at).isoformat(),
    }


EVENING_FROM, MORNING_FROM = 18, 6  # the organisation's hours: "Fijne avond!" in between


def closing_text(form: str, now: datetime) -> str:
    """The closing message proposed to staff for the hand-back, in the parent's variant:
    its wish suits the hour where the parent is ("Fijne avond!" at 22:00, not "Fijne dag!")."""
    hour = now.astimezone(clock.ZONE).hour
    evening = hour >= EVENING_FROM or hour < MORNING_FROM
    return say("staff_closing_evening" if evening else "staff_closing", form)


def say(key: str, form: str, **values: object) -> str:
    return texts.say(key, form, **values)


def parent_form(handoff: Handoff, form: str) -> str:
    """The texts' variant for this parent: English when the parent wrote English, else the
    organisation's form of address."""
    return texts.variant(handoff.context.get("language"), form)


def take_over(
    session: Session,
    rasa: RasaClient,
    handoff: Handoff,
    staff: StaffAccount,
    now: datetime,
    form: str,
    from_colleague: bool = False,
) -> None:
    """Claim (`from_colleague`: also one a colleague has, an admin's take-over); whenever
    someone new joins, the parent is told who."""
    joins = handoff.status == WAITING or handoff.assigned_to_id != staff.id
    if from_colleague:
        queue.assign(session=session, handoff=handoff, staff_id=staff.id, now=now)
    else:
        queue.claim(session=session, handoff=handoff, staff_id=staff.id, now=now)
    if joins:
        rasa.append(
            handoff.sender_id,
            [bot_message(say("staff_joined", parent_form(handoff, form), name=staff.name))],
            send=True,
        )


def restore_slots(handoff: Handoff, live_slots: dict[str, Any]) -> list[dict[str, Any]]:
    """SlotSet events putting back what NLU and slot mappings changed while paused."""
    before = handoff.context.get("slots") or {}
    events = []
    for name, value in live_slots.items():
        if name in NOT_RESTORED:
            continue
        if value != before.get(name):
            events.append({"event": "slot", "name": name, "value": before.get(name)})
    return events


def hand_back(
    session: Session,
    rasa: RasaClient,
    handoff: Handoff,
    closing: str,
    now: datetime,
    form: str,
) -> None:
    """Closing message, slots restored, ConversationResumed, then the satisfaction question."""
    tracker = rasa.tracker(handoff.sender_id)
    events: list[dict[str, Any]] = []
    if closing.strip():
        events.append(staff_message(closing.strip(), name=writer(session, handoff)))
    events.append(bot_message(say("bot_back", parent_form(handoff, form))))
    events += restore_slots(handoff, tracker.get("slots") or {})
    events.append({"event": "resume"})
    queue.close(session=session, handoff=handoff, now=now)
    rasa.append(handoff.sender_id, events, send=True)
    rasa.execute(handoff.sender_id, "action_ask_satisfaction")
    # the score the parent gives next follows this question (data/rules/handoff.yml)
    rasa.append(handoff.sender_id, [{"event": "action", "name": "action_listen"}], send=False)
