"""When a registration is due an update, decided from what is known of it now, what the
last run saw and when it last got one. Pure: no database, no clock of its own.

Each due update has a period, so that its key (number, moment, period) is the same in a
second run or a concurrent one: the periodic update of the k-th cadence since
registration, the estimate move to a month, the change to a status on a day, the offer
(its mail, its reminder, its expiry), the wished start date, the due date of a baby whose
birth is not recorded (the question and its one reminder), the first day of a placed
child, the "wij deden" notes not yet told (their ids). The offer's messages are due only
until they went (`Seen.told`), so a later run does not find them again."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.updates.config import UpdatesConfig

# one message per registration per run, the biggest news first; the rest stays due. The
# touchpoint surveys come last: they wait for a run with no news. Within
# `min_days_between` of the last update only URGENT news goes out.
# The first day cannot wait either.
URGENT = ("offer", "offer_expired", "offer_deadline", "status_changed", "first_day")
PRIORITY = (
    "offer",
    "offer_expired",
    "offer_deadline",
    "status_changed",
    "first_day",
    "ageing_out",
    "no_place",
    "estimate_moved",
    "birth_question",
    "birth_reminder",
    "welcome",
    "start_near",
    "periodic",
    "survey_offer",
    "survey_start",
    "survey_welcome",
    "we_did",
)

# the offer mail first (with its answer link); its reminder no sooner than this many days
# after it, within `offer_reminder_days` of the answer date
REMINDER_AFTER_DAYS = 2


@dataclass(frozen=True)
class Situation:
    number: str
    status: str
    registered_on: date
    desired_start_date: date
    first_month: date | None  # the estimate: first month with a place (None: none)
    status_since: date | None  # the latest status change
    offer_id: int | None = None  # an open offer
    respond_by: date | None = None
    expired_offer_id: int | None = None  # an offer that expired lately
    estimated: bool = False  # the nightly run looked at it (first_month None: no place)
    birth_date: date | None = None
    max_age_months: int | None = None  # the oldest age the care type takes
    due_date: date | None = None  # a baby expected: no birth recorded (bot/waitlist/births.py)
    birth_reported: bool = False  # the parent told us the birth; staff have yet to confirm it
    first_day: date | None = None  # a placed child's first day, where the place is known
    # the day an offer was decided (accepted or declined: the status change after it)
    decided_on: date | None = None
    # a placed child's first day, in the start survey's window (bot/updates/surveys.py)
    started_on: date | None = None
    # "Jullie zeiden, wij deden" notes the parent has yet to be told (bot/feedback/we_did.py)
    we_did_notes: tuple[int, ...] = ()
    # withdrawn by a cancellation head office did (bot/parent_requests/standing.py): the
    # request's mail told the parent, the planning's import only confirms it
    cancelled_on_request: bool = False


@dataclass(frozen=True)
class Seen:
    """What the previous run saw, and what this registration got before."""

    status: str | None = None
    first_month: date | None = None
    welcomed: bool = False
    last_update: date | None = None
    # the offer messages sent ("offer:offer-7"), with the day they went
    told: dict[str, date] = field(default_factory=dict)
    birth_asked_on: date | None = None  # when the birth question went out
    welcomed_on: date | None = None  # when the welcome went out
    surveyed: frozenset[str] = frozenset()  # the survey moments sent (each goes once)


@dataclass(frozen=True)
class Due:
    number: str
    moment: str
    period: str

    @property
    def key(self) -> str:
        return f"{self.number}:{self.moment}:{self.period}"


def months_between(earlier: date, later: date) -> int:
    return (
        (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    )


def due(now: Situation, seen: Seen, config: UpdatesConfig, today: date) -> list[Due]:
    """The update this registration is due now (at most one), as a list."""
    found = _all_due(now, seen, config, today)
    recent = seen.last_update is not None and (
        (today - seen.last_update).days < config.min_days_between
    )
    if recent:
        found = [d for d in found if d.moment in URGENT]
    return sorted(found, key=lambda d: PRIORITY.index(d.moment))[:1]


def _all_due(now: Situation, seen: Seen, config: UpdatesConfig, today: date) -> list[Due]:
    found: list[Due] = []

    def add(moment: str, period: str) -> None:
        found.append(Due(now.number, moment, period))

    waiting = now.status == "waiting"
    if waiting and not seen.welcomed:
        add("welcome", "once")
    cycle = months_between(now.registered_on, today) // config.cadence_months
    quiet_since = seen.last_update is None or (
        months_between(seen.last_update, today) >= config.cadence_months
    )
    if waiting and seen.welcomed and cycle >= 1 and quiet_since:
        add("periodic", f"cycle-{cycle}")
    if seen.status is not None and seen.status != now.status and not now.cancelled_on_request:
        add("status_changed", f"{now.status}-{now.status_since or today}")
    elif (
        waiting
        and seen.first_month
        and now.first_month
        and abs(months_between(seen.first_month, now.first_month)) > config.estimate_shift_months
    ):
        add("estimate_moved", now.first_month.isoformat())
    if now.offer_id is not None and now.respond_by is not None and now.respond_by >= today:
        period = f"offer-{now.offer_id}"
        announced = seen.told.get(f"offer:{period}")
        left = (now.respond_by - today).days
        if announced is None:
            add("offer", period)
        elif (
            left <= config.offer_reminder_days
            and (today - announced).days >= REMINDER_AFTER_DAYS
            and f"offer_deadline:{period}" not in seen.told
        ):
            add("offer_deadline", period)
    expired = f"offer-{now.expired_offer_id}"
    if now.expired_offer_id is not None and f"offer_expired:{expired}" not in seen.told:
        add("offer_expired", expired)
    if waiting and now.estimated and now.first_month is None and seen.status is not None:
        add("no_place", "within-horizon")
    if waiting and seen.welcomed and now.birth_date and now.max_age_months is not None:
        age = months_between(now.birth_date, today)
        if now.max_age_months - config.ageing_out_months <= age < now.max_age_months:
            add("ageing_out", f"at-{now.max_age_months}")
    asking = now.due_date is not None and not now.birth_reported and now.status != "withdrawn"
    if asking and today >= now.due_date + timedelta(days=config.birth_question_days):
        asked_on = seen.birth_asked_on
        if asked_on is None:
            add("birth_question", f"due-{now.due_date.isoformat()}")
        elif today >= asked_on + timedelta(days=config.birth_reminder_days):
            add("birth_reminder", f"due-{now.due_date.isoformat()}")
    first_day_left = (now.first_day - today).days if now.first_day else -1
    if now.status == "placed" and 0 <= first_day_left <= config.first_day_days:
        add("first_day", f"{now.first_day}")
    start_left = (now.desired_start_date - today).days
    if waiting and 0 <= start_left <= config.start_reminder_days:
        add("start_near", now.desired_start_date.isoformat())
    if now.status != "withdrawn":
        for moment in _surveys_due(now, seen, config, today):
            add(moment, "once")
    if now.we_did_notes:
        add("we_did", "notes-" + "-".join(map(str, now.we_did_notes)))
    return found


def _surveys_due(now: Situation, seen: Seen, config: UpdatesConfig, today: date) -> list[str]:
    """The touchpoint surveys switched on whose moment lies between their `after_days`
    and `until_days` ago, each once per registration."""
    since = {
        "survey_welcome": seen.welcomed_on,
        "survey_offer": now.decided_on,
        "survey_start": now.started_on if now.status == "placed" else None,
    }
    return [
        moment
        for moment, timing in config.surveys.items()
        if moment not in seen.surveyed
        and since[moment] is not None
        and timing.after_days <= (today - since[moment]).days <= timing.until_days
    ]
