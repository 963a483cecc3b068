"""The services' log files (files.py): written by the launcher, purged by retention.
Masking personal data in log lines is bot/shared/log_redaction.py (both environments)."""
