"""Head office's view: the dashboard (admins and management) and the messages the bot did
not understand, labelled by admins (or by parents choosing among the meanings the bot
offered when unsure) and exported as training data."""

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console.dashboard_csv import dashboard_csv
from bot.console.dependencies import Audit, ConversationSource
from bot.console.schemas import (
    Dashboard,
    Intents,
    Label,
    MessageGroup,
    NewLabel,
    ParentChoice,
    StaffLabel,
    download,
    errors,
)
from bot.console.security import DB, Admin, Now, Reporting
from bot.conversation import intent_words
from bot.feedback import themes
from bot.feedback.answers import answers_of
from bot.handoff.queue import utc
from bot.parent_requests import work
from bot.reporting import nlu_review
from bot.reporting.figures import ReportFilter, dashboard
from bot.reporting.models import NluLabel
from bot.shared import clock
from bot.staff.models import ADMIN, StaffAccount

router = APIRouter(tags=["reports"])
Day = Annotated[date | None, Query()]


EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def report_filter(
    first_day: Day,
    last_day: Day,
    channel: str | None,
    location: str | None,
    timezone: str,
    now: datetime,
) -> ReportFilter:
    """The period asked for; without a last day, up to today by the request's clock."""
    last = last_day or clock.day_of(now)
    if not EARLIEST <= last <= LATEST or (first_day and not EARLIEST <= first_day <= LATEST):
        raise HTTPException(422, f"days between {EARLIEST} and {LATEST}")
    first = first_day or last - timedelta(days=29)
    if first > last or (last - first).days > 366:
        raise HTTPException(422, "a period of at most a year, first day before last")
    return ReportFilter(first, last, timezone, channel or None, location or None)


def location_code(session: Session, text: str) -> str:
    """The one location a filter names, by code or (part of) the name, as the request list
    takes it; 422 when none or several match."""
    codes = work.location_codes(session, text)
    if not codes:
        raise HTTPException(422, "no location with that name or code")
    if len(codes) > 1:
        raise HTTPException(422, f"several locations match: {', '.join(codes)}")
    return codes[0]


class DashboardFilter(NamedTuple):
    first_day: date | None
    last_day: date | None
    channel: str | None
    location: str | None


def dashboard_filter(
    first_day: Day = None,
    last_day: Day = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    location: Annotated[str | None, Query(max_length=100)] = None,
) -> DashboardFilter:
    return DashboardFilter(first_day, last_day, channel, location)


Filters = Annotated[DashboardFilter, Depends(dashboard_filter)]


def figures_for(
    staff: StaffAccount,
    session: Session,
    conversations: ConversationSource,
    now: datetime,
    filters: DashboardFilter,
) -> tuple[ReportFilter, dict[str, Any]]:
    """The period asked for and the dashboard's figures for it, as `staff`'s role may read
    them (the page and its CSV download alike)."""
    first_day, last_day, channel, location = filters
    timezone = "Europe/Amsterdam"
    code = location_code(session, location) if location and location.strip() else None
    wanted = report_filter(first_day, last_day, channel, code, timezone, now)
    report = dashboard(session=session, conversations=conversations, wanted=wanted, now=now)
    # the answers by theme; parents' words (anonymised) only for admins: management reads
    # figures and no parent's words
    by_theme = themes.figures(
        session=session,
        answers=answers_of(session, conversations, wanted),
        day_of=wanted.day_of,
        with_examples=staff.role == ADMIN,
    )
    figures = asdict(report) | {"themes": asdict(by_theme)}
    figures["top_intents"] = [
        {**i, "words": intent_words.label(i["intent"])} for i in figures["top_intents"]
    ]
    if staff.role != ADMIN:
        figures["per_agent"] = []  # colleagues' figures are for admins
        # management reads figures, no parent's words (not even anonymised: a masked
        # comment can still say who wrote it)
        figures |= {"csat_comments": [], "not_understood": []}
        figures["bot_resolution"] = {**figures["bot_resolution"], "comments": []}
    return wanted, figures


