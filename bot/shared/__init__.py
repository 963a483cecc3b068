"""Modules read by both environments, the Rasa server's (Rasa 3.6's pins) and the
application's: plain Python and libraries both have in a compatible version. Nothing
here imports the database layer, pydantic or another part of bot/."""
