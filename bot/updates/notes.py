"""The "Jullie zeiden, wij deden" notes as the updates job tells them: which registration
has which notes still to hear, and marking them told. The notes themselves are the parents'
voice's (bot/feedback/we_did.py provides `Notes`); the job knows only this shape, so that
the updates do not depend on the feedback part."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Note:
    """A note a parent has yet to be told, in both languages."""

    note_id: int
    theme: str
    text: str
    theme_en: str
    text_en: str

    def in_language(self, english: bool) -> tuple[str, str]:
        """(theme, text) in English or Dutch."""
        return (self.theme_en, self.text_en) if english else (self.theme, self.text)


class Notes(Protocol):
    def untold(self, session: Session) -> dict[str, list[Note]]:
        """Per registration number the notes it has yet to be told, oldest first."""
        ...

    def told(self, session: Session, number: str, note_ids: list[int], now: datetime) -> None:
        """The notes went to the registration: never again."""
        ...


class NoNotes:
    """A run without the notes (the job's default)."""

    def untold(self, session: Session) -> dict[str, list[Note]]:
        return {}

    def told(self, session: Session, number: str, note_ids: list[int], now: datetime) -> None:
        return None
