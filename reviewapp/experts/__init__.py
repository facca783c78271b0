"""The expert pool (评审专家库, Art. 8): records, status, availability, findings, the pool's spreadsheet import and
export. The blueprint and its views are in routes.py."""
