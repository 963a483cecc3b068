"""Estimates, what-ifs, status, position and availability from an imported database."""

from dataclasses import replace
from datetime import date

import pytest

from bot.conversation.explain import describe_estimate, describe_what_if
from bot.waitlist.availability import free_places
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.offer_estimate import Factor, OfferEstimate, Place, estimate_offer
from bot.waitlist.policy import Policy
from bot.waitlist.position import positions
from bot.waitlist.status import PlacedAt, registration_status
from bot.waitlist.what_if_question import WhatIf, estimate_what_if
from tests.support.export_files import GROUPS, LOCATIONS

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
    # placed: P1 is hers (same birth date, a KDV group at her location)
    "INS-000003,Lot,2025-03-01,Ria,r@example.nl,,kdv,UTR-ZON,ma|di,2025-05-01,2024-09-01,none,placed\n"
    # placed, but no placement or offer tells where: the registration as imported
    "INS-000004,Bas,2025-04-09,Ed,e@example.nl,,kdv,UTR-ZON|UTR-BOO,wo,2026-03-01,2025-05-01,"
    "none,placed\n"
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
    assert alternatives["swap_day"].month == date(2026, 2, 1)  # the desired start
    assert alternatives["add_location"].location_name == "De Boomhut"
    assert alternatives["add_location"].month == date(2026, 2, 1)
    # counted in offers, like the estimate: a place in February is offered now (January),
    # three months before the April the estimate names, not four
    assert alternatives["swap_day"].offer_from == date(2026, 1, 1)
    assert alternatives["swap_day"].months_earlier == 3
    text = "\n".join(describe_estimate(estimate))
    assert "tussen april en mei 2026" in text
    assert (
        "Vrijdag in plaats van maandag: een aanbod ongeveer 3 maanden eerder, vanaf januari 2026"
        in text
    )
    assert "De Boomhut erbij als locatie" in text
    english = "\n".join(describe_estimate(estimate, "en"))
    assert "between April and May 2026" in english
    swap = "Fridays instead of Mondays: an offer about 3 months sooner, from January 2026"
    assert swap in english
    assert "Adding De Boomhut as a location" in english


def test_a_what_if_no_sooner_in_offers_is_not_shown(waitlist):
    """A place that comes sooner but would be offered in the same month as now (offers
    come two months ahead, never before this month) is no sooner offer to the parent."""
    late = estimate_offer(
        session=waitlist, number="INS-000001", today=date(2026, 4, 10), policy=POLICY
    )
    # June's place is offered this month (April); a place in May would be offered now too
    assert late.offer_from == date(2026, 4, 1)
    assert late.alternatives == []
    assert "Wat u zelf kunt doen" not in "\n".join(describe_estimate(late))


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
    assert "niet meer op de wachtlijst" in describe_estimate(estimate)[0]


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


def what_if(waitlist, **asked) -> "WhatIfAnswer":  # noqa: F821 - the module's type
    return estimate_what_if(
        session=waitlist, number="INS-000001", what_if=WhatIf(**asked), today=TODAY, policy=POLICY
    )


def test_a_what_if_that_helps_is_counted_in_offer_months(waitlist):
    """Het Zonnetje is full on Mondays until June (offers from April); De Boomhut has
    Mondays free, so adding it brings the place to February, offered now (January)."""
    answer = what_if(waitlist, location_codes=("UTR-BOO",))
    assert answer.change.location_names == ("De Boomhut",)
    assert (answer.offer_from, answer.offer_to) == (date(2026, 1, 1), date(2026, 2, 1))
    assert answer.months_earlier == 3
    assert describe_what_if(answer) == [
        "Met De Boomhut erbij als locatie verwacht ik een aanbod tussen januari en "
        "februari 2026. Dat is ongeveer 3 maanden eerder dan nu.",
        "Dit is alleen een berekening: er verandert nog niets. Wilt u het echt veranderen? "
        "Typ dan bijvoorbeeld 'ik wil De Boomhut erbij als locatie'.",
    ]


def test_a_what_if_that_does_not_help_says_so(waitlist):
    answer = what_if(waitlist, days=("wo",))  # Wednesdays are as full as Mondays
    assert answer.change.days_in == ("wo",)
    assert answer.months_earlier == 0
    assert describe_what_if(answer, "en") == [
        "With Wednesdays added, I'd expect an offer between April and May 2026, the "
        "same as now. It won't make it any faster."
    ]


