"""Escalation to head-office staff: handoff records and their queue, the summary for staff,
office hours with Dutch public holidays, and notifications. Knows nothing of Rasa or HTTP."""
