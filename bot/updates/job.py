"""The updates run: who is due what (bot/updates/moments.py), on which channel, sent once.

The registrations are read a thousand at a time, in the order of their numbers, each batch
with a few set-based queries (children and parents, estimates, the latest status change,
the parents' choices, what the last run saw and what went before); the batch is planned
and, unless this is a dry run, sent before the next one is read. Memory is that of one
batch whatever the organisation's size, and no read transaction stays open while mail goes
out (issue 33: a million registrations). Each batch's queries are index ranges once the
server has statistics (autovacuum); without any, PostgreSQL may read whole tables for each
batch instead (100k registrations: 87 s against 46 s).

Each message is sent once, also by two runs at once and after a crash
(bot/updates/sending.py). WhatsApp waits out the quiet hours (the key is not claimed, so
the next run sends it). A dry run only reports who would get what."""

import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.conversation import formats, texts
from bot.parent_requests.models import UNFINISHED, RegistrationRequest
from bot.parent_requests.standing import done_cancellations, done_changes
from bot.settings import Settings
from bot.updates.config import FORMS, SURVEY_MOMENTS, UpdatesConfig
from bot.updates.delivery import Message, Senders
from bot.updates.estimate_words import estimate_line, one_line
from bot.updates.links import Links
from bot.updates.models import UpdateMessage, UpdatePreference, UpdateSnapshot
from bot.updates.moments import Due, Seen, Situation, due
from bot.updates.notes import NoNotes, Note, Notes
from bot.updates.preferences import Contact, channel_for
from bot.updates.sending import Ledger, Planned, Report, Sending, UnitOfWork
from bot.waitlist.models import (
    Child,
    Estimate,
    Group,
    Location,
    LocationPreference,
    Offer,
    Parent,
    Placement,
    Registration,
    StatusChange,
)
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.offers import expire_overdue
from bot.waitlist.queries import find_registration
from bot.waitlist.status import place_of

# an offer that expired (or was imported as expired) longer ago than this is not told
EXPIRED_TOLD_DAYS = 14
OFFER_MOMENTS = ("offer", "offer_deadline", "offer_expired")
BATCH = 1000  # registrations read, planned and sent at a time


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
    today = local.date()
    report = Report()
    if not dry_run:
        with unit_of_work() as session:
            report.expired = len(
                expire_overdue(
                    session=session, today=today, now=now, keep=_answered_offers(session)
                )
            )
    with unit_of_work() as session:
        known = Known.read(session, today, config, notes)
    words = Words.of(settings, config)
    ledger = Ledger(unit_of_work, notes, now)
    sending = Sending(senders, config, sleep, config.is_quiet(local.time()))
    after = ""
    while True:
        with unit_of_work() as session:
            batch = _batch(session, known, after)
            planned = [
                item
                for entry in batch
                for item in _plan(session, entry, known, words, settings, config)
            ]
        if not batch:
            break
        after = batch[-1].situation.number
        report.planned += planned
        if dry_run:
            for item in planned:
                item.message = None
            continue
        waiting = sending.send(planned, ledger, report)
        with unit_of_work() as session:
            _remember(session, batch, now, keep=waiting)
    return report


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


@dataclass(frozen=True)
class OfferFacts:
    """What the offer mails say of an offer (read for all of them at once, not one by one)."""

    offer_id: int
    location_name: str
    weekdays: str
    start_date: date
    respond_by: date


