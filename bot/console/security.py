"""Request dependencies: the database session, the clock, the logged-in staff member,
roles, CSRF.

Sessions are signed cookies (Starlette's SessionMiddleware); the CSRF token lives in the
session and every state-changing request must echo it (form field or X-CSRF-Token header).
"""

import hmac
import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from bot.staff.models import ADMIN, StaffAccount

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def db(request: Request) -> Iterator[Session]:
    with request.app.state.session_scope() as session:
        yield session


DB = Annotated[Session, Depends(db)]


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
    return request.client.host if request.client else "unknown"


class LoginRequired(Exception):
    """Raised for pages; the app turns it into a redirect to /login."""


def _staff(request: Request, session: Session) -> StaffAccount | None:
    staff_id = request.session.get("staff_id")
    if not isinstance(staff_id, int):
        return None
    account = session.get(StaffAccount, staff_id)
    return account if account and account.active else None


def _admin_only(staff: StaffAccount) -> StaffAccount:
    if staff.role != ADMIN:
        raise HTTPException(403, "admins only")
    return staff


def api_staff(request: Request, session: DB) -> StaffAccount:
    """The logged-in staff member; 401 without one, 403 on a mutation without CSRF token."""
    account = _staff(request, session)
    if account is None:
        raise HTTPException(401, "log in first")
    if request.method not in SAFE_METHODS and not csrf_valid(
        request, request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(403, "missing or wrong CSRF token")
    return account


Staff = Annotated[StaffAccount, Depends(api_staff)]


def api_admin(staff: Staff) -> StaffAccount:
    return _admin_only(staff)


Admin = Annotated[StaffAccount, Depends(api_admin)]


def page_staff(request: Request, session: DB) -> StaffAccount:
    account = _staff(request, session)
    if account is None:
        raise LoginRequired
    return account


PageStaff = Annotated[StaffAccount, Depends(page_staff)]


def page_admin(staff: PageStaff) -> StaffAccount:
    return _admin_only(staff)


PageAdmin = Annotated[StaffAccount, Depends(page_admin)]
