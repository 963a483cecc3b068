"""Which update a registration is due, from what is known now and what was seen before."""

from dataclasses import replace
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
    told = replace(SEEN_A_MONTH_AGO, told={"offer:offer-7": TODAY - timedelta(days=5)})
    assert moments(offered, told) == ["offer_deadline"]


def test_an_offer_is_announced_once_then_reminded_once_then_its_expiry_told_once() -> None:
    offered = waiting(status="offered", offer_id=7, respond_by=TODAY + timedelta(days=9))
    [announce] = due(offered, SEEN_A_MONTH_AGO, CONFIG, TODAY)
    assert announce.key == "INS-000001:offer:offer-7"

    told = {"offer:offer-7": TODAY - timedelta(days=1)}
    seen = replace(
        SEEN_A_MONTH_AGO, status="offered", last_update=TODAY - timedelta(days=1), told=told
    )
    assert moments(offered, seen) == []  # nothing until the deadline is near
    near = replace(offered, respond_by=TODAY + timedelta(days=2))
    assert moments(near, seen) == []  # not the day after the offer mail
    later = replace(seen, told={"offer:offer-7": TODAY - timedelta(days=2)})
    assert moments(near, later) == ["offer_deadline"]  # urgent: within min_days_between
    reminded = replace(later, told=later.told | {"offer_deadline:offer-7": TODAY})
    assert moments(near, reminded) == []
    assert moments(replace(near, respond_by=TODAY - timedelta(days=1)), later) == []

    lapsed = waiting(expired_offer_id=7)  # back to waiting: the expiry is the news
    assert moments(lapsed, seen) == ["offer_expired"]
    after = replace(seen, status="waiting", told={"offer_expired:offer-7": TODAY})
    assert moments(lapsed, after) == []
