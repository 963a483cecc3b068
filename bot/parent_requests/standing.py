"""How a registration stands once head office has done what the parent asked, before the
planning system's next import shows it.

Staff mark a request done in the console ("Verwerkt") after they changed it in the
planning; the waitlist here learns of it only at the next import. Until then the bot
would still say "staat op de wachtlijst" after a cancellation was done, and offer to
cancel again. So what the bot (and the console) read is the registration with its done
requests applied: a resolved cancellation makes it withdrawn, a resolved change adds the
days, locations and start date its words named. The planning system stays the source
of truth: a status change it brings after the request was done wins (a registration
reactivated there is not withdrawn again here), what it already shows is left as is, and
a change counts only for CATCH_UP_DAYS after it was done (by then the import shows it,
or the planners decided otherwise).
"""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.parent_requests.models import RESOLVED, UNFINISHED, RegistrationRequest
from bot.waitlist.calendar import WEEKDAYS
from bot.waitlist.locations import all_locations
from bot.waitlist.models import Registration, StatusChange
from bot.waitlist.status import RegistrationStatus, registration_status

CATCH_UP_DAYS = 30


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def requests_of(session: Session, number: str, kind: str) -> list[RegistrationRequest]:
    return list(
        session.scalars(
            select(RegistrationRequest)
            .where(
                RegistrationRequest.registration_number == number,
                RegistrationRequest.kind == kind,
            )
            .order_by(RegistrationRequest.id)
        )
    )


def pending_cancellation(*, session: Session, number: str) -> RegistrationRequest | None:
    """A cancellation the parent asked for that head office has not answered yet."""
    return next(
        (r for r in reversed(requests_of(session, number, "cancel")) if r.status in UNFINISHED),
        None,
    )


def done_cancellation(*, session: Session, number: str) -> RegistrationRequest | None:
    """The cancellation head office did, if the planning system has changed the status
    of the registration not since (then the planning's status counts)."""
    done = [r for r in requests_of(session, number, "cancel") if r.status == RESOLVED]
    if not done or done[-1].closed_at is None:
        return None
    latest = session.scalar(
        select(func.max(StatusChange.changed_at))
        .join(Registration, Registration.id == StatusChange.registration_id)
        .where(Registration.number == number)
    )
    if latest is not None and _utc(latest) > _utc(done[-1].closed_at):
        return None
    return done[-1]


def done_cancellations(session: Session) -> set[str]:
    """The registrations `standing` reads as withdrawn by a done cancellation, all at once
    (the updates job: no more waiting-list mail for them)."""
    numbers = session.scalars(
        select(RegistrationRequest.registration_number)
        .where(RegistrationRequest.kind == "cancel", RegistrationRequest.status == RESOLVED)
        .distinct()
    )
    return {n for n in numbers if done_cancellation(session=session, number=n)}


def done_changes(
    session: Session, today: date, number: str | None = None
) -> dict[str, list[RegistrationRequest]]:
    """Per registration (or for `number` only), the changes done within CATCH_UP_DAYS,
    oldest first: what `standing` adds to the registration's wishes."""
    since = today - timedelta(days=CATCH_UP_DAYS)
    query = select(RegistrationRequest).where(
        RegistrationRequest.kind == "change",
        RegistrationRequest.status == RESOLVED,
        RegistrationRequest.closed_at.is_not(None),
    )
    if number is not None:
        query = query.where(RegistrationRequest.registration_number == number)
    found: dict[str, list[RegistrationRequest]] = {}
    for request in session.scalars(query.order_by(RegistrationRequest.id)):
        if request.closed_at is not None and request.closed_at.date() >= since:
            found.setdefault(request.registration_number, []).append(request)
    return found


def wished_start(done: list[RegistrationRequest], start: date) -> date:
    """The start date the latest of the `done` changes named, else `start`."""
    for request in done:
        start = request.start_date or start
    return start


def standing(*, session: Session, number: str, today: date) -> RegistrationStatus | None:
    """The registration's status (bot/waitlist/status.py) with the requests head office
    has done applied; None for an unknown number."""
    status = registration_status(session=session, number=number, today=today)
    if status is None:
        return None
    if status.status != "withdrawn" and done_cancellation(session=session, number=number):
        return replace(
            status, status="withdrawn", open_offer=None, next_step="none", placed_at=None
        )
    if status.status not in ("waiting", "passive"):
        return status  # an offer or a place: the planning has moved on from the wishes
    return _with_done_changes(session, status, today)


def _with_done_changes(
    session: Session, status: RegistrationStatus, today: date
) -> RegistrationStatus:
    """The days, locations and start date that changes done lately named, added."""
    done = done_changes(session, today, status.number).get(status.number, [])
    if not done:
        return status
    names = {place.code: place.name for place in all_locations(session=session)}
    days = list(status.weekdays)
    places = list(status.location_names)
    for request in done:
        days += [d for d in request.weekdays.split("|") if d and d not in days]
        for code in filter(None, request.location_codes.split("|")):
            if names.get(code) and names[code] not in places:
                places.append(names[code])
    return replace(
        status,
        weekdays=tuple(sorted(days, key=lambda d: WEEKDAYS.index(d) if d in WEEKDAYS else 9)),
        location_names=tuple(places),
        desired_start_date=wished_start(done, status.desired_start_date),
    )
