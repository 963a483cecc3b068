"""The action server as `make run` starts it: rasa-sdk's app, trusting nobody but Rasa.

rasa-sdk runs whatever action a posted tracker asks for and believes its slots
(`identity_verified`, `registration_number`): whoever reaches the port could read a
child's status or have code mails sent. So, around rasa-sdk's own app:

- it listens on `ACTION_HOST` (loopback by default; set it for a separate machine);
- every request but `GET /health` must carry `Authorization: Bearer <ACTION_SERVER_TOKEN>`
  (endpoints.yml makes Rasa send it), compared in constant time; anything else gets 401
  before the body is parsed or an action runs, whatever its content type;
- no CORS: a web page in someone's browser gets no answer to read;
- bodies over MAX_BODY_BYTES and slow requests are refused (bot/shared/sanic_limits.py);
- a failing request is answered with a bare 500 and logged without the request: rasa-sdk's
  own handler puts the whole tracker (messages, birth dates) in its answer and its log.

The secret comes from the environment, never from the command line (visible in `ps`).
`python -m bot.action_side.server` (in the application environment).
"""

import hmac
import logging
import sys

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.db.session import session_scope
from bot.edits import live
from bot.settings import Settings, get_settings
from bot.shared import log_redaction, sanic_limits, turn_profile

log = logging.getLogger(__name__)

ACTIONS_PACKAGE = "actions"
# Rasa posts the whole tracker (every event of the conversation); Sanic's default is 100 MB
MAX_BODY_BYTES = 20_000_000
OPEN_PATHS = frozenset({"/health"})


def authorised(request: Request, token: str) -> bool:
    """Whether the request carries `Authorization: Bearer <token>`."""
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def guard(app: Sanic, token: str) -> Sanic:
    """Refuse every call without the token; answer failures without the request."""
    if not token:
        raise ValueError("the action server needs ACTION_SERVER_TOKEN")

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.method == "GET" and request.path in OPEN_PATHS:
            return None
        if not authorised(request, token):
            return response.json({"error": "not authorised"}, status=401)
        return None

    @app.exception(Exception)
    async def failure(request: Request, error: Exception) -> HTTPResponse:
        status = getattr(error, "status_code", 500)
        if status >= 500:
            # rasa-sdk's wording (tests/support/logs.py looks for it), without the request
            log.error(
                "Exception occurred during execution of request to %s: %s",
                request.path,
                type(error).__name__,
            )
        return response.json({"error": "request failed"}, status=status)

    return app


def create_guarded_app(settings: Settings) -> Sanic:
    # no CORS origins: rasa-sdk's default "*" lets any web page read the answers
    app = create_app(ACTIONS_PACKAGE, cors_origins="")
    sanic_limits.limit(app, max_body_bytes=MAX_BODY_BYTES)

    @app.before_server_start
    async def read_edits(_app: Sanic, _loop: object) -> None:
        """In every worker: texts, hours and keywords as head office edited them
        (bot/edits), read again within seconds of a change, without a restart."""
        live.enable(session_scope)

    return guard(app, settings.action_server_token)


def main() -> int:
    settings = get_settings()
    if not settings.action_server_token:
        print("error: set ACTION_SERVER_TOKEN (make run does it)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    utils.update_sanic_log_level()
    log_redaction.install()
    app = create_guarded_app(settings)
    turn_profile.install("actions")
    log.info("action server on %s:%s", settings.action_host, settings.action_port)
    app.run(
        settings.action_host,
        settings.action_port,
        workers=utils.number_of_sanic_workers(),
        access_log=False,
        motd=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
