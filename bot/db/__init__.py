"""Database plumbing: declarative base, lazily created engine and sessions, migrations."""
