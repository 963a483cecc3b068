""" "Heeft dit u geholpen?" through the doors parents use, against the production stack: a
website parent (socket.io) asks about a free place in her own words, gets the answer,
says "bedankt, dat was het" and taps Ja; a WhatsApp parent (signed webhooks, the Graph API
stand-in) asks how her registration stands, gets it, says the same, taps Nee and writes
what was missing. Management then reads the bot rating, the resolution rate and the
comment per channel on the dashboard's API, and no parent's personal data."""

import subprocess
from typing import Any

import pytest

from bot.conversation.texts import say
from tests.support.console import StaffConsole
from tests.support.dates import dutch, month_day
from tests.support.graph_api import FakeGraphApi
from tests.support.parents import WebsiteParent, WhatsAppParent
from tests.support.registrations import GROUPS, HEADER, LOCATIONS, import_export
from tests.support.stack import ROOT, RunningStack

pytestmark = pytest.mark.stack

NUMBER, CHILD, BORN = "INS-970731", "Lotte", month_day(-9, 12)
MANAGER, PASSWORD = "cijfers@example.nl", "een-lang-wachtwoord-voor-de-cijfers"
MISSING = "ik wilde weten hoeveel kinderen er voor Lotte staan"


def add_manager(stack: RunningStack) -> None:
    done = subprocess.run(
        [
            *(str(ROOT / ".venv/app/bin/python"), "-m", "bot", "staff", "add", MANAGER),
            *("--role", "management", "--name", "Cijfers", "--password-stdin"),
        ],
        input=PASSWORD + "\n",
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def rating(stack: RunningStack, channel: str) -> dict[str, Any]:
    """The dashboard's bot rating and resolution figures for one channel, as management
    reads them."""
    management = StaffConsole(stack, (MANAGER, PASSWORD))
    response = management.http.get(
        f"{management.url}/api/dashboard", params={"channel": channel}, timeout=30
    )
    assert response.ok, response.text
    return response.json()["bot_resolution"]


@pytest.fixture(scope="module")
def whatsapp_parent(
    production_stack: RunningStack,
    graph_api: FakeGraphApi,
    tmp_path_factory: pytest.TempPathFactory,
) -> WhatsAppParent:
    parent = WhatsAppParent(production_stack, graph_api)
    family = (
        f"{NUMBER},{CHILD},{BORN.isoformat()},Ouder {CHILD},lotte.ouder@example.nl,"
        f"+{parent.number},kdv,TST-SEC,ma|wo,{month_day(3, 1)},{month_day(-5)},none,waiting\n"
    )
    import_export(
        production_stack,
        tmp_path_factory.mktemp("bot-rating"),
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=HEADER + family,
    )
    add_manager(production_stack)
    return parent


def test_parents_rate_the_bot_on_the_website_and_whatsapp_and_management_sees_it(
    production_stack: RunningStack, whatsapp_parent: WhatsAppParent
) -> None:
    before = {channel: rating(production_stack, channel) for channel in ("website", "whatsapp")}

    website = WebsiteParent(production_stack)
    try:
        website.say("Hoi! Is er nog plek bij Testlocatie Slot op woensdag?")
        seen = website.wait_for(say("ask_care_type"))
        website.say("kinderdagverblijf")
        seen = website.wait_for(say("ask_availability_birth_date")[:40], after=seen + 1)
        website.say(dutch(month_day(-4, 10)))
        seen = website.wait_for("plek", after=seen + 1)
        website.say("bedankt, dat was het")
        seen = website.wait_for(say("bot_rating_question"), after=seen + 1)
        assert (
            website.texts().count(say("bot_rating_question"))
            + website.texts().count(say("bot_rating_after_thanks"))
            == 1
        )
        website.choose("Ja")
        website.wait_for(say("bot_rating_yes"), after=seen + 1)
    finally:
        website.close()

    parent = whatsapp_parent
    parent.say("Hallo, hoe staat het met de inschrijving van Lotte?")
    seen = parent.wait_for("inschrijfnummer")
    parent.say(NUMBER)
    seen = parent.wait_for("geboortedatum", after=seen + 1)
    parent.say(dutch(BORN))
    seen = parent.wait_for(CHILD, after=seen + 1)  # the number on file: no code, the status
    parent.say("bedankt, dat was het")
    seen = parent.wait_for(say("bot_rating_question"), after=seen + 1)
    parent.choose("Nee")
    seen = parent.wait_for(say("bot_rating_no"), after=seen + 1)
    parent.say(MISSING)
    parent.wait_for(say("bot_rating_comment_thanks"), after=seen + 1)
    # a goodbye after the rating does not ask again
    parent.say("doei")
    seen = parent.wait_for("Fijne dag", after=seen + 1)
    assert sum(say("bot_rating_question") in text for text in parent.texts()) == 1

    after = {channel: rating(production_stack, channel) for channel in ("website", "whatsapp")}
    web, app = after["website"], after["whatsapp"]
    assert web["rated_yes"] == before["website"]["rated_yes"] + 1
    assert web["resolved"] == before["website"]["resolved"] + 1
    assert web["rated_no"] == before["website"]["rated_no"]
    assert app["rated_no"] == before["whatsapp"]["rated_no"] + 1
    assert app["unresolved"] == before["whatsapp"]["unresolved"] + 1
    assert app["rated_yes"] == before["whatsapp"]["rated_yes"]
    assert web["per_channel"]["website"]["rating_share"] == round(
        web["rated_yes"] / (web["rated_yes"] + web["rated_no"]), 3
    )
    # management reads figures and no parent's words; an admin reads the comment,
    # anonymised: the child's name is replaced; no number or sender anywhere
    assert app["comments"] == [] and web["comments"] == []
    admin = StaffConsole(production_stack)
    figures = admin.get("/dashboard?channel=whatsapp")["bot_resolution"]
    (comment,) = [c for c in figures["comments"] if "kinderen er voor" in c["comment"]]
    assert comment["answer"] == "no" and CHILD not in comment["comment"]
    dashboard = str(after) + str(figures)
    assert parent.number not in dashboard and NUMBER not in dashboard
