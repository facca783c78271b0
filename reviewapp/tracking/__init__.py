"""Issue 18: an applicant organization follows its own applications (status in words, its form and files, the
office's correction requests, Art. 16) and, after the cycle, downloads its feedback report (Art. 26), certificate and
the commendation decision (Art. 24); a recommender reads the status of the applications naming it. Nothing
confidential (Art. 33): no expert, panel, score or other applicant."""
