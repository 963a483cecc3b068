"""Every edit head office makes, one row per change, never updated: the newest row of a
(kind, name) is in force, the older ones are its history, and a revert is a new row."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

# what an edit changes, and what its `name` is
TEXT = "text"  # a chat text: "<key>.<variant>" (greet.u, greet.je, greet.en)
MAIL = "mail"  # an update mail's subject or body: "<moment>[.<case>].<part>.<variant>"
OFFICE = "office"  # opening hours: "hours", the value JSON {"opens", "closes", "days"}
CLOSURE = "closure"  # a day the office is closed: the ISO date, the value its reason
KEYWORDS = "keywords"  # a sensitive topic's keywords: the topic, the value a JSON list
CADENCE = "cadence"  # months between periodic updates: "months"
BUTTON = "button"  # a button's title: "<key>.<language>" (talk_to_person.nl, .en)
FACT = "fact"  # an organisation fact of texts.yml: "<key>.<language>" (phone.nl)
# a canned reply of the console (its row in canned_replies is the one in force): the
# reply's id, the value JSON {"title", "text", "text_je", "text_en"}, None: removed
CANNED = "canned"
KINDS = (TEXT, MAIL, OFFICE, CLOSURE, KEYWORDS, CADENCE, BUTTON, FACT, CANNED)


class Edit(Base):
    __tablename__ = "console_edits"
    __table_args__ = (Index("ix_console_edits_kind_name", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    # None: back to the default (texts.yml, the settings, the code's keywords), or a
    # closure day taken away
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    changed_by_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("staff_accounts.id", ondelete="SET NULL"), nullable=True
    )
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the earlier edit whose value this one brought back
    reverts_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
