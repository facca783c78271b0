"""Issue 18: applying online (Art. 14-16): the organization's draft, its files and its submission to the
recommender; the recommender's signed opinion, which registers the application with the office."""
