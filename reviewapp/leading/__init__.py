"""The leading group (领导小组, Art. 5, 21-23): the candidate list, its papers and the group's decision. The blueprint
and its views are in routes.py."""
