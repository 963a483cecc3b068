"""The second factor of a staff login: a TOTP authenticator app (bot/staff/totp.py), with
single-use recovery codes for a lost phone.

Required for admins (they read and erase every family's data and manage the accounts):
an admin without one is sent to set it up after the password, before any page. Optional
for agents and management. An admin can reset another account's second factor; the
account then sets a new one up (admins at their next sign-in)."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.staff import totp
from bot.staff.models import ADMIN, RecoveryCode, StaffAccount

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class SecondFactorError(ValueError):
    pass


def required(account: StaffAccount) -> bool:
    return account.role == ADMIN


def enabled(account: StaffAccount) -> bool:
    return account.totp_enabled_at is not None


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()


def begin_setup(*, account: StaffAccount) -> str:
    """The secret to enter into the app: a new one, or the one of a set-up not yet confirmed
    (a reload of the set-up page shows the same)."""
    if enabled(account):
        raise SecondFactorError("Dit account heeft al een tweede factor.")
    if not account.totp_secret:
        account.totp_secret = totp.new_secret()
    return account.totp_secret


def _accept_step(session: Session, account: StaffAccount, step: int) -> bool:
    """Record `step` as used, unless a code of this or a later step was accepted already (a
    concurrent request with the same code loses here)."""
    session.flush()
    result = session.execute(
        update(StaffAccount)
        .where(
            StaffAccount.id == account.id,
            or_(StaffAccount.totp_last_step.is_(None), StaffAccount.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    session.refresh(account)
    return result.rowcount == 1


def _totp_ok(session: Session, account: StaffAccount, code: str, now: datetime) -> bool:
    if not account.totp_secret:
        return False
    step = totp.matching_step(account.totp_secret, code, now, account.totp_last_step)
    return step is not None and _accept_step(session, account, step)


def confirm_setup(
    *, session: Session, account: StaffAccount, code: str, now: datetime
) -> list[str] | None:
    """Turn the second factor on if `code` is the app's current one; returns the recovery
    codes to show once, or None for a wrong code."""
    if enabled(account) or not _totp_ok(session, account, code, now):
        return None
    account.totp_enabled_at = now
    return new_recovery_codes(session=session, account=account)


def new_recovery_codes(*, session: Session, account: StaffAccount) -> list[str]:
    """Fresh recovery codes (the old ones stop working); only their hashes are kept."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == account.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))  # ~49 bits
        codes.append(f"{raw[:5]}-{raw[5:]}")
    session.add_all(RecoveryCode(staff_id=account.id, code_hash=_hash(c)) for c in codes)
    session.flush()
    return codes


def _recovery_ok(session: Session, account: StaffAccount, code: str, now: datetime) -> bool:
    found = session.scalar(
        select(RecoveryCode.id).where(
            RecoveryCode.staff_id == account.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    used = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == found, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def verify(*, session: Session, account: StaffAccount, code: str, now: datetime) -> str | None:
    """How the second factor was proven ("totp" or "recovery_code"), or None: a wrong code,
    one already used, or an account without a second factor."""
    if not enabled(account):
        return None
    cleaned = code.strip().replace(" ", "")
    if cleaned.isdigit():
        return "totp" if _totp_ok(session, account, cleaned, now) else None
    return "recovery_code" if _recovery_ok(session, account, cleaned, now) else None


def recovery_codes_left(*, session: Session, account: StaffAccount) -> int:
    codes = select(RecoveryCode.id).where(
        RecoveryCode.staff_id == account.id, RecoveryCode.used_at.is_(None)
    )
    return len(session.scalars(codes).all())


def reset(*, session: Session, account: StaffAccount) -> None:
    """Remove the second factor and its recovery codes (a lost phone, set up anew)."""
    account.totp_secret = None
    account.totp_enabled_at = None
    account.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == account.id))
    session.flush()
