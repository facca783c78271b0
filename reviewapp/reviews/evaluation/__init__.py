"""The office's comprehensive evaluation (Art. 20): the ranking, the candidate list for the leading group, the
comprehensive evaluation report, each applicant's feedback report (Art. 26), reviewer calibration (Art. 8, 17)."""
