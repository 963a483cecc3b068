"""The queue and its conversations: read, claim, assign, reply, note, hand back, export."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from bot.console import conversations, mail_replies
from bot.console.dependencies import (
    AddressForm,
    Audit,
    Desks,
    HandoffById,
    OwnedHandoff,
    Rasa,
    ReadableHandoff,
    Viewers,
    may_read,
)
from bot.console.readable_export import readable
from bot.console.schemas import (
    Assign,
    Closed,
    Conversation,
    HandBack,
    LiveMessages,
    NoteCreated,
    QueueRow,
    Sent,
    Text,
    Typing,
    Viewer,
    errors,
)
from bot.console.security import DB, Now, Staff
from bot.handoff import history, queue
from bot.handoff.context import transcript
from bot.handoff.models import ACTIVE, CLOSED, Handoff
from bot.shared import clock
from bot.staff.models import ADMIN, WORKERS, StaffAccount

router = APIRouter(tags=["conversations"])
READ = errors(404, 502)  # no such handoff, Rasa failed (403: the role may not read it)
ABOUT_ONE = errors(404, 409, 502)  # …, or the handoff's state does not allow it
# a reply's audit detail, by how it went (bot/console/audit_words.py reads it to staff)
REPLY_DETAIL = {mail_replies.EMAIL: "by e-mail", mail_replies.MAIL_FAILED: "e-mail failed"}


@router.get("/queue", response_model=list[QueueRow])
def get_queue(session: DB, rasa: Rasa, now: Now, audit: Audit) -> list[dict[str, Any]]:
    """The open handoffs with their topics and summaries as the conversations stand (which
    quote the parent) and the count of the parent's messages (for unread counts): a read,
    audited as one `queue_view` per staff member and login session, not per poll."""
    audit.once("queue_view")
    return [
        conversations.live_row(session, rasa, h, now) for h in queue.open_queue(session=session)
    ]


@router.get("/history", response_model=list[QueueRow])
def search_history(
    staff: Staff,
    session: DB,
    now: Now,
    audit: Audit,
    q: Annotated[str, Query(min_length=history.MIN_LENGTH, max_length=100)],
) -> list[dict[str, Any]]:
    """Earlier conversations by registration number, child's first name or channel id;
    only those the staff member's role lets them read. Audited (without the search)."""
    found = [h for h in history.search(session=session, text=q) if may_read(staff, h)]
    audit("history_search", detail=f"{len(found)} results")
    return [conversations.queue_row(session, h, now) for h in found]


@router.get("/conversations/{handoff_id}", response_model=Conversation, responses=READ)
def get_conversation(
    handoff: ReadableHandoff,
    staff: Staff,
    session: DB,
    rasa: Rasa,
    now: Now,
    audit: Audit,
    form: AddressForm,
) -> dict[str, Any]:
    """The conversation with its context panel (the family's registration, contact
    details, earlier conversations and requests): an opening, recorded as a `view`."""
    result = conversations.detail(
        session, rasa, handoff, now, clock.day_of(now), form, lambda h: may_read(staff, h)
    )
    audit("view", handoff)
    return result


@router.get("/conversations/{handoff_id}/messages", response_model=LiveMessages, responses=READ)
def get_messages(
    handoff: ReadableHandoff,
    staff: Staff,
    session: DB,
    rasa: Rasa,
    audit: Audit,
    viewers: Viewers,
    writing: bool = False,
) -> LiveMessages:
    """Live feed for an open conversation view. Polled, so not audited per poll: it
    belongs to the opening's `view`; without a `view` in this login session (a client
    polling without opening) the first poll records one. Each poll also says this staff
    member has it open (`writing`: with a reply being typed), and answers which colleagues
    have it open, where a reply sent now would go (the parent's presence) and whether the
    parent is typing (website only: bot/channels/typing.py)."""
    tracker = rasa.tracker(handoff.sender_id)
    events = conversations.handoff_part(handoff, tracker)
    audit.once("view", handoff, detail="messages")
    viewers.seen(handoff.id, staff.id, staff.name, writing)
    parent = rasa.parent(handoff.sender_id) if handoff.status != CLOSED else None
    reply_goes = (
        mail_replies.reply_route(session, rasa, handoff, tracker, parent.reachable)
        if parent is not None
        else None
    )
    return LiveMessages(
        parent_typing=bool(parent and parent.typing),
        viewers=[
            Viewer(name=v.name, writing=v.writing) for v in viewers.others(handoff.id, staff.id)
        ],
        reply_goes=reply_goes,
        status=handoff.status,
        assigned_to=conversations.staff_name(session, handoff.assigned_to_id),
        assigned_to_id=handoff.assigned_to_id,
        paused=bool(tracker.get("paused")),
        messages=transcript(events),
        summary=conversations.live_summary(handoff, events),
        satisfaction=handoff.satisfaction,
        satisfaction_comment=handoff.satisfaction_comment,
        notes=conversations.notes_of(session, handoff),
    )


