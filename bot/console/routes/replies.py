"""Canned replies: everyone reads them, admins add, change and remove them (also on the
page "Teksten en tijden"), each change kept with its history (bot/console/canned.py). Each
has a formal Dutch text and may have an informal and an English one; a conversation picks
its variant's."""

import json

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from sqlalchemy import select

from bot.console import canned
from bot.console.dependencies import Audit
from bot.console.models import CannedReply
from bot.console.routes.edits import history_row
from bot.console.schemas import CannedReply as CannedReplyOut
from bot.console.schemas import HistoryRow, Id, NewCannedReply, RemovedReply, errors, refusals
from bot.console.security import DB, Admin, Now, Staff
from bot.edits import changes
from bot.handoff.queue import utc

router = APIRouter(tags=["canned replies"])


def reply_out(reply: CannedReply) -> CannedReplyOut:
    texts = {"u": reply.text, "je": reply.text_je or reply.text}
    if reply.text_en:
        texts["en"] = reply.text_en
    return CannedReplyOut(
        id=reply.id,
        title=reply.title,
        text=reply.text,
        text_je=reply.text_je,
        text_en=reply.text_en,
        texts=texts,
    )


def _words(body: NewCannedReply) -> dict[str, str]:
    return {"text": body.text, "text_je": body.text_je, "text_en": body.text_en}


@router.get("/canned-replies", response_model=list[CannedReplyOut])
def list_canned(staff: Staff, session: DB) -> list[CannedReplyOut]:
    rows = session.scalars(select(CannedReply).order_by(CannedReply.title, CannedReply.id))
    return [reply_out(r) for r in rows]


@router.post(
    "/canned-replies", status_code=201, response_model=CannedReplyOut, responses=refusals()
)
def add_canned(
    body: NewCannedReply, staff: Admin, session: DB, now: Now, audit: Audit
) -> CannedReplyOut:
    reply = canned.add(
        session=session, title=body.title, words=_words(body), staff_id=staff.id, now=now
    )
    audit("canned_add", detail=reply.title)
    return reply_out(reply)


@router.put("/canned-replies/{reply_id}", response_model=CannedReplyOut, responses=refusals(404))
def change_canned(
    reply_id: Id, body: NewCannedReply, staff: Admin, session: DB, now: Now, audit: Audit
) -> CannedReplyOut:
    try:
        reply = canned.change(
            session=session,
            reply_id=reply_id,
            title=body.title,
            words=_words(body),
            staff_id=staff.id,
            now=now,
        )
    except changes.UnknownEdit as error:
        raise HTTPException(404, "no such canned reply") from error
    audit("canned_edit", detail=reply.title)
    return reply_out(reply)


@router.get("/canned-replies/removed", response_model=list[RemovedReply])
def removed_canned(staff: Staff, session: DB) -> list[RemovedReply]:
    """Removed replies, newest first, each with the version that brings it back."""
    return [
        RemovedReply(
            id=int(removal.name),
            title=json.loads(last.value or "{}").get("title", ""),
            removed_at=utc(removal.changed_at).isoformat(),
            version=last.id,
        )
        for removal, last in canned.removed(session=session)
    ]


@router.get(
    "/canned-replies/{reply_id}/history", response_model=list[HistoryRow], responses=errors()
)
def canned_history(reply_id: Id, staff: Staff, session: DB) -> list[HistoryRow]:
    """Every version of the reply, newest first (also of a removed one)."""
    return [history_row(session, e) for e in canned.history(session=session, reply_id=reply_id)]


@router.delete(
    "/canned-replies/{reply_id}",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Removed (no body)"}, **errors(404)},
)
def delete_canned(reply_id: Id, staff: Admin, session: DB, now: Now, audit: Audit) -> Response:
    try:
        reply = canned.remove(session=session, reply_id=reply_id, staff_id=staff.id, now=now)
    except changes.UnknownEdit as error:
        raise HTTPException(404, "no such canned reply") from error
    audit("canned_delete", detail=reply.title)
    return Response(status_code=204)
