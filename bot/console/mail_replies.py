"""A staff reply that also goes by e-mail, when the parent is no longer in the chat.

The rule: Rasa is asked whether a message sent now reaches the parent in the chat
(`GET /console/reachable`, bot/channels/presence.py): a website tab connected now or
within WEBSITE_AWAY_SECONDS, a WhatsApp parent inside the 24-hour window or an approved
template to send. If not, and there is an address (bot/handoff/contact.py: the verified
parent's on file, else the one the parent left), the reply is recorded in the conversation
marked `via: email` (staff see it in the transcript), sent on the chat as always (a tab
that comes back shows it), and mailed with:
- a link that reopens the website conversation with its history in the widget
  (bot/shared/conversation_links.py, checked by bot/channels/website.py), for WEBSITE_LINK_DAYS;
- the reply address `reply+<signed token>@<REPLY_DOMAIN>`, whose answers the inbound mail
  receiver (bot/inbound_mail/server.py) puts into the same conversation.
Without an address the reply is refused (409): it would reach nobody (a closed website tab
does not get it back), and staff are told so beforehand (`reply_route`, in the live feed).
The mail goes first: when it fails, the reply still goes into the conversation (as a chat
message, not marked as mailed) and staff are told the mail did not go (MAIL_NOT_SENT),
so that they do not send it twice.
"""

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.console.rasa_api import RasaClient, staff_message
from bot.conversation import texts
from bot.handoff.contact import reply_address_for
from bot.handoff.models import Handoff
from bot.handoff.queue import HandoffError, utc
from bot.handoff.transcript import handoff_events
from bot.mail.sending import from_address, send_mail, sender_domain
from bot.settings import Settings
from bot.shared.conversation_links import link_token, reply_address
from bot.shared.kept_secrets import kept_secret
from bot.staff.models import StaffAccount

log = logging.getLogger(__name__)

CHAT, EMAIL, NOWHERE = "chat", "email", "nowhere"
MAIL_FAILED = "mail_failed"  # the reply is in the conversation, its e-mail did not go
# said to staff (the console shows the API's error next to the reply box)
UNDELIVERABLE = (
    "De ouder is niet meer in de chat en er is geen e-mailadres bekend: dit bericht zou "
    "niet aankomen en is niet verstuurd. Geef het gesprek terug of laat een notitie achter."
)


class Undeliverable(HandoffError):
    """A reply that would reach the parent neither in the chat nor by e-mail: refused, so
    that it is not accepted and lost."""


MAIL_NOT_SENT = (
    "Uw antwoord staat in het gesprek, maar de e-mail aan de ouder is niet verstuurd. "
    "Stuur het niet opnieuw; neem zo nodig zelf contact op met de ouder."
)


def link_secret(settings: Settings) -> str:
    """The website's session secret, as the launcher gives it to every service (the same
    file of var_dir when none is configured)."""
    return settings.website_session_secret or kept_secret(
        settings.var_dir, "website_session_secret"
    )


def reply_domain(settings: Settings) -> str:
    return settings.reply_domain or sender_domain(from_address(settings))


def resume_url(settings: Settings, sender_id: str, now: datetime) -> str:
    base = settings.website_public_url or f"http://{settings.host}:{settings.rasa_port}"
    token = link_token(link_secret(settings), sender_id, now=now, days=settings.website_link_days)
    return f"{base.rstrip('/')}/webhooks/website/resume?t={token}"


def reply_mail(
    settings: Settings, handoff: Handoff, text: str, form: str, now: datetime
) -> tuple[str, str, dict[str, str]]:
    """Subject, body and headers of the mail that carries a staff reply."""
    link = ""
    if handoff.sender_id.startswith("website:"):
        link = texts.say(
            "reply_mail_link",
            form,
            days=settings.website_link_days,
            url=resume_url(settings, handoff.sender_id, now),
        )
    organisation = settings.organisation_name
    subject = texts.say("reply_mail_subject", form, organisation=organisation)
    body = texts.say(
        "reply_mail_body", form, reply=text, continue_line=link, organisation=organisation
    )
    answer_to = reply_address(
        link_secret(settings),
        handoff.id,
        reply_domain(settings),
        now=now,
        days=settings.website_link_days,
    )
    return subject, body, {"Reply-To": answer_to}


def writer(session: Session, handoff: Handoff) -> str | None:
    """The name of who has the conversation (who replies), for the widget's label."""
    if handoff.assigned_to_id is None:
        return None
    account = session.get(StaffAccount, handoff.assigned_to_id)
    return account.name if account else None


def send_reply(
    *,
    session: Session,
    rasa: RasaClient,
    settings: Settings,
    handoff: Handoff,
    text: str,
    form: str,
    now: datetime,
) -> str:
    """Send a staff reply in the chat, and by e-mail when the parent has left; `chat`,
    `email`, or `mail_failed` (in the conversation, the mail did not go). Undeliverable:
    the parent left and no address is known."""
    name = writer(session, handoff)
    if rasa.reachable(handoff.sender_id):
        rasa.append(handoff.sender_id, [staff_message(text, name=name)], send=True)
        return CHAT
    address = _address(session, rasa, handoff)
    if address is None:
        raise Undeliverable(UNDELIVERABLE)
    handoff.context = {**handoff.context, "contact_email": address}
    subject, body, headers = reply_mail(settings, handoff, text, form, now)
    try:
        send_mail(to=address, subject=subject, body=body, settings=settings, headers=headers)
        via = EMAIL
    except Exception as error:  # the mail server refused or is down: the chat still has it
        log.error("staff reply by e-mail failed: %s", type(error).__name__)
        via = MAIL_FAILED
    mailed = EMAIL if via == EMAIL else None
    rasa.append(handoff.sender_id, [staff_message(text, via=mailed, name=name)], send=True)
    return via


def reply_route(
    session: Session,
    rasa: RasaClient,
    handoff: Handoff,
    tracker: dict[str, Any],
    reachable: bool | None = None,
) -> str:
    """Where a reply sent now would go: `chat`, `email` (the parent left, an address is
    known) or `nowhere` (send_reply refuses it). `reachable`: Rasa's answer, when asked
    already."""
    if reachable if reachable is not None else rasa.reachable(handoff.sender_id):
        return CHAT
    return EMAIL if _address(session, rasa, handoff, tracker) else NOWHERE


def _address(
    session: Session, rasa: RasaClient, handoff: Handoff, tracker: dict[str, Any] | None = None
) -> str | None:
    tracker = tracker if tracker is not None else rasa.tracker(handoff.sender_id)
    events = handoff_events(
        tracker.get("events") or [], created_at=utc(handoff.created_at), closed_at=None
    )
    address, _ = reply_address_for(session=session, context=handoff.context, events=events)
    return address
