"""The receiver of parents' answers to staff replies by e-mail: its own process
(server.py, `python -m bot.inbound_mail.server`), started by the launcher."""
