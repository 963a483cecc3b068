"""Staff accounts: argon2id password hashes, log-in with a lock-out after repeated wrong
passwords (counted per e-mail address, known or not, so the lock-out reveals nothing)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.staff.models import ROLES, LoginFailure, StaffAccount

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
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
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
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


def set_password(*, account: StaffAccount, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    account.password_hash = _hasher.hash(password)


def is_locked(
    *, session: Session, email: str, now: datetime, max_failures: int, lock_minutes: int
) -> bool:
    since = now - timedelta(minutes=lock_minutes)
    failures = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.email == normalize_email(email), LoginFailure.at >= since)
    )
    return (failures or 0) >= max_failures


def log_in(
    *,
    session: Session,
    email: str,
    password: str,
    now: datetime,
    max_failures: int,
    lock_minutes: int,
) -> LoginResult:
    """The account when the password is right and the address is not locked out."""
    email = normalize_email(email)
    if is_locked(
        session=session,
        email=email,
        now=now,
        max_failures=max_failures,
        lock_minutes=lock_minutes,
    ):
        return LoginResult(None, locked=True)
    account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
        valid = account is not None and account.active
    except (VerificationError, InvalidHashError):
        valid = False
    if not valid:
        session.add(LoginFailure(email=email[:255], at=now))
        session.flush()
        return LoginResult(None)
    assert account is not None
    session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return LoginResult(account)


def any_admin(*, session: Session) -> bool:
    return session.scalar(select(StaffAccount.id).where(StaffAccount.role == "admin")) is not None
