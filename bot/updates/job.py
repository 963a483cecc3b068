"""The updates run: who is due what (bot/updates/moments.py), on which channel, sent once.

Safe to repeat and to run twice at once: each message is first claimed by inserting its
unique key in its own transaction; a run that finds the key taken sends nothing. Sending
is paced per channel, WhatsApp waits out the quiet hours (the key is not claimed, so the
next run sends it), transient failures are retried, and every message is recorded with
its outcome. A dry run only reports who would get what."""

import logging
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.conversation import formats, texts
from bot.parent_requests.models import UNFINISHED, RegistrationRequest
from bot.parent_requests.standing import done_cancellations, done_changes, wished_start
from bot.settings import Settings
from bot.updates.config import FORMS, SURVEY_MOMENTS, UpdatesConfig
from bot.updates.delivery import Message, Senders, TransientFailure
from bot.updates.estimate_words import estimate_line, one_line
from bot.updates.links import offer_url, survey_url, unsubscribe_url, we_did_url
from bot.updates.models import UpdateMessage, UpdatePreference, UpdateSnapshot
from bot.updates.moments import Due, Seen, Situation, due
from bot.updates.notes import NoNotes, Note, Notes
from bot.updates.preferences import update_channel
from bot.waitlist.models import (
    Child,
    Estimate,
    Group,
    Offer,
    Placement,
    Registration,
    StatusChange,
)
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.offers import expire_overdue
from bot.waitlist.queries import forget_registrations
from bot.waitlist.status import place_of

log = logging.getLogger(__name__)
# an offer that expired (or was imported as expired) longer ago than this is not told
EXPIRED_TOLD_DAYS = 14
OFFER_MOMENTS = ("offer", "offer_deadline", "offer_expired")
BATCH = 1000  # registrations read from the database at a time
UnitOfWork = Callable[[], AbstractContextManager[Session]]


@dataclass
class Planned:
    due: Due
    channel: str  # email | whatsapp | none (no way to reach them)
    to: str
    message: Message | None = None
    notes: list[int] = field(default_factory=list)  # "wij deden" notes it tells


@dataclass
class Report:
    planned: list[Planned] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    taken: int = 0  # claimed by another run, or sent before
    deferred: int = 0  # WhatsApp in the quiet hours
    expired: int = 0  # open offers whose answer date passed, marked expired


def run(
    *,
    unit_of_work: UnitOfWork,
    settings: Settings,
    config: UpdatesConfig,
    senders: Senders,
    now: datetime,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    notes: Notes | None = None,
) -> Report:
    """`notes`: the "Jullie zeiden, wij deden" notes to tell (bot/feedback/we_did.py
    `FeedbackNotes`); None: none."""
    notes = notes or NoNotes()
    local = now.astimezone(ZoneInfo(settings.office_timezone))
    report = Report()
    if not dry_run:
        with unit_of_work() as session:
            report.expired = len(
                expire_overdue(
                    session=session, today=local.date(), now=now, keep=_answered_offers(session)
                )
            )
    with unit_of_work() as session:
        today = local.date()
        starting = _starting(session, today, today + timedelta(days=config.first_day_days))
        started = _started(session, today, config)
        pending = notes.untold(session)
        # what this run saw, not what the database holds after the sending
        seen_now: list[Situation] = []
        known = _noted(_situations(session, today, starting, pending, started), seen_now)
        report.planned = list(_plan(session, known, settings, config, today, pending))
    if dry_run:
        return report
    quiet = config.is_quiet(local.time())
    last_sent: dict[str, float] = {}
    waiting: set[str] = set()  # registrations whose news is not out yet: keep their baseline
    for item in report.planned:
        if item.channel == "none" or item.message is None:
            continue
        if item.channel == "whatsapp" and quiet:
            report.deferred += 1
            waiting.add(item.due.number)
            continue
        if not _claim(unit_of_work, item, now):
            report.taken += 1
            continue
        _pace(item.channel, config, last_sent, sleep)
        outcome, attempts, detail, provider_id = _send(item, senders, config, sleep)
        _record(unit_of_work, item, outcome, attempts, detail, now, provider_id)
        report.sent += outcome == "sent"
        report.failed += outcome == "failed"
        if outcome == "sent" and item.notes:
            with unit_of_work() as session:
                notes.told(session, item.due.number, item.notes, now)
        if outcome == "failed":
            waiting.add(item.due.number)
    with unit_of_work() as session:
        _remember(session, seen_now, now, keep=waiting)
    return report


