"""The "forgot password" link: asked for on the login page, mailed through bot/mail/sending.py
(without SMTP_HOST into var/outbox/), used once to set a new password
(bot/staff/password_reset.py). The answer to the request is the same page, as fast, for
any address: the mail goes out after it."""

import logging
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.pages import render
from bot.console.security import DB, Now, client_ip, csrf_valid
from bot.console.signin import EXPIRED, Csrf, settings_of, too_many
from bot.mail.sending import send_mail
from bot.staff import audit, password_reset
from bot.staff.accounts import MIN_PASSWORD_LENGTH, AccountError, normalize_email
from bot.staff.models import StaffAccount

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

TOO_SHORT = f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."
LINK_INVALID = "Deze link is verlopen of al gebruikt. Vraag hieronder een nieuwe link aan."


@router.get("/login/forgot", response_class=HTMLResponse)
def forgot_page(request: Request) -> Response:
    return render(request, "forgot.html", error=None, sent=False)


def _mail_link(request: Request, account: StaffAccount, token: str) -> None:
    settings = settings_of(request)
    link = f"{settings.resolved_console_url}/login/reset?token={token}"
    body = (
        f"Beste {account.name},\n\n"
        f"Er is gevraagd om een nieuw wachtwoord voor de medewerkersconsole van "
        f"{settings.organisation_name}. Kies via deze link een nieuw wachtwoord:\n\n"
        f"{link}\n\n"
        f"De link is {password_reset.VALID_MINUTES} minuten geldig en werkt één keer. "
        "Daarna bent u overal uitgelogd.\n\n"
        "Heeft u dit niet gevraagd? Dan kunt u deze e-mail negeren: uw wachtwoord blijft "
        "hetzelfde.\n"
    )
    try:
        send_mail(
            to=account.email,
            subject="Nieuw wachtwoord voor de medewerkersconsole",
            body=body,
            settings=settings,
        )
    except Exception as error:  # the answer was given already; the log says why (no address)
        log.warning("the password-reset mail was not sent: %s", type(error).__name__)


@router.post("/login/forgot")
def forgot(
    request: Request,
    session: DB,
    moment: Now,
    background: BackgroundTasks,
    email: Annotated[str, Form()] = "",
    submitted_csrf: Csrf = "",
) -> Response:
    """The same answer, and as fast, for any address: the mail goes out after the answer."""
    if not csrf_valid(request, submitted_csrf):
        return render(request, "forgot.html", 403, error=EXPIRED, sent=False)
    settings = settings_of(request)
    if "@" not in email:
        error = "Vul het e-mailadres in waarmee u inlogt."
        return render(request, "forgot.html", 422, error=error, sent=False)
    outcome = password_reset.request(
        session=session,
        email=email[:255],
        ip=client_ip(request),
        now=moment,
        max_requests=settings.login_max_failures,
        window_minutes=settings.login_lock_minutes,
    )
    if outcome.locked:
        error = too_many(request, "aanvragen")
        return render(request, "forgot.html", 429, error=error, sent=False)
    if outcome.account is not None:
        audit.record(
            session=session,
            staff=outcome.account,
            action="password_reset_mail",
            ip=client_ip(request),
            now=moment,
        )
        background.add_task(_mail_link, request, outcome.account, outcome.token)
    return render(request, "forgot.html", error=None, sent=True, email=normalize_email(email))


@router.get("/login/reset", response_class=HTMLResponse)
def reset_page(request: Request, session: DB, moment: Now, token: str = "") -> Response:
    """Only shows the form: opening the link (or a mail scanner fetching it) uses nothing."""
    if password_reset.account_for(session=session, token=token, now=moment) is None:
        return render(request, "forgot.html", 410, error=LINK_INVALID, sent=False)
    return render(request, "reset.html", error=None, token=token)


@router.post("/login/reset")
def reset(
    request: Request,
    session: DB,
    moment: Now,
    token: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    repeated: Annotated[str, Form()] = "",
    submitted_csrf: Csrf = "",
) -> Response:
    if not csrf_valid(request, submitted_csrf):
        return render(request, "reset.html", 403, error=EXPIRED, token=token)
    if password_reset.account_for(session=session, token=token, now=moment) is None:
        return render(request, "forgot.html", 410, error=LINK_INVALID, sent=False)
    if password != repeated:
        error = "De twee wachtwoorden zijn niet gelijk."
        return render(request, "reset.html", 422, error=error, token=token)
    try:
        account = password_reset.redeem(
            session=session, token=token, password=password[:200], now=moment
        )
    except AccountError:
        return render(request, "reset.html", 422, error=TOO_SHORT, token=token)
    if account is None:
        return render(request, "forgot.html", 410, error=LINK_INVALID, sent=False)
    audit.record(
        session=session,
        staff=account,
        action="password_reset",
        ip=client_ip(request),
        now=moment,
        detail="e-mail link; all sessions ended",
    )
    request.session.clear()
    return RedirectResponse("/login?gewijzigd=1", status_code=303)
