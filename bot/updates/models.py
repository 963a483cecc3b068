"""Tables of the proactive updates: each parent's choices, what the last run saw of each
registration, every message sent (or tried) with its outcome, and the answers to the
touchpoint surveys."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class UpdatePreference(Base):
    """A registration's choices: opted out of e-mail, opted in to (or out of) WhatsApp,
    consent where the organisation requires it, and the language the parent chats in."""

    __tablename__ = "update_preferences"

    registration_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    email_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_opt_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    whatsapp_opt_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    whatsapp_opt_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the number the parent chose in the chat (E.164: a verified WhatsApp sender's); None:
    # the first number on file
    whatsapp_phone: Mapped[str | None] = mapped_column(String(20))
    # "nl" or "en": of the last chat in which the parent passed the identity check
    language: Mapped[str | None] = mapped_column(String(2))
    # the parent agreed that their feedback may carry their name and registration number in
    # the answers' export (bot/feedback/export.py); None: not agreed, the export anonymises
    feedback_named_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UpdateSnapshot(Base):
    """What the last run saw: a change of status or estimate since then is news."""

    __tablename__ = "update_snapshots"

    registration_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    first_month: Mapped[date | None] = mapped_column(Date)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UpdateMessage(Base):
    """One message to one registration for one moment and period. The unique key makes a
    second run, or a concurrent one, send nothing twice."""

    __tablename__ = "update_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    registration_number: Mapped[str] = mapped_column(String(16), index=True)
    moment: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))  # email | whatsapp
    status: Mapped[str] = mapped_column(String(16))  # sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str] = mapped_column(String(255), default="")
    # in the message's chat link: a parent who follows it lands in a conversation that
    # knows which update it answers (the conversation and when are kept here)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # a family's replies are found by it (bot/privacy/family.py)
    replied_sender_id: Mapped[str | None] = mapped_column(String(255), index=True)
    # the channel's id of the sent message (WhatsApp), to count its read receipt as opened
    provider_message_id: Mapped[str | None] = mapped_column(String(128), index=True)


class SurveyAnswer(Base):
    """A parent's answer to a touchpoint survey (bot/updates/surveys.py): one per
    registration and survey moment (the unique pair; a second one is refused), with the
    location it is about, the score on the moment's scale and the open answer."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("registration_number", "moment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(16), index=True)
    moment: Mapped[str] = mapped_column(String(32))  # survey_welcome | survey_offer | survey_start
    location_code: Mapped[str | None] = mapped_column(String(32), index=True)
    scale: Mapped[str] = mapped_column(String(8))  # nps (0-10) | csat (1-5)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)  # the open answer; None: left empty
    channel: Mapped[str] = mapped_column(String(16))  # how the survey came: email | whatsapp
    language: Mapped[str] = mapped_column(String(2))  # nl | en: the page's
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
