"""A whole conversation against the running servers, over the REST channel: greeting,
status question, identity check with the code from var/outbox/, the estimate for a
registration created by the import, and a goodbye."""

from pathlib import Path

import pytest

from bot.conversation import formats
from tests.support.chat import Chat, latest_code_in_outbox
from tests.support.dates import dutch, iso, month_day
from tests.support.registrations import import_export
from tests.support.stack import RunningStack

LOCATIONS = "location_code;name;city\nTST-ZON;Testlocatie Zon;Utrecht\n"
GROUPS = (
    "location_code,group_name,care_type,min_age_months,max_age_months,capacity\n"
    "TST-ZON,Babygroep,kdv,0,24,12\n"
)
SANNE = month_day(-7, 4)  # seven months old, on any day
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    f"priority,status\nINS-990001,Sanne,{dutch(SANNE)},Eva de Vries,eva@example.nl,"
    f"+31612345678,kdv,TST-ZON,ma|wo,{iso(month_day(1, 4))},{iso(month_day(-6))},none,waiting\n"
)


@pytest.fixture(scope="module")
def imported(default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder: Path = tmp_path_factory.mktemp("import")
    import_export(
        default_stack, folder, locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    return "INS-990001"


def test_parent_gets_status_and_estimate_after_identity_check(
    default_stack: RunningStack, imported: str
) -> None:
    chat = Chat(default_stack)
    assert "digitale assistent" in chat.say_text("Hallo")
    assert "inschrijfnummer" in chat.say_text("Is er al plek voor mijn dochter?")
    assert "geboortedatum" in chat.say_text("ins 990001")
    sent = chat.say_text(formats.full_date(SANNE))  # "4 mei 2026"
    assert "e***@e***.nl" in sent
    code = latest_code_in_outbox(default_stack.var_dir / "outbox", "eva@example.nl")
    answer = chat.say_text(code)
    assert "ik weet nu dat u het bent" in answer
    assert "Sanne staat op de wachtlijst" in answer
    estimate = chat.say_text("wanneer hoor ik nou eens iets??")
    assert "aanbod" in estimate
    assert "Fijne dag" in chat.say_text("doei, bedankt")


def test_wrong_details_get_the_same_answer_as_an_unknown_number(
    default_stack: RunningStack, imported: str
) -> None:
    known = Chat(default_stack)
    known.say("Hoe staat het met mijn inschrijving?")
    known.say("INS-990001")
    wrong_date = known.say_text("01-01-2020")

    unknown = Chat(default_stack)
    unknown.say("Hoe staat het met mijn inschrijving?")
    unknown.say("INS-123999")
    unknown_number = unknown.say_text("01-01-2020")
    assert wrong_date == unknown_number
    assert "Sanne" not in wrong_date


def test_three_wrong_answers_stop_the_check_and_offer_a_person(
    default_stack: RunningStack, imported: str
) -> None:
    chat = Chat(default_stack)
    chat.say("Hoe staat het met mijn inschrijving?")
    chat.say("INS-990001")
    chat.say("01-01-2020")
    chat.say("02-01-2020")
    last = chat.say("03-01-2020")
    texts = " ".join(m.get("text", "") for m in last)
    assert "medewerker" in texts
    assert any(b["payload"] == "/request_human" for m in last for b in m.get("buttons", []))
