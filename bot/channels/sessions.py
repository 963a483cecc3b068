"""Website chat session ids that only the server can issue.

A session id is `<128 random bits>.<HMAC of them with WEBSITE_SESSION_SECRET>`: the
server recognises its own ids after a page reload or a restart without storing anything,
and an id a client made up (or guessed) is refused and replaced by a new one. The
conversation id in Rasa is `website:<random part>`; the signature never leaves the browser
and the server, so the id shown to staff cannot be used to join the conversation.
"""

import hashlib
import hmac
import secrets

SENDER_PREFIX = "website:"


class SessionIssuer:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def _signature(self, random_part: str) -> str:
        return hmac.new(self._key, random_part.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        random_part = secrets.token_hex(16)
        return f"{random_part}.{self._signature(random_part)}"

    def session_of(self, sender_id: str) -> str:
        """The session id of a website conversation: what a signed link back to it (the
        mail of a staff reply, bot/shared/conversation_links.py) gives the widget."""
        random_part = sender_id.removeprefix(SENDER_PREFIX)
        return f"{random_part}.{self._signature(random_part)}"

    def sender_of(self, session_id: object) -> str | None:
        """The conversation id for a session id we issued; None for anything else."""
        if not isinstance(session_id, str) or session_id.count(".") != 1:
            return None
        random_part, signature = session_id.split(".")
        if len(random_part) != 32 or not hmac.compare_digest(
            signature.encode(), self._signature(random_part).encode()
        ):
            return None
        return SENDER_PREFIX + random_part
