"""The domain's errors as HTTP answers, in one place: the app's exception handlers use it,
so routes let these errors rise instead of catching them one by one."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.console.rasa_api import ConversationNotFound, RasaError
from bot.edits.changes import EditRefused, UnknownEdit
from bot.feedback.themes import ThemeError
from bot.handoff.queue import HandoffError
from bot.parent_requests.work import DeliveryFailed, RequestError
from bot.privacy.family import FamilyNotFound, NotConfirmed
from bot.staff.accounts import AccountError

# what a page (not the API) says when it may not be shown: in Dutch, for staff
PAGE_ERRORS: dict[str, str] = {
    "admins only": "Alleen voor beheerders. Vraag een beheerder als u hier iets nodig hebt.",
    "the dashboard is for admins and management": (
        "Het dashboard is alleen voor beheerders en management."
    ),
    "management reads the dashboard and the request list only": (
        "Met een managementaccount kunt u alleen het dashboard en de verzoeken lezen."
    ),
    "no registration with that number or parent e-mail address": (
        "Er is geen inschrijving met dit nummer of dit e-mailadres van een ouder."
    ),
    "Not Found": "Deze pagina bestaat niet.",
    "Method Not Allowed": "Deze pagina bestaat niet.",
}

NOT_IN_RASA = "gesprek niet gevonden: Rasa heeft dit gesprek niet (meer)"

# the most specific class first: ConversationNotFound is a RasaError
STATUS: dict[type[Exception], int] = {
    ConversationNotFound: 404,  # Rasa does not have (or no longer has) the conversation
    RasaError: 502,  # Rasa unreachable, or without the console's routes
    HandoffError: 409,  # the handoff's state does not allow it (claimed, closed)
    AccountError: 422,  # an account that cannot be made as asked
    RequestError: 409,  # a parent's request already closed, or claimed by a colleague
    DeliveryFailed: 502,  # the mail server refused the outcome mail (nothing stored)
    FamilyNotFound: 404,  # no registration with that number or parent address
    NotConfirmed: 409,  # an erasure not confirmed with exactly the numbers found
    ThemeError: 422,  # a theme or "wij deden" note that cannot be saved as asked
    UnknownEdit: 404,  # no such text, button, fact, mail, topic, closure or edit
}

NOT_SAVED = "Niet opgeslagen: verbeter wat hieronder staat."


def as_http(error: Exception) -> HTTPException:
    for kind, status in STATUS.items():
        if isinstance(error, kind):
            detail = NOT_IN_RASA if kind is ConversationNotFound else str(error)
            return HTTPException(status, detail)
    raise TypeError(f"no HTTP status for {type(error).__name__}")


async def edit_refused(_request: Request, error: Exception) -> Response:
    """The app's handler of an edit not saved (bot/edits): 422 with a Dutch reason per
    field, for the page to put next to each (schemas.Refusal)."""
    assert isinstance(error, EditRefused)
    return JSONResponse({"detail": NOT_SAVED, "problems": error.problems}, status_code=422)
