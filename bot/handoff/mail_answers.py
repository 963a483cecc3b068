"""A parent's answer by e-mail to a staff reply (bot/console/mail_replies.py sent it with
a signed reply address): its own words, without the quoted mail below them, and where it
goes in the queue. The server that receives it is bot/inbound_mail/server.py."""

import re
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy.orm import Session

from bot.handoff import queue
from bot.handoff.models import CLOSED, Handoff

MAX_TEXT = 4000  # as a chat message (bot/channels/website.py)
# where the quoted mail starts: "Op ma 7 dec. 2026 om 09:12 schreef …:", "On … wrote:",
# Outlook's "-----Original Message-----" or its header block ("Van:"/"From:" then
# "Verzonden:"/"Sent:"), a signature separator "-- ", or the first quoted line "> "
QUOTE_STARTS = [
    re.compile(r"^\s*(Op|On)\s.+(schreef|wrote)[^\n]*:\s*$", re.IGNORECASE | re.MULTILINE),
    re.compile(
        r"^\s*(Op|On)\s[^\n]+\n[^\n]*(schreef|wrote)[^\n]*:\s*$", re.IGNORECASE | re.MULTILINE
    ),
    re.compile(
        r"^-{2,}\s*(Original Message|Oorspronkelijk bericht|Origineel bericht)",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(r"^(Van|From):\s.*\n(Verzonden|Sent|Datum|Date):", re.IGNORECASE | re.MULTILINE),
    re.compile(r"^-- ?$", re.MULTILINE),
    re.compile(r"^>", re.MULTILINE),
]


def own_words(text: str) -> str:
    """The text above the quoted mail, trimmed; at most MAX_TEXT characters."""
    cut = len(text)
    for pattern in QUOTE_STARTS:
        found = pattern.search(text)
        if found:
            cut = min(cut, found.start())
    words = "\n".join(line.rstrip() for line in text[:cut].strip().splitlines())
    return words[:MAX_TEXT]


def plain_text(message: EmailMessage) -> str:
    """The mail's plain text part, else its HTML part with the tags taken out."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?is)<(script|style|blockquote).*?</\1>", "", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = re.sub(r"<[^>]+>", "", content)
    return str(content)


def answer_of(message: EmailMessage) -> str:
    return own_words(plain_text(message))


def handoff_for_answer(
    *, session: Session, handoff: Handoff, now: datetime, office_open: bool
) -> tuple[Handoff, bool]:
    """The handoff staff read the answer in: the one replied from while it is open; once
    that went back to the assistant, the conversation's open one or a new one (reason
    `email_answer`, the earlier one's context). True when the conversation must be paused
    again (a new handoff)."""
    if handoff.status != CLOSED:
        return handoff, False
    context = {**handoff.context, "reason": "email_answer", "transcript": []}
    summary = (
        f"De ouder antwoordde per e-mail op gesprek {handoff.id}, dat al terug was bij de "
        "assistent. Het antwoord staat in het gesprek."
    )
    found, created = queue.start_handoff(
        session=session,
        sender_id=handoff.sender_id,
        channel=handoff.channel,
        reason="email_answer",
        context=context,
        summary=summary,
        office_open=office_open,
        now=now,
    )
    return found, created
