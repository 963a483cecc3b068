"""The touchpoint survey figures (bot/updates/surveys.py): per survey moment, all
locations together and each location on its own, the number of answers, the average
score and, for the NPS question, promoters (9-10), passives (7-8), detractors (0-6) and
the NPS (the share of promoters minus the share of detractors, in whole points).

Answers count by the day they were given, with the dashboard's location filter (the
location the answer is about). Only counts and scores: no registration and no open
answer, so management may read them."""

import statistics
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.updates.config import SURVEY_MOMENTS
from bot.updates.models import SurveyAnswer
from bot.updates.surveys import NPS
from bot.waitlist.models import Location

PROMOTER, PASSIVE = 9, 7  # and up; below PASSIVE a detractor


def figures(
    *, session: Session, start: datetime, end: datetime, location: str | None = None
) -> list[dict[str, Any]]:
    """One row per survey moment with answers (location None: all locations), followed
    by its locations by name (an answer about no known location under location "")."""
    query = select(
        SurveyAnswer.moment, SurveyAnswer.location_code, SurveyAnswer.scale, SurveyAnswer.score
    ).where(SurveyAnswer.answered_at >= start, SurveyAnswer.answered_at < end)
    if location:
        query = query.where(SurveyAnswer.location_code == location)
    names = dict(session.execute(select(Location.location_code, Location.name)).all())
    scores: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    scales: dict[str, str] = {}
    for moment, code, scale, score in session.execute(query):
        scales[moment] = scale
        scores[(moment, None)].append(score)
        scores[(moment, code or "")].append(score)
    rows = []
    for moment in (m for m in SURVEY_MOMENTS if (m, None) in scores):
        places = sorted(
            (code for m, code in scores if m == moment and code is not None),
            key=lambda code: names.get(code, code),
        )
        for code in (None, *places):
            rows.append(_row(moment, code, names, scales[moment], scores[(moment, code)]))
    return rows


def _row(
    moment: str, code: str | None, names: dict[str, str], scale: str, scores: list[int]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "moment": moment,
        "location": code,
        "location_name": names.get(code, code) if code is not None else None,
        "scale": scale,
        "count": len(scores),
        "average": round(statistics.fmean(scores), 2),
        "promoters": None,
        "passives": None,
        "detractors": None,
        "nps": None,
    }
    if scale == NPS:
        promoters = sum(score >= PROMOTER for score in scores)
        detractors = sum(score < PASSIVE for score in scores)
        row |= {
            "promoters": promoters,
            "passives": len(scores) - promoters - detractors,
            "detractors": detractors,
            "nps": round(100 * (promoters - detractors) / len(scores)),
        }
    return row
