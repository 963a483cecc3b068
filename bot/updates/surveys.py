"""The touchpoint surveys: after the welcome, after an offer decision, a month after the
first day (which are on, and when, is in the updates file: `surveys`). Each asks one score
(NPS, 0-10, where a recommendation fits: a month after the start; else 1-5) and one open
question, on the page behind the signed link in the survey mail or WhatsApp message
(bot/console/survey_answer.py).

One answer per registration and moment: a second one is refused kindly (the page thanks
the parent and says the first answer counts), so a score is never silently replaced and a
forwarded link cannot overwrite the parent's own answer. Each answer is recorded with the
location it is about: the offer's for the offer decision, the place's for the start, the
first preferred location for the welcome."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.updates.config import SURVEY_MOMENTS
from bot.updates.models import SurveyAnswer, UpdateMessage
from bot.waitlist.models import Registration
from bot.waitlist.status import place_of

NPS, CSAT = "nps", "csat"
SCALES = {"survey_welcome": CSAT, "survey_offer": CSAT, "survey_start": NPS}
SCORES = {NPS: range(0, 11), CSAT: range(1, 6)}
COMMENT_LENGTH = 2000


class AlreadyAnswered(Exception):
    """This registration answered this survey before: the first answer counts."""


def scale_of(moment: str) -> str:
    return SCALES[moment]


def answered(*, session: Session, number: str, moment: str) -> SurveyAnswer | None:
    return session.scalar(
        select(SurveyAnswer).where(
            SurveyAnswer.registration_number == number, SurveyAnswer.moment == moment
        )
    )


def location_of(*, session: Session, registration: Registration, moment: str) -> str | None:
    """The location the survey is about (its code), or None when none is known."""
    if moment == "survey_offer":
        decided = [o for o in registration.offers if o.outcome in ("accepted", "declined")]
        return decided[-1].location.location_code if decided else None
    if moment == "survey_start":
        place = place_of(session, registration)
        return place.locations[0].location_code if place.locations else None
    locations = registration.locations
    return locations[0].location_code if locations else None


def record(
    *,
    session: Session,
    registration: Registration,
    moment: str,
    score: int,
    comment: str,
    language: str,
    now: datetime,
) -> SurveyAnswer:
    """Stores the answer; AlreadyAnswered when there is one (also from a second submit
    at the same time: the unique pair decides), ValueError for a score off the scale."""
    if moment not in SURVEY_MOMENTS or score not in SCORES[SCALES[moment]]:
        raise ValueError("score off the scale")
    number = registration.number
    if answered(session=session, number=number, moment=moment) is not None:
        raise AlreadyAnswered(moment)
    channel = session.scalar(
        select(UpdateMessage.channel).where(UpdateMessage.key == f"{number}:{moment}:once")
    )
    words = " ".join(comment.split())[:COMMENT_LENGTH]
    answer = SurveyAnswer(
        registration_number=number,
        moment=moment,
        location_code=location_of(session=session, registration=registration, moment=moment),
        scale=SCALES[moment],
        score=score,
        comment=words or None,
        channel=channel or "email",
        language=language,
        answered_at=now,
    )
    try:
        with session.begin_nested():
            session.add(answer)
            session.flush()
    except IntegrityError as error:
        raise AlreadyAnswered(moment) from error
    return answer
