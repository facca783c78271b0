"""Objections (异议, Art. 22) and reports of misconduct (举报, Art. 34): public forms and the office's handling. The
blueprint and its views are in routes.py."""
