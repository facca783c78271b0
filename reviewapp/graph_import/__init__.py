"""Importing the affiliation graph from a spreadsheet or the exchange format, with a preview before anything is
written. The blueprint and its views are in routes.py."""
