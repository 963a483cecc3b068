"""A staff member's authenticator app, for tests that sign in as an admin (who must have a
second factor): the codes an app would show, each used once, and the recovery codes for
when three logins within a minute have used up the codes the server still accepts."""

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from bot.staff import second_factor, totp
from bot.staff.models import StaffAccount


@dataclass
class Authenticator:
    secret: str
    recovery_codes: list[str] = field(default_factory=list)
    last_step: int | None = None

    def code(self) -> str:
        """A code the server accepts now and has not accepted yet: the earliest unused step
        of the window, else a recovery code, else the next step's code once it comes."""
        while True:
            now = datetime.now(timezone.utc)
            current = totp.step_at(now)
            first = current - totp.WINDOW
            if self.last_step is not None:
                first = max(first, self.last_step + 1)
            if first <= current + totp.WINDOW:
                self.last_step = first
                at = datetime.fromtimestamp(first * totp.STEP_SECONDS, timezone.utc)
                return totp.code_at(self.secret, at)
            if self.recovery_codes:
                return self.recovery_codes.pop()
            time.sleep(1)

    def wrong_code(self) -> str:
        """Six digits that no step near this moment accepts."""
        now = datetime.now(timezone.utc)
        near = {totp.code_at(self.secret, now + timedelta(seconds=30 * o)) for o in range(-2, 3)}
        return next(c for c in ("123456", "654321", "111111") if c not in near)

    def current(self) -> str:
        """The code the app shows this moment (for a set-up's confirmation)."""
        self.last_step = totp.step_at(datetime.now(timezone.utc))
        return totp.code_at(self.secret, datetime.now(timezone.utc))


# the authenticator of each e-mail address that tests have set one up for
DEVICES: dict[str, Authenticator] = {}


def enroll(session: Session, account: StaffAccount) -> Authenticator:
    """Set up the account's second factor as its owner would: the secret from the set-up,
    confirmed with the app's code (bot/staff/second_factor.py)."""
    device = Authenticator(second_factor.begin_setup(account=account))
    codes = second_factor.confirm_setup(
        session=session, account=account, code=device.current(), now=datetime.now(timezone.utc)
    )
    assert codes, "the set-up was not confirmed"
    device.recovery_codes = codes
    DEVICES[account.email] = device
    return device


# the demo admin's authenticator per running stack (keyed by its console's address): the
# first sign-in sets it up, as the console asks an admin to
STACK_DEVICES: dict[str, Authenticator] = {}
SECRET = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
RECOVERY = re.compile(r"<li><code>([a-z0-9-]+)</code></li>")


def set_up_from_page(console_url: str, html: str) -> Authenticator:
    """The authenticator made from the set-up page's secret, remembered for the stack."""
    match = SECRET.search(html)
    assert match, "the set-up page shows no secret"
    device = Authenticator(match.group(1).replace(" ", ""))
    STACK_DEVICES[console_url] = device
    return device


def keep_recovery_codes(console_url: str, html: str) -> None:
    STACK_DEVICES[console_url].recovery_codes = RECOVERY.findall(html)
