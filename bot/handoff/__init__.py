"""Escalation to head-office staff: the handoff itself as one call (`service.hand_over`),
handoff records and their queue, the summary for staff, office hours with Dutch public
holidays, and notifications. Knows nothing of Rasa or HTTP."""
