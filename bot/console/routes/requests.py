"""Parents' requests as work: the list with its filters (also for management), claiming,
the internal note, closing with a message to the parent, and the CSV for the planners."""

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from bot.console.dependencies import AppSettings, Audit, Rasa
from bot.console.rasa_api import RasaClient, RasaError, bot_message
from bot.console.request_context import chat_part, request_context
from bot.console.schemas import (
    CloseRequest,
    Id,
    RequestChat,
    RequestNote,
    RequestOffer,
    RequestRow,
    download,
    errors,
)
from bot.console.security import DB, Now, Reader, Staff
from bot.handoff.queue import utc
from bot.parent_requests import deadline, offers, planning, work
from bot.parent_requests.models import RegistrationRequest
from bot.settings import Settings
from bot.staff.models import StaffAccount
from bot.updates.preferences import chat_language

router = APIRouter(tags=["requests"])
# a conversation counts as open this long after its last event (Rasa's session expiry)
CHAT_OPEN_MINUTES = 60


def request_filter(
    kind: Annotated[
        str | None, Query(pattern="^(change|cancel|accept_offer|decline_offer)$")
    ] = None,
    status: Annotated[
        str | None, Query(pattern="^(open|claimed|resolved|rejected|withdrawn|unfinished|all)$")
    ] = "unfinished",
    location: Annotated[str | None, Query(max_length=200)] = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    older_than_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    number: Annotated[str | None, Query(max_length=32)] = None,
) -> work.RequestFilter:
    return work.RequestFilter(
        kind=kind,
        status=None if status in (None, "", "all") else status,
        location=location or None,
        channel=channel or None,
        older_than_days=older_than_days,
        number=number or None,
    )


Filter = Annotated[work.RequestFilter, Depends(request_filter)]


def row(session: DB, request: RegistrationRequest, now: datetime, settings: Settings) -> RequestRow:
    staff = session.get(StaffAccount, request.assigned_to_id) if request.assigned_to_id else None
    unfinished = request.status in work.UNFINISHED
    return RequestRow(
        id=request.id,
        registration_number=request.registration_number,
        kind=request.kind,
        kind_text=offers.KIND_TEXT[request.kind],
        details=request.details,
        channel=request.channel,
        status=request.status,
        created_at=utc(request.created_at).isoformat(),
        age_days=(now - utc(request.created_at)).days,
        due_on=deadline.due_on(request.created_at, settings).isoformat(),
        overdue=unfinished and deadline.overdue(request.created_at, settings, now),
        confirmed=request.confirmed_at is not None,
        weekdays=request.weekdays,
        location_codes=request.location_codes,
        start_date=request.start_date.isoformat() if request.start_date else None,
        birth_date=request.birth_date.isoformat() if request.birth_date else None,
        assigned_to=staff.name if staff else None,
        assigned_to_id=request.assigned_to_id,
        note=request.note,
        outcome=request.outcome,
        outcome_sent_by=request.outcome_sent_by,
        closed_at=utc(request.closed_at).isoformat() if request.closed_at else None,
        offer=offer_row(session, request),
        **request_context(session, request, now),
    )


def offer_row(session: DB, request: RegistrationRequest) -> RequestOffer | None:
    offer = offers.offer_of(session, request)
    if offer is None:
        return None
    found = offers.facts(offer)
    return RequestOffer(
        **asdict(found)
        | {"start_date": found.start_date.isoformat(), "respond_by": found.respond_by.isoformat()}
    )


def the_request(session: DB, request_id: int) -> RegistrationRequest:
    request = session.get(RegistrationRequest, request_id)
    if request is None:
        raise HTTPException(404, "no such request")
    return request


def chat_while_open(rasa: RasaClient, now: datetime) -> Callable[[str, str], bool]:
    """Posts into the conversation if it had an event in the last hour; else False (mail)."""

    def chat(sender_id: str, text: str) -> bool:
        try:
            latest = rasa.tracker(sender_id).get("latest_event_time")
            if not latest or now - datetime.fromtimestamp(latest, now.tzinfo) > timedelta(
                minutes=CHAT_OPEN_MINUTES
            ):
                return False
            rasa.append(sender_id, [bot_message(text)], send=True)
        except RasaError:
            return False  # not in Rasa (any more), or Rasa unreachable: the mail goes
        return True

    return chat


