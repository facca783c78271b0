"""Records that name the same person or organization twice: finding, merging and undoing a merge. The blueprint and its
views are in routes.py."""
