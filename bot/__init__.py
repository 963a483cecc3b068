"""The placement assistant: waitlist domain, database, services and Rasa-side components.

Modules under `bot.nlu` and `bot.channels` run inside the Rasa server's environment; the
rest runs in the application environment and never imports rasa.
"""
