"""The review (Art. 17-20, 26), in three blueprints by job, all under /reviews:

- scoring/     the expert's score sheets (document and on-site review) and the office's view and reopening of them
- reports/     the panel leader's consolidation and report, the site visit, and the office's reading, exceptions,
               reopening and on-site list
- evaluation/  the office's comprehensive evaluation: ranking, candidate list, feedback reports, reviewer calibration

What they share sits here: where each applicant of a cycle stands (standing.py), which of a panel's sheets count
(panel_sheets.py), and what every write of the review does alike (saving.py)."""
