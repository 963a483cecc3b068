"""The offer link of the offer mail and its reminder: public (no login; the link is signed
for one offer and one texts variant). GET shows the offer with a yes and a no button, so a
mail scanner following links changes nothing; the button's POST shows the decision to
confirm; the confirming POST files it as the parent's request (kind accept_offer or
decline_offer, channel "link") and mails the confirmation. A link that is altered, for an
offer that is expired or no longer open, or already answered gets a page that says so, in
the link's language."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from bot.console.security import DB, Now
from bot.console.signed_links import PageInstead, Refused
from bot.conversation import formats, texts
from bot.parent_requests import offers
from bot.parent_requests.intake import confirm, store_request
from bot.updates.links import FORMS, offer_link_valid
from bot.waitlist.models import Offer

router = APIRouter(include_in_schema=False)
PATH = "/offers/answer"
OfferId = Annotated[str, Query(alias="o", max_length=12)]
Variant = Annotated[str, Query(alias="f", max_length=4)]
Signature = Annotated[str, Query(alias="s", max_length=64)]
# checked by hand: a body that is not the page's own gets the page for a wrong link
Choice = Annotated[str, Form(max_length=16)]
Step = Annotated[str, Form(max_length=16)]
Words = Annotated[str, Form(max_length=2000)]
KIND = {"accept": "accept_offer", "decline": "decline_offer"}
LINK = "link"  # the channel of an answer given on this page


def today(request: Request, now: datetime):
    return now.astimezone(ZoneInfo(request.app.state.settings.office_timezone)).date()


def checked(request: Request, session: DB, now: datetime, number: str, form: str, sig: str):
    """The offer the link is for, still open and unanswered; else Refused."""
    if not offer_link_valid(request.app.state.settings, number, form, sig):
        raise Refused("offer_bad_link", 404)
    offer = session.get(Offer, int(number))
    if offer is None:
        raise Refused("offer_bad_link", 404)
    if offers.answered(session, offer) is not None or offer.outcome in ("accepted", "declined"):
        raise Refused("offer_answered", 409)
    if offer.outcome != "open" or offer.respond_by < today(request, now):
        raise Refused("offer_expired", 410)
    return offer


def render(
    request: Request,
    form: str,
    *,
    status: int = 200,
    offer: Offer | None = None,
    today_: object = None,
    **context: object,
) -> Response:
    words = offers.offer_words(offer, form, today_) if offer is not None else {}

    def say(key: str, **more: object) -> str:
        return texts.say(key, form, **(words | more))

    return request.app.state.templates.TemplateResponse(
        request,
        "offer_answer.html",
        {"lang": formats.language(form), "say": say, "offer": words, **context},
        status_code=status,
    )


def refusal(request: Request, session: DB, number: str, form: str, refused: Refused) -> Response:
    """The page for a link that cannot be used, in its language when that is known."""
    form = form if form in FORMS else request.app.state.settings.address_form
    known = refused.page != "offer_bad_link"
    offer = session.get(Offer, int(number)) if known else None
    return render(request, form, status=refused.status, offer=offer, refused=refused.page)


@dataclass(frozen=True)
class OfferLink:
    """A link that can be used: the offer and the texts variant (`number` as given)."""

    offer: Offer
    form: str
    number: str


def offer_link(
    request: Request,
    session: DB,
    now: Now,
    number: OfferId = "",
    form: Variant = "",
    sig: Signature = "",
) -> OfferLink:
    """The link of the page shown and of the answers sent, checked; else the page that says
    why it cannot be used."""
    try:
        offer = checked(request, session, now, number, form, sig)
    except Refused as refused:
        raise PageInstead(refusal(request, session, number, form, refused)) from None
    return OfferLink(offer, form, number)


Link = Annotated[OfferLink, Depends(offer_link)]


@router.get(PATH, response_class=HTMLResponse)
def show(request: Request, now: Now, link: Link) -> Response:
    return render(
        request,
        link.form,
        offer=link.offer,
        today_=today(request, now),
        step="choose",
        query=request.url.query,
    )


@router.post(PATH, response_class=HTMLResponse)
def answer(
    request: Request,
    session: DB,
    now: Now,
    link: Link,
    choice: Choice = "",
    step: Step = "",
    words: Words = "",
) -> Response:
    offer, form = link.offer, link.form
    if choice not in KIND or step not in ("review", "confirm"):
        bad = Refused("offer_bad_link", 400)
        return refusal(request, session, link.number, form, bad)
    day = today(request, now)
    query = request.url.query
    if step == "review":
        return render(
            request, form, offer=offer, today_=day, step="review", choice=choice, query=query
        )
    said = texts.say(f"offer_words_{choice}", form)
    extra = " ".join(words.split())
    filed = store_request(
        session=session,
        number=offer.registration.number,
        kind=KIND[choice],
        details=f"{said} {extra}".strip(),
        channel=LINK,
        now=now,
        offer_id=offer.id,
    )
    mailed = confirm(session=session, request=filed, settings=request.app.state.settings, form=form)
    return render(request, form, offer=offer, today_=day, step="done", choice=choice, mailed=mailed)
