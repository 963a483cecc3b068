"""The placement assistant: waitlist domain, database, services and Rasa-side components.

The folder says which process runs a file, and in which environment:

- `bot/rasa_side/`, `bot/nlu/`, `bot/channels/`: inside the Rasa server (Rasa 3.6's pins:
  SQLAlchemy 1.4, pydantic 1);
- `bot/shared/`: read by both environments (the clock, the settings both read, limits…);
- `bot/action_side/`: the action server's process, which runs `actions/`;
- `bot/launcher/`: `make run` / `make run-prod`, starting every service, and the schedule;
- `bot/console/`: the staff console's process; `bot/inbound_mail/`: the mail receiver's;
- `bot/commands/` and `python -m bot` (`__main__.py`): the admin CLI;
- the parts (`waitlist`, `conversation`, `handoff`, `parent_requests`, `updates`,
  `privacy`, `reporting`, `staff`, `events`, `db`, `mail`, `logs`) and `settings.py` (the
  application's settings): libraries of the application environment, used by the
  processes above; the domain parts know nothing of Rasa or HTTP.

Besides its own folders the Rasa process loads seven pure application-side modules (six of
`bot.conversation` and `bot.waitlist.calendar`). That list, with the
reason for each, is an import-linter contract in pyproject.toml ("The Rasa process loads
only the modules listed for it", `make lint`): an import that pulls another module into
the Rasa process fails it.

Every process of the assistant imports this package first, so this is where a clock moved
through the environment (`CLOCK_SHIFT_DAYS`, bot/shared/clock.py) takes hold for all of them.
"""

from bot.shared import clock

clock.follow_environment()
