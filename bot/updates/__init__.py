"""The proactive updates to parents: who is due which message, sending it once by e-mail or
WhatsApp, and what the parent chooses or answers. Application environment only: the
updates run (`python -m bot updates run`, started by the scheduler, bot/launcher/schedule.py) sends
them; the action server records choices and replies, the staff console reads the history."""
