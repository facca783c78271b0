"""Award cycles and their stages (Art. 13-24): the office's dashboard, stage changes and the notices each stage
publishes. The blueprint and its views are in routes.py."""
