"""Outgoing e-mail (sending.py), for every application process that mails."""