@router.get("/requests", response_model=list[RequestRow])
def list_requests(
    reader: Reader, session: DB, now: Now, audit: Audit, wanted: Filter, settings: AppSettings
) -> list[RequestRow]:
    """Parents' requests: those past the day we promised to answer by first, then oldest
    first; one audit entry per login (they name families)."""
    audit.once("requests_view")
    found = [
        row(session, r, now, settings) for r in work.find(session=session, wanted=wanted, now=now)
    ]
    return sorted(found, key=lambda listed: not listed.overdue)


@router.get(
    "/requests/export.csv",
    response_class=Response,
    responses=download("text/csv", "CSV for the planning system"),
)
def export_requests(staff: Staff, session: DB, now: Now, audit: Audit, wanted: Filter) -> Response:
    """The filtered requests as CSV in the import's vocabulary, for the planners."""
    found = work.find(session=session, wanted=wanted, now=now)
    audit("requests_export", detail=f"{len(found)} requests")
    return Response(
        planning.export_csv(session, found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="verzoeken.csv"'},
    )


@router.get("/requests/{request_id}", response_model=RequestRow, responses=errors(404))
def one_request(
    request_id: Id, reader: Reader, session: DB, now: Now, audit: Audit, settings: AppSettings
) -> RequestRow:
    """One request, with the offer it answers if any (declared after the export, whose
    path it would also match)."""
    audit.once("requests_view")
    return row(session, the_request(session, request_id), now, settings)


@router.get("/requests/{request_id}/chat", response_model=RequestChat, responses=errors(404, 502))
def request_chat(
    request_id: Id, staff: Staff, session: DB, rasa: Rasa, audit: Audit
) -> RequestChat:
    """The conversation the request came from: the messages of the session it was made in
    (the parent's reason often stands there). Audited: it is a family's conversation."""
    request = the_request(session, request_id)
    if not request.sender_id:
        raise HTTPException(404, "Dit verzoek kwam niet uit een chat.")
    messages = chat_part(rasa.tracker(request.sender_id).get("events") or [], request)
    audit("request_chat_view", detail=f"request {request.id}")
    return RequestChat(messages=messages)


@router.post("/requests/{request_id}/claim", response_model=RequestRow, responses=errors(404, 409))
def claim(
    request_id: Id, staff: Staff, session: DB, now: Now, audit: Audit, settings: AppSettings
) -> RequestRow:
    request = the_request(session, request_id)
    work.claim(request=request, staff_id=staff.id)
    audit("request_claim", detail=f"request {request.id}")
    return row(session, request, now, settings)


@router.put("/requests/{request_id}/note", response_model=RequestRow, responses=errors(404, 409))
def set_note(
    request_id: Id,
    body: RequestNote,
    staff: Staff,
    session: DB,
    now: Now,
    audit: Audit,
    settings: AppSettings,
) -> RequestRow:
    request = the_request(session, request_id)
    work.set_note(request=request, text=body.text, staff_id=staff.id)
    audit("request_note", detail=f"request {request.id}")
    return row(session, request, now, settings)


@router.post("/requests/{request_id}/close", response_model=RequestRow, responses=errors(404, 409))
def close(
    request_id: Id,
    body: CloseRequest,
    staff: Staff,
    session: DB,
    now: Now,
    audit: Audit,
    rasa: Rasa,
    settings: AppSettings,
) -> RequestRow:
    """Resolve or reject; the message reaches the parent in the chat while it is open,
    otherwise by e-mail (a failing mail server: 502, and the request stays open)."""
    item = the_request(session, request_id)
    work.close(
        session=session,
        request=item,
        staff_id=staff.id,
        outcome=body.outcome,
        message=body.message,
        now=now,
        chat=chat_while_open(rasa, now),
        settings=settings,
        spoken=chat_language(session=session, number=item.registration_number),
    )
    audit(f"request_{body.outcome}", detail=f"request {item.id}")
    return row(session, item, now, settings)
