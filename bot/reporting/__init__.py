"""Figures for head office: what parents ask, what the bot answers, what staff do."""