@dataclass(frozen=True)
class Known:
    """What the run reads once for every registration: the things only some registrations
    have (open and lately expired offers, decisions, requests, notes, first days)."""

    today: date
    starting: Starting
    started: Starting | None  # the start survey's window (None: the survey is off)
    pending: dict[str, list[Note]]
    oldest: dict[str, int]  # the oldest age each care type takes
    offers: dict[str, tuple[int, date]]  # the open offer and its answer date
    expired: dict[str, int]  # an offer that expired lately, to be told once
    decided: frozenset[str]  # an offer accepted or declined
    birth_reported: frozenset[str]
    cancelled: frozenset[str]  # a cancellation head office did
    starts: dict[str, date]  # the start date of a change head office did
    offer_facts: dict[int, OfferFacts]

    @classmethod
    def read(cls, session: Session, today: date, config: UpdatesConfig, notes: Notes) -> "Known":
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
        lately = Offer.respond_by.between(today - timedelta(days=EXPIRED_TOLD_DAYS), today)
        recent = session.execute(
            select(Registration.number, Offer.id, Offer.outcome, Offer.respond_by)
            .join(Offer, Offer.registration_id == Registration.id)
            .where(lately, Offer.outcome.in_(("open", "expired")))
            .order_by(Offer.id)
        )
        expired = {
            number: offer_id
            for number, offer_id, outcome, respond_by in recent
            if outcome == "expired" or (respond_by < today and offer_id not in answered)
        }
        told = or_(Offer.outcome == "open", and_(lately, Offer.outcome == "expired"))
        facts = session.execute(
            select(Offer.id, Location.name, Offer.weekdays, Offer.start_date, Offer.respond_by)
            .join(Location, Location.id == Offer.location_id)
            .where(told)
        )
        decided = session.scalars(
            select(Registration.number)
            .join(Offer, Offer.registration_id == Registration.id)
            .where(Offer.outcome.in_(("accepted", "declined")))
        )
        birth_reported = session.scalars(
            select(RegistrationRequest.registration_number).where(
                RegistrationRequest.birth_date.is_not(None),
                RegistrationRequest.status.in_(UNFINISHED),
            )
        )
        oldest = session.execute(
            select(Group.care_type, func.max(Group.max_age_months)).group_by(Group.care_type)
        )
        # head office did what the parent asked before the planning's import shows it
        # (bot/parent_requests/standing.py): a done cancellation ends the waiting-list mail,
        # a done change's start date is the one the mails name (the latest that names one)
        starts = {
            number: dates[-1]
            for number, done in done_changes(session, today).items()
            if (dates := [request.start_date for request in done if request.start_date])
        }
        timing = config.surveys.get("survey_start")
        return cls(
            today=today,
            starting=_starting(session, today, today + timedelta(days=config.first_day_days)),
            started=(
                _starting(
                    session,
                    today - timedelta(days=timing.until_days),
                    today - timedelta(days=timing.after_days),
                )
                if timing
                else None
            ),
            pending=notes.untold(session),
            oldest=dict(oldest.all()),
            offers=offers,
            expired=expired,
            decided=frozenset(decided),
            birth_reported=frozenset(birth_reported),
            cancelled=frozenset(done_cancellations(session)),
            starts=starts,
            offer_facts={row[0]: OfferFacts(*row) for row in facts},
        )


@dataclass(frozen=True)
class Words:
    """What every message of a run shares, made once a run: the values per texts variant
    (they read the texts and the settings: a millisecond each), the links and the chat."""

    common: dict[str, dict[str, str]]
    links: Links
    chat_url: str

    @classmethod
    def of(cls, settings: Settings, config: UpdatesConfig) -> "Words":
        return cls(
            {form: common_values(settings, config, form) for form in FORMS},
            Links.of(settings),
            settings.resolved_chat_url,
        )


@dataclass(frozen=True)
class Addressee:
    """What a message needs of its registration besides the situation."""

    number: str
    care_type: str
    child: str  # the child's first name
    parents: tuple[Contact, ...]


@dataclass(frozen=True)
class Entry:
    """One registration of a batch: now, as the last run saw it, and the parent's choices."""

    situation: Situation
    seen: Seen
    addressee: Addressee
    preference: UpdatePreference | None


def _batch(session: Session, known: Known, after: str) -> list[Entry]:
    """The next BATCH registrations after number `after`, each with what planning needs."""
    rows = session.execute(
        select(
            Registration.id,
            Registration.number,
            Registration.status,
            Registration.registered_on,
            Registration.desired_start_date,
            Registration.care_type,
            Registration.child_id,
            Child.first_name,
            Child.birth_date,
            Child.due_date,
            Child.birth_recorded_at,
        )
        .join(Child, Child.id == Registration.child_id)
        .where(Registration.number > after)
        .order_by(Registration.number)
        .limit(BATCH)
    ).all()
    if not rows:
        return []
    # the batch's other rows by the range of its numbers, not by a list of a thousand
    # values: an index range read, and no statement of a thousand parameters to parse
    numbers = (rows[0][1], rows[-1][1])
    batch = Registration.number.between(*numbers)
    parents: dict[int, list[Contact]] = {}
    for child_id, email, phone in session.execute(
        select(Parent.child_id, Parent.email, Parent.phone)
        .join(Registration, Registration.child_id == Parent.child_id)
        .where(batch)
        .order_by(Parent.id)
    ):
        parents.setdefault(child_id, []).append(Contact(email, phone))
    first_months = dict(
        session.execute(
            select(Estimate.registration_id, Estimate.first_month)
            .join(Registration, Registration.id == Estimate.registration_id)
            .where(batch)
        ).all()
    )
    since = dict(
        session.execute(
            select(StatusChange.registration_id, func.max(StatusChange.changed_at))
            .join(Registration, Registration.id == StatusChange.registration_id)
            .where(batch)
            .group_by(StatusChange.registration_id)
        ).all()
    )
    preferences = {
        p.registration_number: p
        for p in session.scalars(
            select(UpdatePreference).where(UpdatePreference.registration_number.between(*numbers))
        )
    }
    seen = _seen(session, numbers)
    entries = []
    # unpacked: a row's attributes by name cost two microseconds each
    for (
        registration_id,
        number,
        status,
        registered_on,
        desired_start_date,
        care_type,
        child_id,
        first_name,
        birth_date,
        due_date,
        birth_recorded_at,
    ) in rows:
        offer_id, respond_by = known.offers.get(number, (None, None))
        changed = since.get(registration_id)
        placed = status == "placed"
        situation = Situation(
            number=number,
            status=status,
            registered_on=registered_on,
            desired_start_date=known.starts.get(number, desired_start_date),
            first_month=first_months.get(registration_id),
            status_since=changed.date() if changed else None,
            offer_id=offer_id,
            respond_by=respond_by,
            expired_offer_id=known.expired.get(number),
            estimated=registration_id in first_months,
            birth_date=birth_date,
            max_age_months=known.oldest.get(care_type),
            due_date=due_date if birth_recorded_at is None else None,
            birth_reported=number in known.birth_reported,
            we_did_notes=tuple(note.note_id for note in known.pending.get(number, [])),
            first_day=_first_day(session, number, birth_date, known.starting) if placed else None,
            decided_on=(
                changed.date()
                if changed
                and number in known.decided
                and status in ("placed", "waiting")  # what a yes or no leads to
                else None
            ),
            started_on=_first_day(session, number, birth_date, known.started)
            if placed and known.started
            else None,
        )
        if number in known.cancelled:
            situation = _cancelled(situation)
        addressee = Addressee(number, care_type, first_name, tuple(parents.get(child_id, ())))
        preference = preferences.get(number)
        entries.append(Entry(situation, seen.get(number, Seen()), addressee, preference))
    return entries


