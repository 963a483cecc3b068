"""ADDRESS_FORM=je holds in the estimate answer too, not only in the fixed texts; an
English-speaking parent gets English texts and button titles."""

from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq
from actions.registration import estimate_texts
from bot.conversation import texts
from bot.db.session import session_scope
from bot.settings import get_settings
from tests.support.trackers import make_tracker
from tests.support.waitlists import clear_caches


@pytest.mark.parametrize("form", ["u", "je"])
def test_the_estimate_answer_uses_the_organisations_form(
    waitlist: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.setenv("ADDRESS_FORM", form)
    get_settings.cache_clear()
    with session_scope() as session:
        said = " ".join(estimate_texts(session, "INS-000001")[0])
    clear_caches()

    formal = any(w in said.split() for w in ("u", "uw", "U", "Uw"))
    informal = any(w in said.split() for w in ("je", "jouw", "Je", "Jouw"))
    assert (formal, informal) == ((True, False) if form == "u" else (False, True)), said


async def test_an_english_parent_gets_english_text_and_buttons() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("greet", text="Hello there, how are you?")

    await ActionAnswerFaq().run(dispatcher, tracker, {})

    (message,) = dispatcher.messages
    assert message["text"] == texts.say("greet", "en")
    titles = [button["title"] for button in message["buttons"]]
    assert titles == [
        "My registration",
        "Is there a place?",
        "How do I register?",
        "Talk to a person",
    ]
