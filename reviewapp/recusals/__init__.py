"""Issue 18, Art. 33: applicant organizations' recusal requests (回避申请) and the office's decision on them."""
