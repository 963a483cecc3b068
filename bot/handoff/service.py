"""Handing a conversation to a person at head office, as one call.

`hand_over` decides everything the handoff involves: whether head office is open, the
record in the queue (one open handoff per conversation), the expected wait or the next
opening, the words for a complaint or a sensitive topic, and the notification of a new
escalation. It returns what the parent must hear as text keys with their values; the
caller (the Rasa action) renders them in the request's variant (u, je or en) and pauses the
conversation.

The call owns its unit of work: the notification goes out only after the handoff is
committed, so staff are never sent to a conversation that is not in the queue.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.handoff import queue
from bot.handoff.contact import WEBSITE_CHANNELS, address_on_file
from bot.handoff.context import build_context, summarize
from bot.handoff.notify import Escalation
from bot.handoff.office_hours import (
    OfficeHours,
    clock_phrase,
    now_word,
    opening_phrase,
    wait_phrase,
)
from bot.settings import Settings


@dataclass(frozen=True)
class HandoffRequest:
    """A conversation that goes to a person, as the dialogue knows it."""

    sender_id: str
    channel: str
    reason: str  # a code of bot/handoff/reasons.py
    events: list[dict[str, Any]] = field(default_factory=list)  # Rasa's tracker events
    slots: dict[str, Any] = field(default_factory=dict)
    form: str = "u"  # the texts' variant the parent reads: u, je or en


@dataclass(frozen=True)
class Utterance:
    """A text of bot/conversation/texts.yml by key, with the values it is filled with."""

    key: str
    # a value may be a text of its own (the opening sentence of an after-hours text)
    values: dict[str, "str | Utterance"] = field(default_factory=dict)


@dataclass(frozen=True)
class HandoffOutcome:
    handoff_id: int
    created: bool  # False when the conversation already had an open handoff
    office_open: bool
    wait_minutes: int
    messages: tuple[Utterance, ...]  # what the parent hears, in order


def hand_over(
    request: HandoffRequest,
    *,
    unit_of_work: Callable[[], AbstractContextManager[Session]],
    settings: Settings,
    notify: Callable[[Escalation], None],
    now: datetime,
) -> HandoffOutcome:
    """Store the handoff with its context, notify head office of a new one (after the
    commit), and say who comes and when. Blocking: call it off the event loop."""
    hours = OfficeHours.from_settings(settings)
    is_open = hours.is_open(now)
    context = build_context(
        sender_id=request.sender_id,
        channel=request.channel,
        reason=request.reason,
        events=request.events,
        slots=request.slots,
    )
    with unit_of_work() as session:
        handoff, created = queue.start_handoff(
            session=session,
            sender_id=request.sender_id,
            channel=request.channel,
            reason=request.reason,
            context=context,
            summary=summarize(context),
            office_open=is_open,
            now=now,
        )
        wait = queue.expected_wait_minutes(
            session=session,
            handoff=handoff,
            now=now,
            default_minutes=settings.handoff_minutes_per_conversation,
        )
        handoff_id = handoff.id
        # a website parent may close the tab: promise a reply by e-mail, to the address on
        # file or to one the parent leaves now (bot/console/mail_replies.py)
        mail = "ask"
        if context["identity_verified"] and address_on_file(
            session=session, registration_number=context["registration_number"]
        ):
            mail = "mail"
    if created:
        notify(
            Escalation(
                handoff_id=handoff_id,
                reason=request.reason,
                channel=request.channel,
                identity_verified=context["identity_verified"],
                registration_number=context["registration_number"],
                created_at=now.isoformat(),
                office_open=is_open,
            )
        )
    return HandoffOutcome(
        handoff_id=handoff_id,
        created=created,
        office_open=is_open,
        wait_minutes=wait,
        messages=(
            *_why(request.reason),
            _when(
                hours,
                now,
                is_open,
                wait,
                request.form,
                _where(request.channel, mail, _window(settings, request, hours, now)),
            ),
        ),
    )


# topics where a parent may need help at once: they hear where to turn right now
URGENT_TOPICS = ("topic_urgent",)


def _why(reason: str) -> tuple[Utterance, ...]:
    """What the parent hears first for a complaint or a topic only a person may handle."""
    if reason == "complaint":
        return (Utterance("complain"),)
    if reason in URGENT_TOPICS:
        return (Utterance("handoff_urgent"),)
    if reason.startswith("topic_"):
        return (Utterance("handoff_topic"),)
    return ()


# WhatsApp lets us write to a parent until 24 hours after their last message; later only an
# approved template (bot/channels/webhook_channel.py)
SERVICE_WINDOW = timedelta(hours=24)
# the parent's window closes before the office opens, and a template or nothing can follow
WINDOW_TEMPLATE, WINDOW_NOTHING = "template", "nothing"


def _window(
    settings: Settings, request: HandoffRequest, hours: OfficeHours, now: datetime
) -> str | None:
    """Whether a WhatsApp parent's window closes before the office opens, and then what a
    staff reply becomes: the approved template (not the reply's words) or nothing at all
    (the reply can then only go by e-mail). None: the reply comes in the chat."""
    templates = {
        "whatsapp": settings.whatsapp_template_name,
        "twilio": settings.twilio_template_content_sid,
    }
    if request.channel not in templates or hours.next_opening(now) - now < SERVICE_WINDOW:
        return None
    return WINDOW_TEMPLATE if templates[request.channel] else WINDOW_NOTHING


def _where(channel: str, mail: str, window: str | None) -> str:
    """The texts' suffix for where the reply will reach the parent. On the website the
    reply comes in the open tab, or by e-mail once the tab is gone: to the address on file
    (`mail`), else to one the parent leaves (`ask`). On WhatsApp after a window that
    closes first, a template announces it, or it goes by e-mail likewise. Elsewhere it
    comes in the chat (Messenger allows staff replies for 7 days)."""
    if channel in WEBSITE_CHANNELS:
        return f"_website_{mail}"
    if window == WINDOW_TEMPLATE:
        return "_window_template"
    if window == WINDOW_NOTHING:
        return f"_window_{mail}"
    return ""


def _when(
    hours: OfficeHours, now: datetime, is_open: bool, wait: int, form: str, where: str
) -> Utterance:
    """Who comes and when: the wait while the office is open and the wait ends before it
    closes (on the website with the tab's caveat); else when the office opens, after why:
    closed now, or too many parents waiting before closing time."""
    closes = hours.closing(now)
    if is_open and now + timedelta(minutes=wait) <= closes:
        key = "handoff_open" + (where if where.startswith("_website") else "")
        return Utterance(key, {"wait": wait_phrase(wait, form)})
    opening = opening_phrase(hours.next_opening(now), now, form)
    why = (
        Utterance("handoff_closing", {"closes": clock_phrase(closes, form)})
        if is_open
        else Utterance("handoff_closed_now")
    )
    call = now_word(form) if is_open else opening
    return Utterance("handoff_closed" + where, {"closed": why, "when": opening, "call": call})
