"""Conflicts of interest (回避, Art. 33): the engine's service over the affiliation graph, the matrix and its
explanations. The blueprint and its views are in routes.py."""
