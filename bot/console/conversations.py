"""What the console does with a handoff: the queue rows, the conversation with its context,
and taking over and handing back through Rasa. Called by the API routes."""

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.console.rasa_api import RasaClient, RasaError, bot_message, staff_message
from bot.console.registration import registration_panel
from bot.conversation import texts
from bot.handoff import queue
from bot.handoff.context import INTERNAL_SLOTS, transcript
from bot.handoff.models import CLOSED, WAITING, Handoff
from bot.handoff.reasons import describe
from bot.handoff.transcript import handoff_events
from bot.staff.models import StaffAccount
from bot.updates.replies import answered_by

# never restored at hand-back: the conversation's own state, not what the parent said
NOT_RESTORED = INTERNAL_SLOTS | {"handoff_reason"}


def staff_name(session: Session, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    account = session.get(StaffAccount, staff_id)
    return account.name if account else None


def queue_row(session: Session, handoff: Handoff, now: datetime) -> dict[str, Any]:
    return {
        "id": handoff.id,
        "status": handoff.status,
        "channel": handoff.channel,
        "reason": handoff.reason,
        "reason_text": describe(handoff.reason),
        "summary": handoff.summary,
        "created_at": queue.utc(handoff.created_at).isoformat(),
        "waiting_seconds": int((now - queue.utc(handoff.created_at)).total_seconds()),
        "assigned_to": staff_name(session, handoff.assigned_to_id),
        "assigned_to_id": handoff.assigned_to_id,
        "office_open": handoff.office_open,
    }


def messages_of(handoff: Handoff, tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """The handoff's part of the conversation (bot/handoff/transcript.py) as messages."""
    closed_at = queue.utc(handoff.closed_at) if handoff.closed_at else None
    events = handoff_events(
        tracker.get("events") or [], created_at=queue.utc(handoff.created_at), closed_at=closed_at
    )
    return transcript(events)


def unread_basis(rasa: RasaClient, handoff: Handoff) -> dict[str, Any]:
    """How many messages the parent wrote in this handoff, and when the last: the console
    counts unread against what each staff member's browser has shown (console.js). None
    when Rasa cannot say (the queue still shows the row)."""
    try:
        said = [
            m for m in messages_of(handoff, rasa.tracker(handoff.sender_id)) if m["who"] == "parent"
        ]
    except RasaError:
        return {"parent_messages": None, "last_parent_at": None}
    return {"parent_messages": len(said), "last_parent_at": said[-1]["at"] if said else None}


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
) -> dict[str, Any]:
    """The conversation with its context panel; `form`: the organisation's form of address
    (the closing message proposed for the hand-back is in the parent's variant)."""
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
    return {
        **queue_row(session, handoff, now),
        "sender_id": handoff.sender_id,
        "paused": bool(tracker.get("paused")),
        "identity_verified": bool(context.get("identity_verified")),
        "registration_number": number,
        "language": context.get("language") or "nl",
        "registration": (
            registration_panel(session=session, number=number, today=today) if number else None
        ),
        "slots": live_slots,
        "slots_at_handoff": context.get("slots") or {},
        "messages": messages_of(handoff, tracker),
        "notes": [
            {
                "id": note.id,
                "author": staff_name(session, note.author_id),
                "text": note.text,
                "created_at": queue.utc(note.created_at).isoformat(),
            }
            for note in queue.notes_of(session=session, handoff=handoff)
        ],
        "satisfaction": handoff.satisfaction,
        "satisfaction_comment": handoff.satisfaction_comment,
        "answers_update": _answered_update(session, handoff.sender_id),
        "closing_text": say("staff_closing", parent_form(handoff, form)),
        "variant": parent_form(handoff, form),
    }


def _answered_update(session: Session, sender_id: str) -> dict[str, Any] | None:
    """The proactive update whose chat link started this conversation, if any."""
    update = answered_by(session=session, sender_id=sender_id)
    if update is None:
        return None
    return {"moment": update.moment, "sent_at": queue.utc(update.created_at).isoformat()}


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
        events.append(staff_message(closing.strip()))
    events.append(bot_message(say("bot_back", parent_form(handoff, form))))
    events += restore_slots(handoff, tracker.get("slots") or {})
    events.append({"event": "resume"})
    queue.close(session=session, handoff=handoff, now=now)
    rasa.append(handoff.sender_id, events, send=True)
    rasa.execute(handoff.sender_id, "action_ask_satisfaction")
    # the score the parent gives next follows this question (data/rules/handoff.yml)
    rasa.append(handoff.sender_id, [{"event": "action", "name": "action_listen"}], send=False)
