"""The staff console: a FastAPI application with server-rendered pages over its own JSON API."""
