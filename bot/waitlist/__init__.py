"""The waitlist: locations, groups, placements, registrations, offers and what follows from
them (status, estimate, position, availability). Plain functions; no Rasa, no HTTP."""
