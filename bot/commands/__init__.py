"""One module per admin command (see bot/cli.py)."""
