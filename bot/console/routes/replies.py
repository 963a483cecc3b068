"""Canned replies: everyone reads them, admins add and remove them. Each has a formal Dutch
text and may have an informal and an English one; a conversation picks its variant's."""

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from sqlalchemy import select

from bot.console.dependencies import Audit
from bot.console.models import CannedReply
from bot.console.schemas import CannedReply as CannedReplyOut
from bot.console.schemas import Id, NewCannedReply, errors
from bot.console.security import DB, Admin, Staff

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


@router.get("/canned-replies", response_model=list[CannedReplyOut])
def list_canned(staff: Staff, session: DB) -> list[CannedReplyOut]:
    rows = session.scalars(select(CannedReply).order_by(CannedReply.title, CannedReply.id))
    return [reply_out(r) for r in rows]


@router.post("/canned-replies", status_code=201, response_model=CannedReplyOut)
def add_canned(body: NewCannedReply, staff: Admin, session: DB, audit: Audit) -> CannedReplyOut:
    reply = CannedReply(
        title=body.title,
        text=body.text,
        text_je=body.text_je.strip() or None,
        text_en=body.text_en.strip() or None,
    )
    session.add(reply)
    session.flush()
    audit("canned_add", detail=body.title)
    return reply_out(reply)


@router.delete(
    "/canned-replies/{reply_id}",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Removed (no body)"}, **errors(404)},
)
def delete_canned(reply_id: Id, staff: Admin, session: DB, audit: Audit) -> Response:
    reply = session.get(CannedReply, reply_id)
    if reply is None:
        raise HTTPException(404, "no such canned reply")
    session.delete(reply)
    audit("canned_delete", detail=reply.title)
    return Response(status_code=204)
