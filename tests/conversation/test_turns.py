"""Reading a conversation's events: misses in a row, and the waiting note after a handoff."""

from bot.conversation.turns import misses_in_a_row, waiting_note_due


def user(text: str = "hoi", timestamp: float | None = None) -> dict:
    return {"event": "user", "text": text, "timestamp": timestamp}


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
    assert waiting_note_due([*handed, user("hallo?")])
    assert not waiting_note_due([*handed, user("hallo?"), user("is daar iemand")])
    assert not waiting_note_due([user("hoi")])


def test_no_note_once_staff_wrote_or_the_bot_is_back() -> None:
    handed = [user("medewerker"), action("action_handoff"), {"event": "pause"}]
    staff = {"event": "bot", "text": "Hallo, met Anna", "metadata": {"source": "staff"}}
    assert not waiting_note_due([*handed, staff, user("hoi Anna")])
    assert not waiting_note_due([*handed, {"event": "resume"}, user("hoi")])


def test_the_note_again_after_ten_quiet_minutes_and_after_a_new_session() -> None:
    handed = [user("medewerker", 0.0), action("action_handoff"), {"event": "pause"}]
    burst = [*handed, user("hallo?", 60.0), user("iemand?", 120.0)]
    assert not waiting_note_due(burst)
    assert waiting_note_due([*burst, user("nog steeds niemand?", 120.0 + 600.0)])
    assert not waiting_note_due([*burst, user("hallo", 120.0 + 599.0)])
    new_session = [{"event": "session_started"}, {"event": "pause"}, user("hoi", 9_000.0)]
    assert waiting_note_due([*burst, *new_session])
