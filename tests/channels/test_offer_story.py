"""Parents answer a placement offer through the doors they use, against the production
stack: a WhatsApp parent (signed webhooks in, the Graph API stand-in out) and a website
parent (socket.io, the one-time code from the mail) accept in their own words, another
website parent declines and keeps waiting with another day. Staff find each answer in the
console's request list with the offer beside it and close it; the parent hears the outcome
in the chat it came from."""

from datetime import date
from pathlib import Path

import pytest

from tests.support.chat import latest_code_in_outbox
from tests.support.console import StaffConsole
from tests.support.dates import days_from_today, dutch, iso, month_day
from tests.support.graph_api import FakeGraphApi
from tests.support.parents import Parent, WebsiteParent, WhatsAppParent
from tests.support.registrations import GROUPS, HEADER, LOCATIONS, import_export
from tests.support.stack import RunningStack

OFFERS_HEADER = (
    "offer_id,registration_number,location_code,group_name,weekdays,start_date,respond_by,outcome\n"
)
FENNA, BOAZ, SEM = "INS-970621", "INS-970622", "INS-970623"
FENNA_BORN, BOAZ_BORN, SEM_BORN = month_day(-10, 3), month_day(-8, 17), month_day(-11, 9)


def family(number: str, child: str, born: date, phone: str) -> str:
    return (
        f"{number},{child},{iso(born)},Ouder {child},{child.lower()}.ouder@example.nl,{phone},"
        f"kdv,TST-SEC,ma|wo,{iso(month_day(2))},{iso(month_day(-6))},none,offered\n"
    )


def offer(key: str, number: str) -> str:
    start, respond_by = iso(month_day(2)), iso(days_from_today(6))
    return f"{key},{number},TST-SEC,Babygroep,ma|wo,{start},{respond_by},\n"


def request_of(console: StaffConsole, number: str, kind: str) -> dict:
    rows = console.get(f"/requests?number={number}&kind={kind}")
    assert len(rows) == 1, rows
    return rows[0]


def close(console: StaffConsole, request: dict, message: str) -> dict:
    assert console.post(f"/requests/{request['id']}/claim").ok
    response = console.post(
        f"/requests/{request['id']}/close", {"outcome": "resolved", "message": message}
    )
    assert response.ok, response.text
    return response.json()


def check_identity(parent: Parent, number: str, born: date, seen: int) -> int:
    seen = parent.wait_for("inschrijfnummer", after=seen)
    parent.say(number)
    seen = parent.wait_for("geboortedatum", after=seen + 1)
    parent.say(dutch(born))
    return seen + 1


def read_back_on_website(
    parent: Parent, stack: RunningStack, words: str, number: str, born: date, child: str
) -> int:
    """The parent's answer to the offer through the identity check, with the code from the
    mail (the website has no number to vouch for the parent), up to the read-back."""
    parent.say(words)
    seen = check_identity(parent, number, born, 0)
    seen = parent.wait_for("code", after=seen)
    outbox = Path(stack.var_dir) / "outbox"
    parent.say(latest_code_in_outbox(outbox, f"{child.lower()}.ouder@example.nl"))
    # "Klopt dat?" after a yes, "Klopt het dat u deze plek niet aanneemt?" after a no
    return parent.wait_for("Klopt", after=seen + 1)


@pytest.fixture(scope="module")
def families(
    production_stack: RunningStack,
    graph_api: FakeGraphApi,
    tmp_path_factory: pytest.TempPathFactory,
) -> WhatsAppParent:
    whatsapp = WhatsAppParent(production_stack, graph_api)
    import_export(
        production_stack,
        tmp_path_factory.mktemp("offer-story"),
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=HEADER
        + family(FENNA, "Fenna", FENNA_BORN, f"+{whatsapp.number}")
        + family(BOAZ, "Boaz", BOAZ_BORN, "+31612340622")
        + family(SEM, "Sem", SEM_BORN, "+31612340623"),
        offers=OFFERS_HEADER
        + offer("AB-9621", FENNA)
        + offer("AB-9622", BOAZ)
        + offer("AB-9623", SEM),
    )
    return whatsapp


def test_a_whatsapp_parent_accepts_in_her_own_words_and_hears_the_outcome(
    production_stack: RunningStack, families: WhatsAppParent
) -> None:
    parent = families
    parent.say("Goedemiddag! We hebben het aanbod gezien en we nemen hem graag 😊")
    seen = check_identity(parent, FENNA, FENNA_BORN, 0)
    # the sender's number is on file: no code; the offer is shown and the yes read back
    seen = parent.wait_for("Klopt dat?", after=seen)
    said = " ".join(parent.texts()[seen - 1 : seen + 1])
    assert "Testlocatie Slot" in said and "aanneemt" in said
    parent.choose("Ja")
    seen = parent.wait_for("Fijn!", after=seen + 1)

    console = StaffConsole(production_stack)
    answer = request_of(console, FENNA, "accept_offer")
    assert answer["kind_text"] == "Aanbod aangenomen"
    assert answer["offer"]["offer_id"] == "AB-9621"
    assert "nemen hem graag" in answer["details"]
    assert not console.get(f"/requests?number={FENNA}&kind=cancel")
    closed = close(console, answer, "De overeenkomst komt deze week per post.")
    assert closed["status"] == "resolved"
    parent.wait_for("is verwerkt", after=seen + 1)
    assert "De overeenkomst komt deze week per post." in parent.texts()[-1]


def test_a_website_parent_accepts_and_hears_the_outcome_in_the_widget(
    production_stack: RunningStack, families: WhatsAppParent
) -> None:
    parent = WebsiteParent(production_stack)
    try:
        words = "Hallo, Sem mag bij jullie beginnen! Ja hoor, die plek willen we."
        seen = read_back_on_website(parent, production_stack, words, SEM, SEM_BORN, "Sem")
        assert "aanneemt" in parent.texts()[seen]
        parent.choose("Ja")
        seen = parent.wait_for("Fijn!", after=seen + 1)

        console = StaffConsole(production_stack)
        answer = request_of(console, SEM, "accept_offer")
        assert answer["offer"]["offer_id"] == "AB-9623"
        close(console, answer, "Welkom bij Testlocatie Slot!")
        parent.wait_for("is verwerkt", after=seen + 1)
    finally:
        parent.close()


def test_a_website_parent_declines_keeps_waiting_with_another_day(
    production_stack: RunningStack, families: WhatsAppParent
) -> None:
    parent = WebsiteParent(production_stack)
    try:
        words = "We kregen het aanbod voor Boaz, maar die dagen kunnen we helaas niet."
        seen = read_back_on_website(parent, production_stack, words, BOAZ, BOAZ_BORN, "Boaz")
        assert "niet aanneemt" in parent.texts()[seen]
        parent.choose("Ja")
        seen = parent.wait_for("blijft op de wachtlijst", after=seen + 1)
        parent.wait_for("andere dagen", after=seen)
        parent.say("kan de vrijdag erbij in plaats van de maandag?")
        seen = parent.wait_for("Klopt dat?", after=seen + 1)
        parent.choose("Ja")
        parent.wait_for("doorgegeven", after=seen + 1)
    finally:
        parent.close()

    console = StaffConsole(production_stack)
    decline = request_of(console, BOAZ, "decline_offer")
    assert decline["offer"]["offer_id"] == "AB-9622"
    change = request_of(console, BOAZ, "change")
    assert "vrijdag" in change["details"]
    assert not console.get(f"/requests?number={BOAZ}&kind=cancel")  # a decline is no cancel
    assert close(console, decline, "Boaz blijft op de wachtlijst.")["status"] == "resolved"