@router.get("/dashboard", response_model=Dashboard, responses=errors(422))
def get_dashboard(
    staff: Reporting,
    session: DB,
    conversations: ConversationSource,
    audit: Audit,
    now: Now,
    filters: Filters,
) -> Any:
    """The figures for a period (default: the last 30 days), channel and location."""
    audit.once("dashboard_view")
    return figures_for(staff, session, conversations, now, filters)[1]


@router.get(
    "/dashboard.csv",
    response_class=Response,
    responses={**download("text/csv", "the dashboard's figures, in Dutch"), **errors(422)},
)
def export_dashboard(
    staff: Reporting,
    session: DB,
    conversations: ConversationSource,
    audit: Audit,
    now: Now,
    filters: Filters,
) -> Response:
    """The same figures as GET /dashboard for the same filter, one a line
    (bot/console/dashboard_csv.py)."""
    wanted, figures = figures_for(staff, session, conversations, now, filters)
    audit("dashboard_export", detail=f"{wanted.first_day}..{wanted.last_day}")
    name = f"dashboard-{wanted.first_day}-{wanted.last_day}.csv"
    return Response(
        dashboard_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/nlu/review", response_model=list[MessageGroup], responses=errors(422))
def review(
    staff: Admin,
    session: DB,
    conversations: ConversationSource,
    now: Now,
    first_day: Day = None,
    last_day: Day = None,
) -> Any:
    """The not-understood messages of the period, grouped, anonymised, largest first."""
    wanted = report_filter(first_day, last_day, None, None, "Europe/Amsterdam", now)
    report = dashboard(session=session, conversations=conversations, wanted=wanted, now=now)
    return report.not_understood


@router.get("/nlu/intents", response_model=Intents)
def intents(staff: Admin) -> Intents:
    """What a not-understood message can be labelled with: the model's intents."""
    known = nlu_review.known_intents()
    return Intents(intents=known, words={i: intent_words.label(i) for i in known})


@router.get("/nlu/labels", response_model=list[StaffLabel])
def labels(staff: Admin, session: DB) -> list[StaffLabel]:
    """The labels staff gave, one per message (the latest)."""
    given = nlu_review.staff_labels(session=session)
    return [StaffLabel(text=text, intent=intent) for text, intent in given.items()]


@router.post("/nlu/labels", response_model=Label, status_code=201, responses=errors(422))
def add_label(body: NewLabel, staff: Admin, session: DB, now: Now, audit: Audit) -> Label:
    if body.intent not in nlu_review.known_intents():
        raise HTTPException(422, f"the model has no intent {body.intent!r}")
    entry = nlu_review.label(
        session=session, text=body.text, intent=body.intent, staff_id=staff.id, now=now
    )
    audit("nlu_label", detail=body.intent)
    return Label(id=entry.id, text=entry.text, intent=entry.intent)


@router.get("/nlu/choices", response_model=list[ParentChoice])
def parent_choices(staff: Admin, session: DB) -> list[ParentChoice]:
    """What parents chose when the bot asked which meaning they meant ("Bedoelt u: … of
    …?"), newest first: labelled examples in the export."""
    return [
        ParentChoice(
            text=entry.text,
            offered=nlu_review.offered_intents(entry),
            chosen=entry.intent,
            at=utc(entry.labelled_at).isoformat(),
        )
        for entry in nlu_review.parent_choices(session=session)
    ]


@router.get(
    "/nlu/export.yml",
    response_class=Response,
    responses=download("application/yaml", "Rasa NLU training data"),
)
def export_labels(staff: Admin, session: DB) -> Response:
    labels = list(session.scalars(select(NluLabel).order_by(NluLabel.id)))
    return Response(
        nlu_review.training_yaml(labels),
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="nlu-gelabeld.yml"'},
    )
