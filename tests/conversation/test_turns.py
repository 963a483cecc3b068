"""Reading a conversation's events: misses in a row, and the first message while waiting."""

from bot.conversation.turns import first_message_while_waiting, misses_in_a_row


def user(text: str = "hoi") -> dict:
    return {"event": "user", "text": text}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def test_misses_count_only_the_latest_run() -> None:
    events = [
        user(), action("action_fallback"), action("action_listen"),
        user(), action("action_answer_faq"), action("action_listen"),
        user(), action("action_fallback"), action("action_listen"),
        user(),
    ]  # fmt: skip
    assert misses_in_a_row(events, "action_fallback") == 2
    assert misses_in_a_row([*events[:-4], user()], "action_fallback") == 1


def test_first_message_after_the_handoff_only() -> None:
    handed = [user("medewerker"), action("action_handoff"), {"event": "pause"}]
    assert first_message_while_waiting([*handed, user("hallo?")])
    assert not first_message_while_waiting([*handed, user("hallo?"), user("is daar iemand")])
    assert not first_message_while_waiting([user("hoi")])


def test_no_note_once_staff_wrote_or_the_bot_is_back() -> None:
    handed = [user("medewerker"), action("action_handoff"), {"event": "pause"}]
    staff = {"event": "bot", "text": "Hallo, met Anna", "metadata": {"source": "staff"}}
    assert not first_message_while_waiting([*handed, staff, user("hoi Anna")])
    assert not first_message_while_waiting([*handed, {"event": "resume"}, user("hoi")])
