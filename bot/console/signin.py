"""Signing in to the console: password, then the second factor (TOTP or a recovery code;
admins without one set it up first), and logging out. The "forgot password" link is in
bot/console/forgot_password.py, the staff member's own account page in
bot/console/account.py.

Between the password and the second factor the signed cookie holds only the account and
a deadline (`PENDING_KEY`), no login session: nothing but the code page opens with it.
Wrong codes count as wrong passwords for the lock-out (bot/staff/accounts.py)."""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.console.pages import render
from bot.console.security import (
    DB,
    LOGIN_KEY,
    Now,
    client_ip,
    csrf_valid,
)
from bot.settings import Settings
from bot.staff import accounts, audit, second_factor, sessions, totp
from bot.staff.models import LoginFailure, StaffAccount

router = APIRouter(include_in_schema=False)

PENDING_KEY = "pending"  # {"id": account id, "until": ISO time, "setup": bool}
PENDING_MINUTES = 5
Csrf = Annotated[str, Form(alias="csrf_token")]

EXPIRED = "De sessie is verlopen; probeer het opnieuw."
WRONG_PASSWORD = "E-mailadres of wachtwoord klopt niet."  # noqa: S105
WRONG_CODE = "Deze code klopt niet of is al gebruikt. Probeer de volgende code uit de app."
PASSWORD_CHANGED = "Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."  # noqa: S105


def too_many(request: Request, what: str = "mislukte pogingen") -> str:
    minutes = request.app.state.settings.login_lock_minutes
    return f"Te veel {what}. Probeer het over {minutes} minuten opnieuw."


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def start_login(
    request: Request, session: Session, account: StaffAccount, moment: datetime, how: str
) -> None:
    """The login session after every factor: a new cookie (and CSRF token), audited."""
    request.session.clear()
    request.session[LOGIN_KEY] = sessions.start(
        session=session,
        account=account,
        ip=client_ip(request),
        now=moment,
        hours=request.app.state.session_hours,
        user_agent=request.headers.get("user-agent", ""),
    )
    audit.record(
        session=session,
        staff=account,
        action="login",
        ip=client_ip(request),
        now=moment,
        detail=how,
    )


class _NoPending(Exception):
    """No sign-in between password and second factor (or it took too long)."""


