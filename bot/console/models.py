"""Tables of the staff console: canned replies (staff accounts and the audit log are in
bot/staff, handoffs in bot/handoff)."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class CannedReply(Base):
    """A reply staff pick from a list: `text` is the formal Dutch one; the informal and the
    English one are picked for a conversation in that variant (empty: the formal one)."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    text_je: Mapped[str | None] = mapped_column(Text, nullable=True)
    text_en: Mapped[str | None] = mapped_column(Text, nullable=True)
