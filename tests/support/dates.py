"""Test dates counted from the application's clock (bot/shared/clock.py).

Ages, start dates, deadlines and "how long ago" change meaning as the calendar moves, so
test data that depends on them is built here from today, never written as a fixed date
(a fixed birth date once turned CI red when the test child outgrew its group). Fixed dates
stay only where the date itself is the subject: a parser, a holiday table.
"""

from datetime import date, timedelta

from bot.shared import clock
from bot.waitlist.calendar import add_months


def month_day(months: int, day: int = 1) -> date:
    """Day `day` (1 to 28) of the month `months` from this one (negative: ago)."""
    return add_months(clock.today(), months).replace(day=day)


def days_from_today(days: int) -> date:
    return clock.today() + timedelta(days=days)


def iso(day: date) -> str:
    return day.isoformat()


def dutch(day: date) -> str:
    """Day-month-year as Dutch planning exports write it: 03-05-2024."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"
