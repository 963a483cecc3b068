"""The e-mails about a parent's request: the confirmation that it arrived (with the day
by which we answer), and the outcome when head office closes it. Each under a subject that
says what happened and names the child."""

from dataclasses import dataclass

from bot.conversation import formats, texts
from bot.mail.sending import send_mail
from bot.parent_requests.deadline import due_on
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.offers import OFFER_KINDS
from bot.settings import Settings
from bot.waitlist.models import Registration


@dataclass(frozen=True)
class Recipients:
    """Where the mails about a registration go, and the child they are about."""

    addresses: list[str]
    child: str


def recipients(registration: Registration | None) -> Recipients:
    if registration is None:
        return Recipients([], "")
    child = registration.child
    return Recipients([p.email for p in child.parents if p.email], child.first_name)


def send_confirmation(
    *,
    request: RegistrationRequest,
    to: Recipients,
    settings: Settings,
    form: str | None = None,
    offer: dict[str, str] | None = None,
) -> None:
    """The request arrived; in the texts' variant `form` (default: ADDRESS_FORM). An answer
    to an offer names the decision and the offer (`offer`: its words, offers.offer_words)."""
    key = f"request_mail_{request.kind}"
    _send(key, "received", request=request, to=to, settings=settings, form=form, **(offer or {}))


def send_withdrawal(
    *, request: RegistrationRequest, to: Recipients, settings: Settings, form: str | None = None
) -> None:
    """The parent took the request back: the confirmation sent before no longer holds."""
    _send(
        "request_mail_withdrawn", "withdrawn", request=request, to=to, settings=settings, form=form
    )


def send_outcome(
    *,
    request: RegistrationRequest,
    message: str,
    to: Recipients,
    settings: Settings,
    form: str | None = None,
    offer: dict[str, str] | None = None,
) -> None:
    """`request.status` (resolved or rejected) picks the text, per kind where the kind has
    its own (an answer to an offer); `form` and `offer` as above."""
    key = by_kind("request_mail", request)
    _send(
        key,
        request.status,
        request=request,
        to=to,
        settings=settings,
        form=form,
        message=message,
        **(offer or {}),
    )


def by_kind(prefix: str, request: RegistrationRequest) -> str:
    """`prefix_<kind>_<status>` when texts.yml has it, else `prefix_<status>`."""
    own = f"{prefix}_{request.kind}_{request.status}"
    return own if own in texts.load()["texts"] else f"{prefix}_{request.status}"


def subject_key(request: RegistrationRequest, step: str) -> str:
    """The subject for `step` (received, withdrawn, resolved, rejected): the kind's own
    (request_mail_subject_accept_offer_resolved), else an answer to an offer's
    (request_mail_subject_answer_<step>), else a request's."""
    known = texts.load()["texts"]
    own = f"request_mail_subject_{request.kind}_{step}"
    answer = f"request_mail_subject_answer_{step}"
    if own in known:
        return own
    if request.kind in OFFER_KINDS and answer in known:
        return answer
    return f"request_mail_subject_{step}"


def _send(
    key: str,
    step: str,
    *,
    request: RegistrationRequest,
    to: Recipients,
    settings: Settings,
    form: str | None,
    **values: str,
) -> None:
    form = form or settings.address_form
    words = {
        "number": request.registration_number,
        "details": request.details,
        "due": formats.deadline_date(due_on(request.created_at, settings), form=form),
    } | values
    words.setdefault("child", to.child)
    body = texts.say(key, form, **words)
    subject = texts.say(subject_key(request, step), form, **words)
    for address in to.addresses:
        send_mail(to=address, subject=subject, body=body, settings=settings)
