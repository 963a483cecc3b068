"""The console's JSON API (/api/…): what its pages use, described by OpenAPI at /openapi.json."""

import json
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console import accounts, audit, conversations
from bot.console.models import CannedReply, StaffAccount
from bot.console.rasa_api import ConversationNotFound, RasaClient, RasaError
from bot.console.security import DB, Admin, Staff, client_ip
from bot.handoff import queue
from bot.handoff.models import ACTIVE, Handoff

router = APIRouter(prefix="/api")
MAX_ID = 2**31 - 1  # the databases' INTEGER range
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class Text(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class HandBack(BaseModel):
    message: str = Field(default="", max_length=4000)


class Assign(BaseModel):
    staff_id: int = Field(ge=1, le=MAX_ID)


class NewStaff(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    name: str = Field(default="", max_length=100)
    password: str = Field(min_length=accounts.MIN_PASSWORD_LENGTH, max_length=200)
    role: Literal["agent", "admin"]


class StaffChange(BaseModel):
    active: bool | None = None
    role: Literal["agent", "admin"] | None = None


class NewCannedReply(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=4000)


def now() -> datetime:
    return datetime.now(timezone.utc)


def rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


def address_form(request: Request) -> str:
    return request.app.state.settings.address_form


def get_handoff(session: Session, handoff_id: int) -> Handoff:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise HTTPException(404, "no such conversation")
    return handoff


def staff_json(account: StaffAccount) -> dict[str, Any]:
    return {
        "id": account.id,
        "email": account.email,
        "name": account.name,
        "role": account.role,
        "active": account.active,
    }


NOT_IN_RASA = "gesprek niet gevonden: Rasa heeft dit gesprek niet (meer)"


def rasa_failed(error: RasaError) -> HTTPException:
    if isinstance(error, ConversationNotFound):
        return HTTPException(404, NOT_IN_RASA)
    return HTTPException(502, str(error))


@router.get("/me")
def me(staff: Staff) -> dict[str, Any]:
    return staff_json(staff)


@router.get("/queue")
def get_queue(staff: Staff, session: DB) -> list[dict[str, Any]]:
    moment = now()
    return [conversations.queue_row(session, h, moment) for h in queue.open_queue(session=session)]


@router.get("/conversations/{handoff_id}")
def get_conversation(
    handoff_id: Id,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, Any]:
    """The conversation with its context panel; recorded in the audit log as a view."""
    handoff = get_handoff(session, handoff_id)
    try:
        result = conversations.detail(session, rasa(request), handoff, now(), date.today())
    except RasaError as error:
        raise rasa_failed(error) from error
    audit.record(
        session=session,
        staff=staff,
        action="view",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
    )
    return result


@router.get("/conversations/{handoff_id}/messages")
def get_messages(
    handoff_id: Id,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, Any]:
    """Live feed for an open conversation view (polled; its opening was audited)."""
    handoff = get_handoff(session, handoff_id)
    try:
        messages, paused = conversations.live_messages(rasa(request), handoff)
    except RasaError as error:
        raise rasa_failed(error) from error
    return {
        "status": handoff.status,
        "assigned_to": conversations.staff_name(session, handoff.assigned_to_id),
        "assigned_to_id": handoff.assigned_to_id,
        "paused": paused,
        "messages": messages,
        "satisfaction": handoff.satisfaction,
    }


@router.post("/conversations/{handoff_id}/claim")
def claim(
    handoff_id: Id,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, Any]:
    handoff = get_handoff(session, handoff_id)
    try:
        conversations.take_over(
            session, rasa(request), handoff, staff, now(), address_form(request)
        )
    except queue.HandoffError as error:
        raise HTTPException(409, str(error)) from error
    except RasaError as error:
        raise rasa_failed(error) from error
    audit.record(
        session=session,
        staff=staff,
        action="claim",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
    )
    return conversations.queue_row(session, handoff, now())


@router.post("/conversations/{handoff_id}/assign")
def assign(
    handoff_id: Id,
    body: Assign,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, Any]:
    handoff = get_handoff(session, handoff_id)
    colleague = session.get(StaffAccount, body.staff_id)
    if colleague is None or not colleague.active:
        raise HTTPException(422, "no active colleague with that id")
    try:
        conversations.take_over(
            session, rasa(request), handoff, colleague, now(), address_form(request)
        )
    except queue.HandoffError as error:
        raise HTTPException(409, str(error)) from error
    except RasaError as error:
        raise rasa_failed(error) from error
    audit.record(
        session=session,
        staff=staff,
        action="assign",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
        detail=f"to {colleague.email}",
    )
    return conversations.queue_row(session, handoff, now())


def owned(handoff: Handoff, staff: StaffAccount) -> None:
    if handoff.status != ACTIVE or handoff.assigned_to_id != staff.id:
        raise HTTPException(409, "claim the conversation before you reply or hand it back")


@router.post("/conversations/{handoff_id}/reply")
def post_reply(
    handoff_id: Id,
    body: Text,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, str]:
    handoff = get_handoff(session, handoff_id)
    owned(handoff, staff)
    try:
        conversations.reply(rasa(request), handoff, body.text)
    except RasaError as error:
        raise rasa_failed(error) from error
    audit.record(
        session=session,
        staff=staff,
        action="reply",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
    )
    return {"status": "sent"}


@router.post("/conversations/{handoff_id}/notes")
def post_note(
    handoff_id: Id,
    body: Text,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, Any]:
    handoff = get_handoff(session, handoff_id)
    note = queue.add_note(
        session=session, handoff=handoff, author_id=staff.id, text=body.text, now=now()
    )
    audit.record(
        session=session,
        staff=staff,
        action="note",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
    )
    return {"id": note.id}


@router.post("/conversations/{handoff_id}/handback")
def hand_back(
    handoff_id: Id,
    body: HandBack,
    request: Request,
    staff: Staff,
    session: DB,
) -> dict[str, str]:
    handoff = get_handoff(session, handoff_id)
    owned(handoff, staff)
    try:
        conversations.hand_back(
            session, rasa(request), handoff, body.message, now(), address_form(request)
        )
    except RasaError as error:
        raise rasa_failed(error) from error
    audit.record(
        session=session,
        staff=staff,
        action="handback",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
    )
    return {"status": "closed"}


@router.get("/conversations/{handoff_id}/export")
def export(
    handoff_id: Id,
    request: Request,
    staff: Staff,
    session: DB,
) -> Response:
    """The conversation and its context as a JSON download; audited as an export."""
    handoff = get_handoff(session, handoff_id)
    try:
        result = conversations.detail(session, rasa(request), handoff, now(), date.today())
    except RasaError as error:
        raise rasa_failed(error) from error
    audit.record(
        session=session,
        staff=staff,
        action="export",
        ip=client_ip(request),
        now=now(),
        handoff_id=handoff.id,
    )
    return Response(
        json.dumps(result, ensure_ascii=False, indent=2, default=str),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="gesprek-{handoff.id}.json"'},
    )


@router.get("/canned-replies")
def list_canned(staff: Staff, session: DB) -> list[dict[str, Any]]:
    rows = session.scalars(select(CannedReply).order_by(CannedReply.title, CannedReply.id))
    return [{"id": r.id, "title": r.title, "text": r.text} for r in rows]


@router.post("/canned-replies", status_code=201)
def add_canned(
    body: NewCannedReply,
    request: Request,
    staff: Admin,
    session: DB,
) -> dict[str, Any]:
    reply = CannedReply(title=body.title, text=body.text)
    session.add(reply)
    session.flush()
    audit.record(
        session=session,
        staff=staff,
        action="canned_add",
        ip=client_ip(request),
        now=now(),
        detail=body.title,
    )
    return {"id": reply.id, "title": reply.title, "text": reply.text}


@router.delete("/canned-replies/{reply_id}", status_code=204)
def delete_canned(
    reply_id: Id,
    request: Request,
    staff: Admin,
    session: DB,
) -> Response:
    reply = session.get(CannedReply, reply_id)
    if reply is None:
        raise HTTPException(404, "no such canned reply")
    session.delete(reply)
    audit.record(
        session=session,
        staff=staff,
        action="canned_delete",
        ip=client_ip(request),
        now=now(),
        detail=reply.title,
    )
    return Response(status_code=204)


@router.get("/staff")
def list_staff(staff: Staff, session: DB) -> list[dict[str, Any]]:
    """Everyone may list colleagues (to assign); only admins change accounts."""
    return [
        staff_json(a) for a in session.scalars(select(StaffAccount).order_by(StaffAccount.email))
    ]


@router.post("/staff", status_code=201)
def add_staff(
    body: NewStaff,
    request: Request,
    staff: Admin,
    session: DB,
) -> dict[str, Any]:
    try:
        account = accounts.create_account(
            session=session,
            email=body.email,
            password=body.password,
            role=body.role,
            name=body.name,
            now=now(),
        )
    except accounts.AccountError as error:
        raise HTTPException(422, str(error)) from error
    audit.record(
        session=session,
        staff=staff,
        action="staff_add",
        ip=client_ip(request),
        now=now(),
        detail=account.email,
    )
    return staff_json(account)


@router.patch("/staff/{staff_id}")
def change_staff(
    staff_id: Id,
    body: StaffChange,
    request: Request,
    staff: Admin,
    session: DB,
) -> dict[str, Any]:
    account = session.get(StaffAccount, staff_id)
    if account is None:
        raise HTTPException(404, "no such account")
    if account.id == staff.id and (body.active is False or body.role == "agent"):
        raise HTTPException(409, "you cannot lock yourself out of the admin pages")
    if body.active is not None:
        account.active = body.active
    if body.role is not None:
        account.role = body.role
    audit.record(
        session=session,
        staff=staff,
        action="staff_change",
        ip=client_ip(request),
        now=now(),
        detail=account.email,
    )
    return staff_json(account)


@router.get("/audit")
def list_audit(
    staff: Admin,
    session: DB,
    handoff_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "at": queue.utc(e.at).isoformat(),
            "staff": e.staff_email,
            "action": e.action,
            "handoff_id": e.handoff_id,
            "ip": e.ip,
            "detail": e.detail,
        }
        for e in audit.recent(session=session, handoff_id=handoff_id)
    ]
