"""A family's data as a document to read or print (AVG access request): the registration in
words, the conversations as a transcript, the mails, and the other records as tables with
Dutch headings. The JSON download (routes/families.py) stays the complete, exact copy."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from bot.console.dependencies import Audit, TrackerStore
from bot.console.pages import render
from bot.console.registration import registration_panel
from bot.console.security import DB, Now, PageAdmin
from bot.handoff.context import transcript
from bot.privacy.family import export, find_family
from bot.shared import clock

router = APIRouter(include_in_schema=False)

# the export's sections and fields, as the document names them
SECTIONS = {
    "handoffs": "Doorverbonden gesprekken met een medewerker",
    "requests": "Verzoeken",
    "identity_checks": "Identiteitscontroles",
    "updates": "Verstuurde updates",
    "update_preferences": "Voorkeuren voor updates",
    "survey_answers": "Antwoorden op vragenlijsten",
    "audit": "Wat medewerkers met de gegevens deden",
}
FIELDS = {
    "at": "Moment",
    "created_at": "Aangemaakt",
    "closed_at": "Afgesloten",
    "sent_at": "Verstuurd",
    "replied_at": "Beantwoord",
    "registration_number": "Inschrijving",
    "number": "Inschrijving",
    "kind": "Soort",
    "status": "Status",
    "details": "Wat de ouder vroeg",
    "outcome": "Uitkomst",
    "channel": "Kanaal",
    "moment": "Moment",
    "reason": "Reden",
    "summary": "Samenvatting",
    "text": "Tekst",
    "ok": "Gelukt",
    "score": "Cijfer",
    "comment": "Opmerking",
    "action": "Handeling",
    "notes": "Notities",
}
WHO = {"parent": "Ouder", "bot": "Assistent", "staff": "Medewerker"}
HIDDEN = {"id", "sender_id", "conversation", "events"}  # internal keys, not for a reader


def words(value: Any) -> str:
    """A value as a reader reads it: dates in Dutch order, yes/no, lists joined."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return "; ".join(words(item) for item in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{FIELDS.get(k, k)}: {words(v)}" for k, v in value.items())
    return str(value)


def _records(rows: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    return [
        [
            (FIELDS.get(key, key.replace("_", " ")), words(value))
            for key, value in row.items()
            if key not in HIDDEN
        ]
        for row in rows
    ]


def _when(at: str | None) -> str:
    return datetime.fromisoformat(at).strftime("%d-%m-%Y %H:%M") if at else ""


def readable(session: Session, document: dict[str, Any], today: date) -> dict[str, Any]:
    """The export as the document shows it."""
    registrations = []
    for item in document["registrations"]:
        panel = registration_panel(session=session, number=item["number"], today=today)
        child = item.get("child") or {}
        facts = [(f["label"], f["text"]) for f in panel["facts"]]
        if child.get("birth_date"):
            facts.insert(1, ("Geboortedatum", words(child["birth_date"])))
        registrations.append({"number": item["number"], "facts": facts, "parents": item["parents"]})
    conversations = []
    for item in document["conversations"]:
        lines = [
            {"who": WHO.get(m["who"], m["who"]), "text": m["text"], "at": _when(m["at"])}
            for m in transcript(item["events"])
        ]
        if lines:
            conversations.append({"first": lines[0]["at"], "lines": lines})
    others = [
        {"title": title, "records": _records(document[key])}
        for key, title in SECTIONS.items()
        if document.get(key)
    ]
    return {
        "registrations": registrations,
        "conversations": conversations,
        "mails": document.get("mails", []),
        "others": others,
    }


@router.get("/admin/families/document", response_class=HTMLResponse)
def family_document(
    request: Request,
    staff: PageAdmin,
    session: DB,
    tracker: TrackerStore,
    audit: Audit,
    now: Now,
    number: Annotated[str | None, Query(max_length=32)] = None,
    email: Annotated[str | None, Query(max_length=255)] = None,
) -> Response:
    family = find_family(session=session, tracker=tracker, number=number, parent_email=email)
    outbox = request.app.state.settings.outbox_dir
    document = export(session=session, tracker=tracker, outbox=outbox, family=family)
    audit("family_export", detail=",".join(family.numbers) + " (document)")
    today = clock.day_of(now)
    return render(
        request,
        "family_document.html",
        staff=staff,
        numbers=family.numbers,
        made=today.strftime("%d-%m-%Y"),
        **readable(session, document, today),
    )
