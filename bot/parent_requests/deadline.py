"""The promise the texts make about a request ("binnen 5 werkdagen"), kept as a date: the
fifth working day after the day it was filed (office days and public holidays as head
office keeps them, bot/handoff/office_hours.py). Computed from the filing time, so it
needs no storage and follows a change of OFFICE_DAYS."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.handoff.office_hours import OfficeHours
from bot.settings import Settings

WORKING_DAYS = 5  # the number the texts promise (request_mail_*, request_stored)


def due_on(filed_at: datetime, settings: Settings) -> date:
    """The last day to answer a request filed at `filed_at` (naive: UTC)."""
    hours = OfficeHours.from_settings(settings)
    aware = filed_at if filed_at.tzinfo else filed_at.replace(tzinfo=ZoneInfo("UTC"))
    day = aware.astimezone(hours.zone).date()
    left = WORKING_DAYS
    while left:
        day += timedelta(days=1)
        if hours.is_working_day(day):
            left -= 1
    return day


def overdue(filed_at: datetime, settings: Settings, now: datetime) -> bool:
    """Past its last day (in the office's time zone)."""
    zone = ZoneInfo(settings.office_timezone)
    aware = now if now.tzinfo else now.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(zone).date() > due_on(filed_at, settings)
