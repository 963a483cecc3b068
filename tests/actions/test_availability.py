"""The availability answer for prospective parents against what the data gives
(free_places): only valid days and locations filter it, a city means all its locations,
several days and locations are answered for each, and the answer names its filter."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.availability import (
    ActionAnswerAvailability,
    ActionStartAvailability,
    ValidateAvailabilityForm,
    describe,
)
from actions.common import (
    use_variant,
)
from bot.conversation import formats, question_filters, texts
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.settings import get_settings
from bot.shared import clock
from bot.waitlist.availability import FreePlace, free_places
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from tests.support.dates import iso, month_day
from tests.support.export_files import write_export
from tests.support.trackers import make_tracker
from tests.support.waitlists import clear_caches

LOCATIONS = (
    "location_code,name,city\n"
    "UTR-ZON,Het Zonnetje,Utrecht\nUTR-BOO,De Boomhut,Utrecht\nZST-BEER,Kleine Beer,Zeist\n"
)
GROUPS = (
    "location_code;group_name;care_type;min_age_months;max_age_months;capacity\n"
    "UTR-ZON;Babygroep;kdv;2;24;1\nUTR-BOO;Babygroep;kdv;2;24;1\nZST-BEER;Babygroep;kdv;2;24;1\n"
)
# Monday and Wednesday are taken for months at Het Zonnetje, Wednesday and Friday at De
# Boomhut; Kleine Beer has no Monday or Tuesday all year
PLACEMENTS = (
    "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
    f"P1,UTR-ZON,Babygroep,{iso(month_day(-10))},ma|wo,{iso(month_day(-3))},{iso(month_day(5))}\n"
    f"P2,ZST-BEER,Babygroep,{iso(month_day(-10))},ma|di,{iso(month_day(-3))},\n"
    f"P3,UTR-BOO,Babygroep,{iso(month_day(-10))},wo|vr,{iso(month_day(-3))},{iso(month_day(3))}\n"
)
CHILD = month_day(-5)  # five months old: a baby place for the whole year ahead


@pytest.fixture
def places_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'placement.db'}")
    clear_caches()
    upgrade(get_settings().resolved_database_url, "heads")
    directory = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, placements=PLACEMENTS
    )
    with session_scope() as session:
        import_directory(session=session, directory=directory)
        run_estimates(session=session, today=clock.today())
    yield
    clear_caches()


def data(weekdays: list[str] | None = None, codes: list[str] | None = None) -> list[FreePlace]:
    with session_scope() as session:
        return free_places(
            session=session,
            care_type="kdv",
            birth_date=CHILD,
            today=clock.today(),
            weekdays=weekdays,
            location_codes=codes,
        )


def slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def start(text: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    tracker = make_tracker("ask_availability", text=text, entities=entities)
    return slots(await ActionStartAvailability().run(CollectingDispatcher(), tracker, {}))


async def answer(weekday: str | None, location: str | None, language: str = "nl") -> list[str]:
    filled = {"care_type": "kdv", "age_birth_date": iso(CHILD), "language": language}
    started = [  # what action_start_availability set from the question
        {"event": "action", "name": "action_start_availability"},
        {"event": "slot", "name": "weekday", "value": weekday},
        {"event": "slot", "name": "location", "value": location},
    ]
    tracker = make_tracker(
        "inform", slots={**filled, "weekday": weekday, "location": location}, events=started
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerAvailability().run(dispatcher, tracker, {})
    use_variant(language)  # describe() below in the answer's language
    return [message["text"] for message in dispatcher.messages]


def weekday(value: str) -> dict[str, Any]:
    return {"entity": "weekday", "value": value}


def location(value: str) -> dict[str, Any]:
    return {"entity": "location", "value": value}


async def test_a_greeting_a_month_or_a_count_never_fills_the_day(places_data: None) -> None:
    greeting = await start(
        "Goedemorgen, is er op woensdag plek?", [weekday("Goedemorgen"), weekday("wo")]
    )
    assert greeting["weekday"] == "wo"
    month = await start("ze is in september geboren, is er plek?", [weekday("september")])
    assert month["weekday"] is None
    count = await start("is er plek voor 3 dagen?", [weekday("3 dagen")])
    assert count["weekday"] is None


async def test_an_invalid_day_is_dropped_and_all_days_are_answered(places_data: None) -> None:
    places = data()
    assert places, "the data has places"
    (text,) = await answer("Goedemorgen", None)
    listed = formats.word_list([describe(place) for place in places[:4]])
    assert text == texts.say("availability_found", care_type="het kinderdagverblijf", places=listed)


async def test_the_answer_uses_the_days_of_the_question_not_the_slot_mapping(
    places_data: None,
) -> None:
    """Rasa's slot mapping writes one raw entity into the slot when the form starts ("vr"
    of "maandag en vrijdag", or "september"); the answer keeps what the question named,
    and a later message naming valid days replaces them."""
    asked = {"text": "plek op maandag en vrijdag?", "entities": [weekday("ma"), weekday("vr")]}
    events = [
        {"event": "user", "text": asked["text"], "parse_data": asked},
        {"event": "slot", "name": "weekday", "value": "vr"},
        {"event": "action", "name": "action_start_availability"},
        {"event": "slot", "name": "weekday", "value": "ma|vr"},
        {"event": "action", "name": "availability_form"},
        {"event": "slot", "name": "weekday", "value": "vr"},
        {"event": "user", "text": "kdv", "parse_data": {"entities": []}},
    ]
    tracker = make_tracker("inform", slots={"weekday": "vr"}, events=events)
    assert question_filters.asked(tracker, "weekday") == ["ma", "vr"]
    later = {"text": "toch liever woensdag", "entities": [weekday("wo")]}
    events += [{"event": "user", "text": later["text"], "parse_data": later}]
    tracker = make_tracker("inform", slots={"weekday": "wo"}, events=events)
    assert question_filters.asked(tracker, "weekday") == ["wo"]


async def test_a_month_in_the_middle_of_the_question_keeps_the_day(places_data: None) -> None:
    events = [
        {"event": "slot", "name": "weekday", "value": "wo"},
        {"event": "user", "text": "ze is in september geboren", "parse_data": {}},
        {"event": "slot", "name": "weekday", "value": "september"},
    ]
    tracker = make_tracker(
        "inform",
        text="ze is in september geboren",
        entities=[weekday("september")],
        slots={"weekday": "september", "requested_slot": "age_birth_date"},
        events=events,
        active_loop={"name": "availability_form"},
    )
    domain = {"forms": {"availability_form": {"required_slots": ["care_type", "age_birth_date"]}}}
    events = await ValidateAvailabilityForm().run(CollectingDispatcher(), tracker, domain)
    assert slots(events)["weekday"] == "wo"


async def test_two_days_are_answered_each_with_their_earliest_place(places_data: None) -> None:
    asked = await start("is er plek op maandag en woensdag?", [weekday("ma"), weekday("wo")])
    assert asked["weekday"] == "ma|wo"
    text, *rest = await answer(asked["weekday"], asked["location"])
    assert text.startswith("Goed nieuws: op maandag en woensdag zie ik")
    for day in ("ma", "wo"):
        assert describe(data([day])[0]) in text
    assert rest == []


async def test_a_city_means_each_of_its_locations(places_data: None) -> None:
    named = await start("hebben jullie iets in utrecht op woensdag?", [weekday("wo")])
    assert named["location"] == "De Boomhut|Het Zonnetje"
    tagged = await start("plek in Utrecht op woensdag?", [location("Utrecht"), weekday("wo")])
    assert tagged["location"] == "Utrecht"
    (text,) = await answer(tagged["weekday"], tagged["location"])
    assert "op woensdag bij De Boomhut en Het Zonnetje zie ik" in text
    for code in ("UTR-BOO", "UTR-ZON"):
        assert describe(data(["wo"], [code])[0]) in text
    assert "Kleine Beer" not in text


async def test_a_stop_word_is_no_location(places_data: None) -> None:
    asked = await start("Het is een meisje, is er plek?", [location("Het")])
    assert asked["location"] is None
    messages = await answer(None, "De")
    assert len(messages) == 1 and "ken ik niet" not in messages[0]
    assert describe(data()[0]) in messages[0]


async def test_a_day_without_a_place_is_named_beside_the_others(places_data: None) -> None:
    assert not data(["ma"], ["ZST-BEER"]) and data(["do"], ["ZST-BEER"])
    text, note = await answer("ma|do", "Kleine Beer")
    assert text.startswith("Goed nieuws: op maandag en donderdag bij Kleine Beer zie ik")
    assert describe(data(["do"], ["ZST-BEER"])[0]) in text
    assert note == texts.say("availability_none_part", filter="op maandag")


async def test_no_place_names_the_filter_in_english(places_data: None) -> None:
    birth = date(clock.today().year - 6, 1, 1)  # too old for any baby group
    tracker = make_tracker(
        "inform",
        slots={"care_type": "kdv", "age_birth_date": iso(birth), "weekday": "wo", "language": "en"},
        events=[
            {"event": "action", "name": "action_start_availability"},
            {"event": "slot", "name": "weekday", "value": "wo"},
        ],
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerAvailability().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("I'm sorry: on Wednesdays I can't see")


async def test_the_filter_is_named_in_english(places_data: None) -> None:
    (text,) = await answer("wo", None, language="en")
    assert text.startswith("Good news: on Wednesdays I see room for daycare")
    assert describe(data(["wo"])[0]) in text


def said(text: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    parse = {"intent": {"name": "inform"}, "entities": entities or [], "text": text}
    return {"event": "user", "timestamp": 1_000.0, "text": text, "parse_data": parse}


async def test_a_birth_month_and_year_said_earlier_is_not_asked_again(places_data: None) -> None:
    events = [said("Mijn dochter is in maart 2025 geboren"), said("is er plek in Utrecht?")]
    tracker = make_tracker("ask_availability", text="is er plek in Utrecht?", events=events)
    started = slots(await ActionStartAvailability().run(CollectingDispatcher(), tracker, {}))
    assert started["age_birth_date"] == "2025-03-15"  # the middle of the month, for the age


async def test_a_whole_birth_date_said_earlier_is_used_as_given(places_data: None) -> None:
    birth = {"entity": "date", "value": "2025-05-03"}
    events = [said("ze is op 3 mei 2025 geboren", [birth]), said("en is er plek?")]
    tracker = make_tracker("ask_availability", text="en is er plek?", events=events)
    started = slots(await ActionStartAvailability().run(CollectingDispatcher(), tracker, {}))
    assert started["age_birth_date"] == "2025-05-03"


async def test_without_a_birth_given_the_question_asks_for_it(places_data: None) -> None:
    assert (await start("ze is in september geboren, is er plek?", []))["age_birth_date"] is None


async def test_a_month_and_year_answer_the_birth_date_question() -> None:
    tracker = make_tracker("inform", text="ze is van maart 2025")
    dispatcher = CollectingDispatcher()
    valid = await ValidateAvailabilityForm().validate_age_birth_date(
        "ze is van maart 2025", dispatcher, tracker, {}
    )
    assert valid == {"age_birth_date": "2025-03-15"}
    assert dispatcher.messages == []
