"""Themes of the parents' answers: the admins' edits, answers moved by hand, and the figures
the dashboard shows per theme (per location, per moment, per week and month, with a few
examples for the roles that may read parents' words).

An answer belongs to the theme an admin moved it to (bot/feedback/models.py `ThemeMove`,
kept whatever the keywords say later), else to the theme its words are most about
(bot/feedback/grouping.py), else to none ("overig")."""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.feedback.answers import Answer
from bot.feedback.grouping import ThemeRule, keywords_of, theme_of
from bot.feedback.models import FeedbackTheme, ThemeMove
from bot.reporting import nlu_review

OTHER = "overig"  # the answers of no theme
EXAMPLES = 3
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class ThemeError(ValueError):
    """An edit that cannot be made; the message is for the admin (Dutch)."""


def active_themes(session: Session) -> list[FeedbackTheme]:
    query = select(FeedbackTheme).where(FeedbackTheme.active.is_(True))
    return list(session.scalars(query.order_by(FeedbackTheme.position, FeedbackTheme.id)))


def all_themes(session: Session) -> list[FeedbackTheme]:
    query = select(FeedbackTheme).order_by(FeedbackTheme.position, FeedbackTheme.id)
    return list(session.scalars(query))


def rules(themes: list[FeedbackTheme]) -> list[ThemeRule]:
    return [ThemeRule(t.code, keywords_of(t.keywords)) for t in themes]


def assign(session: Session, answers: list[Answer]) -> dict[str, str | None]:
    """Each answer's theme code (None: no theme), by key."""
    themes = active_themes(session)
    codes = {t.id: t.code for t in themes}
    matching = rules(themes)
    keys = [a.key for a in answers]
    moved: dict[str, int | None] = {}
    for start in range(0, len(keys), 500):
        query = select(ThemeMove.answer_key, ThemeMove.theme_id).where(
            ThemeMove.answer_key.in_(keys[start : start + 500])
        )
        moved.update(session.execute(query).tuples().all())
    result: dict[str, str | None] = {}
    # the same words have the same theme: parents (and a year of not-understood messages)
    # repeat them, and matching one answer against every keyword takes milliseconds
    by_text: dict[str, str | None] = {}
    for answer in answers:
        if answer.key in moved:
            theme_id = moved[answer.key]
            result[answer.key] = codes.get(theme_id) if theme_id is not None else None
        else:
            if answer.text not in by_text:
                by_text[answer.text] = theme_of(answer.text, matching)
            result[answer.key] = by_text[answer.text]
    return result


def create_theme(
    *, session: Session, code: str, name: str, name_en: str, keywords: str, now: datetime
) -> FeedbackTheme:
    code = code.strip().lower()
    if not CODE.match(code) or code == OTHER:
        raise ThemeError("Kies een code van kleine letters, cijfers of streepjes (niet 'overig').")
    if session.scalar(select(FeedbackTheme.id).where(FeedbackTheme.code == code)) is not None:
        raise ThemeError(f"Er is al een thema met de code {code}.")
    last = session.scalar(select(func.max(FeedbackTheme.position))) or 0
    theme = FeedbackTheme(code=code, position=last + 1, active=True)
    session.add(theme)
    edit_theme(session=session, theme=theme, name=name, name_en=name_en, keywords=keywords, now=now)
    return theme


def edit_theme(
    *,
    session: Session,
    theme: FeedbackTheme,
    name: str,
    name_en: str,
    keywords: str,
    now: datetime,
    active: bool = True,
) -> FeedbackTheme:
    name, name_en = " ".join(name.split()), " ".join(name_en.split())
    if not name or not name_en:
        raise ThemeError("Geef het thema een naam in het Nederlands en in het Engels.")
    words = keywords_of(keywords)
    if active and not words:
        raise ThemeError("Geef minstens één trefwoord.")
    theme.name, theme.name_en = name[:100], name_en[:100]
    theme.keywords = "\n".join(words)
    theme.active, theme.updated_at = active, now
    session.flush()
    return theme


def move(
    *, session: Session, answer_key: str, theme: FeedbackTheme | None, staff_id: int, now: datetime
) -> ThemeMove:
    """Put one answer in `theme` (None: in no theme), for good."""
    if theme is not None and not theme.active:
        raise ThemeError("Dit thema staat uit; zet het eerst aan.")
    entry = session.get(ThemeMove, answer_key) or ThemeMove(answer_key=answer_key)
    entry.theme_id = theme.id if theme else None
    entry.moved_by_id, entry.moved_at = staff_id, now
    session.add(entry)
    session.flush()
    return entry


@dataclass
class ThemeFigures:
    # code, name, count, per_location, per_moment, per_source, examples
    themes: list[dict[str, Any]] = field(default_factory=list)
    answers: int = 0
    weekly: list[dict[str, Any]] = field(default_factory=list)  # period, theme, count
    monthly: list[dict[str, Any]] = field(default_factory=list)


def figures(
    *,
    session: Session,
    answers: list[Answer],
    day_of: Callable[[datetime], date],
    with_examples: bool,
) -> ThemeFigures:
    """Counts per theme (and "overig"), by location, moment and source, the trend per ISO
    week and month, and for readers of parents' words the newest examples, anonymised."""
    assigned = assign(session, answers)
    names = {t.code: t.name for t in active_themes(session)}
    names[OTHER] = "Overig"
    child_names = nlu_review.child_names(session) if with_examples else set()
    grouped: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        grouped[assigned[answer.key] or OTHER].append(answer)
    weekly: Counter[tuple[str, str]] = Counter()
    monthly: Counter[tuple[str, str]] = Counter()
    report = ThemeFigures(answers=len(answers))
    for code in [*names]:
        own = grouped.get(code, [])
        if not own:
            continue
        for answer in own:
            day = day_of(answer.at)
            year, week, _ = day.isocalendar()
            weekly[(f"{year}-W{week:02d}", code)] += 1
            monthly[(f"{day.year}-{day.month:02d}", code)] += 1
        newest = sorted(own, key=lambda a: a.at, reverse=True)[:EXAMPLES]
        report.themes.append(
            {
                "code": code,
                "name": names[code],
                "count": len(own),
                "per_location": dict(
                    Counter(loc for a in own for loc in sorted(a.locations)).most_common()
                ),
                "per_moment": dict(Counter(a.moment for a in own).most_common()),
                "per_source": dict(Counter(a.source for a in own).most_common()),
                "examples": [
                    {
                        "key": a.key,
                        "day": day_of(a.at).isoformat(),
                        "source": a.source,
                        "text": nlu_review.anonymise(a.text, child_names),
                    }
                    for a in newest
                ]
                if with_examples
                else [],
            }
        )
    report.themes.sort(key=lambda t: (t["code"] == OTHER, -t["count"]))
    report.weekly = [{"period": p, "theme": c, "count": n} for (p, c), n in sorted(weekly.items())]
    report.monthly = [
        {"period": p, "theme": c, "count": n} for (p, c), n in sorted(monthly.items())
    ]
    return report
