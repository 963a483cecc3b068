"""The placement assistant: waitlist domain, database, services and Rasa-side components.

Two environments run this package. The Rasa server's (Rasa 3.6's pins: SQLAlchemy 1.4,
pydantic 1) loads `bot.nlu`, `bot.channels`, the `bot.rasa_*` modules and
`bot.action_calls`, and through them a short list of modules read by both: `bot.clock`,
`bot.config`, `bot.forwarded`, `bot.log_redaction`, `bot.sanic_limits`, and eight pure
application-side modules: six of `bot.conversation` (buttons, texts, formats…),
`bot.waitlist.calendar` and `bot.conversation_links`. That list, with the reason for
each, is an import-linter contract in pyproject.toml ("The Rasa process loads only the
modules listed for it", `make lint`): an import that pulls another module into the Rasa
process fails it.
Everything else runs in the application environment only and never imports rasa.

Every process of the assistant imports this package first, so this is where a clock moved
through the environment (`CLOCK_SHIFT_DAYS`, bot/clock.py) takes hold for all of them.
"""

from bot import clock

clock.follow_environment()
