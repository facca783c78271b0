"""The front page and each role's home. The blueprint and its views are in routes.py."""
