"""The placement assistant: waitlist domain, database, services and Rasa-side components.

Modules under `bot.nlu` and `bot.channels` run inside the Rasa server's environment; the
rest runs in the application environment and never imports rasa.

Every process of the assistant imports this package first, so this is where a clock moved
through the environment (`CLOCK_SHIFT_DAYS`, bot/clock.py) takes hold for all of them.
"""

from bot import clock

clock.follow_environment()
