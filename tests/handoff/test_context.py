"""The context and summary handed to staff, built from tracker events without any AI."""

from bot.handoff.context import build_context, summarize, transcript
from bot.handoff.topics import sensitive_topic


def user(text: str, intent: str = "inform", ts: float = 1.0) -> dict:
    return {
        "event": "user",
        "text": text,
        "timestamp": ts,
        "parse_data": {"intent": {"name": intent}},
    }


def bot(text: str, source: str | None = None) -> dict:
    event = {"event": "bot", "text": text, "timestamp": 2.0}
    if source:
        event["metadata"] = {"source": source}
    return event


EVENTS = [
    user("Hoe staat het met de inschrijving?", "ask_placement_status"),
    bot("Wat is het inschrijfnummer?"),
    {"event": "slot", "name": "registration_number", "value": "INS-004217"},
    user("blablabla", "nlu_fallback"),
    bot("Sorry, dat begreep ik niet."),
    user("Ik wil iemand spreken", "request_human"),
]


def test_transcript_marks_parent_bot_and_staff() -> None:
    lines = transcript([*EVENTS, bot("Hallo, met Anna", source="staff")])
    assert [line["who"] for line in lines] == ["parent", "bot", "parent", "bot", "parent", "staff"]
    assert lines[0]["at"] == "1970-01-01T00:00:01+00:00"


def test_summary_of_an_unverified_parent() -> None:
    context = build_context(
        sender_id="p1",
        channel="whatsapp",
        reason="request_human",
        events=EVENTS,
        slots={
            "registration_number": "INS-004217",
            "pending_question": "status",
            "requested_slot": None,
            "address_form": "u",
            "identity_verified": None,
        },
    )
    assert context["identity_verified"] is False
    assert context["registration_number"] is None
    assert context["slots"] == {"registration_number": "INS-004217", "pending_question": "status"}
    assert context["fallbacks"] == 1
    assert summarize(context) == (
        "Ouder via WhatsApp, identiteit niet geverifieerd. "
        "Reden van doorverbinden: ouder vroeg om een medewerker. "
        "De ouder vroeg naar de stand van de inschrijving. "
        'Laatste bericht van de ouder: "Ik wil iemand spreken". Daarvoor: "blablabla". '
        'Laatste antwoord van de assistent: "Sorry, dat begreep ik niet.". '
        "De assistent begreep 1 bericht(en) niet. Het gesprek telt 5 berichten."
    )


def test_summary_of_a_verified_parent_quotes_briefly() -> None:
    long_text = "Mijn ex-partner " + "en nog veel meer " * 20
    context = build_context(
        sender_id="p2",
        channel="rest",
        reason="topic_custody",
        events=[user(long_text)],
        slots={"identity_verified": True, "verified_registration": "INS-000001"},
    )
    summary = summarize(context)
    assert summary.startswith("Ouder via REST, geverifieerd voor inschrijving INS-000001.")
    assert "gezag of omgang" in summary
    assert "…" in summary and len(summary) < 500


def test_sensitive_topics_by_keyword() -> None:
    assert sensitive_topic("Mijn ex heeft het gezag, mag ik de status zien?") == "custody"
    assert sensitive_topic("We hebben een SMI-indicatie van de gemeente") == "health"
    assert sensitive_topic("Ik wil de plaatsingsovereenkomst opzeggen") == "contract"
    assert sensitive_topic("Ik wil een inzageverzoek doen") == "data_request"
    assert sensitive_topic("Het is dringend!") == "urgent"
    assert sensitive_topic("Is het noodzakelijk om in te schrijven?") is None
    assert sensitive_topic("Hoe staat het met mijn inschrijving?") is None
    assert sensitive_topic("/request_human") is None
    assert sensitive_topic(None) is None
