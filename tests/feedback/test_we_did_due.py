"""When the "wij deden" notes are due as a message of their own (bot/updates/moments.py):
only when no other news is, once per set of notes, and never within the days between
updates."""

from datetime import date, timedelta

from bot.shared import clock
from bot.updates.config import load
from bot.updates.moments import Seen, Situation, due
from tests.support.dates import month_day

CONFIG = load()
TODAY = clock.today()


def waiting(**changes: object) -> Situation:
    values: dict = {
        "number": "INS-000001",
        "status": "waiting",
        "registered_on": month_day(-1),
        "desired_start_date": month_day(12),
        "first_month": month_day(6),
        "status_since": None,
        "estimated": True,
    }
    return Situation(**(values | changes))


def seen(last_update: date | None, welcomed: bool = True) -> Seen:
    return Seen(
        status="waiting", first_month=month_day(6), welcomed=welcomed, last_update=last_update
    )


def test_notes_go_on_their_own_when_nothing_else_is_due() -> None:
    [item] = due(waiting(we_did_notes=(3, 5)), seen(TODAY - timedelta(days=20)), CONFIG, TODAY)
    assert (item.moment, item.key) == ("we_did", "INS-000001:we_did:notes-3-5")
    assert due(waiting(), seen(TODAY - timedelta(days=20)), CONFIG, TODAY) == []


def test_other_news_goes_first_and_the_days_between_updates_hold_the_notes_back() -> None:
    # the welcome is due: it goes, the notes ride along under it by e-mail (bot/updates/job.py)
    [item] = due(waiting(we_did_notes=(3,)), seen(None, welcomed=False), CONFIG, TODAY)
    assert item.moment == "welcome"
    # an update went out yesterday: the notes wait for the days between updates to pass
    assert due(waiting(we_did_notes=(3,)), seen(TODAY - timedelta(days=1)), CONFIG, TODAY) == []
