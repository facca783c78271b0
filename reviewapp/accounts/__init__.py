"""Issue 18: accounts of applicant organizations and recommenders: public registration, the office's verification,
invitations by a single-use link."""
