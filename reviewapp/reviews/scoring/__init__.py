"""The expert's score sheets (Art. 17-19), document and on-site review, and the office's view and reopening of them."""
