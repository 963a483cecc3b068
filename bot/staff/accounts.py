"""Staff accounts: argon2id password hashes, log-in with a lock-out after repeated wrong
passwords.

Wrong passwords are counted per e-mail address (known or not, so the lock-out reveals
nothing) *and IP address*, and per IP address across all e-mail addresses. Five wrong
passwords from one address lock that e-mail address for that IP address only: whoever
knows an admin's e-mail address cannot lock the admin out, as a correct password from
an address that has not failed still logs in. Twenty from one address lock that address
for every account (one attacker trying many accounts)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.staff.models import ROLES, LoginFailure, StaffAccount

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_FAILURES_PER_IP = 20  # wrong passwords from one IP address, for any e-mail addresses
# verified against when the e-mail is unknown, so both cases take the same time
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class LoginResult:
    account: StaffAccount | None
    locked: bool = False


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_account(
    *, session: Session, email: str, password: str, role: str, name: str, now: datetime
) -> StaffAccount:
    email = normalize_email(email)
    if "@" not in email or len(email) > 255:
        raise AccountError("enter a valid e-mail address")
    if role not in ROLES:
        raise AccountError("Kies een rol: medewerker, beheerder of management.")
    check_password(password)
    if session.scalar(select(StaffAccount.id).where(StaffAccount.email == email)):
        raise AccountError(f"an account for {email} already exists")
    account = StaffAccount(
        email=email,
        name=(name.strip() or email.split("@")[0])[:100],
        password_hash=_hasher.hash(password),
        role=role,
        active=True,
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account


def check_password(password: str) -> None:
    """The rules every password keeps (a new account, a reset): AccountError otherwise."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def set_password(*, account: StaffAccount, password: str) -> None:
    check_password(password)
    account.password_hash = _hasher.hash(password)


def _failures(session: Session, since: datetime, *conditions: Any) -> int:
    count = session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since, *conditions)
    )
    return count or 0


def is_locked(
    *,
    session: Session,
    email: str,
    ip: str,
    now: datetime,
    max_failures: int,
    lock_minutes: int,
    max_failures_per_ip: int = MAX_FAILURES_PER_IP,
) -> bool:
    """Locked for this e-mail address from this IP address, or this IP address for all."""
    since = now - timedelta(minutes=lock_minutes)
    ip = ip[:64]
    pair = (LoginFailure.email == normalize_email(email)[:255], LoginFailure.ip == ip)
    return (
        _failures(session, since, *pair) >= max_failures
        or _failures(session, since, LoginFailure.ip == ip) >= max_failures_per_ip
    )


def log_in(
    *,
    session: Session,
    email: str,
    password: str,
    ip: str,
    now: datetime,
    max_failures: int,
    lock_minutes: int,
    max_failures_per_ip: int = MAX_FAILURES_PER_IP,
) -> LoginResult:
    """The account when the password is right and neither the e-mail address from this IP
    address nor the IP address is locked out."""
    email = normalize_email(email)[:255]
    ip = ip[:64]
    if is_locked(
        session=session,
        email=email,
        ip=ip,
        now=now,
        max_failures=max_failures,
        lock_minutes=lock_minutes,
        max_failures_per_ip=max_failures_per_ip,
    ):
        return LoginResult(None, locked=True)
    account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
        valid = account is not None and account.active
    except (VerificationError, InvalidHashError):
        valid = False
    if not valid:
        session.add(LoginFailure(email=email, ip=ip, at=now))
        session.flush()
        return LoginResult(None)
    assert account is not None
    # only this address's count for this account: an attacker's elsewhere stays
    session.execute(delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.ip == ip))
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return LoginResult(account)


def any_admin(*, session: Session) -> bool:
    return session.scalar(select(StaffAccount.id).where(StaffAccount.role == "admin")) is not None