def _noted(
    known: Iterator[tuple[Situation, Registration]], seen: list[Situation]
) -> Iterator[tuple[Situation, Registration]]:
    """Passes the registrations on one at a time, keeping only their situations: with a
    million registrations, holding every one with its child and parents took gigabytes."""
    for situation, registration in known:
        seen.append(situation)
        yield situation, registration


def _plan(
    session: Session,
    known: Iterable[tuple[Situation, Registration]],
    settings: Settings,
    config: UpdatesConfig,
    today: date,
    pending: dict[str, list[Note]],
) -> Iterator[Planned]:
    seen = _seen(session)
    preferences = {p.registration_number: p for p in session.scalars(select(UpdatePreference))}
    # per variant, made once a run: they read the texts and settings (a millisecond each)
    common = {form: common_values(settings, config, form) for form in FORMS}
    for index, (situation, registration) in enumerate(known, start=1):
        if index % BATCH == 0:
            forget_registrations(session)  # those an estimate read, kept for the unit of work
        for item in due(situation, seen.get(situation.number, Seen()), config, today):
            preference = preferences.get(situation.number)
            channel, to = update_channel(registration, preference, settings)
            planned = Planned(item, channel, to)
            notes = pending.get(situation.number, [])
            if channel != "none":
                english = preference is not None and preference.language == "en"
                planned.message = _compose(
                    session,
                    item,
                    registration,
                    situation,
                    seen,
                    config,
                    settings,
                    today,
                    form="en" if english else settings.address_form,
                    notes=notes,
                    common=common,
                )
                if notes and (item.moment == "we_did" or channel == "email"):
                    planned.message = _with_notes(planned.message, item.moment, notes, config)
                    planned.notes = [note.note_id for note in notes]
            yield planned


def _with_notes(message: Message, moment: str, notes: list[Note], config: UpdatesConfig) -> Message:
    """The "wij deden" notes in the message: its own (the `we_did` moment: its body and
    WhatsApp parameters hold them), or under another update by e-mail as a PS."""
    if moment == "we_did":
        return message
    ps = config.we_did_ps[message.form].format(
        we_did=we_did_lines(notes, config, message.form), we_did_url=message.we_did_url
    )
    return replace(message, body=f"{message.body.rstrip()}\n\n{ps}\n")


def we_did_lines(notes: list[Note], config: UpdatesConfig, form: str) -> str:
    """The notes, one line each, in the language of `form`."""
    item = config.we_did_item[form]
    return "\n".join(
        item.format(theme=theme, text=" ".join(text.split()))
        for theme, text in (note.in_language(form == "en") for note in notes)
    )


def _answered_offers(session: Session) -> set[int]:
    """Offers the parent answered in time and head office has not worked yet: they do not
    expire while they wait."""
    return set(
        session.scalars(
            select(RegistrationRequest.offer_id).where(
                RegistrationRequest.offer_id.is_not(None),
                RegistrationRequest.status.in_(("open", "claimed")),
            )
        )
    )


@dataclass(frozen=True)
class Starting:
    """Whose place may start within the first-day window: the registrations with an
    accepted offer starting then, and the birth dates of the children whose placement
    starts then (the planning export links placements to no registration, `place_of`
    matches them by birth date). Only these are looked up one by one: at a million
    registrations, a look-up for every placed child took most of the run."""

    by_offer: frozenset[str]
    births: frozenset[date]


def _starting(session: Session, first: date, last: date) -> Starting:
    window = (first, last)
    by_offer = session.scalars(
        select(Registration.number)
        .join(Offer, Offer.registration_id == Registration.id)
        .where(Offer.outcome == "accepted", Offer.start_date.between(*window))
    )
    births = session.scalars(
        select(Placement.child_birth_date).where(Placement.start_date.between(*window)).distinct()
    )
    return Starting(frozenset(by_offer), frozenset(births))


