"""Custom actions (rasa_sdk), one module per concern; each calls into bot/ and stays thin."""