def _held_by(session: Session, handoff: Handoff) -> str:
    """Who has the handoff now, for the audit of an admin's take-over ("" if nobody)."""
    if handoff.status != ACTIVE or handoff.assigned_to_id is None:
        return ""
    holder = session.get(StaffAccount, handoff.assigned_to_id)
    return f"from {holder.email}" if holder else ""


@router.post("/conversations/{handoff_id}/claim", response_model=QueueRow, responses=ABOUT_ONE)
def claim(handoff: HandoffById, staff: Staff, desk: Desks, audit: Audit) -> dict[str, Any]:
    """Claim a waiting conversation; an admin may also take over a colleague's."""
    admin = staff.role == ADMIN
    held_by = _held_by(desk.session, handoff) if handoff.assigned_to_id != staff.id else ""
    conversations.take_over(
        desk.session, desk.rasa, handoff, staff, desk.now, desk.form, from_colleague=admin
    )
    audit("claim", handoff, detail=held_by)
    return conversations.queue_row(desk.session, handoff, desk.now)


@router.post("/conversations/{handoff_id}/assign", response_model=QueueRow, responses=ABOUT_ONE)
def assign(
    handoff: HandoffById, body: Assign, staff: Staff, desk: Desks, audit: Audit
) -> dict[str, Any]:
    """Give a conversation to an active agent or admin (management cannot work on it): a
    waiting one, or (a transfer) one's own; an admin may also move one a colleague has."""
    colleague = desk.session.get(StaffAccount, body.staff_id)
    if colleague is None or not colleague.active or colleague.role not in WORKERS:
        raise HTTPException(422, "assign to an active agent or admin")
    moves = staff.role == ADMIN or (handoff.status == ACTIVE and handoff.assigned_to_id == staff.id)
    held_by = _held_by(desk.session, handoff) if handoff.assigned_to_id != colleague.id else ""
    conversations.take_over(
        desk.session, desk.rasa, handoff, colleague, desk.now, desk.form, from_colleague=moves
    )
    audit("assign", handoff, detail=" ".join(filter(None, (f"to {colleague.email}", held_by))))
    return conversations.queue_row(desk.session, handoff, desk.now)


@router.post("/conversations/{handoff_id}/release", response_model=QueueRow, responses=ABOUT_ONE)
def release(
    handoff: HandoffById, staff: Staff, session: DB, now: Now, audit: Audit
) -> dict[str, Any]:
    """Put a conversation back in the queue, for any colleague to claim: its owner's, or
    any (an admin). The parent is not told: nobody new has joined yet."""
    if staff.role != ADMIN and not (
        handoff.status == ACTIVE and handoff.assigned_to_id == staff.id
    ):
        raise HTTPException(409, "only the colleague who has this conversation or an admin")
    held_by = _held_by(session, handoff) if handoff.assigned_to_id != staff.id else ""
    queue.release(session=session, handoff=handoff)
    audit("release", handoff, detail=held_by)
    return conversations.queue_row(session, handoff, now)


