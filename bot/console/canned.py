"""Canned replies kept like head office's other edits: every add, change and removal is
also an edit (bot/edits, kind "canned", named by the reply's id, the value the reply as
JSON or None for removed), so each reply has a history and an earlier version can be
brought back. The row in canned_replies is the reply in force; the conversation page's
picker reads the rows, so a change counts at the next look without a restart."""

import json
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.console.models import CannedReply
from bot.conversation import texts
from bot.edits import changes
from bot.edits.models import CANNED, Edit

# the variant each field is in (u, je, en), whose form of address it must keep
# (changes.WRONG_FORM: the texts' check)
FIELD_FORMS = dict(zip(("text", "text_je", "text_en"), texts.VARIANTS, strict=True))


def problems(title: str, words: dict[str, str]) -> dict[str, str]:
    """What is wrong, per field (title, text, text_je, text_en), in Dutch."""
    found: dict[str, str] = {}
    if not title.strip():
        found["title"] = "Geef een titel."
    if not words.get("text", "").strip():
        found["text"] = "Vul de tekst met u in."
    for name, form in FIELD_FORMS.items():
        pattern, wrong = changes.WRONG_FORM[form]
        if name not in found and pattern.search(words.get(name, "")):
            found[name] = f"De {form}-tekst gebruikt {wrong}."
    return found


def _value(reply: CannedReply) -> str:
    return json.dumps(
        {
            "title": reply.title,
            "text": reply.text,
            "text_je": reply.text_je,
            "text_en": reply.text_en,
        },
        ensure_ascii=False,
    )


def _fill(reply: CannedReply, title: str, words: dict[str, str | None]) -> None:
    reply.title = title.strip()
    reply.text = (words.get("text") or "").strip()
    reply.text_je = (words.get("text_je") or "").strip() or None
    reply.text_en = (words.get("text_en") or "").strip() or None


def add(
    *, session: Session, title: str, words: dict[str, str], staff_id: int | None, now: datetime
) -> CannedReply:
    refused = problems(title, words)
    if refused:
        raise changes.EditRefused(refused)
    reply = CannedReply()
    _fill(reply, title, dict(words))
    session.add(reply)
    session.flush()
    changes.record(session, CANNED, str(reply.id), _value(reply), staff_id, now)
    return reply


def change(
    *,
    session: Session,
    reply_id: int,
    title: str,
    words: dict[str, str],
    staff_id: int | None,
    now: datetime,
) -> CannedReply:
    reply = _get(session, reply_id)
    refused = problems(title, words)
    if refused:
        raise changes.EditRefused(refused)
    _fill(reply, title, dict(words))
    session.flush()
    changes.record(session, CANNED, str(reply.id), _value(reply), staff_id, now)
    return reply


def remove(*, session: Session, reply_id: int, staff_id: int | None, now: datetime) -> CannedReply:
    reply = _get(session, reply_id)
    session.delete(reply)
    session.flush()
    changes.record(session, CANNED, str(reply_id), None, staff_id, now)
    return reply


def history(*, session: Session, reply_id: int) -> list[Edit]:
    return changes.history(session=session, kind=CANNED, names=[str(reply_id)])


def removed(*, session: Session) -> list[tuple[Edit, Edit]]:
    """The removed replies: (the removal, the reply's last version before it), newest
    removal first; bringing back the version brings back the reply."""
    newest = (
        select(func.max(Edit.id)).where(Edit.kind == CANNED).group_by(Edit.name).scalar_subquery()
    )
    removals = session.scalars(
        select(Edit).where(Edit.id.in_(newest), Edit.value.is_(None)).order_by(Edit.id.desc())
    )
    found = []
    for removal in removals:
        last = session.scalar(
            select(Edit)
            .where(Edit.kind == CANNED, Edit.name == removal.name, Edit.value.is_not(None))
            .order_by(Edit.id.desc())
            .limit(1)
        )
        if last is not None:
            found.append((removal, last))
    return found


def revert(*, session: Session, edit: Edit, staff_id: int | None, now: datetime) -> Edit:
    """Bring back the reply as edit `edit` left it: its words, or removed (a removed reply
    comes back under its own id, so its history stays one)."""
    reply = session.get(CannedReply, int(edit.name))
    if edit.value is None:
        if reply is not None:
            session.delete(reply)
    else:
        kept = json.loads(edit.value)
        if reply is None:
            reply = CannedReply(id=int(edit.name))
            session.add(reply)
        _fill(reply, kept["title"], kept)
    session.flush()
    return changes.record(session, CANNED, edit.name, edit.value, staff_id, now, edit.id)


def _get(session: Session, reply_id: int) -> CannedReply:
    reply = session.get(CannedReply, reply_id)
    if reply is None:
        raise changes.UnknownEdit(f"no canned reply {reply_id}")
    return reply
