"""The context handed to staff, built from a conversation's events (Rasa's tracker JSON, as
the action server and the HTTP API both give it) and the one-paragraph summary of it."""

from datetime import datetime, timezone
from typing import Any

from bot.db.tracker_store import read_again
from bot.handoff.reasons import describe

CHANNEL_NAMES = {
    "rest": "REST",
    "callback": "website (callback)",
    "website": "website",
    "socketio": "website",
    "whatsapp": "WhatsApp",
    "messenger": "Messenger",
    "facebook": "Messenger",
}
QUESTION_NAMES = {
    "status": "de stand van de inschrijving",
    "position": "de plaats op de wachtlijst",
    "timing": "wanneer er een aanbod komt",
    "offer": "het plaatsingsaanbod",
    "change": "een wijziging van de inschrijving",
    "cancel": "het intrekken van de inschrijving",
}
# Slots that are the conversation's state, not what the parent told; kept out of the panel.
INTERNAL_SLOTS = {"requested_slot", "address_form", "session_started_metadata", "language"}
QUOTE_LIMIT = 160


def transcript(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parent, bot and staff messages in order; staff replies are bot events marked staff.
    A message that went (staff) or came (parent) by e-mail says so: `via` "email"."""
    lines = []
    for event in events:
        kind = event.get("event")
        if kind not in ("user", "bot") or not event.get("text") or read_again(event):
            continue
        if kind == "user":
            who = "parent"
        else:
            who = "staff" if (event.get("metadata") or {}).get("source") == "staff" else "bot"
        at = event.get("timestamp")
        line = {
            "who": who,
            "text": str(event["text"]),
            "at": datetime.fromtimestamp(at, timezone.utc).isoformat() if at else None,
        }
        if (event.get("metadata") or {}).get("via") == "email":
            line["via"] = "email"
        lines.append(line)
    return lines


def count_fallbacks(events: list[dict[str, Any]]) -> int:
    return sum(
        1
        for e in events
        if e.get("event") == "user"
        and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == "nlu_fallback"
    )


def build_context(
    *,
    sender_id: str,
    channel: str,
    reason: str,
    events: list[dict[str, Any]],
    slots: dict[str, Any],
) -> dict[str, Any]:
    kept = {k: v for k, v in slots.items() if v is not None and k not in INTERNAL_SLOTS}
    verified = bool(slots.get("identity_verified")) and bool(slots.get("verified_registration"))
    return {
        "sender_id": sender_id,
        "channel": channel,
        "reason": reason,
        "identity_verified": verified,
        "registration_number": slots.get("verified_registration") if verified else None,
        "language": slots.get("language") or "nl",
        "slots": kept,
        "transcript": transcript(events),
        "fallbacks": count_fallbacks(events),
    }


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def summarize(context: dict[str, Any]) -> str:
    """One paragraph for staff: who, why, what was asked and answered, where it stands."""
    channel = CHANNEL_NAMES.get(context["channel"], context["channel"])
    parts = [f"Ouder via {channel}"]
    if context["identity_verified"]:
        parts[0] += f", geverifieerd voor inschrijving {context['registration_number']}."
    else:
        parts[0] += ", identiteit niet geverifieerd."
    if context.get("language") == "en":
        parts.append("De ouder schrijft Engels.")
    parts.append(f"Reden van doorverbinden: {describe(context['reason'])}.")
    question = QUESTION_NAMES.get(str(context["slots"].get("pending_question")))
    if question:
        parts.append(f"De ouder vroeg naar {question}.")
    lines = context["transcript"]
    said = [
        line["text"]
        for line in lines
        if line["who"] == "parent" and not line["text"].startswith("/")
    ]
    if said:
        parts.append(f'Laatste bericht van de ouder: "{_quote(said[-1])}".')
        if len(said) > 1:
            parts.append(f'Daarvoor: "{_quote(said[-2])}".')
    answers = [line["text"] for line in lines if line["who"] == "bot"]
    if answers:
        parts.append(f'Laatste antwoord van de assistent: "{_quote(answers[-1])}".')
    if context.get("fallbacks"):
        parts.append(f"De assistent begreep {context['fallbacks']} bericht(en) niet.")
    parts.append(f"Het gesprek telt {len(lines)} berichten.")
    return " ".join(parts)
