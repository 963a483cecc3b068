"""Staff accounts: who works at head office, with which role, and their logins.

Neither the console nor the handoff domain owns them: handoffs refer to the staff member
they are assigned to, the console logs staff in and records what they do.
"""
