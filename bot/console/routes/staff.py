"""Staff accounts: who is logged in, the colleagues to assign to, and (admins) managing them."""

from fastapi import APIRouter, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console.dependencies import Audit, Auditor
from bot.console.schemas import Id, NewStaff, StaffChange, StaffMember, errors
from bot.console.security import DB, Admin, Now, Staff
from bot.handoff import queue
from bot.parent_requests import work
from bot.staff import accounts, second_factor, sessions
from bot.staff.models import ADMIN, WORKERS, StaffAccount

router = APIRouter(tags=["staff"])


def staff_member(account: StaffAccount) -> StaffMember:
    return StaffMember(
        id=account.id,
        email=account.email,
        name=account.name,
        role=account.role,
        active=account.active,
        second_factor=second_factor.enabled(account),
    )


@router.get("/me", response_model=StaffMember)
def me(staff: Staff) -> StaffMember:
    return staff_member(staff)


@router.get("/staff", response_model=list[StaffMember])
def list_staff(staff: Staff, session: DB) -> list[StaffMember]:
    """Everyone may list colleagues (to assign); only admins change accounts."""
    return [
        staff_member(a) for a in session.scalars(select(StaffAccount).order_by(StaffAccount.email))
    ]


NO_NAME = "enter a name: parents read it in the chat"


@router.post("/staff", status_code=201, response_model=StaffMember)
def add_staff(body: NewStaff, staff: Admin, session: DB, now: Now, audit: Audit) -> StaffMember:
    if not body.name.strip():  # the name parents are greeted with: never the e-mail's
        raise HTTPException(422, NO_NAME)
    account = accounts.create_account(
        session=session,
        email=body.email,
        password=body.password,
        role=body.role,
        name=body.name.strip(),
        now=now,
    )
    audit("staff_add", detail=account.email)
    return staff_member(account)


@router.patch("/staff/{staff_id}", response_model=StaffMember, responses=errors(404, 409))
def change_staff(
    staff_id: Id, body: StaffChange, staff: Admin, session: DB, now: Now, audit: Audit
) -> StaffMember:
    account = session.get(StaffAccount, staff_id)
    if account is None:
        raise HTTPException(404, "no such account")
    if account.id == staff.id and (body.active is False or body.role not in (None, ADMIN)):
        # so the console always keeps an active admin: the last one cannot leave
        raise HTTPException(
            409, "you cannot lock yourself out of the admin pages; another admin can do this"
        )
    if body.name is not None and not body.name.strip():
        raise HTTPException(422, NO_NAME)
    changes = []
    if body.active is not None and body.active != account.active:
        account.active = body.active
        changes.append("active" if body.active else "blocked")
    if body.role is not None and body.role != account.role:
        changes.append(f"role {account.role}->{body.role}")
        account.role = body.role
    if body.name is not None and body.name.strip() != account.name:
        account.name = body.name.strip()
        changes.append("name")
    audit("staff_change", detail=f"{account.email}: {', '.join(changes) or 'unchanged'}")
    if not account.active:  # blocked: signed out everywhere at once
        sessions.end_all(session=session, staff_id=account.id, now=now)
    if not account.active or account.role not in WORKERS:
        release_work(session, account, audit)
    return staff_member(account)


def release_work(session: Session, account: StaffAccount, audit: Auditor) -> None:
    """An account that can no longer work on conversations and requests gives back what it
    holds, unassigned and audited, so that nothing waits for nobody."""
    for handoff in queue.return_to_queue(session=session, staff_id=account.id):
        audit("unassign", handoff, detail=f"from {account.email}")
    for request in work.return_to_list(session=session, staff_id=account.id):
        audit("request_unassign", detail=f"request {request.id} from {account.email}")
