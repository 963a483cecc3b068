"""Tables of the parents' voice: the themes admins edit, the answers they moved to another
theme, and the "Jullie zeiden, wij deden" notes with the parents each note is for.

Staff account ids and registration numbers are plain values (no foreign key), as in the
conversation part, so this part migrates on its own chain.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class FeedbackTheme(Base):
    """A theme ("wachttijd", "kosten"): an answer belongs to it when one of its keywords
    is in the answer (bot/feedback/grouping.py). `keywords` holds one keyword per line."""

    __tablename__ = "feedback_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))  # Dutch, for staff and parents
    name_en: Mapped[str] = mapped_column(String(100))  # for parents who read English
    keywords: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)  # first match wins a tie
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ThemeMove(Base):
    """An admin put one answer in another theme (or in none: `theme_id` None); it stays
    there whatever the keywords say later. `answer_key` is the answer's stable key
    (bot/feedback/answers.py), a hash that names no parent."""

    __tablename__ = "feedback_theme_moves"

    answer_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_themes.id"))
    moved_by_id: Mapped[int | None] = mapped_column(Integer)
    moved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WeDidNote(Base):
    """What head office did about a theme, for one location or (`location_code` None) for
    everyone, in Dutch and English: shown on the public page and told once to each parent
    who gave feedback on the theme before the note was written."""

    __tablename__ = "we_did_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("feedback_themes.id"), index=True)
    location_code: Mapped[str | None] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class WeDidRecipient(Base):
    """A registration whose parent gave feedback on the note's theme: the updates job tells
    them the note once (`told_at`), in their next update or a message of its own."""

    __tablename__ = "we_did_recipients"
    __table_args__ = (UniqueConstraint("note_id", "registration_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("we_did_notes.id"), index=True)
    registration_number: Mapped[str] = mapped_column(String(16), index=True)
    told_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
