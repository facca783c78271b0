"""Organizations: applicants, recommenders and employers, with their credit codes and records. The blueprint and its
views are in routes.py."""
