"""One module per admin command (see bot/commands/cli.py)."""
