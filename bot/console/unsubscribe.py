"""The unsubscribe link of the proactive updates: public (no login; the link is signed for
one registration). GET shows which child it is about, what stopping means (also no message
when there is a place: the opt-out stops every update, bot/updates/job.py `_channel`) and a
button, so that a mail scanner following links changes nothing; POST (the button, or a
mail client's one-click List-Unsubscribe-Post) stops the updates at once and is written to
the audit log. A link that is not valid gets a page for parents in the link's language,
not the console's error page."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from bot.console.security import DB, Now, client_ip
from bot.conversation import texts
from bot.updates.links import valid
from bot.updates.preferences import opt_out
from bot.waitlist.queries import find_registration

router = APIRouter(include_in_schema=False)
Number = Annotated[str, Query(alias="n", max_length=32)]
Signature = Annotated[str, Query(alias="s", max_length=64)]
Language = Annotated[Literal["nl", "en"], Query(alias="lang")]
PAGE_TEXTS = (
    "unsubscribe_title",
    "unsubscribe_question",
    "unsubscribe_about",
    "unsubscribe_explained",
    "unsubscribe_offers",
    "unsubscribe_button",
    "unsubscribed",
    "unsubscribed_explained",
    "unsubscribe_chat",
    "unsubscribe_bad_link_title",
    "unsubscribe_bad_link",
)


def page(
    request: Request,
    session: DB,
    number: str,
    signature: str,
    language: str,
    *,
    done: bool = False,
    refused: bool = False,
) -> Response:
    """The page in the update's language: English, or the organisation's form of address."""
    form = "en" if language == "en" else request.app.state.settings.address_form
    registration = None if refused else find_registration(session=session, number=number)
    child = registration.child.first_name if registration else ""
    return request.app.state.templates.TemplateResponse(
        request,
        "unsubscribe.html",
        {
            "number": number,
            "signature": signature,
            "done": done,
            "refused": refused,
            "known": registration is not None,
            "lang": language,
            "chat_url": request.app.state.settings.resolved_chat_url,
            "text": {key: texts.say(key, form, child=child, number=number) for key in PAGE_TEXTS},
        },
        status_code=404 if refused else 200,
    )


def link_valid(request: Request, number: str, signature: str) -> bool:
    return valid(request.app.state.settings, number, signature)


@router.get("/updates/unsubscribe", response_class=HTMLResponse)
def confirm_page(
    request: Request,
    session: DB,
    number: Number = "",
    signature: Signature = "",
    language: Language = "nl",
) -> Response:
    refused = not link_valid(request, number, signature)
    return page(request, session, number, signature, language, refused=refused)


@router.post("/updates/unsubscribe", response_class=HTMLResponse)
def unsubscribe(
    request: Request,
    session: DB,
    now: Now,
    number: Number = "",
    signature: Signature = "",
    one_click: Annotated[str | None, Form(alias="List-Unsubscribe")] = None,
    language: Language = "nl",
) -> Response:
    if not link_valid(request, number, signature):
        return page(request, session, number, signature, language, refused=True)
    opt_out(
        session=session,
        number=number,
        email=True,
        whatsapp=True,
        by="ouder (afmeldlink)",
        ip=client_ip(request),
        now=now,
        detail=number if one_click is None else f"{number} one-click",
    )
    return page(request, session, number, signature, language, done=True)
