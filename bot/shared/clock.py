"""The assistant's one clock: every "now" and "today" of the application, the action
server and the Rasa-side components comes from here.

Ages, estimates, deadlines and office hours all depend on the date, so tests must be able
to move it. Within one process a test moves it with time-machine (`time_machine.travel`),
which these functions follow. `CLOCK_SHIFT_DAYS` moves every process that starts with it
set, Rasa's own timestamps included (importing `bot` applies it): `make test-future` runs
the whole suite 400 days ahead that way.

Plain Python, read by both environments.
"""

import os
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

# the calendar of a Dutch organisation: "today" for its parents starts at midnight in
# Amsterdam (office hours read their own OFFICE_TIMEZONE)
ZONE = ZoneInfo("Europe/Amsterdam")
SHIFT_VARIABLE = "CLOCK_SHIFT_DAYS"


def now() -> datetime:
    """This moment, aware, in UTC."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in the organisation's time zone."""
    return datetime.now(ZONE).date()


def timestamp() -> float:
    """This moment as seconds since the epoch (as Rasa's event timestamps)."""
    return time.time()


def shift_days() -> int:
    """The days this process's clock runs ahead of the real one (CLOCK_SHIFT_DAYS)."""
    raw = os.environ.get(SHIFT_VARIABLE, "").strip()
    try:
        return int(raw or 0)
    except ValueError as error:
        message = f"{SHIFT_VARIABLE} must be a whole number of days, not {raw!r}"
        raise ValueError(message) from error


def follow_environment() -> None:
    """Move this whole process's clock by CLOCK_SHIFT_DAYS (once), ticking on from there.

    time-machine replaces time.time, datetime.now and date.today at C level, so Rasa's
    event timestamps, cookies, signatures and this module agree with each other."""
    days = shift_days()
    if not days or getattr(follow_environment, "traveller", None):
        return
    import time_machine  # only when asked: a shifted clock is for tests and rehearsals

    traveller = time_machine.travel(timedelta(days=days), tick=True)
    traveller.start()
    follow_environment.traveller = traveller  # type: ignore[attr-defined]


def day_of(moment: datetime) -> date:
    """The organisation's date at `moment` (an aware datetime)."""
    return moment.astimezone(ZONE).date()
