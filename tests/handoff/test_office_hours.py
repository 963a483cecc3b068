"""Office hours with Dutch public holidays."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.handoff.holidays import dutch_holidays, easter_sunday, kings_day
from bot.handoff.office_hours import OfficeHours, clock_phrase, opening_phrase, wait_phrase
from bot.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday() -> None:
    assert kings_day(2025) == date(2025, 4, 26)  # 27 April 2025 is a Sunday
    assert kings_day(2026) == date(2026, 4, 27)
    assert kings_day(2013) == date(2013, 4, 30)  # Queen's Day


def test_holidays_of_2026() -> None:
    days = dutch_holidays(2026)
    assert days[date(2026, 4, 6)] == "Tweede Paasdag"
    assert days[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert days[date(2026, 5, 25)] == "Tweede Pinksterdag"
    assert days[date(2026, 12, 26)] == "Tweede Kerstdag"
    assert date(2026, 5, 5) not in days  # Liberation Day: only in lustrum years
    assert date(2025, 5, 5) in dutch_holidays(2025)
    assert date(2026, 5, 5) in dutch_holidays(2026, liberation_day_yearly=True)


def hours(**overrides: object) -> OfficeHours:
    return OfficeHours.from_settings(Settings(**overrides))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def test_open_on_a_working_day_within_hours_only() -> None:
    office = hours()
    assert office.is_open(at(2026, 11, 23, 8, 30))  # Monday
    assert not office.is_open(at(2026, 11, 23, 8, 29))
    assert not office.is_open(at(2026, 11, 23, 17, 0))
    assert not office.is_open(at(2026, 11, 28, 11, 0))  # Saturday
    assert not office.is_open(at(2026, 12, 25, 11, 0))  # Christmas
    # UTC input is converted: 07:45 UTC is 08:45 in Amsterdam in winter
    assert office.is_open(datetime(2026, 11, 23, 7, 45, tzinfo=timezone.utc))


def test_next_opening_skips_weekends_and_holidays() -> None:
    office = hours()
    friday_evening = at(2026, 12, 24, 18, 0)  # Thursday 24 Dec; 25, 26 holidays; 27 Sunday
    assert office.next_opening(friday_evening) == at(2026, 12, 28, 8, 30)
    assert office.next_opening(at(2026, 11, 23, 7, 0)) == at(2026, 11, 23, 8, 30)
    easter_saturday = at(2026, 4, 4, 12, 0)
    assert office.next_opening(easter_saturday) == at(2026, 4, 7, 8, 30)


def test_configured_days_and_times() -> None:
    office = hours(office_days="ma,wo", office_opens="09:00", office_closes="12:00")
    assert not office.is_open(at(2026, 11, 24, 10, 0))  # Tuesday
    assert office.next_opening(at(2026, 11, 23, 12, 0)) == at(2026, 11, 25, 9, 0)
    with pytest.raises(ValueError, match="OFFICE_DAYS"):
        hours(office_days="monday")
    with pytest.raises(ValueError, match="earlier"):
        hours(office_opens="17:00", office_closes="09:00")


def test_phrases() -> None:
    now = at(2026, 11, 23, 20, 0)
    assert opening_phrase(at(2026, 11, 24, 8, 30), now) == "morgen vanaf 8.30 uur"
    assert opening_phrase(at(2026, 11, 23, 8, 30), at(2026, 11, 23, 7, 0)) == (
        "vandaag vanaf 8.30 uur"
    )
    assert opening_phrase(at(2026, 12, 28, 8, 30), at(2026, 12, 24, 18, 0)) == (
        "maandag 28 december vanaf 8.30 uur"
    )
    assert wait_phrase(1) == "1 minuut"
    assert wait_phrase(15) == "15 minuten"
    # from an hour on, in words, to the half hour
    assert wait_phrase(60) == "een uur"
    assert wait_phrase(95) == "anderhalf uur"
    assert wait_phrase(120) == "twee uur"
    assert wait_phrase(150) == "tweeënhalf uur"
    assert wait_phrase(210) == "drieënhalf uur"
    assert wait_phrase(270) == "vierenhalf uur"


def test_phrases_in_english() -> None:
    now = at(2026, 11, 23, 20, 0)
    assert opening_phrase(at(2026, 11, 24, 8, 30), now, "en") == "tomorrow from 8.30am"
    assert opening_phrase(at(2026, 12, 28, 8, 30), at(2026, 12, 24, 18, 0), "en") == (
        "on Monday 28 December from 8.30am"
    )
    # British style, like the organisation's hours: no ":00", noon is 12pm
    assert clock_phrase(at(2026, 11, 23, 17, 0), "en") == "5pm"
    assert clock_phrase(at(2026, 11, 23, 12, 0), "en") == "12pm"
    assert clock_phrase(at(2026, 11, 23, 9, 5), "en") == "9.05am"
    assert clock_phrase(at(2026, 11, 23, 17, 0)) == "17.00 uur"
    assert wait_phrase(1, "en") == "1 minute"
    assert wait_phrase(15, "en") == "15 minutes"
    assert wait_phrase(60, "en") == "an hour"
    assert wait_phrase(95, "en") == "an hour and a half"
    assert wait_phrase(150, "en") == "two and a half hours"
