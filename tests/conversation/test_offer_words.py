"""What a parent's answer to a placement offer says, in Dutch and English as parents write:
an accept or a decline in so many words, a request for more time or a later start, a
question; and after a decline, a withdrawal only when the parent says so."""

import pytest

from bot.conversation.offer_words import (
    ACCEPT,
    DECLINE,
    DROP,
    KEEP_WAITING,
    LATER_START,
    MORE_TIME,
    NO,
    OTHER_WISHES,
    QUESTION,
    WITHDRAW,
    YES,
    after_decline,
    answers_offer_question,
    asks_about_offer,
    decides,
    reply_to_offer_question,
)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("we nemen hem!", ACCEPT),
        ("ja graag, we willen de plek", ACCEPT),
        ("Top! Wij nemen de plaats bij De Boomhut aan", ACCEPT),
        ("we accept the place", ACCEPT),
        ("Yes please, we would like to take it", ACCEPT),
        ("nee, die dagen kunnen we niet", DECLINE),
        ("we willen het aanbod weigeren", DECLINE),
        ("helaas, we zeggen nee tegen deze plek", DECLINE),
        ("we'd like to decline", DECLINE),
        ("sorry, we have to turn the offer down", DECLINE),
        ("kan de startdatum later?", LATER_START),
        ("kunnen we later beginnen dan in het aanbod staat?", LATER_START),
        ("could we postpone the start?", LATER_START),
        ("mogen we een paar dagen langer nadenken?", MORE_TIME),
        ("ik heb meer tijd nodig", MORE_TIME),
        ("could we have more time to decide?", MORE_TIME),
    ],
)
def test_an_answer_to_the_offer_in_so_many_words(text: str, reading: str) -> None:
    assert decides(text) == reading


@pytest.mark.parametrize(
    "text",
    [
        "ja",
        "nee",
        "wat kost het?",
        "hebben we al een aanbod gekregen?",
        "hoe staat het met de inschrijving van Noor?",
        "/affirm",
        "Could we push the start date back?",
    ],
)
def test_a_bare_yes_no_or_another_question_decides_nothing_on_its_own(text: str) -> None:
    assert decides(text) is None


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("ja", "affirm", YES),
        ("ja graag!", "thank", YES),
        ("/affirm", "affirm", YES),
        ("Klopt helemaal", "affirm", YES),
        ("nee", "deny", NO),
        ("Nee, toch niet", "deny", NO),
        ("/deny", "deny", NO),
        ("laat maar", "deny", DROP),
        ("hmm laat maar, ik overleg eerst even met mijn vriend", "complain", DROP),
        ("we willen eerst nog even nadenken", "inform", DROP),
        ("we nemen hem toch niet", "deny", DECLINE),
        ("wat kost het?", "ask_costs", QUESTION),
        ("welke groep is het?", "ask_offer", QUESTION),
        ("ja, maar wat kost het?", "ask_costs", QUESTION),
        (".", "nlu_fallback", None),
    ],
)
def test_a_reply_to_the_bots_question_about_the_offer(
    text: str, intent: str, reply: str | None
) -> None:
    assert reply_to_offer_question(text, intent) == reply


@pytest.mark.parametrize(
    ("text", "intent", "wish"),
    [
        ("nee", "deny", KEEP_WAITING),
        ("prima zo", "affirm", KEEP_WAITING),
        ("we wachten gewoon verder", "inform", KEEP_WAITING),
        ("nee we stoppen niet hoor, gewoon wachten", "deny", KEEP_WAITING),
        ("/cancel_registration", "cancel_registration", WITHDRAW),
        ("trek de inschrijving dan maar in", "cancel_registration", WITHDRAW),
        ("haal ons maar van de wachtlijst af", "cancel_registration", WITHDRAW),
        ("please withdraw our registration", "change_registration", WITHDRAW),
        ("/change_registration", "change_registration", OTHER_WISHES),
        ("dan liever op woensdag", "inform", OTHER_WISHES),
        ("kan De Boomhut erbij?", "change_registration", OTHER_WISHES),
    ],
)
def test_after_a_decline_only_the_parents_own_words_withdraw(
    text: str, intent: str, wish: str
) -> None:
    assert after_decline(text, intent) == wish


def test_the_answer_to_an_offer_question_is_noticed_whatever_the_model_made_of_it() -> None:
    assert answers_offer_question(
        "accept_offer", "ja graag, we willen de plek", "ask_placement_status"
    )
    assert answers_offer_question("offer_shown", "ja", "thank")
    assert not answers_offer_question("offer_shown", "ik wil een medewerker", "request_human")
    assert not answers_offer_question("accept_offer", "dit is echt belachelijk", "complain")
    assert answers_offer_question("accept_offer", "laat maar, ik overleg eerst", "complain")
    assert not answers_offer_question("accept_offer", ".", "nlu_fallback")
    assert not answers_offer_question(
        "offer_shown", "hoe werkt de wachtlijst?", "ask_placement_policy"
    )
    assert answers_offer_question("offer_shown", "welke groep is het?", "out_of_scope")
    assert not answers_offer_question("change", "ja", "affirm")
    assert not answers_offer_question("after_decline", "wat kost een dag?", "ask_costs")
    assert answers_offer_question("after_decline", "dan liever de woensdag", "inform", True)


@pytest.mark.parametrize(
    ("text", "about_offer"),
    [
        ("hebben we al een aanbod gekregen?", True),
        ("is ons al een plek aangeboden?", True),
        ("Have we been offered a place?", True),
        ("wanneer krijgen we een aanbod voor bram?", False),  # when: the response time
        ("When will we get an offer?", False),
        ("is er al plek voor Noor?", False),
        ("/ask_offer", False),
    ],
)
def test_an_offer_named_in_a_question_is_the_offer_question(text: str, about_offer: bool) -> None:
    assert asks_about_offer(text) is about_offer


@pytest.mark.parametrize(
    ("text", "intent", "answers"),
    [
        # the model's intent has an answer of its own, the words ask about the offered place
        ("wacht, in welke groep komt ze dan eigenlijk?", "ask_placement_policy", True),
        ("which group would she be in?", "ask_locations", True),
        ("hoe werkt de wachtlijst eigenlijk?", "ask_placement_policy", False),
        ("welke locaties hebben jullie?", "ask_locations", False),
    ],
)
def test_a_question_about_the_offered_place_is_about_the_offer(
    text: str, intent: str, answers: bool
) -> None:
    assert answers_offer_question("accept_offer", text, intent) is answers
