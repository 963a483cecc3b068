"""A parent takes a request back in the chat ("dat was niet de bedoeling"): the latest
unfinished request of that conversation is marked withdrawn, so head office sees it in the
list and does nothing with it, and a confirmation mail sent before is corrected."""

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.parent_requests import mails
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.work import UNFINISHED, WITHDRAWN
from bot.settings import Settings, get_settings
from bot.waitlist.queries import find_registration

log = logging.getLogger(__name__)


def withdraw_latest(
    *,
    session: Session,
    sender_id: str,
    now: datetime,
    settings: Settings | None = None,
    form: str | None = None,
) -> RegistrationRequest | None:
    """Withdraw the conversation's latest open or claimed request; None when it has none.

    Only requests from this very conversation: nobody takes back another's request. When
    the confirmation mail went out, a mail in the texts' variant `form` says it is
    withdrawn (a mail server that is down leaves the withdrawal standing)."""
    request = session.scalars(
        select(RegistrationRequest)
        .where(
            RegistrationRequest.sender_id == sender_id,
            RegistrationRequest.status.in_(UNFINISHED),
        )
        .order_by(RegistrationRequest.id.desc())
        .limit(1)
    ).first()
    if request is None:
        return None
    request.status = WITHDRAWN
    request.closed_at = now
    if request.confirmed_at is not None:
        _mail_withdrawal(session, request, settings or get_settings(), form)
    return request


def _mail_withdrawal(
    session: Session, request: RegistrationRequest, settings: Settings, form: str | None
) -> None:
    registration = find_registration(session=session, number=request.registration_number)
    to = mails.recipients(registration)
    if not to.addresses:
        return
    try:
        mails.send_withdrawal(request=request, to=to, settings=settings, form=form)
    except OSError as error:  # SMTP down or refused: the request stays withdrawn
        log.warning("request %d withdrawal not mailed: %s", request.id, type(error).__name__)
