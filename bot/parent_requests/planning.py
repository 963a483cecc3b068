"""Requests to and from the planning system: a CSV a planner applies (in the import's own
vocabulary), and closing what the next import shows as done."""

import csv
import io
import re
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.offers import DECISION, OFFER_KINDS, offer_of
from bot.parent_requests.work import RESOLVED, UNFINISHED, close, parent_form
from bot.settings import Settings
from bot.waitlist.offers import STATUS_AFTER
from bot.waitlist.queries import find_registration

COLUMNS = (
    "request_id",
    "registration_number",
    "kind",
    "status",
    "weekdays",
    "location_codes",
    "desired_start_date",
    "parent_words",
    "created_at",
    # an answer to an offer: the offer's key and the outcome for offers.csv
    "offer_id",
    "outcome",
    # a reported birth: the date staff confirm
    "child_birth_date",
)


def export_csv(session: Session, requests: Iterable[RegistrationRequest]) -> str:
    """One row per request; `status` is the registration status a cancellation or an answer
    to an offer leads to, the other columns what a change names (empty: not named, keep as
    it is); an answer to an offer names the offer by its key (`offer_id`) and its
    `outcome` (accepted, declined), as offers.csv spells them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for request in requests:
        offer = offer_of(session, request) if request.kind in OFFER_KINDS else None
        outcome = DECISION.get(request.kind, "")
        row = (
            request.id,
            request.registration_number,
            request.kind,
            "withdrawn" if request.kind == "cancel" else STATUS_AFTER.get(outcome, ""),
            request.weekdays,
            request.location_codes,
            request.start_date.isoformat() if request.start_date else "",
            request.details,
            request.created_at.date().isoformat(),
            (offer.offer_key or "") if offer else "",
            outcome,
            request.birth_date.isoformat() if request.birth_date else "",
        )
        writer.writerow(safe_cell(cell) if isinstance(cell, str) else cell for cell in row)
    return out.getvalue()


# a formula can start a cell, or any piece of it that a spreadsheet splits off with its
# own list separator (`;` in Dutch spreadsheets, `,` or `|` elsewhere; a tab)
_FORMULA_START = re.compile(r"(^|[,;|])(\s*)(?=[=+\-@])")


def safe_cell(text: str) -> str:
    """No formula a spreadsheet would run, whatever separator it reads the file with (a
    `'` before each piece that starts like one), and no line breaks or tabs in a cell."""
    return _FORMULA_START.sub(r"\1\2'", " ".join(text.split()))


def close_reflected(
    *,
    session: Session,
    now: datetime,
    chat: Callable[[str, str], bool],
    settings: Settings,
    language_of: Callable[[str], str | None],
) -> list[RegistrationRequest]:
    """After an import: resolve the unfinished requests the registrations now reflect, each
    told in the language its parent chats in (`language_of(registration number)`)."""
    unfinished = session.scalars(
        select(RegistrationRequest).where(RegistrationRequest.status.in_(UNFINISHED))
    )
    done = [request for request in unfinished if reflected(session, request)]
    for request in done:
        spoken = language_of(request.registration_number)
        form = parent_form(spoken, settings)  # the parent's, not always "u"
        close(
            session=session,
            request=request,
            staff_id=None,
            outcome=RESOLVED,
            message=texts.say("request_done_by_import", form),
            now=now,
            chat=chat,
            settings=settings,
            spoken=spoken,
        )
    return done


def reflected(session: Session, request: RegistrationRequest) -> bool:
    """A cancellation when the registration is withdrawn; an answer to an offer when the
    offer has that outcome (accepted, declined); a birth when the import brought that
    birth date; a change when it names something and the registration has all of it (the
    days, the locations, the start date)."""
    if request.kind in OFFER_KINDS:
        offer = offer_of(session, request)
        return offer is not None and offer.outcome == DECISION[request.kind]
    registration = find_registration(session=session, number=request.registration_number)
    if registration is None:
        return False
    if request.kind == "cancel":
        return registration.status == "withdrawn"
    if request.birth_date is not None:
        child = registration.child
        return not child.expected and child.birth_date == request.birth_date
    named = (request.weekdays, request.location_codes, request.start_date)
    if not any(named):
        return False  # only a person can tell whether free words were carried out
    days = set(registration.weekdays.split("|"))
    codes = {p.location.location_code for p in registration.preferences}
    return (
        set(filter(None, request.weekdays.split("|"))) <= days
        and set(filter(None, request.location_codes.split("|"))) <= codes
        and (request.start_date is None or request.start_date == registration.desired_start_date)
    )