def _plan(
    session: Session,
    entry: Entry,
    known: Known,
    words: Words,
    settings: Settings,
    config: UpdatesConfig,
) -> Iterator[Planned]:
    situation, addressee, preference = entry.situation, entry.addressee, entry.preference
    for item in due(situation, entry.seen, config, known.today):
        channel, to = channel_for(addressee.parents, preference, settings)
        planned = Planned(item, channel, to)
        notes = known.pending.get(situation.number, [])
        if channel != "none":
            english = preference is not None and preference.language == "en"
            planned.message = _compose(
                session,
                item,
                entry,
                known,
                words,
                config,
                form="en" if english else settings.address_form,
                notes=notes,
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


def _first_day(session: Session, number: str, birth_date: date, starting: Starting) -> date | None:
    """A placed child's first day, when the place itself is known (not only the wish)."""
    if number not in starting.by_offer and birth_date not in starting.births:
        return None
    registration = find_registration(session=session, number=number)
    assert registration is not None
    place = place_of(session, registration)
    return place.start_date if place.exact else None


def _seen(session: Session, numbers: tuple[str, str]) -> dict[str, Seen]:
    """What the last run saw of the registrations numbered from `numbers[0]` to
    `numbers[1]`, and what they were sent before."""
    snapshots = {
        s.registration_number: s
        for s in session.scalars(
            select(UpdateSnapshot).where(UpdateSnapshot.registration_number.between(*numbers))
        )
    }
    theirs = and_(
        UpdateMessage.registration_number.between(*numbers), UpdateMessage.status != "failed"
    )
    history = session.execute(
        select(
            UpdateMessage.registration_number,
            func.max(UpdateMessage.created_at),
            func.sum(case((UpdateMessage.moment == "welcome", 1), else_=0)),
            func.max(case((UpdateMessage.moment == "birth_question", UpdateMessage.created_at))),
            func.min(case((UpdateMessage.moment == "welcome", UpdateMessage.created_at))),
        )
        .where(theirs)
        .group_by(UpdateMessage.registration_number)
    ).all()
    sent = {
        number: (last, bool(welcomed), asked, welcomed_at)
        for number, last, welcomed, asked, welcomed_at in history
    }
    surveyed: dict[str, set[str]] = {}
    told: dict[str, dict[str, date]] = {}
    moments = (*SURVEY_MOMENTS, *OFFER_MOMENTS)
    for number, moment, key, created_at in session.execute(
        select(
            UpdateMessage.registration_number,
            UpdateMessage.moment,
            UpdateMessage.key,
            UpdateMessage.created_at,
        ).where(theirs, UpdateMessage.moment.in_(moments))
    ):
        if moment in SURVEY_MOMENTS:
            surveyed.setdefault(number, set()).add(moment)
        else:
            told.setdefault(number, {})[key.split(":", 1)[1]] = created_at.date()
    return {
        n: Seen(
            status=snapshots[n].status if n in snapshots else None,
            first_month=snapshots[n].first_month if n in snapshots else None,
            welcomed=sent.get(n, (None, False, None, None))[1],
            last_update=_day(sent[n][0]) if n in sent else None,
            told=told.get(n, {}),
            birth_asked_on=_day(sent[n][2]) if n in sent else None,
            welcomed_on=_day(sent[n][3]) if n in sent else None,
            surveyed=frozenset(surveyed.get(n, ())),
        )
        for n in set(snapshots) | set(sent) | set(told)
    }


def _day(moment: datetime | str | None) -> date | None:
    """The date of a stored time (SQLite hands back a max() of times as text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.date() if moment else None


def _compose(
    session: Session,
    item: Due,
    entry: Entry,
    known: Known,
    words: Words,
    config: UpdatesConfig,
    form: str,
    notes: list[Note],
) -> Message:
    """The update `item` in the texts' variant `form` (u, je or en)."""
    situation, addressee, today = entry.situation, entry.addressee, known.today
    child, number, links = addressee.child, addressee.number, words.links
    reference = secrets.token_urlsafe(12)
    values = words.common[form] | {
        "child": child,
        "number": number,
        "chat_url": reply_url(words.chat_url, reference),
        "unsubscribe_url": links.unsubscribe(number, form),
        "start": formats.full_date(situation.desired_start_date, form),
        "care_type": formats.care_type_name(addressee.care_type, form),
        "age": turns(situation.max_age_months, form) if situation.max_age_months else "",
        "due": formats.full_date(situation.due_date, form) if situation.due_date else "",
        "we_did": we_did_lines(notes, config, form),
        "we_did_url": links.we_did(_first_location(session, number), form) if notes else "",
    }
    case = None
    if item.moment in ("periodic", "estimate_moved"):
        estimate = estimate_offer(session=session, number=number, today=today)
        values["estimate"] = estimate_line(estimate, config, form, child)
        before = entry.seen.first_month
        values["before"] = formats.month_year(before, form) if before else ""
        after = situation.first_month
        values["after"] = formats.month_year(after, form) if after else ""
        case = "earlier" if before and after and after < before else "later"
    if item.moment == "status_changed":
        case = situation.status
    offer_id = situation.expired_offer_id if item.moment == "offer_expired" else situation.offer_id
    offer = known.offer_facts.get(offer_id) if item.moment in OFFER_MOMENTS and offer_id else None
    if offer is not None:
        values["location"] = offer.location_name
        values["days"] = formats.weekday_list(offer.weekdays.split("|"), form)
        values["start"] = formats.full_date(offer.start_date, form)
        values["respond_by"] = formats.deadline_date(offer.respond_by, today, form)
        values["offer_url"] = links.offer(offer.offer_id, form)
    if item.moment == "first_day":
        values |= _first_day_values(session, addressee, config, form)
    if item.moment in SURVEY_MOMENTS:
        values["survey_url"] = links.survey(number, item.moment, form, today)
    return render(config, item.key, values, form, case=case, reference=reference)


def _first_location(session: Session, number: str) -> str | None:
    """The registration's first choice of location (the "wij deden" page it links to)."""
    return session.scalar(
        select(Location.location_code)
        .join(LocationPreference, LocationPreference.location_id == Location.id)
        .join(Registration, Registration.id == LocationPreference.registration_id)
        .where(Registration.number == number)
        .order_by(LocationPreference.rank)
        .limit(1)
    )


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
    session: Session, addressee: Addressee, config: UpdatesConfig, form: str
) -> dict[str, str]:
    """Where and when: the location's name and town (all the address the planning data
    has), the first day, the days, the group, and what to bring for the care type."""
    registration = find_registration(session=session, number=addressee.number)
    assert registration is not None
    place = place_of(session, registration)
    location = place.locations[0] if place.locations else None
    bring = config.first_day_bring.get(addressee.care_type, {}).get(form, "")
    return {
        "start": formats.full_date(place.start_date, form),
        "location": location.name if location else "",
        "place": f"{location.name} in {location.city}" if location else "",
        "days": formats.weekday_list(list(place.weekdays), form),
        "group": place.group_name or "",
        "bring": bring.format(child=addressee.child),
    }


def reply_url(chat_url: str, reference: str) -> str:
    """The chat page with the update's reference: the widget passes it on to the bot."""
    return f"{chat_url}{'&' if '?' in chat_url else '?'}update={reference}"


def _remember(session: Session, batch: list[Entry], now: datetime, keep: set[str]) -> None:
    """What this run saw becomes the baseline for the next one, except for registrations
    whose update did not go out (quiet hours, failure): the next run sees the news again.
    Only what changed is written (`seen_at`: when a run first saw it so). An upsert, so
    that two runs at once both succeed."""
    rows = [
        {
            "registration_number": entry.situation.number,
            "status": entry.situation.status,
            "first_month": entry.situation.first_month,
            "seen_at": now,
        }
        for entry in batch
        if entry.situation.number not in keep
        and (entry.seen.status, entry.seen.first_month)
        != (entry.situation.status, entry.situation.first_month)
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