def _started(session: Session, today: date, config: UpdatesConfig) -> Starting | None:
    """Whose place may have started in the start survey's window (None: it is off)."""
    timing = config.surveys.get("survey_start")
    if timing is None:
        return None
    first = today - timedelta(days=timing.until_days)
    return _starting(session, first, today - timedelta(days=timing.after_days))


def _situations(
    session: Session,
    today: date,
    starting: Starting,
    pending: dict[str, list[Note]],
    started: Starting | None = None,
) -> Iterator[tuple[Situation, Registration]]:
    first_months = dict(
        session.execute(
            select(Registration.number, Estimate.first_month).join(
                Estimate, Estimate.registration_id == Registration.id
            )
        ).all()
    )
    oldest = dict(
        session.execute(
            select(Group.care_type, func.max(Group.max_age_months)).group_by(Group.care_type)
        ).all()
    )
    since = dict(
        session.execute(
            select(Registration.number, func.max(StatusChange.changed_at))
            .join(StatusChange, StatusChange.registration_id == Registration.id)
            .group_by(Registration.number)
        ).all()
    )
    offers = {
        number: (offer_id, respond_by)
        for number, offer_id, respond_by in session.execute(
            select(Registration.number, Offer.id, Offer.respond_by)
            .join(Offer, Offer.registration_id == Registration.id)
            .where(Offer.outcome == "open")
        )
    }
    # expired lately (in a dry run also those this run would mark), to be told once
    answered = _answered_offers(session)
    recent = session.execute(
        select(Registration.number, Offer.id, Offer.outcome, Offer.respond_by)
        .join(Offer, Offer.registration_id == Registration.id)
        .where(
            Offer.respond_by.between(today - timedelta(days=EXPIRED_TOLD_DAYS), today),
            Offer.outcome.in_(("open", "expired")),
        )
        .order_by(Offer.id)
    )
    expired = {
        number: offer_id
        for number, offer_id, outcome, respond_by in recent
        if outcome == "expired" or (respond_by < today and offer_id not in answered)
    }
    decided = set(
        session.scalars(
            select(Registration.number)
            .join(Offer, Offer.registration_id == Registration.id)
            .where(Offer.outcome.in_(("accepted", "declined")))
        )
    )
    birth_reported = set(
        session.scalars(
            select(RegistrationRequest.registration_number).where(
                RegistrationRequest.birth_date.is_not(None),
                RegistrationRequest.status.in_(UNFINISHED),
            )
        )
    )
    # head office did what the parent asked before the planning's import shows it
    # (bot/parent_requests/standing.py): a done cancellation ends the waiting-list mail, a
    # done change's start date is the one the mails name
    cancelled = done_cancellations(session)
    changes = done_changes(session, today)
    query = (
        select(Registration)
        .options(selectinload(Registration.child).selectinload(Child.parents))
        .order_by(Registration.number)
        .execution_options(yield_per=BATCH)  # a server-side cursor, read a batch at a time
    )
    for registration in session.scalars(query):
        offer_id, respond_by = offers.get(registration.number, (None, None))
        changed = since.get(registration.number)
        child = registration.child
        situation = Situation(
            number=registration.number,
            status=registration.status,
            registered_on=registration.registered_on,
            desired_start_date=wished_start(
                changes.get(registration.number, []), registration.desired_start_date
            ),
            first_month=first_months.get(registration.number),
            status_since=changed.date() if changed else None,
            offer_id=offer_id,
            respond_by=respond_by,
            expired_offer_id=expired.get(registration.number),
            estimated=registration.number in first_months,
            birth_date=child.birth_date,
            max_age_months=oldest.get(registration.care_type),
            due_date=child.due_date if child.expected else None,
            birth_reported=registration.number in birth_reported,
            we_did_notes=tuple(note.note_id for note in pending.get(registration.number, [])),
            first_day=_first_day(session, registration, starting),
            decided_on=(
                changed.date()
                if changed
                and registration.number in decided
                and registration.status in ("placed", "waiting")  # what a yes or no leads to
                else None
            ),
            started_on=_first_day(session, registration, started) if started else None,
        )
        if registration.number in cancelled:
            situation = _cancelled(situation)
        yield situation, registration


