"""Estimates, what-ifs, status, position and availability from an imported database."""

from datetime import date

import pytest

from bot.conversation.explain import describe_estimate
from bot.waitlist.availability import free_places
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.policy import Policy
from bot.waitlist.position import positions
from bot.waitlist.status import registration_status
from tests.waitlist.conftest import GROUPS, LOCATIONS

TODAY = date(2026, 1, 15)
POLICY = Policy()
# Het Zonnetje is full Monday to Thursday until June; De Boomhut has Mondays free
PLACEMENTS = (
    "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
    "P1,UTR-ZON,Babygroep,2025-03-01,ma|di|wo|do,2025-06-01,2026-06-01\n"
    "P2,UTR-BOO,Babygroep,2025-03-01,di|wo|do|vr,2025-06-01,\n"
)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    "INS-000001,Mila,2025-09-01,Sanne,s@example.nl,+31612345678,kdv,UTR-ZON,ma,2026-02-01,"
    "2025-03-01,none,waiting\n"
    "INS-000002,Sem,2025-09-01,Tom,t@example.nl,,kdv,UTR-ZON,ma,2026-02-01,2025-04-01,none,passive\n"
)


@pytest.fixture
def waitlist(db_session, export):
    directory = export(
        locations=LOCATIONS, groups=GROUPS, placements=PLACEMENTS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    assert run_estimates(session=db_session, today=TODAY, policy=POLICY) == 1
    return db_session


def test_the_offer_is_expected_before_the_place_frees_up(waitlist):
    estimate = estimate_offer(session=waitlist, number="INS-000001", today=TODAY, policy=POLICY)
    assert estimate.first.month == date(2026, 6, 1)
    assert estimate.first.location_name == "Het Zonnetje"
    assert estimate.first.complete
    # offers two months ahead of June; five months away widens the range by one month
    assert (estimate.offer_from, estimate.offer_to) == (date(2026, 4, 1), date(2026, 5, 1))
    assert [f.code for f in estimate.factors] == ["popular_days", "one_location"]


def test_what_ifs_name_the_day_and_location_that_help(waitlist):
    estimate = estimate_offer(session=waitlist, number="INS-000001", today=TODAY, policy=POLICY)
    alternatives = {a.kind: a for a in estimate.alternatives}
    assert alternatives["swap_day"].day_out == "ma"
    assert alternatives["swap_day"].day_in == "vr"
    assert alternatives["swap_day"].months_earlier == 4  # February: the desired start
    assert alternatives["add_location"].location_name == "De Boomhut"
    assert alternatives["add_location"].month == date(2026, 2, 1)
    text = "\n".join(describe_estimate(estimate))
    assert "tussen april 2026 en mei 2026" in text
    assert "Vrijdag in plaats van maandag: ongeveer 4 maanden eerder (februari 2026)" in text
    assert "De Boomhut erbij als locatie" in text
    english = "\n".join(describe_estimate(estimate, "en"))
    assert "between April 2026 and May 2026" in english
    assert "Friday instead of Monday: about 4 months sooner (February 2026)" in english
    assert "Adding De Boomhut as a location" in english


def test_a_new_run_is_answered_at_once(waitlist, export):
    """Answers come from the latest run held in memory: the next run must replace it."""
    before = estimate_offer(session=waitlist, number="INS-000001", today=TODAY, policy=POLICY)
    assert before.first.month == date(2026, 6, 1)
    earlier = PLACEMENTS.replace("2025-06-01,2026-06-01", "2025-06-01,2026-03-01")
    import_directory(
        session=waitlist,
        directory=export(
            locations=LOCATIONS, groups=GROUPS, placements=earlier, registrations=REGISTRATIONS
        ),
    )
    run_estimates(session=waitlist, today=TODAY, policy=POLICY)
    after = estimate_offer(session=waitlist, number="INS-000001", today=TODAY, policy=POLICY)
    assert after.first.month == date(2026, 3, 1)


def test_no_estimate_for_a_registration_that_is_not_waiting(waitlist):
    estimate = estimate_offer(session=waitlist, number="INS-000002", today=TODAY, policy=POLICY)
    assert estimate.unavailable == "not_waiting"
    assert "niet (meer) op de wachtlijst" in describe_estimate(estimate)[0]


def test_status_and_next_step(waitlist):
    status = registration_status(session=waitlist, number="ins000001", today=TODAY)
    assert status.status == "waiting"
    assert status.next_step == "waiting_for_offer"
    assert status.location_names == ("Het Zonnetje",)
    assert registration_status(session=waitlist, number="INS-999999", today=TODAY) is None


def test_position_per_location_and_day(waitlist):
    assert [
        (p.location_name, p.weekday, p.position)
        for p in positions(session=waitlist, number="INS-000001")
    ] == [("Het Zonnetje", "ma", 1)]
    assert positions(session=waitlist, number="INS-000002") is None


def test_availability_leaves_out_places_the_waiting_list_will_take(waitlist):
    places = free_places(
        session=waitlist, care_type="kdv", birth_date=date(2025, 10, 1), today=TODAY
    )
    found = {(p.location_name, p.city, p.weekday, p.month) for p in places}
    assert ("De Boomhut", "Utrecht", "ma", date(2026, 1, 1)) in found
    assert ("Het Zonnetje", "Utrecht", "vr", date(2026, 1, 1)) in found
    # the Monday at Het Zonnetje goes to INS-000001 in June
    assert not any(p.location_code == "UTR-ZON" and p.weekday == "ma" for p in places)
    assert (
        free_places(session=waitlist, care_type="bso", birth_date=date(2020, 1, 1), today=TODAY)
        == []
    )
