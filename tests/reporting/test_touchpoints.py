"""The touchpoint survey figures against the same figures counted here, by hand, from the
answers the test wrote: a month of answers at two locations and one of no known location,
some before the period, with the location filter."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.reporting import touchpoints
from bot.reporting.figures import ReportFilter
from bot.shared import clock
from bot.updates.models import SurveyAnswer
from bot.waitlist.models import Location

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SCALE = {"survey_welcome": "csat", "survey_offer": "csat", "survey_start": "nps"}
LOCATIONS = {"UTR-ZON": "Het Zonnetje", "UTR-BOO": "De Boomhut"}


def write_answers(session: Session) -> list[SurveyAnswer]:
    """About 120 answers over the last 45 days (the period: the last 30)."""
    rng = random.Random(29)
    for code, name in LOCATIONS.items():
        session.add(Location(location_code=code, name=name, city="Utrecht"))
    now = clock.now()
    written = []
    for index in range(120):
        moment = rng.choice(list(SCALE))
        scale = SCALE[moment]
        written.append(
            SurveyAnswer(
                registration_number=f"INS-{index:06d}",
                moment=moment,
                location_code=rng.choice(["UTR-ZON", "UTR-ZON", "UTR-BOO", None]),
                scale=scale,
                score=rng.randint(0, 10) if scale == "nps" else rng.randint(1, 5),
                comment=rng.choice([None, "fijn", "het duurde lang"]),
                channel=rng.choice(["email", "whatsapp"]),
                language="nl",
                answered_at=now - timedelta(days=rng.randint(0, 44), minutes=rng.randint(0, 600)),
            )
        )
    session.add_all(written)
    session.flush()
    return written


def expected(answers: list[SurveyAnswer], moment: str, code: str | None) -> dict:
    """One figure row counted by hand: the mean, and the NPS from its definition."""
    scores = [a.score for a in answers if a.moment == moment]
    if code is not None:
        scores = [
            a.score for a in answers if a.moment == moment and (a.location_code or "") == code
        ]
    row = {"count": len(scores), "average": round(sum(scores) / len(scores), 2)}
    if SCALE[moment] == "nps":
        promoters = len([s for s in scores if s in (9, 10)])
        detractors = len([s for s in scores if s <= 6])
        row |= {
            "promoters": promoters,
            "passives": len([s for s in scores if s in (7, 8)]),
            "detractors": detractors,
            "nps": round((promoters / len(scores) - detractors / len(scores)) * 100),
        }
    return row


def period() -> ReportFilter:
    today = clock.today()
    return ReportFilter(today - timedelta(days=29), today, "Europe/Amsterdam")


def in_period(answers: list[SurveyAnswer], wanted: ReportFilter) -> list[SurveyAnswer]:
    return [a for a in answers if wanted.first_day <= wanted.day_of(a.answered_at)]


def test_each_moment_and_location_against_a_count_by_hand(db_session: Session) -> None:
    written = write_answers(db_session)
    wanted = period()
    counted = in_period(written, wanted)
    assert 40 < len(counted) < len(written)  # some answers lie before the period
    start, end = wanted.bounds()

    rows = touchpoints.figures(session=db_session, start=start, end=end)

    moments = [r["moment"] for r in rows if r["location"] is None]
    assert moments == ["survey_welcome", "survey_offer", "survey_start"]
    for row in rows:
        mine = expected(counted, row["moment"], row["location"])
        assert {k: row[k] for k in mine} == mine, row
        assert row["scale"] == SCALE[row["moment"]]
        if row["scale"] == "csat":
            assert row["nps"] is None and row["promoters"] is None
    by_place = {(r["moment"], r["location"]): r["location_name"] for r in rows}
    assert by_place[("survey_start", "UTR-BOO")] == "De Boomhut"
    assert by_place[("survey_start", "")] == ""  # answers about no known location
    assert sum(r["count"] for r in rows if r["location"] is None) == len(counted)
    assert sum(r["count"] for r in rows if r["location"] is not None) == len(counted)


def test_the_location_filter_keeps_the_answers_about_that_location(db_session: Session) -> None:
    written = write_answers(db_session)
    wanted = period()
    start, end = wanted.bounds()
    boomhut = [a for a in in_period(written, wanted) if a.location_code == "UTR-BOO"]

    rows = touchpoints.figures(session=db_session, start=start, end=end, location="UTR-BOO")

    assert {r["location"] for r in rows} == {None, "UTR-BOO"}
    for row in rows:
        assert {k: row[k] for k in expected(boomhut, row["moment"], None)} == expected(
            boomhut, row["moment"], None
        )


def test_no_answers_no_rows(db_session: Session) -> None:
    start, end = period().bounds()
    assert touchpoints.figures(session=db_session, start=start, end=end) == []


def test_an_answer_counts_on_its_day_in_the_office_time_zone(db_session: Session) -> None:
    """Just after midnight in Amsterdam is still the day before in UTC."""
    today = clock.today()
    midnight = datetime.combine(today, datetime.min.time(), AMSTERDAM) + timedelta(minutes=5)
    db_session.add(
        SurveyAnswer(
            registration_number="INS-000001",
            moment="survey_start",
            location_code=None,
            scale="nps",
            score=10,
            channel="email",
            language="nl",
            answered_at=midnight,
        )
    )
    db_session.flush()
    only_today = ReportFilter(today, today, "Europe/Amsterdam")

    [total, unknown] = touchpoints.figures(
        session=db_session, start=only_today.bounds()[0], end=only_today.bounds()[1]
    )

    assert (total["count"], total["average"], total["nps"]) == (1, 10, 100)
    assert unknown["location"] == ""
