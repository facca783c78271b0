"""Help pages (issue 17): a guide per role, in Chinese and English, saying what to do at each stage of a cycle."""
