"""Logging in and out, sessions, passwords and the second factor. The blueprint and its views are in routes.py."""
