"""When head office is open, and when it opens next.

Times are local (OFFICE_TIMEZONE, default Europe/Amsterdam); callers pass aware datetimes.
The hours and days are the settings' (OFFICE_OPENS, OFFICE_CLOSES, OFFICE_DAYS) unless head
office changed them in the console, which also adds closure days (bot/edits).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.conversation import formats
from bot.edits import live
from bot.handoff.holidays import holiday_name
from bot.settings import Settings

WEEKDAY_CODES = ["ma", "di", "wo", "do", "vr", "za", "zo"]


@dataclass(frozen=True)
class OfficeHours:
    opens: time
    closes: time
    weekdays: frozenset[int]  # 0 = Monday
    zone: ZoneInfo
    liberation_day_yearly: bool = False
    closed_days: frozenset[date] = frozenset()  # head office's closure days

    @classmethod
    def from_settings(cls, settings: Settings) -> "OfficeHours":
        """The settings' hours, with head office's edits in force (bot/edits/live.py)."""
        edits = live.current()
        days = edits.office.get("days", settings.office_days)
        codes = [code.strip() for code in days.split(",") if code.strip()]
        unknown = [code for code in codes if code not in WEEKDAY_CODES]
        if unknown or not codes:
            raise ValueError(f"OFFICE_DAYS must be weekday codes like ma,di,wo; got {unknown}")
        opens, closes = (
            time.fromisoformat(edits.office.get("opens", settings.office_opens)),
            time.fromisoformat(edits.office.get("closes", settings.office_closes)),
        )
        if opens >= closes:
            raise ValueError("OFFICE_OPENS must be earlier than OFFICE_CLOSES")
        return cls(
            opens=opens,
            closes=closes,
            weekdays=frozenset(WEEKDAY_CODES.index(code) for code in codes),
            zone=ZoneInfo(settings.office_timezone),
            liberation_day_yearly=settings.liberation_day_yearly,
            closed_days=frozenset(edits.closures),
        )

    def is_working_day(self, day: date) -> bool:
        if day.weekday() not in self.weekdays or day in self.closed_days:
            return False
        return holiday_name(day, liberation_day_yearly=self.liberation_day_yearly) is None

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def closing(self, moment: datetime) -> datetime:
        """When the office closes on `moment`'s day (local time)."""
        local = moment.astimezone(self.zone)
        return datetime.combine(local.date(), self.closes, tzinfo=self.zone)

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


# {day} and {clock} per language
OPENING = {
    formats.DUTCH: ("vandaag vanaf {clock}", "morgen vanaf {clock}", "{day} vanaf {clock}"),
    formats.ENGLISH: ("today from {clock}", "tomorrow from {clock}", "on {day} from {clock}"),
}


def _clock(moment: datetime, language: str) -> str:
    """ "8.30 uur", "17.00 uur"; in English "8.30am", "5pm" (British style, like the
    organisation's hours in the texts)."""
    if language == formats.DUTCH:
        return f"{moment.hour}.{moment.minute:02d} uur"
    hour = moment.hour % 12 or 12
    minutes = f".{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def opening_phrase(opening: datetime, now: datetime, form: str = "u") -> str:
    """ "vandaag vanaf 8.30 uur", "morgen vanaf …", "maandag 24 november vanaf …"; in
    English "today from 8.30am", "on Monday 24 November from 8.30am"."""
    language = formats.language(form)
    clock = _clock(opening, language)
    days = (opening.date() - now.astimezone(opening.tzinfo).date()).days
    today, tomorrow, later = OPENING[language]
    phrase = today if days == 0 else tomorrow if days == 1 else later
    day = formats.deadline_date(opening.date(), opening.date(), form)
    return phrase.format(clock=clock, day=day)


def clock_phrase(moment: datetime, form: str = "u") -> str:
    """ "17.00 uur", "5pm" """
    return _clock(moment, formats.language(form))


# the parent is told to call "nu" when the office is open, else when it opens
NOW = {formats.DUTCH: "nu", formats.ENGLISH: "now"}
# whole hours in words, and "and a half" (a wait never runs past a working day)
HOURS = {
    formats.DUTCH: ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"),
    formats.ENGLISH: ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}


def now_word(form: str = "u") -> str:
    return NOW[formats.language(form)]


def wait_phrase(minutes: int, form: str = "u") -> str:
    """ "1 minuut", "15 minuten", "15 minutes"; from an hour on, in words and to the half
    hour: "een uur", "anderhalf uur", "tweeënhalf uur", "an hour and a half"."""
    if minutes < 60:
        return formats.count(minutes, "minute", form)
    halves = min(round(minutes / 30), 2 * len(HOURS[formats.DUTCH]) + 1)
    whole, half = divmod(halves, 2)
    word = HOURS[formats.language(form)][whole - 1]
    if formats.language(form) == formats.ENGLISH:
        hours = "an hour" if whole == 1 else f"{word} hours"
        if not half:
            return hours
        return "an hour and a half" if whole == 1 else f"{word} and a half hours"
    if not half:
        return f"{word} uur"
    if whole == 1:
        return "anderhalf uur"
    # "tweeënhalf", "drieënhalf" (two e's meet), "vierenhalf"
    joiner = "ën" if word.endswith("e") else "en"
    return f"{word}{joiner}half uur"
