"""From the approval to the awards (Art. 23-25, 28-32): awards, the incentive money, certificates, outside awards,
revocation and the published results. The blueprint and its views are in routes.py."""
