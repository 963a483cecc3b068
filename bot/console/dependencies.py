"""Dependencies of the API routes: Rasa's client, the handoff a route is about, and the
audit recorder bound to the staff member, their IP address and the request's moment."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from bot.console import audit
from bot.console.models import AuditEntry
from bot.console.rasa_api import RasaClient
from bot.console.schemas import Id
from bot.console.security import DB, Now, Staff, client_ip
from bot.handoff.models import ACTIVE, Handoff
from bot.staff.models import StaffAccount


def rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


Rasa = Annotated[RasaClient, Depends(rasa)]


def address_form(request: Request) -> str:
    return request.app.state.settings.address_form


AddressForm = Annotated[str, Depends(address_form)]


def handoff_by_id(handoff_id: Id, session: DB) -> Handoff:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise HTTPException(404, "no such conversation")
    return handoff


HandoffById = Annotated[Handoff, Depends(handoff_by_id)]


def owned_handoff(handoff: HandoffById, staff: Staff) -> Handoff:
    """The handoff, if the staff member has claimed it (to reply or hand back); else 409."""
    if handoff.status != ACTIVE or handoff.assigned_to_id != staff.id:
        raise HTTPException(409, "claim the conversation before you reply or hand it back")
    return handoff


OwnedHandoff = Annotated[Handoff, Depends(owned_handoff)]


@dataclass(frozen=True)
class Desk:
    """What a route needs to act in a conversation through Rasa: the database, Rasa's
    client, the form of address for the bot's own words, and the request's moment."""

    session: Session
    rasa: RasaClient
    form: str
    now: datetime


def desk(session: DB, rasa: Rasa, form: AddressForm, now: Now) -> Desk:
    return Desk(session=session, rasa=rasa, form=form, now=now)


Desks = Annotated[Desk, Depends(desk)]


@dataclass(frozen=True)
class Auditor:
    """Records what the logged-in staff member does, from where, at the request's moment."""

    session: Session
    staff: StaffAccount
    ip: str
    now: datetime

    def __call__(self, action: str, handoff: Handoff | None = None, detail: str = "") -> AuditEntry:
        return audit.record(
            session=self.session,
            staff=self.staff,
            action=action,
            ip=self.ip,
            now=self.now,
            handoff_id=handoff.id if handoff else None,
            detail=detail,
        )


def auditor(request: Request, staff: Staff, session: DB, now: Now) -> Auditor:
    return Auditor(session=session, staff=staff, ip=client_ip(request), now=now)


Audit = Annotated[Auditor, Depends(auditor)]
