"""Whether a parent is still in the chat (bot/channels/presence.py) and the page that
reopens a website conversation from a mail's link (bot/channels/website.py)."""

import asyncio
import json
import re

from bot.channels import website
from bot.channels.presence import Presence, reachable_in_chat
from bot.channels.sessions import SessionIssuer
from bot.channels.store import SqliteTtlStore
from bot.channels.webhook_channel import window_key
from bot.conversation import texts
from bot.shared.config import Channels, Twilio, WhatsApp

SENDER = "website:" + "ab" * 16


async def test_a_website_parent_is_there_while_a_tab_is_and_gone_after_the_away_time() -> None:
    store = SqliteTtlStore(":memory:")
    presence = Presence(store, away_seconds=0.3)
    channels = Channels()
    assert not await reachable_in_chat(store, SENDER, channels)
    await presence.connected("tab-1", SENDER)
    await presence.connected("tab-2", SENDER)
    await presence.disconnected("tab-1")
    await asyncio.sleep(0.5)  # the open tab keeps it alive
    assert await reachable_in_chat(store, SENDER, channels)
    await presence.disconnected("tab-2")
    assert await reachable_in_chat(store, SENDER, channels)  # a reload is no leaving
    await asyncio.sleep(0.5)
    assert not await reachable_in_chat(store, SENDER, channels)


async def test_a_whatsapp_parent_is_reachable_in_the_window_or_with_a_template() -> None:
    store = SqliteTtlStore(":memory:")
    parent = "whatsapp:+31612345678"
    assert not await reachable_in_chat(store, parent, Channels())
    with_template = Channels(whatsapp=WhatsApp(template_name="antwoord"))
    assert await reachable_in_chat(store, parent, with_template)
    await store.touch(window_key("whatsapp", "+31612345678"), 60)
    assert await reachable_in_chat(store, parent, Channels())
    assert not await reachable_in_chat(store, "twilio:+31600000000", Channels(twilio=Twilio()))
    assert await reachable_in_chat(store, "rest:abc", Channels())


def test_the_resume_page_primes_the_widget_with_the_session_and_its_history() -> None:
    session_id = SessionIssuer("secret").session_of(SENDER)
    events = [
        {"event": "session_started"},
        {"event": "user", "text": "/request_human"},
        {"event": "user", "text": "Kan ik iemand spreken? </script><b>"},
        {"event": "bot", "text": "Een medewerker reageert morgen."},
        {"event": "action", "name": "action_listen"},
        {
            "event": "bot",
            "text": "Ik bel u.",
            "metadata": {"source": "staff", "staff_name": "Sanne"},
        },
    ]
    history = website.history_of(events)
    assert history == [
        {"from": "user", "text": "Kan ik iemand spreken? </script><b>"},
        {"from": "bot", "text": "Een medewerker reageert morgen."},
        {"from": "staff", "name": "Sanne", "text": "Ik bel u."},  # shown as staff's (P3)
    ]
    page = website.resume_page("u", session_id, history)
    script = re.search(r"<script>(sessionStorage.*?)</script>", page).group(1)
    assert "</" not in script  # the parent's words cannot end the script
    stored = dict(re.findall(r'sessionStorage\.setItem\(("[^"]+"), ("(?:[^"\\]|\\.)*")\)', script))
    assert json.loads(stored['"placement-chat-session"']) == session_id
    assert json.loads(json.loads(stored['"placement-chat-history"'])) == history
    assert page.index(script) < page.index("widget.js")


def test_a_reopened_conversation_speaks_its_own_language() -> None:
    """The widget of an English conversation reopened from the mail's link speaks English,
    whatever the browser's language; a link that opens nothing says so in both languages."""
    session_id = SessionIssuer("s").issue()
    assert 'data-lang="en"' in website.resume_page("u", session_id, [], "en")
    assert "data-lang" not in website.resume_page("u", session_id, [], None)
    page = website.refused_page("expired").body.decode()
    assert texts.say("resume_link_expired", "u") in page
    assert texts.say("resume_link_expired", "en") in page
