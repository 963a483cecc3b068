"""The registration part of the context panel, in staff language: the child, the days and
locations in words, the open offer, the next step, the parents with their contact details
on file, and the estimate as the parent read it. Shown only for a verified parent (the
caller passes the verified registration number), with the requests head office has done
(bot/parent_requests/standing.py). The raw status as imported stays in the answer for the
panel's collapsed "technische details"."""

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.console.update_words import update_text
from bot.conversation import formats
from bot.conversation.explain import describe_estimate
from bot.parent_requests.standing import standing
from bot.updates.history import received
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.queries import find_registration
from bot.waitlist.status import RegistrationStatus, registration_status

CARE_TYPES = {
    "kdv": "kinderdagverblijf (KDV)",
    "bso": "buitenschoolse opvang (BSO)",
    "peuteropvang": "peuteropvang",
}
STATUSES = {
    "waiting": "staat op de wachtlijst",
    "passive": "passief: staat op pauze, de inschrijfdatum blijft bewaard",
    "offered": "heeft een plaatsingsaanbod",
    "placed": "geplaatst",
    "withdrawn": "ingetrokken",
}
NEXT_STEPS = {
    "waiting_for_offer": "wachten op een aanbod",
    "respond_to_offer": "de ouder reageert op het aanbod",
    "sign_contract": "de ouder tekent de plaatsingsovereenkomst",
    "reactivate": "de inschrijving weer aanzetten als de ouder dat wil",
    "none": "niets: er hoeft niets meer te gebeuren",
}

CATCHING_UP = (
    "een verzoek van de ouder is verwerkt, maar staat nog niet in de planning; "
    "de assistent rekent er al mee"
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def days(codes: list[str] | tuple[str, ...]) -> str:
    """ma|wo codes in words: "maandag en woensdag"."""
    return formats.weekday_list([code for code in codes if code]) or "geen dagen"


def facts(status: RegistrationStatus, today: date) -> list[dict[str, str]]:
    """The registration as staff read it: label and words, in order."""
    found = [
        ("Kind", status.child_first_name),
        ("Inschrijving", status.number),
        ("Opvang", CARE_TYPES.get(status.care_type, status.care_type)),
        ("Status", STATUSES.get(status.status, status.status)),
        ("Dagen", days(status.weekdays)),
        ("Locaties", formats.word_list(list(status.location_names)) or "geen"),
        ("Gewenste start", formats.full_date(status.desired_start_date)),
        ("Ingeschreven op", formats.full_date(status.registered_on)),
    ]
    offer = status.open_offer
    found.append(
        (
            "Aanbod",
            f"{offer.location_name}, {days(offer.weekdays)}, vanaf "
            f"{formats.full_date(offer.start_date)}; reageren uiterlijk "
            f"{formats.deadline_date(offer.respond_by, today)}"
            if offer
            else "geen open aanbod",
        )
    )
    if status.placed_at is not None:
        place = status.placed_at
        found.append(
            (
                "Plek",
                f"{formats.word_list(list(place.location_names), alternatives=True)}, "
                f"{days(place.weekdays)}, vanaf {formats.full_date(place.start_date)}",
            )
        )
    found.append(("Volgende stap", NEXT_STEPS.get(status.next_step, status.next_step)))
    return [{"label": label, "text": text} for label, text in found]


def line(status: RegistrationStatus) -> str:
    """One line for the heading: "Finn · KDV · di, wo, do · Kikkerland · start 1 oktober 2026"."""
    short_days = ", ".join(status.weekdays)
    care = {"kdv": "KDV", "bso": "BSO"}.get(status.care_type, status.care_type)
    places = ", ".join(status.location_names)
    return (
        f"{status.child_first_name} · {status.number} · {care} · {short_days} · {places} · "
        f"start {formats.full_date(status.desired_start_date)}"
    )


def parents_on_file(session: Session, number: str) -> list[dict[str, str | None]]:
    """The parents on file with their e-mail address and phone number (to call back)."""
    registration = find_registration(session=session, number=number)
    if registration is None:
        return []
    return [
        {"name": p.name, "email": p.email, "phone": p.phone} for p in registration.child.parents
    ]


def family_names(session: Session, number: str | None) -> dict[str, Any]:
    """The child's first name and the parents' names on file, for the queue, the heading and
    a canned reply's placeholders; empty without a (verified) registration number."""
    registration = find_registration(session=session, number=number) if number else None
    if registration is None:
        return {"child": None, "parents": []}
    return {
        "child": registration.child.first_name,
        "parents": [p.name for p in registration.child.parents],
    }


def registration_panel(
    *, session: Session, number: str, today: date, form: str = "u"
) -> dict[str, Any]:
    """{"status": {...} | None (raw), "facts", "line", "parents", "estimate": [the
    sentences the parent reads, in their variant `form`], "updates": [received, with its
    "text" in words]}."""
    imported = registration_status(session=session, number=number, today=today)
    status = standing(session=session, number=number, today=today)
    if imported is None or status is None:
        return {
            "status": None,
            "facts": [],
            "line": "",
            "parents": [],
            "estimate": [],
            "updates": [],
        }
    shown = facts(status, today)
    if status != imported:
        # what the bot tells the parent already, and the planners still have to import
        shown.append({"label": "Let op", "text": CATCHING_UP})
    estimate = describe_estimate(estimate_offer(session=session, number=number, today=today), form)
    return {
        "status": _plain(dataclasses.asdict(imported)),
        "facts": shown,
        "line": line(status),
        "parents": parents_on_file(session, number),
        "estimate": list(estimate),
        "updates": [
            {**u, "text": update_text(u)} for u in received(session=session, number=number)
        ],
    }
