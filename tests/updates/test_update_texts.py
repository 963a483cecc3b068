"""The updates file in three variants (u, je, en), and what an update looks like around its
text: an e-mail that reads as one (greeting, sign-off, who sends it, why, how to stop), a
subject that says what it is, and WhatsApp template parameters Meta accepts."""

import re
from pathlib import Path

import pytest

from bot.commands.updates import earlier_values, example_estimate, example_values
from bot.conversation.explain import describe_estimate
from bot.settings import Settings
from bot.updates import job
from bot.updates.config import FORMS, MOMENTS, load
from bot.updates.delivery import template_language
from bot.updates.estimate_words import estimate_line
from bot.waitlist.offer_estimate import OfferEstimate

ORG = "Kinderopvang De Regenboog"
# Meta refuses a template parameter with a new-line, a tab or more than four spaces in a row
REFUSED_BY_META = re.compile(r"[\n\t]| {5,}")
STATUSES = ("offered", "placed", "waiting", "passive", "withdrawn")


def every_message(form: str) -> list[tuple[str, str | None, job.Message]]:
    """Every moment, every case, rendered as the run renders it with realistic values."""
    config = load()
    values = example_values(config, form, ORG)
    found = []
    for moment in MOMENTS:
        cases: tuple[str | None, ...] = (None,)
        if moment == "estimate_moved":
            cases = ("later", "earlier")
        elif moment == "status_changed":
            cases = STATUSES
        for case in cases:
            shown = values | (earlier_values(form) if case == "earlier" else {})
            message = job.render(config, f"INS-123456:{moment}:p", shown, form, case=case)
            found.append((moment, case, message))
    return found


def test_every_update_has_its_own_english_text_and_older_files_fall_back_to_u(
    tmp_path: Path,
) -> None:
    config = load()
    for name, moment in config.moments.items():
        assert moment.subject["en"] != moment.subject["u"], name
        assert moment.body["en"].startswith("Dear parent"), name
    assert all(by_form["en"] != by_form["u"] for by_form in config.status_texts.values())

    text = Path(load.__globals__["DEFAULT_FILE"]).read_text()
    without_english = tmp_path / "updates.yml"
    without_english.write_text("\n".join(line for line in text.splitlines() if "  en:" not in line))
    older = load(without_english)
    assert older.moments["periodic"].body["en"] == older.moments["periodic"].body["u"]


@pytest.mark.parametrize("form", FORMS)
def test_every_update_mail_greets_signs_off_says_why_and_how_to_stop(form: str) -> None:
    greeting, sign_off = (
        ("Dear parent,", "Kind regards,")
        if form == "en"
        else (
            "Beste ouder,",
            "Met vriendelijke groet,",
        )
    )
    for moment, case, message in every_message(form):
        where = f"{moment} {case or ''} ({form})"
        assert message.body.startswith(greeting), where
        assert message.body.rstrip().endswith(f"{sign_off}\n{ORG}"), where
        assert ORG in message.footer and "Noor" in message.footer, where
        assert message.footer.endswith(message.unsubscribe_url), where
        assert len(message.subject) <= 46, f"{where}: {message.subject!r} is long for a phone"
        # no chat wording in a mail: the estimate speaks as "we", not "ik"
        for chat_words in ("Ik verwacht", "Zeg dan", "Probeert u", "I expect", "Just say"):
            assert chat_words not in message.body, where


def test_each_kind_of_news_has_a_subject_that_says_what_it_is() -> None:
    subjects = {(m, c): message.subject for m, c, message in every_message("u")}
    assert subjects[("status_changed", "offered")] == "Goed nieuws: er is een plek voor Noor!"
    assert subjects[("offer", None)] == "Goed nieuws: we bieden Noor een plek aan"
    assert subjects[("estimate_moved", "later")] == "Het duurt langer voordat Noor een plek krijgt"
    assert subjects[("estimate_moved", "earlier")].startswith("Goed nieuws")
    assert subjects[("ageing_out", None)] == "Noor wordt te oud voor het kinderdagverblijf"
    status_subjects = {subjects[("status_changed", status)] for status in STATUSES}
    assert len(status_subjects) == len(STATUSES)  # each status its own