def _cancelled(situation: Situation) -> Situation:
    """A registration whose cancellation head office did: withdrawn, told so by the
    request's own mail, so no offer, survey, note or status mail follows."""
    return replace(
        situation,
        status="withdrawn",
        cancelled_on_request=True,
        offer_id=None,
        respond_by=None,
        expired_offer_id=None,
        first_day=None,
        decided_on=None,
        started_on=None,
        we_did_notes=(),
    )


def _first_day(session: Session, registration: Registration, starting: Starting) -> date | None:
    """A placed child's first day, when the place itself is known (not only the wish)."""
    if registration.status != "placed":
        return None
    if (
        registration.number not in starting.by_offer
        and registration.child.birth_date not in starting.births
    ):
        return None
    place = place_of(session, registration)
    return place.start_date if place.exact else None


def _seen(session: Session) -> dict[str, Seen]:
    snapshots = {s.registration_number: s for s in session.scalars(select(UpdateSnapshot))}
    history = session.execute(
        select(
            UpdateMessage.registration_number,
            func.max(UpdateMessage.created_at),
            func.sum(case((UpdateMessage.moment == "welcome", 1), else_=0)),
            func.max(case((UpdateMessage.moment == "birth_question", UpdateMessage.created_at))),
            func.min(case((UpdateMessage.moment == "welcome", UpdateMessage.created_at))),
        )
        .where(UpdateMessage.status != "failed")
        .group_by(UpdateMessage.registration_number)
    ).all()
    sent = {
        number: (last, bool(welcomed), asked, welcomed_at)
        for number, last, welcomed, asked, welcomed_at in history
    }
    surveyed: dict[str, set[str]] = {}
    for number, moment in session.execute(
        select(UpdateMessage.registration_number, UpdateMessage.moment).where(
            UpdateMessage.moment.in_(SURVEY_MOMENTS), UpdateMessage.status != "failed"
        )
    ):
        surveyed.setdefault(number, set()).add(moment)
    told: dict[str, dict[str, date]] = {}
    for number, key, created_at in session.execute(
        select(
            UpdateMessage.registration_number, UpdateMessage.key, UpdateMessage.created_at
        ).where(UpdateMessage.moment.in_(OFFER_MOMENTS), UpdateMessage.status != "failed")
    ):
        told.setdefault(number, {})[key.split(":", 1)[1]] = created_at.date()
    numbers = set(snapshots) | set(sent) | set(told)
    return {
        n: Seen(
            status=snapshots[n].status if n in snapshots else None,
            first_month=snapshots[n].first_month if n in snapshots else None,
            welcomed=sent.get(n, (None, False, None, None))[1],
            last_update=sent[n][0].date() if n in sent and sent[n][0] else None,
            told=told.get(n, {}),
            birth_asked_on=_day(sent[n][2]) if n in sent else None,
            welcomed_on=_day(sent[n][3]) if n in sent else None,
            surveyed=frozenset(surveyed.get(n, ())),
        )
        for n in numbers
    }


