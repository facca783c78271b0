"""Investigations (核查, Art. 8(4)), exclusion for false or concealed information (Art. 30) and withdrawal (Art. 5):
the office's pages. The blueprint and its views are in routes.py; the rules in reviewapp/domain/investigation.py."""
