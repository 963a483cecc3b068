""" "Jullie zeiden, wij deden": what head office did about a theme, for one location or for
everyone, and who is told.

A note is for the parents who gave feedback on its theme before it was written (in the
year before, as far as the answers are still kept): every registration of an answer in
the theme, at the note's location when it has one. Those are fixed when the note is
written (`WeDidRecipient`); a move of an answer afterwards changes no recipient. The
updates job tells each of them once (bot/updates/job.py): in their next update by e-mail,
or in a message of its own when no other update is due, as the updates' consent and
opt-outs allow. The public page per location lists the notes without anyone's data."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.feedback.answers import Sources, collect
from bot.feedback.models import FeedbackTheme, WeDidNote, WeDidRecipient
from bot.feedback.themes import ThemeError, assign
from bot.reporting.sources import Conversations
from bot.updates.notes import Note
from bot.waitlist.models import Location

LOOK_BACK = timedelta(days=365)
MAX_TEXT = 2000


def write_note(
    *,
    session: Session,
    conversations: Conversations,
    theme: FeedbackTheme,
    location_code: str | None,
    text: str,
    text_en: str,
    staff_id: int,
    now: datetime,
) -> WeDidNote:
    """The note, and its recipients: the parents who gave feedback on the theme."""
    text, text_en = text.strip(), text_en.strip()
    if not text or not text_en:
        raise ThemeError("Schrijf wat er gedaan is, in het Nederlands en in het Engels.")
    if len(text) > MAX_TEXT or len(text_en) > MAX_TEXT:
        raise ThemeError(f"Houd het kort: hoogstens {MAX_TEXT} tekens per taal.")
    if location_code is not None:
        known = select(Location.id).where(Location.location_code == location_code)
        if session.scalar(known) is None:
            raise ThemeError(f"Er is geen locatie met de code {location_code}.")
    note = WeDidNote(
        theme_id=theme.id,
        location_code=location_code,
        text=text,
        text_en=text_en,
        created_by_id=staff_id,
        created_at=now,
    )
    session.add(note)
    session.flush()
    for number in sorted(recipients(session, conversations, theme, location_code, now)):
        session.add(WeDidRecipient(note_id=note.id, registration_number=number))
    session.flush()
    return note


def recipients(
    session: Session,
    conversations: Conversations,
    theme: FeedbackTheme,
    location_code: str | None,
    now: datetime,
) -> set[str]:
    answers = collect(Sources(session, conversations, now - LOOK_BACK, now))
    themes = assign(session, answers)
    return {
        number
        for answer in answers
        if themes[answer.key] == theme.code
        and (location_code is None or location_code in answer.locations)
        for number in answer.numbers
    }


def notes(session: Session, location_code: str | None = None) -> list[WeDidNote]:
    """Newest first; with a location, its own notes and those for everyone."""
    query = select(WeDidNote)
    if location_code is not None:
        query = query.where(
            or_(WeDidNote.location_code == location_code, WeDidNote.location_code.is_(None))
        )
    return list(session.scalars(query.order_by(WeDidNote.created_at.desc(), WeDidNote.id.desc())))


def untold(session: Session) -> dict[str, list[Note]]:
    """Per registration the notes it has yet to be told, oldest first."""
    rows = session.execute(
        select(WeDidRecipient.registration_number, WeDidNote, FeedbackTheme)
        .join(WeDidNote, WeDidNote.id == WeDidRecipient.note_id)
        .join(FeedbackTheme, FeedbackTheme.id == WeDidNote.theme_id)
        .where(WeDidRecipient.told_at.is_(None))
        .order_by(WeDidNote.created_at, WeDidNote.id)
    )
    found: dict[str, list[Note]] = {}
    for number, note, theme in rows:
        found.setdefault(number, []).append(
            Note(note.id, theme.name, note.text, theme.name_en, note.text_en)
        )
    return found


def mark_told(session: Session, number: str, note_ids: list[int], now: datetime) -> None:
    session.execute(
        update(WeDidRecipient)
        .where(
            WeDidRecipient.registration_number == number,
            WeDidRecipient.note_id.in_(note_ids),
            WeDidRecipient.told_at.is_(None),
        )
        .values(told_at=now)
    )


class FeedbackNotes:
    """The notes for the updates job (bot/updates/notes.py `Notes`)."""

    def untold(self, session: Session) -> dict[str, list[Note]]:
        return untold(session)

    def told(self, session: Session, number: str, note_ids: list[int], now: datetime) -> None:
        mark_told(session, number, note_ids, now)
