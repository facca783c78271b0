"""Applications (申报, Art. 14-16): the office's entry, materials, the acceptance review and its eligibility checks. The
blueprint and its views are in routes.py."""
