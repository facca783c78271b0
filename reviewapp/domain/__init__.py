"""The award's rules as plain Python: no Flask, no database session. Values in, explained results out."""
