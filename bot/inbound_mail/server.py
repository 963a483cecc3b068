"""The inbound mail receiver: parents' answers to staff replies sent by e-mail come back
into the same conversation. `python -m bot.inbound_mail.server` (the launcher runs it when
INBOUND_MAIL_PORT is not 0; docs/deploy.md, "Inbound mail").

An SMTP server (aiosmtpd) on INBOUND_MAIL_HOST:INBOUND_MAIL_PORT, behind the
organisation's mail server, which relays mail for `reply+*@REPLY_DOMAIN` to it. Each
recipient is checked at RCPT: a reply address whose signed token (bot/shared/conversation_links.py)
is not ours, was changed or has expired, or whose handoff is gone (retention), is refused
with 550 and logged without address or content. An accepted mail's own words
(bot/handoff/mail_answers.py: the quoted mail below them taken off) are appended to the
conversation in Rasa as the parent's message, marked `via: email`; staff read it in the
console's transcript of the handoff (a new handoff when the earlier one was already back
with the assistant: the conversation is then paused again for staff).
"""

import asyncio
import email.policy
import logging
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from email import message_from_bytes
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from sqlalchemy.orm import Session

from bot.console.mail_replies import link_secret, reply_domain
from bot.console.rasa_api import RasaClient, RasaError, mailed_parent_message
from bot.db.session import session_scope
from bot.handoff.mail_answers import answer_of, handoff_for_answer
from bot.handoff.models import Handoff
from bot.handoff.office_hours import OfficeHours
from bot.settings import Settings, get_settings
from bot.shared import clock
from bot.shared.conversation_links import LinkRefused, reply_handoff

log = logging.getLogger(__name__)

MAX_MAIL_BYTES = 1_000_000
# a client that says nothing for this long is dropped (aiosmtpd's default is 5 minutes)
IDLE_SECONDS = 60
REFUSED = "550 5.1.1 No such recipient here"


class ReplyHandler:
    """aiosmtpd's handler: RCPT checks the reply address, DATA stores the answer."""

    def __init__(
        self,
        settings: Settings,
        rasa: RasaClient,
        unit_of_work: Callable[[], AbstractContextManager[Session]] = session_scope,
    ) -> None:
        self.settings = settings
        self.rasa = rasa
        self.unit_of_work = unit_of_work

    def handoff_id(self, address: str) -> int:
        return reply_handoff(
            link_secret(self.settings), address, reply_domain(self.settings), now=clock.now()
        )

    def _exists(self, handoff_id: int) -> bool:
        with self.unit_of_work() as session:
            return session.get(Handoff, handoff_id) is not None

    async def handle_RCPT(
        self,
        server: SMTP,
        session: SmtpSession,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        try:
            handoff_id = self.handoff_id(address)
        except LinkRefused as refused:
            log.warning("inbound mail refused: reply address %s", refused.reason)
            return REFUSED
        if not await asyncio.to_thread(self._exists, handoff_id):
            log.warning("inbound mail refused: the conversation is no longer kept")
            return REFUSED
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:
        message = message_from_bytes(envelope.original_content or b"", policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        text = answer_of(message)
        if not text:
            log.info("inbound mail without words of its own; nothing stored")
            return "250 OK: nothing to store"
        try:
            for handoff_id in {self.handoff_id(address) for address in envelope.rcpt_tos}:
                await asyncio.to_thread(self.store, handoff_id, text)
        except RasaError as error:
            log.error("inbound mail not stored: %s", type(error).__name__)
            return "451 4.3.0 Try again later"
        log.info("inbound mail stored in its conversation")
        return "250 OK"

    def store(self, handoff_id: int, text: str) -> None:
        """The answer into the conversation; the handoff staff read it in."""
        now = clock.now()
        is_open = OfficeHours.from_settings(self.settings).is_open(now)
        with self.unit_of_work() as session:
            earlier = session.get(Handoff, handoff_id)
            if earlier is None:
                return
            _, reopened = handoff_for_answer(
                session=session, handoff=earlier, now=now, office_open=is_open
            )
            sender_id = earlier.sender_id
        events: list[dict[str, Any]] = [{"event": "pause"}] if reopened else []
        self.rasa.append(sender_id, [*events, mailed_parent_message(text)], send=False)


def controller(settings: Settings, rasa: RasaClient | None = None) -> Controller:
    rasa = rasa or RasaClient(f"http://{settings.host}:{settings.rasa_port}", settings.rasa_token)
    return Controller(
        ReplyHandler(settings, rasa),
        hostname=settings.inbound_mail_host,
        port=settings.inbound_mail_port,
        data_size_limit=MAX_MAIL_BYTES,
        timeout=IDLE_SECONDS,
        enable_SMTPUTF8=True,
    )


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # aiosmtpd's own log names peers and addresses: only its warnings
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    settings = get_settings()
    receiver = controller(settings)
    receiver.start()
    log.info(
        "inbound mail receiver on %s:%d", settings.inbound_mail_host, settings.inbound_mail_port
    )
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    try:
        while not stopped.wait(1):
            pass
    finally:
        receiver.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