def _day(moment: datetime | str | None) -> date | None:
    """The date of a stored time (SQLite hands back a max() of times as text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.date() if moment else None


def _compose(
    session: Session,
    item: Due,
    registration: Registration,
    situation: Situation,
    seen: dict[str, Seen],
    config: UpdatesConfig,
    settings: Settings,
    today: date,
    form: str,
    notes: list[Note],
    common: dict[str, dict[str, str]],
) -> Message:
    """The update `item` in the texts' variant `form` (u, je or en); `common`: the
    values of `common_values` per variant."""
    child = registration.child.first_name
    reference = secrets.token_urlsafe(12)
    values = common[form] | {
        "child": child,
        "number": registration.number,
        "chat_url": reply_url(settings.resolved_chat_url, reference),
        "unsubscribe_url": unsubscribe_url(settings, registration.number, form),
        "start": formats.full_date(situation.desired_start_date, form),
        "care_type": formats.care_type_name(registration.care_type, form),
        "age": turns(situation.max_age_months, form) if situation.max_age_months else "",
        "due": formats.full_date(situation.due_date, form) if situation.due_date else "",
        "we_did": we_did_lines(notes, config, form),
        "we_did_url": we_did_url(settings, _first_location(registration), form) if notes else "",
    }
    case = None
    if item.moment in ("periodic", "estimate_moved"):
        estimate = estimate_offer(session=session, number=registration.number, today=today)
        values["estimate"] = estimate_line(estimate, config, form, child)
        before = seen.get(registration.number, Seen()).first_month
        values["before"] = formats.month_year(before, form) if before else ""
        after = situation.first_month
        values["after"] = formats.month_year(after, form) if after else ""
        case = "earlier" if before and after and after < before else "later"
    if item.moment == "status_changed":
        case = situation.status
    offer_id = situation.expired_offer_id if item.moment == "offer_expired" else situation.offer_id
    offer = session.get(Offer, offer_id) if item.moment in OFFER_MOMENTS and offer_id else None
    if offer is not None:
        values["location"] = offer.location.name
        values["days"] = formats.weekday_list(offer.weekdays.split("|"), form)
        values["start"] = formats.full_date(offer.start_date, form)
        values["respond_by"] = formats.deadline_date(offer.respond_by, today, form)
        values["offer_url"] = offer_url(settings, offer.id, form)
    if item.moment == "first_day":
        values |= _first_day_values(session, registration, config, form)
    if item.moment in SURVEY_MOMENTS:
        values["survey_url"] = survey_url(settings, registration.number, item.moment, form, today)
    return render(config, item.key, values, form, case=case, reference=reference)


def _first_location(registration: Registration) -> str | None:
    ranked = sorted(registration.preferences, key=lambda p: p.rank)
    return ranked[0].location.location_code if ranked else None


# every placeholder a moment may use, empty unless the moment fills it
BLANK = dict.fromkeys(
    (
        "estimate",
        "before",
        "after",
        "status_text",
        "location",
        "respond_by",
        "days",
        "offer_url",
        "place",
        "group",
        "bring",
        "start",
        "care_type",
        "age",
        "due",
        "survey_url",
        "we_did",
        "we_did_url",
    ),
    "",
)


def common_values(settings: Settings, config: UpdatesConfig, form: str) -> dict[str, str]:
    """The values that do not depend on the registration, in the variant `form`."""
    facts = texts.organisation_facts(form)
    return BLANK | {
        "org": texts.organisation_name(settings.organisation_name, form),
        "phone": facts["org_phone"],
        "hours": facts["org_hours"],
        "cadence": formats.count(config.cadence_months, "month", form),
        "horizon": formats.period(settings.estimate_horizon_months, form),
    }


def turns(months: int, form: str) -> str:
    """The age a child turns, as the texts say it: "4 jaar"; in English the number alone
    ("turns 4"), months only when it is no whole year ("18 months")."""
    if form == "en" and months % 12 == 0:
        return str(months // 12)
    return formats.age(months, form)


def render(
    config: UpdatesConfig,
    key: str,
    values: dict[str, str],
    form: str,
    *,
    case: str | None = None,
    reference: str = "",
) -> Message:
    """The message of moment `key` ("number:moment:period") from its values: the e-mail's
    subject, body and footer, and the WhatsApp template's parameters, each one line."""
    moment = key.split(":")[1]
    values = dict(values)
    chosen = config.moments[moment].case(case)
    subject = chosen.subject[form]
    if moment == "status_changed" and case:
        status_values = {name: values[name] for name in ("child", "phone", "hours")}
        status_text = config.status_texts.get(case, {}).get(form, "")
        values["status_text"] = status_text.format(**status_values)
        subject = config.status_subjects.get(case, {}).get(form, subject)
    template = config.templates.get(moment)
    return Message(
        key=key,
        subject=one_line(subject.format(**values)),
        body=chosen.body[form].format(**values),
        unsubscribe_url=values["unsubscribe_url"],
        footer=config.footer[form].format(
            org=values["org"], child=values["child"], url=values["unsubscribe_url"]
        ),
        form=form,
        reference=reference,
        we_did_url=values.get("we_did_url", ""),
        template=template.name if template else None,
        parameters=[one_line(values[name]) for name in template.parameters] if template else [],
    )


