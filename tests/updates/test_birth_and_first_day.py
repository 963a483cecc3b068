"""The birth question for a baby registered by due date (with its one reminder), and the
welcome the week before a placed child's first day: when they are due, and what they say.
Dates relative to today."""

from datetime import date, timedelta

from bot.shared import clock
from bot.updates.config import load
from bot.updates.moments import Seen, Situation, due

CONFIG = load()
TODAY = clock.today()
SEEN = Seen(status="waiting", welcomed=True, last_update=TODAY - timedelta(days=60))


def situation(**changes: object) -> Situation:
    values: dict = {
        "number": "INS-000001",
        "status": "waiting",
        "registered_on": TODAY - timedelta(days=200),
        "desired_start_date": TODAY + timedelta(days=200),
        "first_month": None,
        "status_since": None,
        "birth_date": TODAY - timedelta(days=20),
    }
    values.update(changes)
    return Situation(**values)


def keys(now: Situation, seen: Seen = SEEN) -> list[str]:
    return [d.key for d in due(now, seen, CONFIG, TODAY)]


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_the_birth_is_asked_two_weeks_after_the_due_date_once_then_reminded_once() -> None:
    asked_after = CONFIG.birth_question_days
    reminded_after = asked_after + CONFIG.birth_reminder_days
    due_date = days_ago(asked_after)
    expected = situation(due_date=due_date, birth_date=due_date)

    assert keys(situation(due_date=days_ago(asked_after - 1))) == []  # not yet: babies are late
    assert keys(expected) == [f"INS-000001:birth_question:due-{due_date.isoformat()}"]
    asked = Seen(status="waiting", welcomed=True, last_update=TODAY, birth_asked_on=TODAY)
    assert keys(expected, asked) == []  # asked: no second question
    later = situation(due_date=days_ago(reminded_after))
    asked_then = days_ago(CONFIG.birth_reminder_days)
    reminded = Seen(
        status="waiting", welcomed=True, last_update=asked_then, birth_asked_on=asked_then
    )
    assert keys(later, reminded) == [
        f"INS-000001:birth_reminder:due-{days_ago(reminded_after).isoformat()}"
    ]
    too_soon = Seen(
        status="waiting", welcomed=True, last_update=days_ago(8), birth_asked_on=days_ago(8)
    )
    assert keys(later, too_soon) == []  # the reminder counts from the question


def test_no_birth_question_once_the_birth_is_known_or_reported() -> None:
    assert keys(situation(due_date=None)) == []  # born, or registered after birth
    reported = situation(due_date=days_ago(30), birth_reported=True)
    assert keys(reported) == []
    withdrawn = Seen(status="withdrawn", welcomed=True, last_update=days_ago(60))
    assert keys(situation(due_date=days_ago(30), status="withdrawn"), withdrawn) == []


def test_the_first_day_welcome_goes_in_the_week_before_even_right_after_other_news() -> None:
    first_day = TODAY + timedelta(days=CONFIG.first_day_days)
    placed = situation(status="placed", first_day=first_day)
    just_told = Seen(status="placed", welcomed=True, last_update=TODAY - timedelta(days=2))

    assert keys(placed, just_told) == [f"INS-000001:first_day:{first_day.isoformat()}"]
    too_early = situation(status="placed", first_day=first_day + timedelta(days=1))
    assert keys(too_early, just_told) == []
    assert keys(situation(status="placed", first_day=days_ago(1)), just_told) == []
    assert keys(situation(status="waiting", first_day=first_day)) == []
