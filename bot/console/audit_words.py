"""An audit entry's detail as staff read it on the audit page: Dutch, and a readable name
instead of an internal id where there is one (a request by its kind and registration
number, a session by its start). The log itself keeps what was recorded (`detail`), so
old and new entries read alike and nothing recorded is rewritten."""

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.conversation.intent_words import INTENT_WORDS
from bot.edits import models as edits
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.offers import KIND_TEXT
from bot.staff.models import StaffSession

OFFICE = ZoneInfo("Europe/Amsterdam")
LOGIN = {
    "password": "met wachtwoord",
    "totp": "met wachtwoord en code uit de app",
    "recovery_code": "met wachtwoord en herstelcode",
}
FORMS = {"u": "u-vorm", "je": "je-vorm", "en": "Engels", "nl": "Nederlands"}
ROLES = {"agent": "Medewerker", "admin": "Beheerder", "management": "Management"}
CHANGES = {"name": "naam", "active": "geactiveerd", "blocked": "geblokkeerd"}
EDIT_KINDS = {
    edits.TEXT: "tekst",
    edits.MAIL: "mailtekst",
    edits.OFFICE: "openingstijden",
    edits.CLOSURE: "sluitingsdag",
    edits.KEYWORDS: "trefwoorden",
    edits.CADENCE: "updateritme",
    edits.BUTTON: "knop",
    edits.FACT: "gegeven",
}
CHANNELS = {"email": "e-mail", "whatsapp": "WhatsApp", "one-click": "met één klik"}
FIXED = {
    ("reply", "by e-mail"): "per e-mail",
    ("reply", "e-mail failed"): "per e-mail, maar de e-mail is niet verstuurd",
    ("export", "readable"): "leesbaar document",
    ("view", "messages"): "berichten",
    ("password_reset", "e-mail link; all sessions ended"): (
        "via de link in de e-mail; overal uitgelogd"
    ),
}


def _request(session: Session, request_id: str) -> str:
    request = session.get(RegistrationRequest, int(request_id))
    if request is None:
        return "een verzoek dat niet meer bestaat"
    kind = KIND_TEXT.get(request.kind, "verzoek").lower()
    return f"{kind} voor {request.registration_number}"


def _session(session: Session, session_id: str) -> str:
    started = session.get(StaffSession, int(session_id))
    if started is None:
        return "een sessie"
    return f"sessie van {started.started_at.astimezone(OFFICE):%d-%m-%Y %H:%M}"


def _edit(session: Session, edit_id: str) -> str:
    earlier = session.get(edits.Edit, int(edit_id))
    if earlier is None:
        return "een eerdere versie"
    return f"de versie van {earlier.changed_at.astimezone(OFFICE):%d-%m-%Y %H:%M}"


def _staff_change(changes: str) -> str:
    words = []
    for change in changes.split(", "):
        role = re.fullmatch(r"role (\w+)->(\w+)", change)
        if role:
            words.append(f"rol {ROLES.get(role[1], role[1])} → {ROLES.get(role[2], role[2])}")
        else:
            words.append(
                CHANGES.get(change, "niets gewijzigd" if change == "unchanged" else change)
            )
    return ", ".join(words)


def _forms(forms: str) -> str:
    return ", ".join(FORMS.get(form, form) for form in forms.split(", "))


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}-{month}-{year}"


Rule = tuple[str, str, Callable[[Session, re.Match[str]], str]]
# (actions, the recorded detail, its words); the first rule that matches is used
RULES: list[Rule] = [
    (
        "request_unassign",
        r"request (\d+) from (\S+)",
        lambda s, m: f"{_request(s, m[1])}, was bij {m[2]}",
    ),
    (
        "request_chat_view request_claim request_note request_resolved request_rejected",
        r"request (\d+)",
        lambda s, m: _request(s, m[1]),
    ),
    (
        "assign",
        r"to (\S+)(?: from (\S+))?",
        lambda s, m: f"aan {m[1]}" + (f", was bij {m[2]}" if m[2] else ""),
    ),
    ("claim release unassign", r"from (\S+)", lambda s, m: f"was bij {m[1]}"),
    ("login", r"(\w+)", lambda s, m: LOGIN.get(m[1], m[1])),
    ("session_end", r"session (\d+)", lambda s, m: _session(s, m[1])),
    ("sessions_end", r"(\S+): (\d+)", lambda s, m: f"{m[1]}: {m[2]} sessie(s) beëindigd"),
    ("second_factor_reset", r"(\S+@\S+)", lambda s, m: f"van {m[1]}"),
    ("requests_export", r"(\d+) requests", lambda s, m: f"{m[1]} verzoeken"),
    ("history_search", r"(\d+) results", lambda s, m: f"{m[1]} gevonden"),
    ("staff_change", r"(\S+): (.*)", lambda s, m: f"{m[1]}: {_staff_change(m[2])}"),
    (
        "nlu_label",
        r"(\w+)",
        lambda s, m: INTENT_WORDS[m[1]].label if m[1] in INTENT_WORDS else m[1],
    ),
    (
        "edit_text edit_button edit_fact edit_mail",
        r"(\S+): (.*)",
        lambda s, m: f"{m[1]}: {_forms(m[2])}",
    ),
    (
        "edit_revert",
        r"(\w+) (\S+) to #(\d+)",
        lambda s, m: f"{EDIT_KINDS.get(m[1], m[1])} {m[2]} terug naar {_edit(s, m[3])}",
    ),
    (
        "edit_closure_add edit_closure_remove",
        r"(\d{4}-\d\d-\d\d)(.*)",
        lambda s, m: _day(m[1]) + m[2],
    ),
    ("edit_cadence", r"(\d+)", lambda s, m: f"elke {m[1]} maanden"),
    (
        "feedback_export",
        r"(\S+)\.\.(\S+): (\d+)",
        lambda s, m: f"{_day(m[1])} t/m {_day(m[2])}: {m[3]} reacties",
    ),
    ("dashboard_export", r"(\S+)\.\.(\S+)", lambda s, m: f"{_day(m[1])} t/m {_day(m[2])}"),
    (
        "updates_opt_out",
        r"(\S+) ([\w -]+)",
        lambda s, m: " ".join([m[1], *(CHANNELS.get(w, w) for w in m[2].split(" "))]),
    ),
    (
        "updates_consent",
        r"(\S+) (\w+): (.*)",
        lambda s, m: f"{m[1]} {CHANNELS.get(m[2], m[2])}: {m[3]}",
    ),
]


def readable(session: Session, action: str, detail: str) -> str:
    """The detail in Dutch for the audit page; as recorded when no rule knows it."""
    if (action, detail) in FIXED:
        return FIXED[(action, detail)]
    for actions, pattern, words in RULES:
        match = re.fullmatch(pattern, detail) if action in actions.split() else None
        if match:
            return words(session, match)
    return detail