def test_the_offer_and_its_reminder_say_every_way_to_answer_and_what_silence_means() -> None:
    for form in FORMS:
        messages = {(m, c): message for m, c, message in every_message(form)}
        for moment in ("offer", "offer_deadline"):
            body = " ".join(messages[(moment, None)].body.split())
            assert "/offers/answer?o=17" in body, (moment, form)
            assert "https://www.example.nl/chat" in body, (moment, form)
            assert ("+31 30 123 45 67" if form == "en" else "030 123 45 67") in body
            stays = "stay on the waiting list" if form == "en" else "blijft wel op de wachtlijst"
            assert stays in body, (moment, form)


def test_an_estimate_that_moved_compares_place_months_and_says_which_way() -> None:
    messages = {(m, c): message for m, c, message in every_message("u")}
    later = " ".join(messages[("estimate_moved", "later")].body.split())
    assert "plek voor Noor vanaf januari 2027. Nu verwachten we een plek vanaf juni 2027" in later
    assert "spijt" in later
    earlier = " ".join(messages[("estimate_moved", "earlier")].body.split())
    assert "vanaf september 2027. Nu verwachten we een plek vanaf juni 2027" in earlier
    assert earlier.startswith("Beste ouder, Goed nieuws")


def test_ageing_out_in_english_says_turns_4_not_4_years() -> None:
    messages = {(m, c): message for m, c, message in every_message("en")}
    body = " ".join(messages[("ageing_out", None)].body.split())
    assert "Noor turns 4 soon, and daycare ends at 4" in body
    assert "4 years" not in body


@pytest.mark.parametrize("form", FORMS)
def test_no_whatsapp_template_parameter_holds_a_line_break_a_tab_or_five_spaces(form: str) -> None:
    """Every moment with realistic values: an estimate with a partial first place, factors
    and a sooner alternative; and even when a value holds the chat's multi-line estimate,
    the parameter goes out as one line."""
    config = load()
    assert set(config.templates) == set(MOMENTS)
    checked = 0
    for moment, case, message in every_message(form):
        assert message.template, moment
        for parameter in message.parameters:
            assert parameter and not REFUSED_BY_META.search(parameter), (moment, case, parameter)
            checked += 1
    assert checked > 30

    chat_words = "\n\n".join(describe_estimate(example_estimate(), form))
    assert "\n- " in chat_words  # the chat's own estimate: bullets on lines of their own
    values = example_values(config, form, ORG) | {"estimate": chat_words, "status_text": "a\tb"}
    for moment in ("periodic", "estimate_moved", "status_changed"):
        message = job.render(config, f"INS-123456:{moment}:p", values, form)
        assert not any(REFUSED_BY_META.search(p) for p in message.parameters), moment


def test_the_estimate_in_an_update_is_one_line_in_the_we_voice() -> None:
    config = load()
    line = estimate_line(example_estimate(), config, "u", "Noor")
    assert line.startswith("We verwachten Noor een plek aan te bieden tussen maart en mei 2027.")
    assert "maandag en dinsdag bij De Speelweide" in line and "eerder" in line
    assert "\n" not in line
    assert estimate_line(
        OfferEstimate("INS-1", unavailable="not_estimated"), config, "en", "Noor"
    ) == ("We can't say yet when we expect a place for Noor.")
    beyond = estimate_line(
        OfferEstimate("INS-1", unavailable="beyond_horizon"), config, "je", "Noor"
    )
    assert "de komende 2 jaar geen plek" in beyond and "die je koos" in beyond


def test_an_english_update_has_an_english_template_language() -> None:
    settings = Settings(whatsapp_template_language="nl")
    assert template_language(settings, "en") == "en"
    assert template_language(settings, "u") == "nl"
