"""Review panels with a leader (组长负责制, Art. 17): formed by hand or from the automatic proposal, and the experts'
declarations. The blueprint and its views are in routes.py."""
