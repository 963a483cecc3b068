"""A waiting child too old for every group of its care type at its locations: the estimate
says so, and what to do, instead of "no place in the next 24 months"."""

from datetime import date

import pytest

from bot.conversation import texts
from bot.conversation.explain import describe_estimate
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.offer_estimate import AgedOut, estimate_offer
from bot.waitlist.policy import Policy
from tests.support.export_files import GROUPS, LOCATIONS

# the date is the subject here (ages on a given day), so it is fixed and injected
TODAY = date(2026, 12, 6)
POLICY = Policy()
PLACEMENTS = "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    # 25 months old: too old for the baby groups (2 to 24 months) at both locations
    "INS-000001,Daan,2024-11-02,Kim,k@example.nl,,kdv,UTR-ZON|UTR-BOO,do|vr,2026-06-01,"
    "2024-06-01,none,waiting\n"
    # 20 months old now, but 26 at the start the parent asked for
    "INS-000002,Noor,2025-04-01,Sam,s@example.nl,,kdv,UTR-ZON,ma,2027-06-01,2025-05-01,none,"
    "waiting\n"
    # 14 months old: an ordinary estimate
    "INS-000003,Fenna,2025-10-01,Jo,j@example.nl,,kdv,UTR-ZON,di,2026-12-01,2025-11-01,none,"
    "waiting\n"
)


@pytest.fixture
def waitlist(db_session, export):
    directory = export(
        locations=LOCATIONS, groups=GROUPS, placements=PLACEMENTS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    run_estimates(session=db_session, today=TODAY, policy=POLICY)
    return db_session


def test_a_child_too_old_for_the_group_hears_so_and_what_to_do(waitlist):
    estimate = estimate_offer(session=waitlist, number="INS-000001", today=TODAY, policy=POLICY)
    assert estimate.unavailable == "aged_out"
    assert estimate.aged_out == AgedOut("kdv", date(2026, 12, 1), 25, 24, started=True)
    assert describe_estimate(estimate) == [
        "Uw kind is nu 25 maanden en daarmee te oud voor het kinderdagverblijf op de "
        "locaties die u koos: daar kunnen kinderen tot 2 jaar terecht. Op deze wachtlijst komt "
        "daarom geen plek meer.",
        "Wat wel kan: uw inschrijving omzetten naar de peuteropvang, die past bij de leeftijd van "
        "uw kind. Een medewerker bekijkt dat graag met u.",
    ]
    english = " ".join(describe_estimate(estimate, "en"))
    assert english.startswith(
        "Your child is now 25 months old, which is too old for daycare at the locations you "
        "chose: they take children under 2. "
    )
    assert "preschool" in english
    assert texts.say("unavailable_beyond_horizon", horizon=24) not in describe_estimate(estimate)


def test_a_child_too_old_by_the_desired_start_hears_the_month(waitlist):
    estimate = estimate_offer(session=waitlist, number="INS-000002", today=TODAY, policy=POLICY)
    assert estimate.aged_out == AgedOut("kdv", date(2027, 6, 1), 26, 24, started=False)
    (too_old, instead) = describe_estimate(estimate, "je")
    assert too_old.startswith("In juni 2027, de gewenste start, is je kind 26 maanden")
    assert "peuteropvang" in instead


def test_a_child_young_enough_gets_an_estimate(waitlist):
    estimate = estimate_offer(session=waitlist, number="INS-000003", today=TODAY, policy=POLICY)
    assert estimate.unavailable is None and estimate.aged_out is None
    assert estimate.first is not None


def test_after_school_age_no_other_care_is_suggested(waitlist, export):
    groups = GROUPS + "UTR-ZON;BSO;bso;48;156;10\n"
    older = REGISTRATIONS.replace(
        "INS-000003,Fenna,2025-10-01,Jo,j@example.nl,,kdv,UTR-ZON",
        "INS-000003,Fenna,2013-05-01,Jo,j@example.nl,,bso,UTR-ZON",
    )
    directory = export(
        locations=LOCATIONS, groups=groups, placements=PLACEMENTS, registrations=older
    )
    import_directory(session=waitlist, directory=directory)
    run_estimates(session=waitlist, today=TODAY, policy=POLICY)
    estimate = estimate_offer(session=waitlist, number="INS-000003", today=TODAY, policy=POLICY)
    assert estimate.aged_out == AgedOut("bso", date(2026, 12, 1), 163, 156, started=True)
    assert describe_estimate(estimate)[1] == texts.say("aged_out_person")
