"""The e-mails about a parent's request: the confirmation that it arrived, and the outcome
when head office closes it and the conversation it came from is over."""

from bot.conversation import texts
from bot.conversation.models import RegistrationRequest
from bot.mail import send_mail
from bot.settings import Settings
from bot.waitlist.models import Registration


def addresses_of(registration: Registration | None) -> list[str]:
    if registration is None:
        return []
    return [parent.email for parent in registration.child.parents if parent.email]


def send_confirmation(
    *,
    request: RegistrationRequest,
    to: list[str],
    settings: Settings,
    form: str | None = None,
    offer: dict[str, str] | None = None,
) -> None:
    """The request arrived; in the texts' variant `form` (default: ADDRESS_FORM). An answer
    to an offer names the decision and the offer (`offer`: its words, offers.offer_words)."""
    key = f"request_mail_{request.kind}"
    _send(key, request=request, to=to, settings=settings, form=form, **(offer or {}))


def send_withdrawal(
    *, request: RegistrationRequest, to: list[str], settings: Settings, form: str | None = None
) -> None:
    """The parent took the request back: the confirmation sent before no longer holds."""
    _send("request_mail_withdrawn", request=request, to=to, settings=settings, form=form)


def send_outcome(
    *,
    request: RegistrationRequest,
    message: str,
    to: list[str],
    settings: Settings,
    form: str | None = None,
    offer: dict[str, str] | None = None,
) -> None:
    """`request.status` (resolved or rejected) picks the text, per kind where the kind has
    its own (an answer to an offer); `form` and `offer` as above."""
    key = by_kind("request_mail", request)
    _send(
        key, request=request, to=to, settings=settings, form=form, message=message, **(offer or {})
    )


def by_kind(prefix: str, request: RegistrationRequest) -> str:
    """`prefix_<kind>_<status>` when texts.yml has it, else `prefix_<status>`."""
    own = f"{prefix}_{request.kind}_{request.status}"
    return own if own in texts.load()["texts"] else f"{prefix}_{request.status}"


def _send(
    key: str,
    *,
    request: RegistrationRequest,
    to: list[str],
    settings: Settings,
    form: str | None,
    **values: str,
) -> None:
    form = form or settings.address_form
    number = request.registration_number
    body = texts.say(key, form, number=number, details=request.details, **values)
    subject = texts.say("request_mail_subject", form, number=number)
    for address in to:
        send_mail(to=address, subject=subject, body=body, settings=settings)
