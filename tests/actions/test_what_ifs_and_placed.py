"""The bot understands what it suggests (issue 26): a what-if in the parent's own words is
answered with the estimate for that change, whatever the model's intent, and never filed
as a change request; a placed child hears where and from when, with buttons that lead
somewhere new. Against a real (SQLite) waitlist in which Het Zonnetje is full from Monday
to Thursday for six more months and De Boomhut has Mondays free."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.availability import ActionStartAvailability
from actions.faq import ActionAnswerFaq, ActionFallback
from actions.registration import ActionAnswerRegistration, ActionRememberQuestion
from bot.conversation import formats
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.parent_requests.models import RegistrationRequest
from tests.support.dates import iso, month_day
from tests.support.trackers import make_tracker, slot_values, verified
from tests.support.waitlists import REGISTRATIONS, clear_caches, open_waitlist

NUMBER = "INS-000001"
BAS, SEM = month_day(-11, 5), month_day(-13, 9)
PLACEMENTS = (
    "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
    f"P1,UTR-ZON,Babygroep,{iso(month_day(-12))},ma|di|wo|do,{iso(month_day(-6))},"
    f"{iso(month_day(6))}\n"
    f"P2,UTR-BOO,Babygroep,{iso(BAS)},vr,{iso(month_day(-2, 3))},\n"
)
PLACED = REGISTRATIONS + (
    # P2 is Bas's place: his birth date, a KDV group at his location
    f"INS-000004,Bas,{iso(BAS)},Ed,ed@example.nl,,kdv,UTR-BOO,vr,{iso(month_day(-2))},"
    f"{iso(month_day(-9))},none,placed\n"
    # no placement or offer tells where Sem goes: the registration as imported
    f"INS-000005,Sem,{iso(SEM)},Jo,jo@example.nl,,kdv,UTR-ZON|UTR-BOO,wo,"
    f"{iso(month_day(2))},{iso(month_day(-9))},none,placed\n"
)
IDENTITY_FORM = {"event": "followup", "timestamp": None, "name": "identity_form"}
WEDNESDAY = [{"entity": "weekday", "value": "wo"}]


@pytest.fixture
def waitlist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield open_waitlist(tmp_path, monkeypatch, PLACED, PLACEMENTS)
    clear_caches()


def stored() -> list[tuple[str, str]]:
    with session_scope() as session:
        requests = session.scalars(select(RegistrationRequest))
        return [(r.kind, r.details) for r in requests]


def month(months: int, form: str = "u") -> str:
    return formats.month_year(month_day(months), form)


def between(months: int, form: str = "u") -> str:
    """The offer range the estimates give: a month and the next, the year said once."""
    first, last = formats.month_span(month_day(months), month_day(months + 1), form)
    return f"{first} {'and' if form == 'en' else 'en'} {last}"


async def answered_after_check(events: list[dict[str, Any]], text: str, intent: str) -> list:
    """The answer once the identity form ended: the remembered what-if, read from the
    message that asked it."""
    asked = [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
        *({"event": "slot", **event} for event in events if event["event"] == "slot"),
    ]
    tracker = make_tracker("inform", slots=verified(**slot_values(events)), events=asked)
    tracker.latest_action_name = "identity_form"
    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    return dispatcher.messages


async def test_the_estimate_shows_only_sooner_what_ifs_in_offer_months(waitlist: Path) -> None:
    tracker = make_tracker("ask_response_time", text="wanneer hoor ik iets?", slots=verified())
    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    said = [message["text"] for message in dispatcher.messages]
    # the Monday frees up in six months: offered four months from now
    assert said[0].startswith(f"Ik verwacht dat u een aanbod krijgt tussen {between(4)}")
    what_ifs = said[-1]
    sooner = f"een aanbod ongeveer 4 maanden eerder, vanaf {month(0)}"
    assert f"Vrijdag in plaats van maandag: {sooner}" in what_ifs
    assert f"De Boomhut erbij als locatie: {sooner}" in what_ifs
    payloads = [button["payload"] for button in dispatcher.messages[-1]["buttons"]]
    assert "/ask_response_time" not in payloads  # the question just answered
    assert "/ask_placement_status" in payloads


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("en als ik woensdag erbij doe?", "change_registration"),
        ("wordt het sneller als we de woensdag erbij nemen?", "ask_response_time"),
    ],
)
async def test_taking_up_a_what_if_in_own_words_is_answered_not_filed(
    waitlist: Path, text: str, intent: str
) -> None:
    tracker = make_tracker(intent, text=text, entities=WEDNESDAY, slots=verified())
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["pending_question"] == "what_if"
    assert "change_details" not in slot_values(events)
    assert events[-1] == IDENTITY_FORM

    messages = await answered_after_check(events, text, intent)
    earliest, latest = formats.month_span(month_day(4), month_day(5))
    assert messages[0]["text"] == say(
        "what_if_same",
        change=say("what_if_change_days_in", days="woensdag"),
        earliest=earliest,
        latest=latest,
    )
    assert stored() == []


async def test_another_location_asked_as_availability_is_a_what_if(waitlist: Path) -> None:
    text = "wat als we ook De Boomhut nemen?"
    tracker = make_tracker(
        "ask_availability",
        text=text,
        entities=[{"entity": "location", "value": "De Boomhut"}],
        slots=verified(),
    )
    events = await ActionStartAvailability().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["pending_question"] == "what_if"
    messages = await answered_after_check(events, text, "ask_availability")
    assert messages[0]["text"].startswith(
        f"Met De Boomhut erbij als locatie verwacht ik een aanbod tussen {between(0)}"
    )
    assert "ongeveer 4 maanden eerder" in messages[0]["text"]
    assert "'ik wil De Boomhut erbij als locatie'" in messages[1]["text"]


async def test_what_would_help_gets_the_registrations_own_what_ifs(waitlist: Path) -> None:
    text = "wat kan ik doen om sneller een plek te krijgen?"
    tracker = make_tracker("ask_placement_policy", text=text, slots=verified())
    events = await ActionAnswerFaq().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["pending_question"] == "what_if"
    messages = [m["text"] for m in await answered_after_check(events, text, "ask_placement_policy")]
    assert messages[0].startswith(f"Ik verwacht dat u een aanbod krijgt tussen {between(4)}")
    assert "De Boomhut erbij als locatie" in messages[1]
    assert say("placement_policy") not in messages


async def test_a_parent_not_verified_asking_what_helps_hears_the_policy(waitlist: Path) -> None:
    text = "wat kan ik doen om sneller een plek te krijgen?"
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, make_tracker("ask_placement_policy", text=text), {})
    assert dispatcher.messages[0]["text"] == say("placement_policy")


async def test_an_english_what_if_asked_directly_takes_the_best_extra_day(waitlist: Path) -> None:
    text = "is it faster if we pick more days?"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_response_time", text=text, slots=verified())
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    # Fridays are free at Het Zonnetje: Monday and Friday, with Friday first
    assert dispatcher.messages[0]["text"].startswith(
        f"With Fridays added, I'd expect an offer between {between(0, 'en')}"
    )
    assert (
        "Probably for some of the days first: Fridays at Het Zonnetje."
        in (dispatcher.messages[0]["text"])
    )
    assert stored() == []


async def test_a_later_start_asked_before_the_check_is_answered_after_it(waitlist: Path) -> None:
    text = "is het sneller als ik later begin?"
    tracker = make_tracker("change_registration", text=text)
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["pending_question"] == "what_if"
    assert "change_details" not in slot_values(events)
    messages = await answered_after_check(events, text, "change_registration")
    # three months after the wished start (in the past): still the Monday in six months
    assert messages[0]["text"].startswith(f"Met een start in {month(3)} verwacht ik")
    assert "net als nu" in messages[0]["text"]
    assert stored() == []


async def test_a_placed_child_hears_the_location_days_and_start(waitlist: Path) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_placement_status", slots=verified("INS-000004"))
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    [answer] = dispatcher.messages
    since = formats.full_date(month_day(-2, 3))
    assert answer["text"].startswith(
        f"Bas heeft een plek bij De Boomhut, op vrijdag, sinds {since}."
    )
    # no "Wanneer hoor ik iets": it would only say the same again
    assert [button["payload"] for button in answer["buttons"]] == ["/request_human"]


async def test_a_placed_child_known_from_its_registration_names_its_locations(
    waitlist: Path,
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_response_time", slots=verified("INS-000005"))
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    start = formats.full_date(month_day(2))
    assert dispatcher.messages[0]["text"] == say(
        "status_placed_registered",
        child="Sem",
        weekdays="woensdag",
        start=f"vanaf {start}",
        locations="Het Zonnetje of De Boomhut",
    )
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/request_human"]


@pytest.mark.parametrize(
    ("text", "action", "intent"),
    [
        ("gaat het sneller als we ook De Boomhut opgeven?", ActionStartAvailability,
         "ask_availability"),
        (f"Is it faster if we add Wednesday? Our number is {NUMBER}", ActionFallback,
         "nlu_fallback"),
    ],
)  # fmt: skip
async def test_a_what_if_before_the_check_is_remembered_as_one(
    waitlist: Path, text: str, action: type, intent: str
) -> None:
    """A what-if presumes a registration: the check runs, then the what-if is answered
    (not availability for new parents, not the status)."""
    numbers = [{"entity": "registration_number", "value": NUMBER}] if NUMBER in text else []
    tracker = make_tracker(intent, text=text, entities=numbers)
    events = await action().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["pending_question"] == "what_if"
    assert events[-1] == IDENTITY_FORM


async def test_what_helps_not_understood_before_the_check_gets_the_policy(waitlist: Path) -> None:
    """The model is unsure ("nlu_fallback") about "wat kan ik doen om sneller een plek te
    krijgen?": the words decide, never "ik begreep u niet"."""
    text = "wat kan ik doen om sneller een plek te krijgen?"
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, make_tracker("nlu_fallback", text=text), {})
    assert dispatcher.messages[0]["text"] == say("placement_policy")
    verified_dispatcher = CollectingDispatcher()
    tracker = make_tracker("nlu_fallback", text=text, slots=verified())
    events = await ActionFallback().run(verified_dispatcher, tracker, {})
    assert slot_values(events)["pending_question"] == "what_if"
