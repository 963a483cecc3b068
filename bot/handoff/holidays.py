"""Dutch public holidays ("feestdagen") on which head office is closed.

Easter-based days follow the Gregorian computus; King's Day moves to the 26th when the
27th is a Sunday (Queen's Day before 2014: 30 April, to the 29th on a Sunday). Liberation
Day (5 May) is a day off only in lustrum years under most collective agreements, including
childcare's; `liberation_day_yearly` makes it a day off every year.
"""

from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    if year >= 2014:
        day = date(year, 4, 27)
        return day - timedelta(days=1) if day.weekday() == 6 else day
    day = date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def dutch_holidays(year: int, *, liberation_day_yearly: bool = False) -> dict[date, str]:
    """The public holidays of `year` with their Dutch names."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day(year): "Koningsdag" if year >= 2014 else "Koninginnedag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }
    if liberation_day_yearly or year % 5 == 0:
        days[date(year, 5, 5)] = "Bevrijdingsdag"
    return days


def holiday_name(day: date, *, liberation_day_yearly: bool = False) -> str | None:
    return dutch_holidays(day.year, liberation_day_yearly=liberation_day_yearly).get(day)
