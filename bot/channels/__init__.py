"""Rasa input and output channels (they run inside the Rasa server's environment)."""
