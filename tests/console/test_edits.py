"""Head office edits without a developer, through the console's API: a parent text (u, je
and English) checked like texts.yml, previewed per channel, with history, revert and audit,
in force for the assistant at once; opening hours, closure days, topic keywords and the
update cadence likewise; agents read, admins change. And canned replies in each variant."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.edits import live
from bot.handoff.holidays import holiday_name
from bot.handoff.service import HandoffRequest, hand_over
from bot.handoff.topics import sensitive_topic
from bot.settings import Settings
from bot.shared import clock
from bot.updates.config import load as load_updates
from bot.updates.config import with_mail_edits
from tests.support.console_app import audited, client_of, escalate, logged_in
from tests.support.rasa_api import FakeRasa

NEW_GREETING = {
    "u": "Goedendag! Ik beantwoord uw vragen over de wachtlijst. Waarmee kan ik u helpen?",
    "je": "Hoi! Ik beantwoord je vragen over de wachtlijst. Waarmee kan ik je helpen?",
    "en": "Good day! I answer your questions about the waiting list. How can I help?",
}


@pytest.fixture
def in_force(db_session: Session) -> Iterator[None]:
    """This process reads the edits, as the action server does (at every use here)."""

    @contextmanager
    def scope() -> Iterator[Session]:
        yield db_session

    live.enable(scope, max_age=0)
    yield
    live.disable()


def test_an_admin_edits_a_text_and_the_assistant_says_it_at_once(
    console: TestClient, db_session: Session, admin, in_force
) -> None:
    headers = logged_in(console, admin.email)
    before = texts.say("greet", "en")

    saved = console.put("/api/edits/texts/greet", json=NEW_GREETING, headers=headers)

    assert saved.status_code == 200, saved.text
    assert {form: v["text"] for form, v in saved.json()["variants"].items()} == NEW_GREETING
    assert all(v["edited"] for v in saved.json()["variants"].values())
    for form, text in NEW_GREETING.items():
        assert texts.say("greet", form) == text
    # who, when, what: the audit log and the text's history
    (entry,) = audited(db_session, "edit_text")
    assert (entry.staff_email, entry.detail) == (admin.email, "greet: u, je, en")
    history = console.get("/api/edits/texts/greet/history").json()
    assert [(h["name"], h["value"], h["by"]) for h in history] == [
        (f"greet.{form}", NEW_GREETING[form], "Beheer") for form in ("en", "je", "u")
    ]
    # the default comes back through the same form: nothing overridden any more
    defaults = {form: texts.default_template("greet", form) for form in texts.VARIANTS}
    back = console.put("/api/edits/texts/greet", json=defaults, headers=headers)
    assert not any(v["edited"] for v in back.json()["variants"].values())
    assert texts.say("greet", "en") == before


@pytest.mark.parametrize(
    ("form", "text", "problem"),
    [
        ("u", "   ", "Vul een tekst in."),
        ("u", "Ik zet u door. Die antwoordt hier snel.", "{wait} ontbreekt"),
        ("en", "They'll reply in about {wait} to {child}.", "{child} kent de assistent hier niet"),
        ("u", "Ik zet je door. Die antwoordt over {wait}.", "gebruikt je, jij of jouw"),
        ("je", "Ik zet u door. Die antwoordt over {wait}.", "gebruikt u of uw"),
        ("en", "Wilt u wachten? About {wait}.", "Nederlandse woorden"),
        ("u", "Een moment; het duurt {wait}.", "puntkomma"),
        ("u", "Het duurt {wait. Even geduld.", "Een { of } staat los"),
        ("u", "Het duurt {wait}. Even {} geduld.", "Een { of } staat los"),
        (
            "u",
            "Het duurt {wait}, ongeveer {wait.real} minuten.",
            "Schrijf een invulstukje als {naam}",
        ),
        ("u", "Wacht u even, het duurt {wait}. " + "Dank u wel. " * 100, "Te lang: "),
    ],
)
def test_a_text_is_checked_like_texts_yml_and_nothing_is_stored_when_wrong(
    console: TestClient, db_session: Session, admin, in_force, form: str, text: str, problem: str
) -> None:
    headers = logged_in(console, admin.email)
    good = {f: texts.template("handoff_open", f) for f in texts.VARIANTS}

    refused = console.put(
        "/api/edits/texts/handoff_open", json={**good, form: text}, headers=headers
    )

    assert refused.status_code == 422
    problems = refused.json()["problems"]
    assert problem in problems[form], problems
    assert texts.template("handoff_open", form) == good[form]
    assert console.get("/api/edits/texts/handoff_open/history").json() == []
    assert audited(db_session, "edit_text") == []
    # the preview says the same before anything is saved
    preview = console.post(
        "/api/edits/texts/handoff_open/preview", json={form: text}, headers=headers
    )
    assert problem in preview.json()["problems"][form]


def test_the_preview_shows_each_channel_with_its_limit(console: TestClient, admin) -> None:
    headers = logged_in(console, admin.email)
    shown = console.post(
        "/api/edits/texts/handoff_closed/preview",
        json={"u": "{closed} Bel {org_phone} {call}. We lezen het {when}."},
        headers=headers,
    ).json()
    assert shown["problems"] == {}
    channels = shown["channels"]["u"]
    assert set(channels) == {"website", "whatsapp", "messenger"}
    said = channels["whatsapp"]["text"]
    assert said == "«closed» Bel 030 123 45 67 «call». We lezen het «when»."
    assert (channels["whatsapp"]["limit"], channels["messenger"]["limit"]) == (1024, 2000)
    assert channels["website"]["limit"] is None and channels["website"]["length"] == len(said)


def test_a_revert_brings_back_an_earlier_version_as_a_new_edit(
    console: TestClient, db_session: Session, admin, in_force
) -> None:
    headers = logged_in(console, admin.email)
    first = "Graag gedaan! Nog iets anders?"
    second = "Graag gedaan! Is er nog iets?"
    console.put("/api/edits/texts/thank", json={"u": first}, headers=headers)
    console.put("/api/edits/texts/thank", json={"u": second}, headers=headers)
    assert texts.say("thank") == second
    earlier = console.get("/api/edits/texts/thank/history").json()[-1]
    assert earlier["value"] == first

    reverted = console.post(f"/api/edits/{earlier['id']}/revert", headers=headers)

    assert reverted.status_code == 200, reverted.text
    assert reverted.json()["reverts"] == earlier["id"]
    assert texts.say("thank") == first
    assert [h["value"] for h in console.get("/api/edits/texts/thank/history").json()] == [
        first,
        second,
        first,
    ]
    (entry,) = audited(db_session, "edit_revert")
    assert entry.detail == f"text thank.u to #{earlier['id']}"
    assert console.post("/api/edits/999999/revert", headers=headers).status_code == 404


def test_agents_read_the_texts_and_times_but_only_admins_change_them(
    console: TestClient, agent, admin, manager
) -> None:
    headers = logged_in(console, agent.email)
    assert console.get("/api/edits/texts").status_code == 200
    assert console.get("/api/edits/settings").status_code == 200
    assert console.get("/edits").status_code == 200
    for method, path, body in (
        ("PUT", "/api/edits/texts/greet", {"u": "Hallo"}),
        ("PUT", "/api/edits/settings/cadence", {"months": 3}),
        ("POST", "/api/edits/settings/closures", {"day": "2099-01-02", "reason": "Teamdag"}),
    ):
        answer = console.request(method, path, json=body, headers=headers)
        assert answer.status_code == 403, (path, answer.text)
    boss, _headers = client_of(console, manager.email)
    assert boss.get("/api/edits/texts").status_code == 403


def test_the_export_is_texts_yml_with_the_edits_in_force(
    console: TestClient, db_session: Session, admin, in_force
) -> None:
    headers = logged_in(console, admin.email)
    console.put("/api/edits/texts/greet", json=NEW_GREETING, headers=headers)

    exported = console.get("/api/edits/texts.yml")

    assert exported.status_code == 200
    assert "texts.yml" in exported.headers["content-disposition"]
    document = yaml.safe_load(exported.text)
    assert document["texts"]["greet"] == NEW_GREETING
    defaults = texts.load()
    assert document["organisation"] == defaults["organisation"]
    assert document["buttons"] == defaults["buttons"]
    unchanged = {k: v for k, v in document["texts"].items() if k != "greet"}
    assert unchanged == {k: v for k, v in defaults["texts"].items() if k != "greet"}
    assert audited(db_session, "edit_export")


def test_a_closure_day_set_for_today_changes_the_handoff_text_that_day(
    console: TestClient, db_session: Session, admin, in_force, tmp_path
) -> None:
    """Every weekday is a working day here, so today is open at 10.00 until the closure."""
    settings = Settings(var_dir=tmp_path, office_days="ma,di,wo,do,vr,za,zo")
    zone = ZoneInfo(settings.office_timezone)
    today = clock.today()
    if holiday_name(today):
        pytest.skip("today is a public holiday: closed without a closure day")
    ten = datetime.combine(today, time(10, 0), tzinfo=zone)

    def handed_over(sender: str) -> list[str]:
        outcome = hand_over(
            HandoffRequest(sender_id=sender, channel="rest", reason="request_human"),
            unit_of_work=in_session(db_session),
            settings=settings,
            notify=lambda _escalation: None,
            now=ten,
        )
        return [message.key for message in outcome.messages]

    assert handed_over("before-closure") == ["handoff_open"]
    headers = logged_in(console, admin.email)
    added = console.post(
        "/api/edits/settings/closures",
        json={"day": today.isoformat(), "reason": "Teamdag"},
        headers=headers,
    )
    assert added.status_code == 201, added.text

    outcome = hand_over(
        HandoffRequest(sender_id="on-closure", channel="rest", reason="request_human"),
        unit_of_work=in_session(db_session),
        settings=settings,
        notify=lambda _escalation: None,
        now=ten,
    )
    (said,) = outcome.messages
    assert not outcome.office_open
    assert said.key == "handoff_closed"
    assert said.values["closed"].key == "handoff_closed_now"
    # the parent hears when the office opens next: not today
    assert not str(said.values["when"]).startswith("vandaag")
    assert console.get("/api/edits/settings").json()["closures"] == [
        {"day": today.isoformat(), "reason": "Teamdag"}
    ]
    (entry,) = audited(db_session, "edit_closure_add")
    assert entry.detail == f"{today.isoformat()} Teamdag"

    # taken away again: open as before
    removed = console.delete(f"/api/edits/settings/closures/{today}", headers=headers)
    assert removed.status_code == 204
    assert handed_over("after-closure") == ["handoff_open"]
    past = console.post(
        "/api/edits/settings/closures",
        json={"day": "2020-01-02", "reason": "Teamdag"},
        headers=headers,
    )
    assert past.json()["problems"] == {"day": "Die dag is al voorbij."}


def in_session(session: Session):
    @contextmanager
    def unit() -> Iterator[Session]:
        yield session
        session.flush()

    return unit


def test_hours_keywords_and_cadence_are_checked_audited_and_in_force(
    console: TestClient, db_session: Session, admin, in_force
) -> None:
    headers = logged_in(console, admin.email)
    wrong = console.put(
        "/api/edits/settings/hours",
        json={"opens": "17:00", "closes": "09:00", "days": []},
        headers=headers,
    )
    assert wrong.json()["problems"] == {
        "closes": "De sluitingstijd moet na de openingstijd liggen.",
        "days": "Kies minstens één dag (ma, di, wo, do, vr, za, zo).",
    }
    hours = {"opens": "09:00", "closes": "16:30", "days": ["vr", "ma", "wo"]}
    assert console.put("/api/edits/settings/hours", json=hours, headers=headers).is_success
    current = console.get("/api/edits/settings").json()["hours"]["current"]
    assert current == {"opens": "09:00", "closes": "16:30", "days": "ma,wo,vr"}

    # a new keyword for a topic: the next message with it goes to a person
    assert sensitive_topic("We verhuizen en ons kind krijgt een gipsbeen") is None
    words = console.get("/api/edits/settings").json()["keywords"]["health"]["current"]
    bad = console.put(
        "/api/edits/settings/keywords/health", json={"keywords": ["gips1", "x*"]}, headers=headers
    )
    assert "gips1, x*" in bad.json()["problems"]["keywords"]
    saved = console.put(
        "/api/edits/settings/keywords/health", json={"keywords": [*words, "Gips*"]}, headers=headers
    )
    assert saved.is_success, saved.text
    assert sensitive_topic("We verhuizen en ons kind krijgt een gipsbeen") == "health"
    assert (
        console.put(
            "/api/edits/settings/keywords/weather", json={"keywords": ["regen"]}, headers=headers
        ).status_code
        == 404
    )

    assert console.put("/api/edits/settings/cadence", json={"months": 0}, headers=headers).json()[
        "problems"
    ] == {"months": "Kies 1 tot en met 12 maanden."}
    cadence = console.put("/api/edits/settings/cadence", json={"months": 3}, headers=headers)
    assert cadence.is_success
    assert live.current().cadence_months == 3

    assert [e.action for e in audited(db_session, "edit_hours")] == ["edit_hours"]
    assert [e.detail for e in audited(db_session, "edit_keywords")] == ["health"]
    assert [e.detail for e in audited(db_session, "edit_cadence")] == ["3"]
    # the keywords' history, and a revert to the code's list
    history = console.get("/api/edits/settings/keywords/history").json()
    assert [h["name"] for h in history] == ["health"]
    assert console.put(
        "/api/edits/settings/keywords/health", json={"keywords": words}, headers=headers
    ).is_success
    assert sensitive_topic("ons kind krijgt een gipsbeen") is None
    assert console.post(f"/api/edits/{history[0]['id']}/revert", headers=headers).is_success
    assert sensitive_topic("ons kind krijgt een gipsbeen") == "health"


def test_canned_replies_come_in_u_je_and_english_and_follow_the_conversation(
    console: TestClient, db_session: Session, rasa: FakeRasa, admin
) -> None:
    headers = logged_in(console, admin.email)
    made = console.post(
        "/api/canned-replies",
        json={
            "title": "Even geduld",
            "text": "Een ogenblik, ik zoek het voor u op.",
            "text_je": "Een ogenblik, ik zoek het voor je op.",
            "text_en": "One moment, I'll look it up for you.",
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    only_dutch = console.post(
        "/api/canned-replies", json={"title": "Bellen", "text": "Belt u ons even?"}, headers=headers
    )
    (reply,) = [r for r in console.get("/api/canned-replies").json() if r["title"] == "Even geduld"]
    assert reply["texts"] == {
        "u": "Een ogenblik, ik zoek het voor u op.",
        "je": "Een ogenblik, ik zoek het voor je op.",
        "en": "One moment, I'll look it up for you.",
    }
    assert only_dutch.json()["texts"] == {"u": "Belt u ons even?", "je": "Belt u ons even?"}

    english = escalate(db_session, rasa, "english-parent", language="en")
    dutch = escalate(db_session, rasa, "dutch-parent")
    assert console.get(f"/api/conversations/{english.id}").json()["variant"] == "en"
    assert console.get(f"/api/conversations/{dutch.id}").json()["variant"] == "u"


def test_an_update_mail_is_edited_checked_and_used_by_the_next_run(
    console: TestClient, db_session: Session, admin, in_force
) -> None:
    headers = logged_in(console, admin.email)
    mails = {m["key"]: m for m in console.get("/api/edits/mails").json()}
    assert {"welcome.subject", "welcome.body", "estimate_moved.later.body"} <= set(mails)
    assert "cadence" in mails["welcome.body"]["placeholders"]

    wrong = console.put(
        "/api/edits/mails/welcome.subject",
        json={
            "u": "Welkom {child} en {ouder}",
            "en": "Welcome to the waiting list of our childcare organisation, {child}!",
        },
        headers=headers,
    )
    assert wrong.status_code == 422
    problems = wrong.json()["problems"]
    assert "{ouder} kent de update niet" in problems["u"]
    assert problems["en"] == "Te lang: 67 tekens, hoogstens 60."

    subject = {"u": "Welkom, {child} staat op de lijst", "en": "Welcome, {child} is on the list"}
    saved = console.put("/api/edits/mails/welcome.subject", json=subject, headers=headers)
    assert saved.status_code == 200, saved.text
    config = with_mail_edits(load_updates(), live.current().mails)
    assert config.moments["welcome"].subject["u"] == subject["u"]
    assert config.moments["welcome"].subject["en"] == subject["en"]
    assert config.moments["periodic"] == load_updates().moments["periodic"]
    (entry,) = audited(db_session, "edit_mail")
    assert entry.detail == "welcome.subject: u, en"
    history = console.get("/api/edits/mails/welcome.subject/history").json()
    assert [h["name"] for h in history] == ["welcome.subject.en", "welcome.subject.u"]
