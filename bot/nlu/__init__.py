"""Rasa-side NLU pieces: the Dutch spaCy pipeline builder and custom NLU components."""
