"""The affiliation graph: people, relations and declarations that the conflict rules read. The blueprint and its views
are in routes.py."""