def test_a_later_start_is_never_sooner(waitlist):
    later = what_if(waitlist, later_start=True)
    assert later.change.start == date(2026, 5, 1)  # three months after the wished February
    assert later.months_earlier == 0  # Monday is free from June anyway
    september = what_if(waitlist, start=date(2026, 9, 1))
    assert september.first.month == date(2026, 9, 1)  # her place waits for her
    assert (september.offer_from, september.offer_to) == (date(2026, 7, 1), date(2026, 9, 1))
    assert "Dat is later dan nu (tussen april en mei 2026)" in describe_what_if(september)[0]


def test_more_days_takes_the_best_day_and_says_a_part_comes_first(waitlist):
    answer = what_if(waitlist, any_day_in=True)
    # Fridays are free at Het Zonnetje: Monday and Friday, with Friday first
    assert answer.change.days_in == ("vr",)
    assert answer.first.weekdays == ("vr",) and not answer.first.complete
    [text, _] = describe_what_if(answer)
    expected = "Met vrijdag erbij verwacht ik een aanbod tussen januari en februari 2026"
    assert text.startswith(expected)
    assert "Eerst waarschijnlijk op een deel van de dagen: vrijdag bij Het Zonnetje." in text


def test_a_swap_names_the_day_that_goes_and_the_day_that_comes(waitlist):
    answer = what_if(waitlist, days=("vr", "ma"), swap=True)
    assert (answer.change.days_in, answer.change.days_out) == (("vr",), ("ma",))
    assert describe_what_if(answer)[0].startswith("Met vrijdag in plaats van maandag verwacht ik")


def test_what_the_registration_already_has_or_dropping_its_only_day(waitlist):
    assert what_if(waitlist, days=("ma",)).unchanged
    assert describe_what_if(what_if(waitlist, days=("ma",)))[0].startswith(
        "Dat staat al zo in uw inschrijving."
    )
    assert what_if(waitlist, days=("ma",), drop=True).no_days_left


def test_what_would_help_lists_the_estimates_own_sooner_changes(waitlist):
    messages = describe_what_if(what_if(waitlist))
    assert messages[0].startswith("Ik verwacht dat u een aanbod krijgt tussen april en mei 2026")
    assert "Vrijdag in plaats van maandag" in messages[1]
    assert "De Boomhut erbij als locatie" in messages[1]


def test_a_what_if_for_a_registration_not_waiting_says_it_is_not_waiting(waitlist):
    answer = estimate_what_if(
        session=waitlist, number="INS-000002", what_if=WhatIf(days=("vr",)), today=TODAY
    )
    assert answer.now.unavailable == "not_waiting"
    assert "niet meer op de wachtlijst" in describe_what_if(answer)[0]


def test_a_placed_child_has_the_location_and_start_of_its_placement(waitlist):
    placed = registration_status(session=waitlist, number="INS-000003", today=TODAY)
    assert placed.placed_at == PlacedAt(
        ("Het Zonnetje",), ("ma", "di", "wo", "do"), date(2025, 6, 1), exact=True
    )
    imported = registration_status(session=waitlist, number="INS-000004", today=TODAY)
    assert imported.placed_at == PlacedAt(
        ("Het Zonnetje", "De Boomhut"), ("wo",), date(2026, 3, 1), exact=False
    )
    waiting = registration_status(session=waitlist, number="INS-000001", today=TODAY)
    assert waiting.placed_at is None


def test_a_swap_that_names_only_the_day_to_give_up_tries_every_other_day(waitlist):
    answer = what_if(waitlist, days=("ma",), swap=True)  # "maandag ruilen voor een andere dag"
    assert (answer.change.days_in, answer.change.days_out) == (("vr",), ("ma",))
    assert answer.months_earlier == 3


def test_days_beyond_the_horizon_are_named_with_the_configured_horizon():
    """The horizon is a setting (estimate_horizon_months): the reason says that horizon,
    in the bot's own voice, not a fixed "two years"."""
    estimate = OfferEstimate(
        number="INS-000009",
        first=Place(date(2026, 4, 1), "Het Zonnetje", ("vr",), complete=False),
        offer_from=date(2026, 4, 1),
        offer_to=date(2026, 5, 1),
        factors=[Factor("partial_first"), Factor("rest_beyond_horizon")],
        horizon_months=18,
    )
    reasons = describe_estimate(estimate)[1]
    assert "- Voor de andere dagen verwacht ik de komende 18 maanden nog geen plek." in reasons
    english = describe_estimate(replace(estimate, horizon_months=36), "en")[1]
    assert "- For the other days, I don't expect a place within the next 3 years." in english
