"""Dependencies of the API routes: Rasa's client, the handoff a route is about, and the
audit recorder bound to the staff member, their IP address and the request's moment."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.console.rasa_api import RasaClient
from bot.console.schemas import Id
from bot.console.security import DB, ApiLogin, Now, Staff, client_ip
from bot.console.watchers import Watchers
from bot.db.session import pooled_engine
from bot.db.tracker_store import app_driver_url
from bot.handoff.models import ACTIVE, CLOSED, Handoff
from bot.reporting.sources import Conversations, EventTableSource, TrackerStoreSource
from bot.settings import Settings
from bot.staff import audit
from bot.staff.models import ADMIN, AuditEntry, StaffAccount


def rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


Rasa = Annotated[RasaClient, Depends(rasa)]


def watchers(request: Request) -> Watchers:
    return request.app.state.watchers


Viewers = Annotated[Watchers, Depends(watchers)]


def app_settings(request: Request) -> Settings:
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(app_settings)]


def address_form(request: Request) -> str:
    return request.app.state.settings.address_form


AddressForm = Annotated[str, Depends(address_form)]


def handoff_by_id(handoff_id: Id, session: DB) -> Handoff:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise HTTPException(404, "no such conversation")
    return handoff


HandoffById = Annotated[Handoff, Depends(handoff_by_id)]


def may_read(staff: StaffAccount, handoff: Handoff) -> bool:
    """Agents read open handoffs (waiting, active: anyone's, to help or take over) and
    those assigned to them; a closed handoff of someone else only admins."""
    return staff.role == ADMIN or handoff.status != CLOSED or handoff.assigned_to_id == staff.id


def readable_handoff(handoff: HandoffById, staff: Staff) -> Handoff:
    """The handoff, if the staff member's role lets them read its transcript; else 403."""
    if not may_read(staff, handoff):
        raise HTTPException(403, "only admins read closed conversations of colleagues")
    return handoff


ReadableHandoff = Annotated[Handoff, Depends(readable_handoff)]


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
    """Records what the logged-in staff member does, from where, at the request's moment.

    `once` records a read only if this login session has not recorded it yet: what the
    console polls (the queue, an open conversation's messages) is one entry per staff
    member, conversation and login, not one per poll."""

    session: Session
    staff: StaffAccount
    ip: str
    now: datetime
    login_started: datetime

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

    def once(
        self, action: str, handoff: Handoff | None = None, detail: str = ""
    ) -> AuditEntry | None:
        """Record `action` unless this login already has it for this handoff (a `view`
        covers a poll of the same conversation's messages)."""
        if audit.recorded_since(
            session=self.session,
            staff=self.staff,
            action=action,
            handoff_id=handoff.id if handoff else None,
            since=self.login_started,
        ):
            return None
        return self(action, handoff, detail)


def auditor(request: Request, login: ApiLogin, session: DB, now: Now) -> Auditor:
    return Auditor(
        session=session,
        staff=login.account,
        ip=client_ip(request),
        now=now,
        login_started=login.session.started_at,
    )


Audit = Annotated[Auditor, Depends(auditor)]


def tracker_store(request: Request) -> Engine:
    """Rasa's stored conversations, read directly (the dashboard, a family's data): one
    engine for the app's life, made on first use."""
    state = request.app.state
    if getattr(state, "tracker_engine", None) is None:
        url = state.settings.resolved_tracker_store_url
        state.tracker_engine = pooled_engine(app_driver_url(url))
    return state.tracker_engine


TrackerStore = Annotated[Engine, Depends(tracker_store)]


def conversations(request: Request, session: DB) -> Conversations:
    """Where the dashboard reads the parents' messages: with an event broker
    (EVENT_BROKER_URL) the consumer's table, so reporting never reads the tracker store
    Rasa writes under load; without one (the embedded default) the tracker store."""
    if request.app.state.settings.event_broker_url:
        return EventTableSource(session)
    return TrackerStoreSource(tracker_store(request))


ConversationSource = Annotated[Conversations, Depends(conversations)]