@router.post(
    "/conversations/{handoff_id}/reply",
    response_model=Sent,
    response_model_exclude_none=True,  # a notice only when there is one
    responses=ABOUT_ONE,
)
def post_reply(
    handoff: OwnedHandoff, body: Text, desk: Desks, request: Request, audit: Audit
) -> Sent:
    """Send a reply; when the parent has left the chat it also goes by e-mail
    (bot/console/mail_replies.py), and `via` says so; when that mail fails the reply is
    still in the conversation and `notice` tells staff not to send it again. 502: Rasa
    failed."""
    via = mail_replies.send_reply(
        session=desk.session,
        rasa=desk.rasa,
        settings=request.app.state.settings,
        handoff=handoff,
        text=body.text,
        form=conversations.parent_form(handoff, desk.form),
        now=desk.now,
    )
    audit("reply", handoff, detail=REPLY_DETAIL.get(via, ""))
    if via == mail_replies.MAIL_FAILED:
        return Sent(status="sent", via=via, notice=mail_replies.MAIL_NOT_SENT)
    return Sent(status="sent", via=via)


@router.post("/conversations/{handoff_id}/typing", response_model=Typing, responses=ABOUT_ONE)
def typing(handoff: OwnedHandoff, rasa: Rasa, viewers: Viewers) -> Typing:
    """The staff member who has the conversation is typing a reply: the parent is shown so
    where the channel can (the website widget, WhatsApp, Messenger), at most once per few
    seconds per conversation (bot/console/watchers.py). Not audited: nothing is read or
    said."""
    if not viewers.typing_due(handoff.id):
        return Typing(shown=False)
    return Typing(shown=rasa.show_typing(handoff.sender_id))


@router.post("/conversations/{handoff_id}/notes", response_model=NoteCreated, responses=errors(404))
def post_note(
    handoff: ReadableHandoff, body: Text, staff: Staff, session: DB, now: Now, audit: Audit
) -> NoteCreated:
    note = queue.add_note(
        session=session, handoff=handoff, author_id=staff.id, text=body.text, now=now
    )
    audit("note", handoff)
    return NoteCreated(id=note.id)


@router.post("/conversations/{handoff_id}/handback", response_model=Closed, responses=ABOUT_ONE)
def hand_back(handoff: OwnedHandoff, body: HandBack, desk: Desks, audit: Audit) -> Closed:
    conversations.hand_back(desk.session, desk.rasa, handoff, body.message, desk.now, desk.form)
    audit("handback", handoff)
    return Closed(status="closed")


@router.get(
    "/conversations/{handoff_id}/export",
    response_class=Response,
    responses={
        200: {
            "model": Conversation,
            "description": "The conversation as a JSON download (Content-Disposition: attachment)",
        },
        **ABOUT_ONE,
    },
)
def export(
    handoff: ReadableHandoff,
    staff: Staff,
    session: DB,
    rasa: Rasa,
    now: Now,
    audit: Audit,
    form: AddressForm,
) -> Response:
    """The conversation and its context as a JSON download; audited as an export."""
    result = conversations.detail(
        session, rasa, handoff, now, clock.day_of(now), form, lambda h: may_read(staff, h)
    )
    audit("export", handoff)
    return Response(
        json.dumps(result, ensure_ascii=False, indent=2, default=str),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="gesprek-{handoff.id}.json"'},
    )


@router.get(
    "/conversations/{handoff_id}/export.html",
    response_class=HTMLResponse,
    responses={
        200: {"description": "The conversation as a readable Dutch document (a download)"},
        **ABOUT_ONE,
    },
)
def export_readable(
    handoff: ReadableHandoff,
    staff: Staff,
    session: DB,
    rasa: Rasa,
    now: Now,
    audit: Audit,
    form: AddressForm,
    request: Request,
) -> HTMLResponse:
    """The conversation as a document to read, print or file: the messages with who and
    when, the notes and the score, in Dutch; audited as an export, like the JSON."""
    result = conversations.detail(
        session, rasa, handoff, now, clock.day_of(now), form, lambda h: may_read(staff, h)
    )
    audit("export", handoff, detail="readable")
    return HTMLResponse(
        readable(result, request.app.state.settings.organisation_name),
        headers={"Content-Disposition": f'attachment; filename="gesprek-{handoff.id}.html"'},
    )
