"""Helpers the tests share: running stacks, throw-away PostgreSQL databases, free ports."""