def _pending(request: Request, session: Session, moment: datetime) -> tuple[StaffAccount, bool]:
    """The account between password and second factor, and whether it must set one up;
    raises _NoPending when there is none (or it took longer than PENDING_MINUTES)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        raise _NoPending
    try:
        until = datetime.fromisoformat(str(pending["until"]))
        account = session.get(StaffAccount, int(pending["id"]))
    except (KeyError, TypeError, ValueError) as error:
        raise _NoPending from error
    if until <= moment or account is None or not account.active:
        raise _NoPending
    return account, bool(pending.get("setup"))


def _back_to_login() -> Response:
    return RedirectResponse("/login", status_code=303)


def _posted_step(
    request: Request, session: Session, moment: datetime, submitted_csrf: str, *, setup: bool
) -> StaffAccount | None:
    """The pending account when a posted code belongs to this step (set-up or code) and
    its form is genuine; None sends the browser back to the login page."""
    try:
        account, setup_due = _pending(request, session, moment)
    except _NoPending:
        return None
    if setup_due != setup or not csrf_valid(request, submitted_csrf):
        return None
    return account


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, gewijzigd: str = "") -> Response:
    return render(request, "login.html", error=None, notice=PASSWORD_CHANGED if gewijzigd else None)


@router.post("/login")
def login(
    request: Request,
    session: DB,
    moment: Now,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    submitted_csrf: Csrf = "",
) -> Response:
    if not csrf_valid(request, submitted_csrf):
        return render(request, "login.html", 403, error=EXPIRED, email=email[:255])
    settings = settings_of(request)
    result = accounts.log_in(
        session=session,
        email=email[:255],
        password=password[:200],
        ip=client_ip(request),
        now=moment,
        max_failures=settings.login_max_failures,
        lock_minutes=settings.login_lock_minutes,
    )
    if result.locked:
        return render(request, "login.html", 429, error=too_many(request), email=email[:255])
    if result.account is None:
        return render(request, "login.html", 401, error=WRONG_PASSWORD, email=email[:255])
    account = result.account
    if second_factor.enabled(account) or second_factor.required(account):
        request.session.clear()  # a new CSRF token; no login session yet
        request.session[PENDING_KEY] = {
            "id": account.id,
            "until": (moment + timedelta(minutes=PENDING_MINUTES)).isoformat(),
            "setup": not second_factor.enabled(account),
        }
        target = "/login/code" if second_factor.enabled(account) else "/login/setup"
        return RedirectResponse(target, status_code=303)
    start_login(request, session, account, moment, "password")
    return RedirectResponse("/", status_code=303)


@router.get("/login/code", response_class=HTMLResponse)
def code_page(request: Request, session: DB, moment: Now) -> Response:
    try:
        account, setup = _pending(request, session, moment)
    except _NoPending:
        return _back_to_login()
    if setup:
        return RedirectResponse("/login/setup", status_code=303)
    return render(request, "login_code.html", error=None, account=account)


def wrong_code(request: Request, session: Session, account: StaffAccount, moment: datetime) -> None:
    """Count a wrong code as a wrong password (the same lock-out)."""
    session.add(LoginFailure(email=account.email, ip=client_ip(request)[:64], at=moment))
    session.flush()


def locked(request: Request, session: Session, account: StaffAccount, moment: datetime) -> bool:
    settings = settings_of(request)
    return accounts.is_locked(
        session=session,
        email=account.email,
        ip=client_ip(request),
        now=moment,
        max_failures=settings.login_max_failures,
        lock_minutes=settings.login_lock_minutes,
    )


@router.post("/login/code")
def code(
    request: Request,
    session: DB,
    moment: Now,
    code: Annotated[str, Form()] = "",
    submitted_csrf: Csrf = "",
) -> Response:
    account = _posted_step(request, session, moment, submitted_csrf, setup=False)
    if account is None:
        return _back_to_login()
    if locked(request, session, account, moment):
        return render(request, "login_code.html", 429, error=too_many(request), account=account)
    how = second_factor.verify(session=session, account=account, code=code[:40], now=moment)
    if how is None:
        wrong_code(request, session, account, moment)
        return render(request, "login_code.html", 401, error=WRONG_CODE, account=account)
    start_login(request, session, account, moment, how)
    return RedirectResponse("/", status_code=303)


def setup_values(request: Request, account: StaffAccount) -> dict[str, object]:
    secret = second_factor.begin_setup(account=account)
    issuer = f"{request.app.state.settings.organisation_name} console"
    return {
        "account": account,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": totp.provisioning_uri(secret, account.email, issuer),
    }


@router.get("/login/setup", response_class=HTMLResponse)
def setup_page(request: Request, session: DB, moment: Now) -> Response:
    try:
        account, setup = _pending(request, session, moment)
    except _NoPending:
        return _back_to_login()
    if not setup:
        return RedirectResponse("/login/code", status_code=303)
    return render(
        request,
        "second_factor.html",
        error=None,
        action="/login/setup",
        **setup_values(request, account),
    )


def confirm_setup(
    request: Request,
    session: Session,
    account: StaffAccount,
    code: str,
    moment: datetime,
    action: str,
) -> list[str] | Response:
    """The recovery codes when `code` confirms the set-up; else the page with the error."""
    codes = second_factor.confirm_setup(
        session=session, account=account, code=code[:40], now=moment
    )
    if codes is None:
        wrong_code(request, session, account, moment)
        logged_in = {"staff": account} if action.startswith("/account") else {}
        return render(
            request,
            "second_factor.html",
            401,
            error=WRONG_CODE,
            action=action,
            **logged_in,
            **setup_values(request, account),
        )
    audit.record(
        session=session,
        staff=account,
        action="second_factor_on",
        ip=client_ip(request),
        now=moment,
    )
    return codes


@router.post("/login/setup")
def setup(
    request: Request,
    session: DB,
    moment: Now,
    code: Annotated[str, Form()] = "",
    submitted_csrf: Csrf = "",
) -> Response:
    account = _posted_step(request, session, moment, submitted_csrf, setup=True)
    if account is None:
        return _back_to_login()
    if locked(request, session, account, moment):
        return render(
            request,
            "second_factor.html",
            429,
            error=too_many(request),
            action="/login/setup",
            **setup_values(request, account),
        )
    codes = confirm_setup(request, session, account, code, moment, "/login/setup")
    if isinstance(codes, Response):
        return codes
    start_login(request, session, account, moment, "totp")
    return render(request, "recovery_codes.html", codes=codes, staff=account)


@router.post("/logout")
def logout(
    request: Request,
    session: DB,
    moment: Now,
    submitted_csrf: Csrf = "",
) -> Response:
    """Ends the login session on the server too: a copy of the cookie is worth nothing."""
    if csrf_valid(request, submitted_csrf):
        token = request.session.get(LOGIN_KEY)
        if isinstance(token, str):
            sessions.end(session=session, token=token, now=moment)
        request.session.clear()
    return RedirectResponse("/login", status_code=303)
