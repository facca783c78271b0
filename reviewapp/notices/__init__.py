"""Public notices (公示, Art. 16, 21): the public list and pages. The blueprint and its views are in routes.py."""
