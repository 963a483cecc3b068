"""Runs inside the Rasa server's process and environment (Rasa 3.6's pins: SQLAlchemy
1.4, pydantic 1): the server's start (server.py, `python -m bot.rasa_side.server`), its
calls to the action server (action_calls.py), the console's routes on Rasa
(console_routes.py) and the event broker (event_broker.py). bot/nlu and bot/channels run
there too. What else this process may import is listed in pyproject.toml
(closed_imports)."""
