"""When head office is open, and when it opens next.

Times are local (OFFICE_TIMEZONE, default Europe/Amsterdam); callers pass aware datetimes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.handoff.holidays import holiday_name
from bot.settings import Settings
from bot.waitlist.calendar import DUTCH_MONTHS

WEEKDAY_CODES = ["ma", "di", "wo", "do", "vr", "za", "zo"]


@dataclass(frozen=True)
class OfficeHours:
    opens: time
    closes: time
    weekdays: frozenset[int]  # 0 = Monday
    zone: ZoneInfo
    liberation_day_yearly: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> "OfficeHours":
        codes = [code.strip() for code in settings.office_days.split(",") if code.strip()]
        unknown = [code for code in codes if code not in WEEKDAY_CODES]
        if unknown or not codes:
            raise ValueError(f"OFFICE_DAYS must be weekday codes like ma,di,wo; got {unknown}")
        opens, closes = (
            time.fromisoformat(settings.office_opens),
            time.fromisoformat(settings.office_closes),
        )
        if opens >= closes:
            raise ValueError("OFFICE_OPENS must be earlier than OFFICE_CLOSES")
        return cls(
            opens=opens,
            closes=closes,
            weekdays=frozenset(WEEKDAY_CODES.index(code) for code in codes),
            zone=ZoneInfo(settings.office_timezone),
            liberation_day_yearly=settings.liberation_day_yearly,
        )

    def is_working_day(self, day: date) -> bool:
        if day.weekday() not in self.weekdays:
            return False
        return holiday_name(day, liberation_day_yearly=self.liberation_day_yearly) is None

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The start of the next opening period after `moment` (local time)."""
        local = moment.astimezone(self.zone)
        day = local.date()
        if local.time() >= self.opens:
            day += timedelta(days=1)
        for _ in range(370):
            if self.is_working_day(day):
                return datetime.combine(day, self.opens, tzinfo=self.zone)
            day += timedelta(days=1)
        raise ValueError("no working day within a year; check OFFICE_DAYS")


DAY_NAMES = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def opening_phrase(opening: datetime, now: datetime) -> str:
    """ "vandaag vanaf 8.30 uur", "morgen vanaf …", "maandag 24 november vanaf …"."""
    local_now = now.astimezone(opening.tzinfo)
    clock = f"{opening.hour}.{opening.minute:02d} uur"
    days = (opening.date() - local_now.date()).days
    if days == 0:
        return f"vandaag vanaf {clock}"
    if days == 1:
        return f"morgen vanaf {clock}"
    day = f"{DAY_NAMES[opening.weekday()]} {opening.day} {DUTCH_MONTHS[opening.month - 1]}"
    return f"{day} vanaf {clock}"


def wait_phrase(minutes: int) -> str:
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"
