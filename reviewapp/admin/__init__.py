"""The office's user accounts and the audit log. The blueprint and its views are in routes.py."""
