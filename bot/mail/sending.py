"""Outgoing e-mail: through SMTP when SMTP_HOST is set, otherwise written as .eml files to
`var/outbox/`, so the embedded set-up works offline and tests can read what was sent.

An address with a non-ASCII character (zoë@…) is written as it is, in UTF-8 (RFC 6532),
and goes out with the SMTPUTF8 option; an RFC 2047 encoded word is no address at all and
mail servers do not deliver it. A server without SMTPUTF8 cannot take such an address:
smtplib refuses before sending."""

import email.policy
import logging
import smtplib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from bot.mail import outbox
from bot.settings import Settings, get_settings

log = logging.getLogger(__name__)
# headers such as List-Unsubscribe hold long URLs: kept on one line (RFC 5322 allows 998
# characters), not encoded as RFC 2047 words that mail clients would not read as a URL
LONG_LINES = email.policy.default.clone(max_line_length=998)
INTERNATIONAL = email.policy.SMTPUTF8.clone(max_line_length=998)


def needs_smtputf8(*addresses: str) -> bool:
    """Whether an address itself (not a display name, which RFC 2047 may encode) is not ASCII."""
    return not all(parseaddr(address)[1].isascii() for address in addresses)


def sender_domain(mail_from: str) -> str:
    """The domain of MAIL_FROM, also when it has a display name
    ("Kinderopvang De Regenboog <plaatsing@deregenboog.example>"): the Message-ID's right part."""
    return parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"


def from_address(settings: Settings) -> str:
    """MAIL_FROM, or else the organisation's e-mail address (ORGANISATION_EMAIL), which the
    chat gives parents too: one address to write back to."""
    return settings.mail_from or settings.organisation_email


def sender(settings: Settings) -> Address:
    """MAIL_FROM as given, or with the organisation's name shown beside a bare address: a
    parent sees who writes before opening the mail."""
    name, address = parseaddr(from_address(settings))
    return Address(display_name=name or settings.organisation_name, addr_spec=address)


def build_message(
    *, settings: Settings, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    international = needs_smtputf8(from_address(settings), to)
    message = EmailMessage(policy=INTERNATIONAL if international else LONG_LINES)
    message["From"] = sender(settings)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender_domain(from_address(settings)))
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def send_mail(
    *,
    to: str,
    subject: str,
    body: str,
    settings: Settings | None = None,
    headers: dict[str, str] | None = None,
) -> Path | None:
    """Send one plain-text mail. Returns the .eml path when it went to the outbox."""
    settings = settings or get_settings()
    message = build_message(settings=settings, to=to, subject=subject, body=body, headers=headers)
    if not settings.smtp_host:
        settings.outbox_dir.mkdir(parents=True, exist_ok=True)
        path = settings.outbox_dir / outbox.file_name(to, body)
        path.write_bytes(bytes(message))
        log.info("mail written to outbox as %s", path.name)
        return path
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        try:
            smtp.send_message(message)  # adds SMTPUTF8 and BODY=8BITMIME where needed
        except smtplib.SMTPNotSupportedError:
            log.warning("mail not sent: the SMTP server does not offer SMTPUTF8")
            raise
    log.info("mail sent through SMTP")
    return None
