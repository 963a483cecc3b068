"""Request dependencies: the database session, the clock, the logged-in staff member,
roles, CSRF.

Sessions are signed cookies (Starlette's SessionMiddleware) holding the token of a login
session kept in the database (bot/staff/sessions.py), which logging out ends; the CSRF
token lives in the cookie and every state-changing request must echo it (form field or
X-CSRF-Token header).
"""

import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from bot.shared.forwarded import client_address
from bot.staff import sessions
from bot.staff.models import ADMIN, MANAGEMENT, StaffAccount, StaffSession

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOGIN_KEY = "login"  # the login session's token, in the signed cookie


def db(request: Request) -> Iterator[Session]:
    with request.app.state.session_scope() as session:
        yield session


# committed before the answer is sent (scope="function"): a request the client sends right
# after this one (reply after claim, the first page after logging in) sees its work
DB = Annotated[Session, Depends(db, scope="function")]


def clock(request: Request) -> datetime:
    """The moment of this request (UTC), from the app's clock (tests may set another)."""
    return request.app.state.clock()


Now = Annotated[datetime, Depends(clock)]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_valid(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and submitted and hmac.compare_digest(expected, submitted))


def client_ip(request: Request) -> str:
    """The address the login lock-out and the audit log count: the connection's, or the
    one a proxy of FORWARDED_ALLOW_IPS forwards (bot/shared/forwarded.py)."""
    peer = request.client.host if request.client else None
    forwarded_for = ", ".join(request.headers.getlist("x-forwarded-for"))
    return client_address(peer, forwarded_for, request.app.state.proxies) or "unknown"


class LoginRequired(Exception):
    """Raised for pages; the app turns it into a redirect to /login."""


@dataclass(frozen=True)
class Login:
    """A logged-in staff member and the login session they are in."""

    account: StaffAccount
    session: StaffSession


def _login(request: Request, session: Session) -> Login | None:
    token = request.session.get(LOGIN_KEY)
    if not isinstance(token, str):
        return None
    record = sessions.find(session=session, token=token, now=clock(request))
    if record is None:
        return None
    account = session.get(StaffAccount, record.staff_id)
    if account is None or not account.active:
        return None
    sessions.seen(record=record, now=clock(request))
    return Login(account, record)


def api_login(request: Request, session: DB) -> Login:
    """The logged-in staff member; 401 without one, 403 on a mutation without CSRF token."""
    login = _login(request, session)
    if login is None:
        raise HTTPException(401, "log in first")
    if request.method not in SAFE_METHODS and not csrf_valid(
        request, request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(403, "missing or wrong CSRF token")
    return login


ApiLogin = Annotated[Login, Depends(api_login)]


def _admin_only(staff: StaffAccount) -> StaffAccount:
    if staff.role != ADMIN:
        raise HTTPException(403, "admins only")
    return staff


def _not_management(staff: StaffAccount) -> StaffAccount:
    if staff.role == MANAGEMENT:
        raise HTTPException(403, "management reads the dashboard and the request list only")
    return staff


def _reporting_only(staff: StaffAccount) -> StaffAccount:
    if staff.role not in (ADMIN, MANAGEMENT):
        raise HTTPException(403, "the dashboard is for admins and management")
    return staff


def api_reader(login: ApiLogin) -> StaffAccount:
    """Anyone logged in: agents, admins and management (what all of them may read)."""
    return login.account


Reader = Annotated[StaffAccount, Depends(api_reader)]


def api_staff(login: ApiLogin) -> StaffAccount:
    """Agents and admins: whoever works on conversations and requests."""
    return _not_management(login.account)


Staff = Annotated[StaffAccount, Depends(api_staff)]


def api_reporting(login: ApiLogin) -> StaffAccount:
    return _reporting_only(login.account)


Reporting = Annotated[StaffAccount, Depends(api_reporting)]


def api_admin(staff: Staff) -> StaffAccount:
    return _admin_only(staff)


Admin = Annotated[StaffAccount, Depends(api_admin)]


def page_reader(request: Request, session: DB) -> StaffAccount:
    login = _login(request, session)
    if login is None:
        raise LoginRequired
    # for the error page of a page this role may not open: it keeps the menu bar
    request.state.menu = {"name": login.account.name, "role": login.account.role}
    return login.account


PageReader = Annotated[StaffAccount, Depends(page_reader)]


def page_staff(staff: PageReader) -> StaffAccount:
    return _not_management(staff)


PageStaff = Annotated[StaffAccount, Depends(page_staff)]


def page_reporting(staff: PageReader) -> StaffAccount:
    return _reporting_only(staff)


PageReporting = Annotated[StaffAccount, Depends(page_reporting)]


def page_admin(staff: PageStaff) -> StaffAccount:
    return _admin_only(staff)


PageAdmin = Annotated[StaffAccount, Depends(page_admin)]