def _first_day_values(
    session: Session, registration: Registration, config: UpdatesConfig, form: str
) -> dict[str, str]:
    """Where and when: the location's name and town (all the address the planning data
    has), the first day, the days, the group, and what to bring for the care type."""
    place = place_of(session, registration)
    location = place.locations[0] if place.locations else None
    bring = config.first_day_bring.get(registration.care_type, {}).get(form, "")
    return {
        "start": formats.full_date(place.start_date, form),
        "location": location.name if location else "",
        "place": f"{location.name} in {location.city}" if location else "",
        "days": formats.weekday_list(list(place.weekdays), form),
        "group": place.group_name or "",
        "bring": bring.format(child=registration.child.first_name),
    }


def reply_url(chat_url: str, reference: str) -> str:
    """The chat page with the update's reference: the widget passes it on to the bot."""
    return f"{chat_url}{'&' if '?' in chat_url else '?'}update={reference}"


def _claim(unit_of_work: UnitOfWork, item: Planned, now: datetime) -> bool:
    """Take the message's key: a new row, or one an earlier run failed to send. One
    statement each, so that of two runs at once exactly one wins."""
    try:
        with unit_of_work() as session:
            session.add(
                UpdateMessage(
                    key=item.due.key,
                    registration_number=item.due.number,
                    moment=item.due.moment,
                    channel=item.channel,
                    status="sending",
                    attempts=0,
                    created_at=now,
                    detail="",
                    reference=item.message.reference if item.message else None,
                )
            )
            session.flush()
    except IntegrityError:
        with unit_of_work() as session:
            retried = session.execute(
                update(UpdateMessage)
                .where(UpdateMessage.key == item.due.key, UpdateMessage.status == "failed")
                .values(
                    status="sending",
                    created_at=now,
                    reference=item.message.reference if item.message else None,
                )
            )
            return retried.rowcount == 1
    return True


def _pace(
    channel: str,
    config: UpdatesConfig,
    last_sent: dict[str, float],
    sleep: Callable[[float], None],
) -> None:
    interval = 60.0 / max(1, config.per_minute.get(channel, 60))
    wait = last_sent.get(channel, 0.0) + interval - time.monotonic()
    if wait > 0:
        sleep(wait)
    last_sent[channel] = time.monotonic()


def _send(
    item: Planned, senders: Senders, config: UpdatesConfig, sleep: Callable[[float], None]
) -> tuple[str, int, str, str | None]:
    """(outcome, attempts, detail, the channel's message id)."""
    assert item.message is not None
    send = senders.email if item.channel == "email" else senders.whatsapp
    for attempt in range(1, config.retries + 1):
        try:
            return "sent", attempt, "", send(item.to, item.message)
        except TransientFailure as failure:
            log.warning("update %s attempt %d failed: %s", item.due.moment, attempt, failure.kind)
            if attempt < config.retries:
                sleep(2 ** (attempt - 1))
            detail = failure.kind
        except Exception as error:  # a permanent refusal: recorded, not retried
            log.error("update %s failed: %s", item.due.moment, type(error).__name__)
            return "failed", attempt, type(error).__name__, None
    return "failed", config.retries, detail, None


def _record(
    unit_of_work: UnitOfWork,
    item: Planned,
    outcome: str,
    attempts: int,
    detail: str,
    now: datetime,
    provider_id: str | None,
) -> None:
    with unit_of_work() as session:
        message = session.scalar(select(UpdateMessage).where(UpdateMessage.key == item.due.key))
        assert message is not None
        message.status, message.attempts, message.detail = outcome, attempts, detail[:255]
        message.sent_at = now if outcome == "sent" else None
        message.provider_message_id = provider_id


def _remember(session: Session, situations: list[Situation], now: datetime, keep: set[str]) -> None:
    """What this run saw becomes the baseline for the next one, except for registrations
    whose update did not go out (quiet hours, failure): the next run sees the news again.
    An upsert, so that two runs at once both succeed."""
    rows = [
        {
            "registration_number": situation.number,
            "status": situation.status,
            "first_month": situation.first_month,
            "seen_at": now,
        }
        for situation in situations
        if situation.number not in keep
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(UpdateSnapshot)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[UpdateSnapshot.registration_number],
            set_={
                "status": statement.excluded.status,
                "first_month": statement.excluded.first_month,
                "seen_at": statement.excluded.seen_at,
            },
        ),
        rows,
    )
