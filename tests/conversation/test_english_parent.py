"""An English-speaking parent on the website, from the first message to a person: the
identity check, the status and the estimate, and the handoff, all in English; staff see
the language in the console's context panel and their console messages reach the parent in
English. Driven as users drive it: the widget's socket.io protocol and the console's API."""

from datetime import timedelta

import pytest

from bot.conversation import formats, texts
from bot.handoff.office_hours import OfficeHours
from bot.settings import Settings
from bot.shared import clock
from tests.support.chat import latest_code_in_outbox
from tests.support.console import StaffConsole
from tests.support.families import FAMILIES
from tests.support.parents import WebsiteParent
from tests.support.scripted import fixed_words
from tests.support.stack import RunningStack

pytestmark = pytest.mark.stack


def arrives(parent: WebsiteParent, key: str, after: int = 0) -> int:
    """The index of the message holding the English text `key` (its fixed words)."""
    words = fixed_words(key, "en")
    index = parent.wait_for(words[0], after=after, timeout=30)
    missing = [word for word in words if word not in parent.texts()[index]]
    assert not missing, (key, missing, parent.texts()[index])
    return index


def test_an_english_parent_is_checked_answered_and_handed_over(
    default_stack: RunningStack, families: None
) -> None:
    daan = FAMILIES["daan"]
    parent = WebsiteParent(default_stack)
    try:
        parent.say("Hi! Is there a place for my son Daan yet?")
        arrives(parent, "session_intro")
        asked = arrives(parent, "ask_registration_number")

        parent.say(daan.number)
        asked = arrives(parent, "ask_child_birth_date", after=asked + 1)
        parent.say(f"he was born on {formats.full_date(daan.birth, 'en')}")
        sent = arrives(parent, "code_sent", after=asked + 1)

        parent.say(latest_code_in_outbox(default_stack.var_dir / "outbox", daan.email))
        verified = arrives(parent, "verified", after=sent + 1)
        status = arrives(parent, "status_waiting", after=verified)
        assert "Daan" in parent.texts()[status]

        parent.say("ok, and when will we hear something?")
        estimate = arrives(parent, "estimate_range", after=status + 1)
        assert "een verwachting" not in " ".join(parent.texts()[estimate:])

        parent.say("I would like to talk to a person please")
        # a person comes soon, or (outside office hours, or just before closing time) when
        # the office opens: the stack runs on the default office hours; a verified parent
        # on the website hears that the reply also comes by e-mail if the tab is closed
        hours = OfficeHours.from_settings(Settings())
        keys = ["handoff_open_website_mail", "handoff_closed_website_mail"]
        if not hours.is_open(clock.now()):
            keys = keys[1:]
        elif hours.is_open(clock.now() + timedelta(hours=1)):
            keys = keys[:1]
        # (in the last hour either: the queue decides whether the wait runs past closing)
        told = parent.wait_for(*[fixed_words(key, "en")[0] for key in keys], after=estimate + 1)
        assert any(
            all(word in parent.texts()[told] for word in fixed_words(key, "en")) for key in keys
        ), parent.texts()[told]
        console = StaffConsole(default_stack)
        handoff = console.open_handoff(parent.sender)
        assert handoff["language"] == "en"
        assert "Engels" in handoff["summary"]

        claimed = console.post(f"/conversations/{handoff['id']}/claim")
        assert claimed.status_code == 200, claimed.text
        parent.wait_for(texts.say("staff_joined", "en", name=console.staff_name))
    finally:
        parent.close()
