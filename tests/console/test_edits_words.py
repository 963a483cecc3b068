"""Head office edits the rest of what parents read, through the console's API (issue 30):
each text found by where it is used, the buttons' titles and the organisation's facts in
Dutch and English (checked, audited, with history and revert, in force at once and in the
texts.yml export), and the canned replies staff pick, with their own history."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation import buttons, texts
from bot.conversation.buttons import intents_by_title
from bot.edits import descriptions, live
from bot.settings import Settings
from bot.updates import job
from bot.updates.config import configured_path, mail_texts
from bot.updates.config import load as load_updates
from tests.support.console_app import audited, logged_in


@pytest.fixture
def in_force(db_session: Session) -> Iterator[None]:
    """This process reads the edits, as the action server does (at every use here)."""

    @contextmanager
    def scope() -> Iterator[Session]:
        yield db_session

    live.enable(scope, max_age=0)
    yield
    live.disable()


def test_every_editable_text_says_where_it_is_used() -> None:
    document = texts.load()
    assert all(descriptions.of_text(key) for key in document["texts"])
    assert all(descriptions.of_button(key) for key in document["buttons"])
    assert all(descriptions.of_fact(key) for key in document["organisation"])
    mails = mail_texts(load_updates(configured_path(Settings(_env_file=None).updates_file)))
    assert all(path.split(".")[0] in descriptions.load()["mails"] for path in mails), (
        "a moment of updates.yml without a description"
    )
    assert descriptions.of_mail("estimate_moved.later.subject") == (
        "Update-e-mail: de verwachting is verschoven (later), onderwerp"
    )


def test_the_text_list_gives_each_text_its_description(console: TestClient, agent) -> None:
    logged_in(console, agent.email)
    listed = {t["key"]: t["description"] for t in console.get("/api/edits/texts").json()}
    assert listed["greet"] == "Begroeting als de ouder hallo zegt"
    mails = {m["key"]: m["description"] for m in console.get("/api/edits/mails").json()}
    assert mails["welcome.subject"] == "Update-e-mail: welkom op de wachtlijst, onderwerp"


def test_a_button_title_is_edited_checked_and_in_force_at_once(
    console: TestClient, db_session: Session, admin, in_force
) -> None:
    headers = logged_in(console, admin.email)
    listed = {b["key"]: b for b in console.get("/api/edits/buttons").json()}
    assert listed["talk_to_person"]["variants"]["nl"]["text"] == "Medewerker spreken"

    for titles, problem in (
        ({"nl": "Een medewerker van ons spreken"}, "Te lang"),
        ({"nl": "Mijn inschrijving"}, "Een andere knop heeft al deze titel."),
        ({"en": " "}, "Vul een titel in."),
    ):
        refused = console.put("/api/edits/buttons/talk_to_person", json=titles, headers=headers)
        assert refused.status_code == 422
        assert problem in next(iter(refused.json()["problems"].values()))
    saved = console.put(
        "/api/edits/buttons/talk_to_person",
        json={"nl": "Iemand spreken", "en": "Talk to someone"},
        headers=headers,
    )

    assert saved.status_code == 200, saved.text
    assert buttons.button("talk_to_person", "je")["title"] == "Iemand spreken"
    assert buttons.button("talk_to_person", "en")["title"] == "Talk to someone"
    assert intents_by_title().get("talk to someone") == "request_human"
    assert intents_by_title().get("medewerker spreken") == "request_human"  # the old one too
    (entry,) = audited(db_session, "edit_button")
    assert entry.detail == "talk_to_person: nl, en"
    exported = yaml.safe_load(console.get("/api/edits/texts.yml").text)
    assert exported["buttons"]["talk_to_person"] == {
        "nl": "Iemand spreken",
        "en": "Talk to someone",
    }

    history = console.get("/api/edits/buttons/talk_to_person/history").json()
    assert [h["name"] for h in history] == ["talk_to_person.en", "talk_to_person.nl"]
    console.put("/api/edits/buttons/talk_to_person", json={"nl": "Mens spreken"}, headers=headers)
    earlier = console.get("/api/edits/buttons/talk_to_person/history").json()[-1]
    assert console.post(f"/api/edits/{earlier['id']}/revert", headers=headers).is_success
    assert texts.button("talk_to_person", "u") == "Iemand spreken"


def test_an_organisation_fact_is_edited_checked_and_used_in_every_text(
    console: TestClient, db_session: Session, admin, agent, in_force
) -> None:
    headers = logged_in(console, admin.email)
    # the organisation's e-mail address is the mails' sender too: a deployment setting
    # (ORGANISATION_EMAIL, tied to the mail domain's SPF and DKIM), not a fact edited here
    mail = console.put("/api/edits/facts/email", json={"nl": "a@b.nl"}, headers=headers)
    assert mail.status_code == 404
    short = console.put("/api/edits/facts/phone", json={"nl": "030 12"}, headers=headers)
    assert short.json()["problems"] == {"nl": "Dat lijkt geen telefoonnummer."}

    saved = console.put(
        "/api/edits/facts/website",
        json={"nl": "www.regenboog.example", "en": "www.regenboog.example/en"},
        headers=headers,
    )

    assert saved.status_code == 200, saved.text
    assert "www.regenboog.example." in texts.say("status_withdrawn", "u")
    assert "www.regenboog.example/en" in texts.say("status_withdrawn", "en")
    exported = yaml.safe_load(console.get("/api/edits/texts.yml").text)["organisation"]
    assert exported["website"] == {"nl": "www.regenboog.example", "en": "www.regenboog.example/en"}
    assert exported["phone"] == texts.load()["organisation"]["phone"]
    assert audited(db_session, "edit_fact")
    # the name also where the setting gives it: the update mails, the code mail
    console.put("/api/edits/facts/name", json={"nl": "De Regenboog Opvang"}, headers=headers)
    settings, config = Settings(_env_file=None), load_updates()
    assert job.common_values(settings, config, "u")["org"] == "De Regenboog Opvang"
    assert job.common_values(settings, config, "en")["org"] == settings.organisation_name

    logged_in(console, agent.email)
    assert console.get("/api/edits/facts").status_code == 200
    assert console.put("/api/edits/facts/website", json={"nl": "x.nl"}).status_code == 403


def test_a_canned_reply_is_changed_with_history_and_a_removed_one_comes_back(
    console: TestClient, db_session: Session, admin, agent
) -> None:
    headers = logged_in(console, admin.email)
    first = {"title": "Even geduld", "text": "Een ogenblik, ik kijk het voor u na."}
    made = console.post("/api/canned-replies", json=first, headers=headers).json()
    wrong = console.put(
        f"/api/canned-replies/{made['id']}",
        json={**first, "text": "Een ogenblik, ik kijk het voor je na."},
        headers=headers,
    )
    assert wrong.status_code == 422
    assert wrong.json()["problems"] == {"text": "De u-tekst gebruikt je, jij of jouw."}

    second = {**first, "text_en": "One moment, I'll check."}
    changed = console.put(f"/api/canned-replies/{made['id']}", json=second, headers=headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["texts"]["en"] == "One moment, I'll check."
    assert console.delete(f"/api/canned-replies/{made['id']}", headers=headers).status_code == 204
    assert console.get("/api/canned-replies").json() == []

    history = console.get(f"/api/canned-replies/{made['id']}/history").json()
    assert [h["value"] is None for h in history] == [True, False, False]
    back = console.post(f"/api/edits/{history[1]['id']}/revert", headers=headers)
    assert back.status_code == 200, back.text
    (reply,) = console.get("/api/canned-replies").json()
    assert (reply["id"], reply["text_en"]) == (made["id"], "One moment, I'll check.")
    for action in ("canned_add", "canned_edit", "canned_delete", "edit_revert"):
        assert audited(db_session, action), action

    logged_in(console, agent.email)
    assert console.put(f"/api/canned-replies/{made['id']}", json=first).status_code == 403
    assert console.post(f"/api/edits/{history[1]['id']}/revert").status_code == 403
