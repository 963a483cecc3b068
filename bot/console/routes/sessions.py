"""Login sessions and second factors over the API: everyone lists and ends their own
sessions; admins end all of a colleague's, or reset a colleague's second factor."""

from fastapi import APIRouter, HTTPException

from bot.console.dependencies import Audit
from bot.console.schemas import Id, LoginSession, SessionsEnded, errors
from bot.console.security import DB, Admin, ApiLogin, Now
from bot.handoff.queue import utc
from bot.staff import second_factor, sessions
from bot.staff.models import StaffAccount

router = APIRouter(tags=["sessions"])


@router.get("/sessions", response_model=list[LoginSession])
def my_sessions(login: ApiLogin, session: DB, now: Now) -> list[LoginSession]:
    """The staff member's open sessions, this one marked `current`."""
    return [
        LoginSession(
            id=s.id,
            started_at=utc(s.started_at).isoformat(),
            last_seen_at=utc(s.last_seen_at or s.started_at).isoformat(),
            user_agent=s.user_agent,
            ip=sessions.shortened_ip(s.ip),
            current=s.id == login.session.id,
        )
        for s in sessions.active(session=session, staff_id=login.account.id, now=now)
    ]


@router.delete("/sessions/{session_id}", status_code=204, responses=errors(404))
def end_my_session(session_id: Id, login: ApiLogin, session: DB, now: Now, audit: Audit) -> None:
    """End one of one's own sessions (ending the current one logs out here)."""
    if not sessions.end_one(
        session=session, staff_id=login.account.id, session_id=session_id, now=now
    ):
        raise HTTPException(404, "geen open sessie van u met dit nummer")
    audit("session_end", detail=f"session {session_id}")


def _colleague(session: DB, staff_id: int) -> StaffAccount:
    account = session.get(StaffAccount, staff_id)
    if account is None:
        raise HTTPException(404, "no such account")
    return account


@router.post("/staff/{staff_id}/sessions/end", response_model=SessionsEnded, responses=errors(404))
def end_sessions(staff_id: Id, staff: Admin, session: DB, now: Now, audit: Audit) -> SessionsEnded:
    """End every session of an account (a lost laptop, a shared computer)."""
    account = _colleague(session, staff_id)
    ended = sessions.end_all(session=session, staff_id=account.id, now=now)
    audit("sessions_end", detail=f"{account.email}: {ended}")
    return SessionsEnded(ended=ended)


@router.post(
    "/staff/{staff_id}/second-factor/reset",
    response_model=SessionsEnded,
    responses=errors(404, 409),
)
def reset_second_factor(
    staff_id: Id, staff: Admin, session: DB, now: Now, audit: Audit
) -> SessionsEnded:
    """Remove a colleague's second factor (a lost phone) and end their sessions: they set up
    a new one (an admin at the next sign-in, others if they choose)."""
    account = _colleague(session, staff_id)
    if account.id == staff.id:
        raise HTTPException(409, "een andere beheerder moet uw tweede factor resetten")
    second_factor.reset(session=session, account=account)
    ended = sessions.end_all(session=session, staff_id=account.id, now=now)
    audit("second_factor_reset", detail=account.email)
    return SessionsEnded(ended=ended)
