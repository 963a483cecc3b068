"""The touchpoint survey link (bot/updates/surveys.py): public (no login; the link is
signed for one registration, one survey moment, one texts variant and the day it was
sent). GET shows the score question and the open question, so a mail scanner following
links changes nothing; POST records the answer once. A link that is altered, older than
the updates file's `surveys.link_days`, or already answered gets a page that says so, in
the link's language and form of address."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from bot.console.security import DB, Now
from bot.console.signed_links import PageInstead, Refused
from bot.conversation import formats, texts
from bot.updates.config import SURVEY_MOMENTS, UpdatesConfig, configured_path, load
from bot.updates.links import FORMS, survey_link_valid
from bot.updates.surveys import COMMENT_LENGTH, SCORES, AlreadyAnswered, answered, record, scale_of
from bot.waitlist.models import Registration
from bot.waitlist.queries import find_registration

router = APIRouter(include_in_schema=False)
PATH = "/surveys/answer"
Number = Annotated[str, Query(alias="n", max_length=32)]
Moment = Annotated[str, Query(alias="m", max_length=32)]
Variant = Annotated[str, Query(alias="f", max_length=4)]
Sent = Annotated[str, Query(alias="d", max_length=10)]
Signature = Annotated[str, Query(alias="s", max_length=64)]
Score = Annotated[str, Form(max_length=4)]
Comment = Annotated[str, Form(max_length=COMMENT_LENGTH)]


def updates_config(request: Request) -> UpdatesConfig:
    """The updates file, read once per app (the stack checked it at start)."""
    state = request.app.state
    if getattr(state, "updates_config", None) is None:
        state.updates_config = load(configured_path(state.settings.updates_file))
    return state.updates_config  # type: ignore[no-any-return]


def checked(
    request: Request,
    session: Session,
    now: datetime,
    link: tuple[str, str, str, str, str],
) -> Registration:
    """The registration whose survey the link is, still open; else Refused."""
    number, moment, form, sent, signature = link
    settings = request.app.state.settings
    if not survey_link_valid(settings, number, moment, form, sent, signature):
        raise Refused("survey_bad_link", 404)
    registration = find_registration(session=session, number=number)
    if moment not in SURVEY_MOMENTS or registration is None:
        raise Refused("survey_bad_link", 404)
    if answered(session=session, number=number, moment=moment) is not None:
        raise Refused("survey_answered", 409)
    today = now.astimezone(ZoneInfo(settings.office_timezone)).date()
    last_day = date.fromisoformat(sent) + timedelta(days=updates_config(request).survey_link_days)
    if today > last_day:
        raise Refused("survey_expired", 410)
    return registration


def render(
    request: Request,
    form: str,
    *,
    status: int = 200,
    registration: Registration | None = None,
    moment: str = "",
    **context: object,
) -> Response:
    """The page in `form` (a refused link in the organisation's form when its own is
    not known)."""
    form = form if form in FORMS else request.app.state.settings.address_form
    child = registration.child.first_name if registration else ""
    scale = scale_of(moment) if moment in SURVEY_MOMENTS else None

    def say(key: str, **more: object) -> str:
        return texts.say(key, form, child=child, **more)

    return request.app.state.templates.TemplateResponse(
        request,
        "survey_answer.html",
        {
            "lang": formats.language(form),
            "say": say,
            "moment": moment,
            "scale": scale,
            "scores": list(SCORES[scale]) if scale else [],
            "link_days": updates_config(request).survey_link_days,
            **context,
        },
        status_code=status,
    )


@dataclass(frozen=True)
class SurveyLink:
    """A link that can be used: the registration, the survey moment, the texts variant."""

    registration: Registration
    moment: str
    form: str


def survey_link(
    request: Request,
    session: DB,
    now: Now,
    number: Number = "",
    moment: Moment = "",
    form: Variant = "",
    sent: Sent = "",
    signature: Signature = "",
) -> SurveyLink:
    """The link of the page shown and of the answer sent, checked; else the page that says
    why it cannot be used."""
    try:
        registration = checked(request, session, now, (number, moment, form, sent, signature))
    except Refused as refused:
        raise PageInstead(
            render(request, form, status=refused.status, refused=refused.page)
        ) from None
    return SurveyLink(registration, moment, form)


Link = Annotated[SurveyLink, Depends(survey_link)]


@router.get(PATH, response_class=HTMLResponse)
def show(request: Request, link: Link) -> Response:
    return render(
        request,
        link.form,
        registration=link.registration,
        moment=link.moment,
        step="ask",
        query=request.url.query,
    )


@router.post(PATH, response_class=HTMLResponse)
def answer(
    request: Request,
    session: DB,
    now: Now,
    link: Link,
    score: Score = "",
    comment: Comment = "",
) -> Response:
    registration, moment, form = link.registration, link.moment, link.form
    scale = scale_of(moment)
    given = int(score) if score.isascii() and score.isdigit() else None
    if given is None or given not in SCORES[scale]:
        # nothing is lost: the page comes back with the parent's words and a clear word
        return render(
            request,
            form,
            status=422,
            registration=registration,
            moment=moment,
            step="ask",
            query=request.url.query,
            comment=comment,
            missing=True,
        )
    try:
        record(
            session=session,
            registration=registration,
            moment=moment,
            score=given,
            comment=comment,
            language=formats.language(form),
            now=now,
        )
    except AlreadyAnswered:
        return render(request, form, status=409, refused="survey_answered")
    return render(request, form, registration=registration, moment=moment, step="done")
