"""The office's one search box (issue 17): applications, organizations, experts and people across all cycles."""
