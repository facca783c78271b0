"""The panel leader's consolidation and report (组长负责制, Art. 18, 19), the site visit, and the office's side of
the reports: where every applicant stands, exceptions for missing sheets, reopening, reading and printing a
report, and the confirmed on-site list."""
