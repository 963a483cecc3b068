"""The action server's process (application environment): the Sanic server that runs
`actions/` for Rasa (server.py, `python -m bot.action_side.server`)."""
