"""Which update a registration is due, from what is known now and what was seen before."""

from datetime import date, timedelta

from bot.updates.config import load
from bot.updates.moments import Seen, Situation, due

CONFIG = load()
TODAY = date(2026, 11, 30)


def waiting(**changes: object) -> Situation:
    values: dict = {
        "number": "INS-000001",
        "status": "waiting",
        "registered_on": date(2026, 1, 5),
        "desired_start_date": date(2027, 6, 1),
        "first_month": date(2027, 3, 1),
        "status_since": None,
        "estimated": True,
        "birth_date": date(2025, 5, 1),
        "max_age_months": 48,
    }
    values.update(changes)
    return Situation(**values)


SEEN_A_MONTH_AGO = Seen(
    status="waiting",
    first_month=date(2027, 3, 1),
    welcomed=True,
    last_update=TODAY - timedelta(days=30),
)


def moments(now: Situation, seen: Seen) -> list[str]:
    return [d.moment for d in due(now, seen, CONFIG, TODAY)]


def test_no_place_within_the_horizon_is_said_once_the_baseline_exists() -> None:
    assert moments(waiting(first_month=None), SEEN_A_MONTH_AGO) == ["no_place"]
    assert moments(waiting(first_month=None), Seen()) == ["welcome"]  # first run: welcome
    assert "no_place" not in moments(waiting(first_month=None, estimated=False), SEEN_A_MONTH_AGO)


def test_a_child_about_to_be_too_old_for_the_care_type_is_warned_after_the_welcome() -> None:
    almost_four = waiting(birth_date=date(2022, 12, 20))  # 47 months old today

    assert moments(almost_four, Seen()) == ["welcome"]
    assert moments(almost_four, SEEN_A_MONTH_AGO) == ["ageing_out"]
    [item] = due(almost_four, SEEN_A_MONTH_AGO, CONFIG, TODAY)
    assert item.key == "INS-000001:ageing_out:at-48"
    assert moments(waiting(birth_date=date(2022, 11, 1)), SEEN_A_MONTH_AGO) == []  # already 4


def test_one_update_per_run_the_biggest_news_first() -> None:
    offered = waiting(status="offered", offer_id=7, respond_by=TODAY + timedelta(days=2))
    assert moments(offered, SEEN_A_MONTH_AGO) == ["offer_deadline"]
