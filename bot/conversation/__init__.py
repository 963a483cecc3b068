"""What the conversation needs beyond the waitlist: identity checks, parents' change and
cancel requests, and the texts the assistant speaks. No Rasa here."""
